"""Reach of the information sessions: who was invited, answered, is coming, came.

Every figure is counted in the database (Count with a filter, distinct), so a report costs the
same few queries for ten or a thousand invitations. "Priority" = an invitation with
`priority_reasons`; the follow-up list also holds guardians the school cannot reach (no e-mail,
no mobile). A guardian invited for two children counts once in the totals, and once in each
year level or group of those children: rows need not add up to the total.

Scope: leadership and IB see their whole school (`groups=None`); a teacher passes the groups
they teach, and sees only invitations for pupils in those groups.
"""

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery
from django.http import Http404
from django.utils import timezone

from ouderbetrokkenheid.accounts.selectors import groups_visible_to
from ouderbetrokkenheid.school.models import Enrollment, Guardian, GuardianOf

from .models import FollowUp, Invitation, Response, Session, WalkIn

MEASURES = ("invited", "answered", "coming", "attended")
PupilLink = Invitation.pupils.through


def reach_counts(prefix="", scope=None):
    """Annotations `n_invited … n_attended` (all) and `p_invited … p_attended` (priority) at `prefix`."""

    def q(**lookups):
        return Q(**{prefix + key: value for key, value in lookups.items()})

    conditions = {"invited": Q(), "answered": ~q(response=Response.NONE), "coming": q(response=Response.COMING),
                  "attended": q(attended=True)}  # fmt: skip
    base = scope or Q()
    priority = ~q(priority_reasons=[])
    counts = {}
    for name, condition in conditions.items():
        counts[f"n_{name}"] = Count(prefix + "id", filter=base & condition, distinct=True)
        counts[f"p_{name}"] = Count(prefix + "id", filter=base & condition & priority, distinct=True)
    return counts


# --- scope and access-checked getters ---------------------------------------------------------


def teacher_groups(actor):
    """The groups a member of staff is limited to, or None for those who see the whole school."""
    return None if actor.staff.sees_whole_school else groups_visible_to(actor)


def attendance_sessions_visible_to(actor):
    return Session.objects.filter(school_year__school_id=actor.staff.school_id).select_related(
        "item", "school_year__school"
    )


def attendance_session_for(actor, session_id):
    try:
        return attendance_sessions_visible_to(actor).get(pk=session_id)
    except (Session.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def invited_session_for(guardian, session_id):
    """A session the guardian was invited to, with their invitation as `.invitation`."""
    invitation = (
        Invitation.objects.filter(guardian=guardian, session_id=session_id)
        .select_related("session__item", "session__school_year__school")
        .first()
    )
    if invitation is None:
        raise Http404
    invitation.session.invitation = invitation
    return invitation.session


def attendance_invitation_for(session, invitation_id, *, groups=None):
    invitations = _scoped(session.invitations.all(), groups)
    try:
        return invitations.select_related("guardian").get(pk=invitation_id)
    except (Invitation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _scoped(invitations, groups):
    if groups is None:
        return invitations
    links = PupilLink.objects.filter(pupil__enrollments__group__in=groups)
    return invitations.filter(pk__in=links.values("invitation_id"))


# --- reports ----------------------------------------------------------------------------------


def sessions_reach(*, school_year, groups=None):
    """The school year's sessions, each annotated with the counts (one query)."""
    scope = None
    if groups is not None:
        scope = Q(invitations__in=_scoped(Invitation.objects.all(), groups))
    return (
        Session.objects.filter(school_year=school_year)
        .select_related("item")
        .annotate(**reach_counts("invitations__", scope), walk_in_count=Count("walk_ins", distinct=True))
        .order_by("starts_at")
    )


def _enrolled_on(day, school_year_id, groups):
    link = "pupils__enrollments__"
    condition = Q(**{f"{link}start_date__lte": day, f"{link}group__school_year_id": school_year_id}) & (
        Q(**{f"{link}end_date__isnull": True}) | Q(**{f"{link}end_date__gt": day})
    )
    if groups is not None:
        condition &= Q(**{f"{link}group__in": groups})
    return condition


def session_reach(*, session, groups=None):
    """Totals, rows per year level and rows per group of one session (three queries)."""
    invitations = _scoped(Invitation.objects.filter(session=session), groups)
    enrolled = Invitation.objects.filter(session=session).filter(
        _enrolled_on(timezone.localdate(session.starts_at), session.school_year_id, groups)
    )
    by_level = enrolled.values(year_level=F("pupils__enrollments__year_level")).annotate(**reach_counts())
    by_group = enrolled.values(group_name=F("pupils__enrollments__group__name")).annotate(**reach_counts())
    return {
        "totals": invitations.aggregate(**reach_counts()),
        "by_year_level": list(by_level.order_by("year_level")),
        "by_group": list(by_group.order_by("group_name")),
    }


def followup_list(*, session, groups=None):
    """Priority (or unreachable) guardians who did not answer, with their follow-ups, newest first."""
    unreachable = Q(guardian__email="", guardian__mobile="")
    return (
        _scoped(session.invitations.all(), groups)
        .filter(response=Response.NONE)
        .filter(~Q(priority_reasons=[]) | unreachable)
        .select_related("guardian")
        .prefetch_related(
            "pupils",
            Prefetch("follow_ups", queryset=FollowUp.objects.select_related("by"), to_attr="follow_up_list"),
        )
        .order_by("guardian__last_name", "guardian__first_name", "pk")
    )


def checklist(*, session):
    """The presenter's list: one row per (pupil, invited guardian), pupils in name order (one query)."""
    day = timezone.localdate(session.starts_at)
    enrollments = Enrollment.objects.current(day).filter(group__school_year=session.school_year_id)
    group = enrollments.filter(pupil=OuterRef("pupil_id"))
    return (
        PupilLink.objects.filter(invitation__session=session)
        .select_related("pupil", "invitation__guardian")
        .annotate(group_name=Subquery(group.values("group__name")[:1]))
        .order_by("pupil__first_name", "pupil__last_name", "pupil_id", "invitation__guardian__first_name")
    )


def guardians_attending_none(*, school_year, now=None):
    """Guardians invited to sessions already held this year who came to none of them."""
    held = Session.objects.filter(school_year=school_year, starts_at__lte=now or timezone.now())
    invited = Invitation.objects.filter(guardian=OuterRef("pk"), session__in=held)
    came = invited.filter(attended=True)
    walked_in = WalkIn.objects.filter(guardian=OuterRef("pk"), session__in=held)
    count = invited.order_by().values("guardian").annotate(n=Count("pk")).values("n")
    links = GuardianOf.objects.select_related("pupil").order_by("pupil__first_name")
    return (
        Guardian.objects.filter(Exists(invited))
        .exclude(Exists(came))
        .exclude(Exists(walked_in))
        .annotate(
            invited_count=Subquery(count),
            is_priority=Exists(invited.exclude(priority_reasons=[])),
            said_coming=Exists(invited.filter(response=Response.COMING)),
        )
        .prefetch_related(Prefetch("children_links", queryset=links, to_attr="child_links"))
        .order_by("-is_priority", "last_name", "first_name")
    )
