"""Weekly plans and overviews: the teacher's week plan per group, leadership's whole-school week,
the send settings, the sent/delivered/failed overviews, a guardian's history for staff, and the
guardian's own "Berichten" page in the portal. Views parse, authorise, call and render."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from messaging.forms import SendSettingsForm, WeekPlanForm
from ouderbetrokkenheid.accounts.access import actor_for, guardian_required, roles_required, staff_required
from ouderbetrokkenheid.accounts.selectors import (
    group_for,
    groups_visible_to,
    guardian_for,
    pupils_visible_to,
    schools_visible_to,
)
from ouderbetrokkenheid.school.calendar import week_start

from .. import planning, selectors
from ..library.render import library_render
from ..library.sms import sms_segments
from ..models import Kind, LibraryEntry


def coming_week(today=None) -> datetime.date:
    """The week a teacher plans: this week until Thursday, from Friday on the next one."""
    return week_start((today or timezone.localdate()) + datetime.timedelta(days=3))


def week_from(request) -> datetime.date:
    try:
        return week_start(datetime.date.fromisoformat(request.GET.get("week", "")))
    except ValueError:
        return coming_week()


def month_from(request) -> selectors.Month:
    try:
        day = datetime.date.fromisoformat(request.GET.get("month", "") + "-01")
    except ValueError:
        day = timezone.localdate()
    return selectors.Month.of(day)


# -- the week plan of a group ---------------------------------------------------------------------


def _previews(entries, sample):
    """Each candidate with `.preview` (its Dutch text for a sample child) and `.sms` (segments)."""
    for entry in entries:
        entry.preview, _language = library_render(entry=entry, language="nl", context=sample)
        entry.sms = sms_segments(entry.preview)
    return entries


def _plan_page(request, group, week, *, form=None):
    actor = actor_for(request)
    enrollments = list(planning.group_enrollments(group, week))
    plan = planning.week_plan_get_or_propose(group=group, week=week, enrollments=enrollments)
    levels = sorted({e.year_level for e in enrollments}) or [1]
    school = group.school_year.school
    teachers = list(group.teachers.order_by("last_name", "first_name"))
    sample = {
        "child": enrollments[0].pupil.first_name if enrollments else _("uw kind"),
        "theme": plan.theme,
        "teacher": ", ".join(t.full_name for t in teachers),
        "date": week,
    }
    tips = selectors.library_candidates(school=school, kind=Kind.TIP, year_levels=levels, week=week, chosen=plan.tip)
    encouragements = selectors.library_candidates(
        school=school, kind=Kind.ENCOURAGEMENT, year_levels=levels, week=week, chosen=plan.encouragement
    )
    lines = dict(plan.progress_lines.values_list("pupil_id", "text")) if plan.pk else {}
    if form is None:
        initial = {"theme": plan.theme, "tip": plan.tip_id, "encouragement": plan.encouragement_id}
        initial |= {f"line_{pupil_id}": text for pupil_id, text in lines.items()}
        form = WeekPlanForm(initial=initial, enrollments=enrollments, tips=tips, encouragements=encouragements)
    rows = [(enrollment, form[f"line_{enrollment.pupil_id}"]) for enrollment in enrollments]
    moments = planning.week_moments(group=group, week=week)
    context = {
        "group": group,
        "week": week,
        "week_end": week + datetime.timedelta(days=6),
        "previous_week": week - datetime.timedelta(days=7),
        "next_week": week + datetime.timedelta(days=7),
        "plan": plan,
        "form": form,
        "rows": rows,
        "tips": _previews(tips, sample),
        "encouragements": _previews(encouragements, sample),
        "moments": moments,
        "teachers": teachers,
        "can_plan": planning.may_plan(actor.staff, group),
        "line_max": planning.PROGRESS_MAX_LENGTH,
        "preview": planning.week_plan_preview(plan=plan, enrollments=enrollments, moments=moments, lines=lines),
    }
    return render(request, "messaging/plans/week_plan.html", context)


@staff_required
def week_plan(request, group_id):
    """The teacher's fast week form: theme, tip, encouragement, one progress line per pupil."""
    actor = actor_for(request)
    group = group_for(actor, group_id)
    week = week_from(request)
    if request.method != "POST":
        return _plan_page(request, group, week)
    if not planning.may_plan(actor.staff, group):
        raise PermissionDenied
    enrollments = list(planning.group_enrollments(group, week))
    form = WeekPlanForm(
        request.POST,
        enrollments=enrollments,
        tips=LibraryEntry.objects.filter(school=group.school_year.school, kind=Kind.TIP),
        encouragements=LibraryEntry.objects.filter(school=group.school_year.school, kind=Kind.ENCOURAGEMENT),
    )
    if not form.is_valid():
        return _plan_page(request, group, week, form=form)
    try:
        plan = planning.week_plan_save(
            group=group, week=week, theme=form.cleaned_data["theme"], tip=form.cleaned_data["tip"],
            encouragement=form.cleaned_data["encouragement"], progress=form.progress(), by=actor.staff,
        )  # fmt: skip
        if "approve" in request.POST:
            result = planning.week_plan_approve(plan=plan, by=actor.staff)
    except ValidationError as error:
        for text in error.messages:
            form.add_error(None, text)
        return _plan_page(request, group, week, form=form)
    if "approve" in request.POST:
        messages.success(
            request,
            _("Goedgekeurd en ingepland: %(parts)d berichtdelen in %(messages)d berichten.")
            % {"parts": result.parts, "messages": len(result.messages)},
        )
        if result.delayed:
            messages.info(
                request,
                _("%(n)d berichtdelen zijn niet ingepland: die ouders beginnen later, volgens de loting van een "
                  "evaluatie.") % {"n": result.delayed},
            )  # fmt: skip
    else:
        messages.success(request, _("Het weekplan is opgeslagen. Het is nog niet ingepland."))
    return redirect(f"{reverse('messaging:week_plan', args=[group.pk])}?week={week.isoformat()}")


@staff_required
def week_overview(request):
    """The week's plans of every group the person sees (the whole school for leadership)."""
    actor = actor_for(request)
    week = week_from(request)
    groups = selectors.week_plans(groups_visible_to(actor, day=week), week=week, day=planning.plan_day(week))
    context = {
        "week": week,
        "week_end": week + datetime.timedelta(days=6),
        "previous_week": week - datetime.timedelta(days=7),
        "next_week": week + datetime.timedelta(days=7),
        "groups": groups,
        "approved": sum(1 for g in groups if g.plan and g.plan.approved_at),
    }
    return render(request, "messaging/plans/week_overview.html", context)


# -- send settings --------------------------------------------------------------------------------------


@roles_required("leadership", "admin")
def send_settings(request):
    """Leadership sets on which day (weekend too) each kind goes out, and at what time."""
    staff = actor_for(request).staff
    school = staff.school
    current = planning.send_settings_for(school)
    form = SendSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        planning.send_settings_update(school=school, by=staff, **form.cleaned_data)
        messages.success(request, _("De verzendinstellingen zijn opgeslagen."))
        return redirect("messaging:send_settings")
    return render(request, "messaging/plans/send_settings.html", {"form": form, "school": school})


# -- overviews --------------------------------------------------------------------------------------------


@staff_required
def group_overview(request, group_id):
    """This month for one group: sent, delivered, failed, and who received nothing."""
    group = group_for(actor_for(request), group_id)
    month, day = month_from(request), timezone.localdate()
    context = {
        "group": group,
        "month": month,
        "counts": selectors.group_counts(group, month=month, day=day),
        "nothing": selectors.nothing_received([group], month=month, day=day),
    }
    return render(request, "messaging/plans/group_overview.html", context)


@roles_required("ib", "leadership", "admin", "board_admin")
def school_overview(request):
    """This month for the whole school: a row per group, and the school's totals."""
    actor = actor_for(request)
    schools = list(schools_visible_to(actor).order_by("name"))
    chosen = next((s for s in schools if str(s.pk) == request.GET.get("school")), schools[0] if schools else None)
    month, day = month_from(request), timezone.localdate()
    groups = groups_visible_to(actor, day=day).filter(school_year__school=chosen)
    rows, totals = selectors.school_overview(groups, month=month, day=day)
    context = {"schools": schools, "school": chosen, "month": month, "rows": rows, "totals": totals}
    context["extra"] = f"&school={chosen.pk}" if chosen else ""
    return render(request, "messaging/plans/school_overview.html", context)


@staff_required
def guardian_history(request, guardian_id):
    """A guardian's messages for staff; parts about children the viewer may not see stay hidden."""
    actor = actor_for(request)
    guardian = guardian_for(actor, guardian_id)
    history = selectors.guardian_history(guardian)
    visible = selectors.visible_pupil_ids(guardian, pupils_visible_to(actor))
    for message in history:
        message.shown_parts = [(p, p.pupil_id is None or p.pupil_id in visible) for p in message.parts.all()]
    return render(request, "messaging/plans/guardian_history.html", {"guardian": guardian, "history": history})


@guardian_required
def portal_messages(request):
    """The guardian's "Berichten": their own messages, newest first, as they were sent to them."""
    guardian = actor_for(request).guardian
    inbox = selectors.guardian_inbox(guardian)
    return render(request, "messaging/plans/portal_messages.html", {"guardian": guardian, "inbox": inbox})
