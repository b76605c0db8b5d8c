"""Who sees which rounds, bookings and records: the scoped lists and the access-checked getters.

The convention of every app (see ouderbetrokkenheid/accounts/selectors.py):
`<nouns>_visible_to(actor)` for lists, `<noun>_for(actor, id)` → the object or Http404 for "does
not exist" and "not yours" alike. Here the actor is a Staff member or a Guardian (a user or an
Actor for rounds): staff see the bookings whose records they may write (their groups' pupils; the
whole school for IB and leadership), a guardian the bookings and shared records of their children.
Records are among the most sensitive data: board admins and school admins (beheer) see none.
"""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from ouderbetrokkenheid.accounts.selectors import as_actor, get_or_404
from ouderbetrokkenheid.school.models import Enrollment, Guardian, GuardianOf

from .models import ACTIVE, Booking, Record, Round
from .rounds import opened_for_parents


def teacher_pupils(staff, day):
    """The ids of the pupils now in the teacher's groups (a values queryset)."""
    return Enrollment.objects.current(day).filter(group__teachers=staff).values("pupil_id")


# -- bookings --------------------------------------------------------------------------------------


def bookings_visible_to(actor, *, day=None):
    """A guardian: the active bookings of their children, by time. Staff: the active bookings whose
    records they may read and write (teachers their groups' pupils, IB and leadership the school)."""
    if isinstance(actor, Guardian):
        pupils = GuardianOf.objects.filter(guardian=actor).values("pupil_id")
        return (
            Booking.objects.filter(ACTIVE, pupil_id__in=pupils)
            .select_related("slot__staff", "pupil", "round")
            .order_by("slot__starts_at")
        )
    staff = actor
    if staff is None:
        return Booking.objects.none()
    bookings = Booking.objects.filter(ACTIVE, pupil__school_id=staff.school_id)
    if staff.is_ib or staff.is_leadership:
        return bookings
    if staff.is_teacher:
        return bookings.filter(pupil_id__in=teacher_pupils(staff, day or timezone.localdate()))
    return Booking.objects.none()


def booking_for(actor, booking_id) -> Booking:
    return get_or_404(bookings_visible_to(actor).select_related("slot__staff", "round", "pupil"), booking_id)


# -- records (a guardian's: the shared records of the children they have parental authority over) --


def records_visible_to(guardian):
    pupils = GuardianOf.objects.filter(guardian=guardian, has_parental_authority=True).values("pupil_id")
    return (
        Record.objects.filter(published_at__isnull=False, booking__pupil_id__in=pupils)
        .select_related("booking__pupil", "booking__slot__staff", "booking__round")
        .prefetch_related("agreements")
        .order_by("-booking__slot__starts_at")
    )


def unread_records_visible_to(guardian):
    """Shared records of the guardian's children that the guardian has not opened yet (the
    record-read log, conversations.record_reads, holds each opening)."""
    return records_visible_to(guardian).exclude(reads__guardian=guardian)


def record_for(guardian, record_id) -> Record:
    return get_or_404(records_visible_to(guardian), record_id)


# -- rounds ----------------------------------------------------------------------------------------


def rounds_visible_to(actor, *, day=None):
    """Staff: the rounds of their school (a queryset). A guardian: the opened rounds of their school
    with one of their children in the round's year levels, a one-off round (a follow-up, an intake)
    only when one of their children has a booking in it (a list: the year levels are matched here)."""
    if not isinstance(actor, Guardian):
        return Round.objects.filter(school_year__school_id=actor.school_id).select_related("school_year")
    guardian = actor
    pupil_ids = GuardianOf.objects.filter(guardian=guardian).values("pupil_id")
    ours = Booking.objects.filter(round=OuterRef("pk"), pupil_id__in=pupil_ids)
    rounds = (
        Round.objects.filter(school_year__school_id=guardian.school_id)
        .filter(opened_for_parents())
        .filter(Q(one_off=False) | Exists(ours))
        .select_related("school_year")
    )
    levels = _children_levels(guardian, day=day)
    return [r for r in rounds if levels.get(r.school_year_id, set()) & set(r.year_levels)]


def _children_levels(guardian, *, day=None):
    day = day or datetime.date.today()
    pupil_ids = GuardianOf.objects.filter(guardian=guardian).values("pupil_id")
    levels = {}
    for year_id, level in (
        Enrollment.objects.current(day)
        .filter(pupil_id__in=pupil_ids)
        .values_list("group__school_year_id", "year_level")
    ):
        levels.setdefault(year_id, set()).add(level)
    return levels


def round_for(user, round_id) -> Round:
    """The round if `user` may see it (staff of its school, or a guardian in its audience), else 404."""
    actor = as_actor(user)
    if actor.staff:
        rounds = rounds_visible_to(actor.staff)
    elif actor.guardian:
        rounds = Round.objects.filter(pk__in=[r.pk for r in rounds_visible_to(actor.guardian)])
    else:
        raise Http404
    return get_or_404(rounds.select_related("school_year__school"), round_id)
