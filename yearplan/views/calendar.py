"""The year calendar pages: year overview (screen and PDF), month and week views with filters,
the teacher's "Mijn jaar", publishing, the board's schools side by side, the parent's "Schooljaar
van mijn kinderen", the secret calendar-feed links and the feed itself.

Views parse, authorise (the lookup is the check), call and render."""

import datetime
import hashlib

from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ouderbetrokkenheid.accounts.access import (
    actor_for,
    roles_required,
    school_staff_required,
    staff_required,
)
from ouderbetrokkenheid.accounts.selectors import schools_visible_to
from ouderbetrokkenheid.school.models import SchoolYear
from yearplan.forms import FilterForm

from .. import feeds, grid, selectors
from ..events import Audience, Filter, collect, events_for_years, year_context
from ..labels import CODES, EventKind
from ..models import Publication
from ..publishing import calendar_diff, calendar_publish, last_publication

leadership_required = roles_required("leadership", "admin")
board_required = roles_required("board_admin")
PDF_SIZES = ("A4", "A3")
PDF_CACHE_SECONDS = 24 * 3600


def legend(*, parents=False):
    kinds = [k for k in EventKind.choices if not (parents and k[0] == EventKind.MESSAGE_WEEK)]
    return [(kind, label, CODES[kind]) for kind, label in kinds]


# -- filters ----------------------------------------------------------------------------------------


def _staff_events(school_year, event_filter):
    """Live events, filtered, with what a publish would change. `states` marks drafts (new or changed
    since the last publication) once the year has been published; before that the page says the
    whole calendar is a draft, and marking every day would only be noise."""
    context = year_context([school_year.pk])
    events = collect([school_year.pk], context)[school_year.pk]
    diff = calendar_diff(school_year, events)
    publication = last_publication(school_year)
    kept = [e for e in events if event_filter.keep(e, context)]
    return kept, diff, (diff.states if publication else {}), publication


def _filtered_page(request, school_year, template, *, dates, extra):
    groups, staff = selectors.filter_choices(school_year)
    form = FilterForm(request.GET or None, groups=groups, staff=staff)
    events, diff, states, publication = _staff_events(school_year, form.event_filter(**dates))
    context = {
        "year": school_year, "form": form, "events": events, "states": states, "diff": diff,
        "publication": publication, "legend": legend(), "query": _query_without(request, ("m", "w")),
    }  # fmt: skip
    context.update(extra(events))
    return render(request, template, context)


def _query_without(request, names):
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


# -- year, month, week ---------------------------------------------------------------------------------


def _conflicts(school_year):
    from ..conflicts import year_conflicts  # owned by the planning part; read only

    return year_conflicts(school_year)


@staff_required
def year_overview(request, year_id):
    actor = actor_for(request)
    school_year = selectors.year_for(actor, year_id)
    kind = request.GET.get("kind", "")
    event_filter = Filter(kinds=frozenset([kind]) if kind in EventKind.values else frozenset())
    events, diff, states, publication = _staff_events(school_year, event_filter)
    may_publish = bool(actor.staff and (actor.staff.is_leadership or actor.staff.is_admin))
    context = {
        "year": school_year,
        "months": (months := grid.year_grid(school_year, events)),
        "rows": grid.year_rows(months),
        "legend": legend(),
        "diff": diff,
        "states": states,
        "publication": publication,
        "may_publish": may_publish,
        "conflicts": _conflicts(school_year) if may_publish else [],
        "kind": kind,
    }
    return render(request, "yearplan/calendar/year.html", context)


def year_pdf_bytes(school_year, *, size: str) -> bytes:
    events, diff, _states, _publication = _staff_events(school_year, Filter(for_parents=True))
    html = render_to_string("yearplan/calendar/year_print.html", {
        "year": school_year, "months": (months := grid.year_grid(school_year, events)),
        "rows": grid.year_rows(months), "legend": legend(parents=True), "size": size,
        "agenda": grid.agenda([e for e in events if e.audience == Audience.ALL]), "draft": not diff.is_empty,
    })  # fmt: skip
    key = "yearplan-pdf:" + hashlib.sha256(html.encode()).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        from weasyprint import HTML  # heavy import: only where a PDF is made

        pdf = HTML(string=html).write_pdf()
        cache.set(key, pdf, PDF_CACHE_SECONDS)
    return pdf


@staff_required
def year_pdf(request, year_id):
    school_year = selectors.year_for(actor_for(request), year_id)
    size = request.GET.get("size", "A3").upper()
    if size not in PDF_SIZES:
        size = "A3"
    response = HttpResponse(year_pdf_bytes(school_year, size=size), content_type="application/pdf")
    name = f"jaarkalender-{school_year.school.brin.lower()}-{school_year}-{size.lower()}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@staff_required
def month_view(request, year_id):
    school_year = selectors.year_for(actor_for(request), year_id)
    first = selectors.parse_month(request.GET.get("m"), school_year)
    last = (first + datetime.timedelta(days=31)).replace(day=1) - datetime.timedelta(days=1)
    previous, following = (first - datetime.timedelta(days=1)).replace(day=1), last + datetime.timedelta(days=1)
    week = datetime.timedelta(days=6)
    return _filtered_page(request, school_year, "yearplan/calendar/month.html",
                          dates={"start": first - week, "end": last + week},
                          extra=lambda events: {
                              "month": first,
                              "weeks": grid.month_weeks(first.year, first.month, events),
                              "previous": previous if previous >= school_year.first_day.replace(day=1) else None,
                              "next": following if following <= school_year.last_day else None,
                          })  # fmt: skip


@staff_required
def week_view(request, year_id):
    school_year = selectors.year_for(actor_for(request), year_id)
    monday = selectors.parse_week(request.GET.get("w"), school_year)
    sunday = monday + datetime.timedelta(days=6)
    previous, following = monday - datetime.timedelta(days=7), monday + datetime.timedelta(days=7)
    return _filtered_page(request, school_year, "yearplan/calendar/week.html",
                          dates={"start": monday, "end": sunday},
                          extra=lambda events: {
                              "monday": monday,
                              "sunday": sunday,
                              "days": grid.week_days(monday, events),
                              "previous": previous if previous + datetime.timedelta(days=6) >= school_year.first_day
                              else None,
                              "next": following if following <= school_year.last_day else None,
                          })  # fmt: skip


@school_staff_required
def my_year(request):
    """The teacher's year: their groups' year levels, their sessions and rounds, whole-school days."""
    staff = actor_for(request).staff
    school_year = SchoolYear.objects.running_or_next(staff.school_id, timezone.localdate(), or_last=True)
    if school_year is None:
        return render(request, "yearplan/calendar/my_year.html", {"year": None})
    context = year_context([school_year.pk])
    mine = bool(context.groups_of_staff(staff.pk)) and not staff.sees_whole_school
    kept, diff, states, publication = _staff_events(school_year, Filter(staff_id=staff.pk if mine else None))
    return render(request, "yearplan/calendar/my_year.html", {
        "year": school_year, "agenda": grid.agenda(kept), "states": states, "mine": mine, "diff": diff,
        "publication": publication,
        "today": timezone.localdate(), "legend": legend(),
    })  # fmt: skip


# -- publishing ---------------------------------------------------------------------------------------


def _own_year(request, year_id):
    """Leadership publishes their own school's years only (a board admin does not publish)."""
    actor = actor_for(request)
    school_year = selectors.year_for(actor, year_id)
    if actor.staff is None or school_year.school_id != actor.staff.school_id:
        raise Http404
    return school_year


@leadership_required
def publish(request, year_id):
    school_year = _own_year(request, year_id)
    if request.method == "POST":
        publication = calendar_publish(school_year=school_year, by=actor_for(request).staff)
        counts = {"added": publication.added, "changed": publication.changed, "removed": publication.removed,
                  "notified": publication.notified}  # fmt: skip
        if Publication.objects.filter(school_year=school_year).count() == 1:
            text = _("De jaarkalender is gepubliceerd: ouders zien nu %(added)s onderdelen in het ouderportaal.")
        else:
            text = _(
                "De jaarkalender is gepubliceerd: %(added)s nieuw, %(changed)s gewijzigd, %(removed)s vervallen. "
                "%(notified)s ouders krijgen een bericht over de wijzigingen."
            )
        messages.success(request, text % counts)
        return redirect("yearplan:calendar_year", year_id=school_year.pk)
    _events, diff, _states, publication = _staff_events(school_year, Filter())
    return render(request, "yearplan/calendar/publish.html", {
        "year": school_year, "diff": diff, "publication": publication,
        "conflicts": _conflicts(school_year),
    })  # fmt: skip


# -- the board ----------------------------------------------------------------------------------------


@board_required
def board(request):
    """All the board's schools side by side, one month at a time (one column per school)."""
    schools = list(schools_visible_to(actor_for(request)).order_by("name"))
    try:
        first = datetime.datetime.strptime(request.GET.get("m", ""), "%Y-%m").date()
    except ValueError:
        first = timezone.localdate().replace(day=1)
    last = (first + datetime.timedelta(days=31)).replace(day=1) - datetime.timedelta(days=1)
    years = list(SchoolYear.objects.filter(school__in=schools, first_day__lte=last, last_day__gte=first))
    kind = request.GET.get("kind", "")
    kinds = frozenset([kind]) if kind in EventKind.values else frozenset()
    by_year = events_for_years(years, filter=Filter(start=first, end=last, kinds=kinds, for_parents=True))
    by_school = {y.school_id: by_year[y.pk] for y in years}
    days = []
    for number in range(last.day):
        day = first + datetime.timedelta(days=number)
        cells = [[e for e in by_school.get(s.pk, []) if e.on(day)] for s in schools]
        sessions = sum(1 for cell in cells for e in cell if e.kind == EventKind.SESSION)
        days.append({"date": day, "cells": cells, "busy": sessions > 1})
    return render(request, "yearplan/calendar/board.html", {
        "schools": schools, "days": days, "month": first, "kind": kind, "legend": legend(parents=True),
        "previous": (first - datetime.timedelta(days=1)).replace(day=1), "next": last + datetime.timedelta(days=1),
        "years": {y.school_id: y for y in years},
    })  # fmt: skip


# -- the parent's page --------------------------------------------------------------------------------


# -- feeds ---------------------------------------------------------------------------------------------


def _feed_page(request, *, template, owner, back):
    token = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            token = feeds.feed_token_create(**owner)
        elif action == "revoke":
            feeds.feed_token_revoke(**owner)
            messages.success(request, _("De oude link werkt niet meer."))
            return redirect(back)
    feed_url = request.build_absolute_uri(reverse("yearplan:feed", kwargs={"token": token})) if token else ""
    active = feeds.active_feed_token(**owner)
    webcal_url = "webcal://" + feed_url.split("://", 1)[1] if feed_url else ""
    context = {"feed_url": feed_url, "webcal_url": webcal_url, "active": active}
    if token and "guardian" in owner:  # the same secret link opens the conversations feed
        context["conversations_url"] = request.build_absolute_uri(
            reverse("yearplan:conversations_feed", kwargs={"token": token})
        )
    response = render(request, template, context)
    response["Cache-Control"] = "no-store"  # the page may show the secret link
    return response


@school_staff_required
def staff_feed_page(request):
    owner = {"staff": actor_for(request).staff}
    return _feed_page(request, template="yearplan/calendar/feed_staff.html", owner=owner,
                      back="yearplan:staff_feed_page")  # fmt: skip


@staff_required
def index(request):
    """The year overview of the current school year (a board admin: the board's schools)."""
    actor = actor_for(request)
    if actor.staff is None:
        return board(request)
    school_year = SchoolYear.objects.running_or_next(actor.staff.school_id, timezone.localdate(), or_last=True)
    if school_year is None:
        raise Http404
    return year_overview(request, school_year.pk)
