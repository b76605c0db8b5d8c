"""Who may move an information session, and the teachers' move proposals (issue 17, point 6).

A session shared by several groups reaches families of other teachers' groups: one teacher moving
it sends change notices to all of them. So only leadership, or the session's own organiser, moves
such a session; another teacher of it proposes a move, which leadership or the organiser accepts
(the session moves, the families get their notice) or declines (nothing changes, nobody is told).
A teacher still moves a session that only their own groups attend.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ouderbetrokkenheid.school.models import Group

from .models import MoveOutcome, Session, SessionMoveProposal

MOVE_FIELDS = ("starts_at", "duration_minutes", "location")  # the changes families are told about


class MoveNeedsProposal(PermissionDenied):
    """This member of staff may not move this session: they may propose the move."""


def session_shared_beyond(session: Session, staff) -> bool:
    """Does the session reach families of groups this member of staff does not teach?"""
    if session.lateral_entrants:
        return True  # lateral entrants of every group: the whole school
    groups = Group.objects.filter(
        school_year_id=session.school_year_id, enrollments__year_level__in=session.year_levels
    ).distinct()
    return groups.exclude(teachers=staff).exists()


def may_move(session: Session, staff) -> bool:
    if staff is None or staff.school_id != session.school_year.school_id:
        return False
    if staff.is_leadership or session.organiser_id == staff.pk:
        return True
    return not session_shared_beyond(session, staff)


def may_decide(proposal: SessionMoveProposal, staff) -> bool:
    session = proposal.session
    return (
        staff is not None
        and staff.school_id == session.school_year.school_id
        and (staff.is_leadership or session.organiser_id == staff.pk)
    )


def organiser_check(*, session, organiser, by) -> None:
    """Only leadership names (or changes) the organiser, one of the school's own staff."""
    if organiser == session.organiser:
        return
    if by is not None and not by.is_leadership:
        raise PermissionDenied
    if organiser is not None and organiser.school_id != session.school_year.school_id:
        raise ValidationError(_("De organisator moet van deze school zijn."))


def moves_anything(session: Session, changes: dict) -> bool:
    return any(name in changes and changes[name] != getattr(session, name) for name in MOVE_FIELDS)


@transaction.atomic
def session_move_propose(*, session, by, starts_at, duration_minutes, location="", reason="") -> SessionMoveProposal:
    """A teacher's proposal; nothing about the session changes and no family hears of it yet."""
    if by is None or by.school_id != session.school_year.school_id:
        raise PermissionDenied
    if timezone.is_naive(starts_at):
        raise ValidationError(_("De begintijd heeft geen tijdzone."))
    if duration_minutes < 15:
        raise ValidationError(_("Een bijeenkomst duurt minstens 15 minuten."))
    if not moves_anything(
        session, {"starts_at": starts_at, "duration_minutes": duration_minutes, "location": location}
    ):
        raise ValidationError(_("Dit voorstel verandert niets aan de bijeenkomst."))
    return SessionMoveProposal.objects.create(session=session, proposed_by=by, starts_at=starts_at,
                                              duration_minutes=duration_minutes, location=location,
                                              reason=reason)  # fmt: skip


@transaction.atomic
def session_move_decide(*, proposal, by, accept: bool, base_url=None) -> SessionMoveProposal:
    """Accept (the session moves; invited families get the change notice) or decline (nothing else
    happens). Only leadership or the session's organiser; a proposal is decided once."""
    from .invitations import session_update

    proposal = (
        SessionMoveProposal.objects.select_for_update().select_related("session__school_year").get(pk=proposal.pk)
    )
    if not may_decide(proposal, by):
        raise PermissionDenied
    if proposal.outcome != MoveOutcome.PENDING:
        raise ValidationError(_("Over dit voorstel is al besloten."))
    if accept:
        session_update(session=proposal.session, by=by, base_url=base_url, starts_at=proposal.starts_at,
                       duration_minutes=proposal.duration_minutes, location=proposal.location)  # fmt: skip
    proposal.outcome = MoveOutcome.ACCEPTED if accept else MoveOutcome.DECLINED
    proposal.decided_by, proposal.decided_at = by, timezone.now()
    proposal.save(update_fields=["outcome", "decided_by", "decided_at"])
    return proposal


def pending_proposals(session):
    return session.move_proposals.filter(outcome=MoveOutcome.PENDING).select_related("proposed_by")
