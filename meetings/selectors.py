"""Reads for the session pages: scoped sessions, RSVP counts, invitations, the follow-up list.

The lookup is the check: a session another school holds, or (for a teacher) one not for the
year levels of their groups, is a 404 like one that does not exist.
"""

import hashlib
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.http import Http404
from django.utils import timezone

from ouderbetrokkenheid.accounts.selectors import as_actor, get_or_404, schools_visible_to
from ouderbetrokkenheid.school.models import Enrollment, GuardianOf, SchoolYear

from .models import FollowUp, Invitation, Response, Session


def teacher_audience(staff, school_year_id=None):
    """(year levels, has a lateral entrant) of the pupils now in the teacher's groups."""
    rows = Enrollment.objects.current(timezone.localdate()).filter(group__teachers=staff)
    if school_year_id:
        rows = rows.filter(group__school_year_id=school_year_id)
    rows = list(rows.values_list("year_level", "is_lateral_entrant").distinct())
    return {level for level, _lat in rows}, any(lat for _level, lat in rows)


def sessions_visible_to(user):
    """Sessions of the user's school(s); a teacher only those for the year levels of their groups
    (and those for lateral entrants when one of their pupils is one)."""
    actor = as_actor(user)
    sessions = Session.objects.filter(school_year__school__in=schools_visible_to(actor))
    if actor.board_admin or (actor.staff and actor.staff.sees_whole_school):
        return sessions
    if actor.staff and actor.staff.is_teacher:
        levels, lateral = teacher_audience(actor.staff)
        rule = Q(pk__in=[]) if not levels else Q()
        for level in levels:
            rule |= Q(year_levels__has_item=level)
        if lateral:
            rule |= Q(lateral_entrants=True)
        return sessions.filter(rule)
    return Session.objects.none()


def session_for(user, session_id) -> Session:
    return get_or_404(sessions_visible_to(user).select_related("item", "school_year__school"), session_id)


def school_year_for(user, school_year_id) -> SchoolYear:
    years = SchoolYear.objects.filter(school__in=schools_visible_to(user)).select_related("school")
    return get_or_404(years, school_year_id)


# -- counts ---------------------------------------------------------------------------------------


@dataclass
class Counts:
    invited: int = 0
    coming: int = 0
    not_coming: int = 0
    maybe: int = 0
    no_answer: int = 0
    priority: int = 0
    childcare_children: int = 0
    interpreters: dict = field(default_factory=dict)  # language code -> guardians coming or maybe

    @property
    def answered(self):
        return self.coming + self.not_coming + self.maybe


ATTENDING = (Response.COMING, Response.MAYBE)


def session_counts(*, sessions) -> dict[int, Counts]:
    """RSVP counts per session pk, with the childcare children and interpreter languages of those
    coming or maybe coming. Two queries, whatever the number of sessions."""
    ids = [s.pk for s in sessions]
    rows = (
        Invitation.objects.filter(session_id__in=ids)
        .values("session_id")
        .annotate(
            invited=Count("pk"),
            coming=Count("pk", filter=Q(response=Response.COMING)),
            not_coming=Count("pk", filter=Q(response=Response.NOT_COMING)),
            maybe=Count("pk", filter=Q(response=Response.MAYBE)),
            no_answer=Count("pk", filter=Q(response=Response.NONE)),
            priority=Count("pk", filter=~Q(priority_reasons=[])),
            childcare=Sum("childcare_children", filter=Q(response__in=ATTENDING)),
        )
    )
    counts = {pk: Counts() for pk in ids}
    for row in rows:
        session_id, childcare = row.pop("session_id"), row.pop("childcare") or 0
        counts[session_id] = Counts(**row, childcare_children=childcare)
    languages = (
        Invitation.objects.filter(session_id__in=ids, response__in=ATTENDING)
        .exclude(interpreter_language="")
        .values_list("session_id", "interpreter_language")
        .annotate(n=Count("pk"))
        .order_by("session_id", "interpreter_language")
    )
    for session_id, language, n in languages:
        counts[session_id].interpreters[language] = n
    return counts


# -- invitations ----------------------------------------------------------------------------------


class InvitationOver(Exception):
    """The RSVP link's session is over: the link did its job and answers no more."""


def invitation_for_token(token) -> Invitation:
    """The invitation a token link stands for, while the link lives. 404 for an unknown token, for
    a guardian whose account is deactivated, and for one no longer linked to any of the invited
    children (the link dies with the guardian–pupil link); InvitationOver once the session ended."""
    digest = hashlib.sha256(str(token).encode()).hexdigest()
    try:
        invitation = Invitation.objects.select_related("session__item", "session__school_year", "guardian__user").get(
            token_hash=digest
        )
    except Invitation.DoesNotExist:
        raise Http404 from None
    guardian = invitation.guardian
    if guardian.user_id and not guardian.user.is_active:
        raise Http404
    if not GuardianOf.objects.filter(guardian=guardian, pupil__in=invitation.pupils.all()).exists():
        raise Http404
    if timezone.now() >= invitation.session.ends_at:
        raise InvitationOver
    return invitation


def invitations_visible_to(guardian):
    """The guardian's own invitations, the coming sessions first."""
    return (
        Invitation.objects.filter(guardian=guardian)
        .select_related("session__item")
        .prefetch_related("pupils")
        .order_by("-session__starts_at")
    )


def invitation_for(guardian, session_id) -> Invitation:
    try:
        return invitations_visible_to(guardian).get(session_id=session_id)
    except (Invitation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def session_invitations(*, session, guardians):
    """The session's invitations of the guardians the user may see, priority parents first."""
    return (
        Invitation.objects.filter(session=session, guardian__in=guardians)
        .select_related("guardian")
        .prefetch_related("pupils")
        .order_by("guardian__last_name", "guardian__first_name", "pk")
    )


def followup_candidates(*, session):
    """Invitations of priority or unreachable guardians who did not answer: the teacher's call list."""
    unreachable = Q(guardian__email="", guardian__mobile="")
    return (
        Invitation.objects.filter(session=session, response=Response.NONE)
        .filter(~Q(priority_reasons=[]) | unreachable)
        .select_related("guardian")
        .prefetch_related("pupils")
        .annotate(followed_up=Exists(FollowUp.objects.filter(invitation=OuterRef("pk"))))
        .order_by("guardian__last_name", "guardian__first_name", "pk")
    )
