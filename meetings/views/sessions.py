"""Staff's pages of the planned sessions: the list, a session, editing it, move proposals, its calendar file."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetings import ical, selectors
from meetings.forms import SessionForm
from meetings.interpreters import interpreter_needs
from meetings.invitations import session_update
from meetings.moves import (
    MoveNeedsProposal,
    may_decide,
    may_move,
    pending_proposals,
    session_move_decide,
    session_move_propose,
)
from meetings.notice import INVITE_DAYS_AHEAD, invite_too_late
from ouderbetrokkenheid.accounts.access import actor_for, school_staff_required
from ouderbetrokkenheid.accounts.selectors import guardians_visible_to
from ouderbetrokkenheid.school.clock import at_local
from ouderbetrokkenheid.school.models import SchoolYear


@school_staff_required
def session_list(request):
    actor = actor_for(request)
    sessions = list(
        selectors.sessions_visible_to(actor)
        .filter(school_year__last_day__gte=timezone.localdate())
        .select_related("item")
        .order_by("starts_at")
    )
    counts = selectors.session_counts(sessions=sessions)
    rows = [(s, counts[s.pk]) for s in sessions]
    year = (
        SchoolYear.objects.running_or_next(actor.staff.school_id, timezone.localdate(), or_last=True)
        if actor.staff.is_leadership
        else None
    )
    return render(request, "meetings/sessions.html", {"rows": rows, "year": year})


@school_staff_required
def session_detail(request, session_id):
    actor = actor_for(request)
    session = selectors.session_for(actor, session_id)
    counts = selectors.session_counts(sessions=[session])[session.pk]
    invitations = selectors.session_invitations(session=session, guardians=guardians_visible_to(actor))
    proposals = list(pending_proposals(session))
    context = {"session": session, "counts": counts, "invitations": invitations, "presenters": session.presenters.all(),
               "proposals": proposals, "may_decide": bool(proposals) and may_decide(proposals[0], actor.staff),
               "interpreter_needs": interpreter_needs(session=session),
               "invite_too_late": invite_too_late(session), "invite_days": INVITE_DAYS_AHEAD}  # fmt: skip
    return render(request, "meetings/session_detail.html", context)


def _session_initial(session):
    local = timezone.localtime(session.starts_at)
    fields = ("duration_minutes", "location", "guest_presenters", "childcare", "interpreter_languages", "is_extra")
    return {"day": local.date(), "time": local.time(), "fixed": True, "presenters": list(session.presenters.all()),
            "organiser": session.organiser_id, **{name: getattr(session, name) for name in fields}}  # fmt: skip


@school_staff_required
def session_edit(request, session_id):
    staff = actor_for(request).staff
    session = selectors.session_for(actor_for(request), session_id)
    school = session.school_year.school
    form = SessionForm(request.POST or None, school=school, initial=_session_initial(session),
                       may_set_organiser=staff.is_leadership, may_set_extra=staff.is_leadership)  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        starts_at = at_local(data.pop("day"), data.pop("time"))
        reason = data.pop("reason")
        try:
            session_update(session=session, by=staff, starts_at=starts_at,
                           presenters=list(data.pop("presenters")), **data)  # fmt: skip
        except MoveNeedsProposal:
            return _move_proposal(request, session, form, starts_at=starts_at, reason=reason, data=data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("De bijeenkomst is aangepast."))
            return redirect("meetings:session", session_id=session.pk)
    context = {"session": session, "form": form, "may_move": may_move(session, staff)}
    return render(request, "meetings/session_form.html", context)


def _move_proposal(request, session, form, *, starts_at, reason, data):
    """A teacher may not move a session other groups share: the change becomes a proposal."""
    try:
        session_move_propose(session=session, by=actor_for(request).staff, starts_at=starts_at, reason=reason,
                             duration_minutes=data["duration_minutes"], location=data["location"])  # fmt: skip
    except ValidationError as error:
        form.add_error(None, error)
        return render(request, "meetings/session_form.html", {"session": session, "form": form, "may_move": False})
    messages.info(request, _("Deze bijeenkomst is ook voor andere groepen. Uw voorstel gaat naar de directie en de "
                             "organisator; de ouders horen pas iets als het voorstel is aangenomen."))  # fmt: skip
    return redirect("meetings:session", session_id=session.pk)


@school_staff_required
@require_POST
def session_move_decision(request, session_id, proposal_id):
    """Leadership or the organiser accepts (the session moves, families get the notice) or declines."""
    staff = actor_for(request).staff
    session = selectors.session_for(actor_for(request), session_id)
    proposal = pending_proposals(session).filter(pk=proposal_id).first()
    if proposal is None:
        raise Http404
    if not may_decide(proposal, staff):
        raise PermissionDenied
    accept = request.POST.get("decision") == "accept"
    try:
        session_move_decide(proposal=proposal, by=staff, accept=accept, base_url=request.build_absolute_uri("/"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Voorstel aangenomen: de bijeenkomst is verplaatst.") if accept
                         else _("Voorstel afgewezen. Er verandert niets."))  # fmt: skip
    return redirect("meetings:session", session_id=session.pk)


@school_staff_required
def session_ics(request, session_id):
    session = selectors.session_for(actor_for(request), session_id)
    url = request.build_absolute_uri(reverse("meetings:session", kwargs={"session_id": session.pk}))
    response = HttpResponse(ical.session_ical(session, url=url), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{ical.ical_filename(session)}"'
    return response
