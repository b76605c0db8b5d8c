"""Parents' calendar pages: the year of their children's school, their calendar feed."""

import dataclasses

from django.shortcuts import render
from django.utils import timezone, translation

from ouderbetrokkenheid.accounts.access import (
    actor_for,
    guardian_required,
)
from ouderbetrokkenheid.school.models import SchoolYear
from yearplan.events import guardian_events
from yearplan.labels import EventKind
from yearplan.parent_texts import parent_titles
from yearplan.views.calendar import _feed_page, legend


def _rounds_as_spans(pairs):
    """A conversation round is one event per day (for calendars); a parent reads it as one span."""
    spans, result = {}, []
    for event, children in pairs:
        if event.kind == EventKind.CONVERSATIONS and event.source:
            key = tuple(event.source)
            if key in spans:
                index = spans[key]
                result[index] = (dataclasses.replace(result[index][0], end=event.end), result[index][1])
                continue
            spans[key] = len(result)
        result.append((event, children))
    return result


@guardian_required
def parent_year(request):
    """Schooljaar van mijn kinderen: the published events for the guardian's children."""
    guardian = actor_for(request).guardian
    school_year = SchoolYear.objects.running_or_next(guardian.school_id, timezone.localdate(), or_last=True)
    pairs = _rounds_as_spans(guardian_events(guardian, school_year) if school_year else [])
    titles = parent_titles([event for event, _children in pairs], translation.get_language())
    months = {}
    for event, children in pairs:
        names = ", ".join(pupil.first_name for pupil in children)
        title, title_lang = titles[event.uid]
        months.setdefault(event.first_day.replace(day=1), []).append((event, names, title, title_lang))
    today = timezone.localdate()
    return render(request, "yearplan/calendar/parent_year.html", {
        "year": school_year, "months": sorted(months.items()), "today": today,
        "this_month": today.replace(day=1), "legend": legend(parents=True),
    })  # fmt: skip


@guardian_required
def guardian_feed_page(request):
    owner = {"guardian": actor_for(request).guardian}
    return _feed_page(request, template="yearplan/calendar/feed_guardian.html", owner=owner,
                      back="yearplan:guardian_feed_page")  # fmt: skip
