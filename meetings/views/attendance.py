"""Presenters' attendance checklist, reach reports, follow-up list and the "attended none" list.

Staff of the session's school only (the lookup is the check: another school's session is a 404).
Teachers see reach and follow-up for the pupils of their own groups; IB and leadership the school.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetings.forms import FollowUpForm, WalkInForm
from ouderbetrokkenheid.accounts.access import actor_for, roles_required, school_staff_required
from ouderbetrokkenheid.school.models import SchoolYear

from .. import reach
from ..attendance import attendance_mark, walk_in_add
from ..followup import followup_record

leadership_required = roles_required("leadership", "ib", "admin")


def _staff_session(request, session_id):
    actor = actor_for(request)
    return actor, reach.attendance_session_for(actor, session_id)


@school_staff_required
def checklist(request, session_id):
    _actor, session = _staff_session(request, session_id)
    rows = list(reach.checklist(session=session))
    context = {
        "session": session,
        "rows": rows,
        "present": len({r.invitation_id for r in rows if r.invitation.attended}),
        "invited": len({r.invitation_id for r in rows}),
        "walk_ins": session.walk_ins.order_by("registered_at"),
        "walk_in_form": WalkInForm(),
    }
    return render(request, "meetings/attendance_checklist.html", context)


@school_staff_required
@require_POST
def attendance_toggle(request, session_id, invitation_id):
    actor, session = _staff_session(request, session_id)
    invitation = reach.attendance_invitation_for(session, invitation_id)
    attendance_mark(invitation=invitation, attended=request.POST.get("attended") == "1", by=actor.staff)
    return redirect(reverse("meetings:attendance", args=[session.pk]) + f"#inv-{invitation.pk}")


@school_staff_required
@require_POST
def walk_in(request, session_id):
    actor, session = _staff_session(request, session_id)
    form = WalkInForm(request.POST)
    if form.is_valid():
        walk_in_add(session=session, name=form.cleaned_data["name"], by=actor.staff)
        messages.success(request, _("Binnenloper toegevoegd."))
    else:
        messages.error(request, _("Vul een naam in."))
    return redirect(reverse("meetings:attendance", args=[session.pk]) + "#walk-ins")


@school_staff_required
def reach_overview(request):
    actor = actor_for(request)
    school_year = SchoolYear.objects.running_or_next(actor.staff.school_id, timezone.localdate(), or_last=True)
    groups = reach.teacher_groups(actor)
    sessions = reach.sessions_reach(school_year=school_year, groups=groups) if school_year else []
    attended_none = None
    if school_year and actor.staff.sees_whole_school:
        attended_none = reach.guardians_attending_none(school_year=school_year).count()
    context = {"sessions": sessions, "school_year": school_year, "limited": groups is not None,
               "attended_none": attended_none}  # fmt: skip
    return render(request, "meetings/reach_overview.html", context)


@school_staff_required
def reach_session(request, session_id):
    actor, session = _staff_session(request, session_id)
    groups = reach.teacher_groups(actor)
    report = reach.session_reach(session=session, groups=groups)
    context = {"session": session, "report": report, "limited": groups is not None,
               "year_levels": sorted(session.year_levels) or range(1, 9)}  # fmt: skip
    return render(request, "meetings/reach_session.html", context)


@school_staff_required
def followup_page(request, session_id):
    actor, session = _staff_session(request, session_id)
    invitations = reach.followup_list(session=session, groups=reach.teacher_groups(actor))
    context = {"session": session, "invitations": invitations, "form": FollowUpForm()}
    return render(request, "meetings/followup_list.html", context)


@school_staff_required
@require_POST
def followup_add(request, session_id, invitation_id):
    actor, session = _staff_session(request, session_id)
    invitation = reach.attendance_invitation_for(session, invitation_id, groups=reach.teacher_groups(actor))
    form = FollowUpForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Kies een uitkomst."))
        followup_record(invitation=invitation, by=actor.staff, **form.cleaned_data)
        messages.success(request, _("Opvolging opgeslagen."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(reverse("meetings:followup", args=[session.pk]) + f"#inv-{invitation.pk}")


@leadership_required
def attended_none(request):
    actor = actor_for(request)
    school_year = SchoolYear.objects.running_or_next(actor.staff.school_id, timezone.localdate(), or_last=True)
    guardians = reach.guardians_attending_none(school_year=school_year) if school_year else []
    return render(request, "meetings/attendance_none.html", {"guardians": guardians, "school_year": school_year})
