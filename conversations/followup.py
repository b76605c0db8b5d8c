"""Follow-up of non-responders: guardians who have not booked N school days after the
invitation land on the teacher's list; the outcome of each contact is recorded; leadership sees
the families not yet reached per round and group."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ouderbetrokkenheid.school.calendar import SchoolCalendar
from ouderbetrokkenheid.school.followup import BOOKING_OUTCOMES
from ouderbetrokkenheid.school.models import Enrollment, GuardianOf

from .models import FollowUp, Round, RoundKind
from .records import may_write

ONE_DAY = datetime.timedelta(days=1)


def school_days_after(*, school_year, day: datetime.date, count: int) -> datetime.date:
    """The `count`-th school day after `day`, skipping weekends, holidays and study days (one query)."""
    return SchoolCalendar.of(school_year).school_days_after(day, count)


def followup_due_on(round) -> datetime.date | None:
    if round.invited_at is None:
        return None
    invited = timezone.localdate(round.invited_at)
    return school_days_after(school_year=round.school_year, day=invited, count=round.followup_after_school_days)


@dataclass
class NonResponder:
    guardian: object
    pupil: object
    group: object
    follow_ups: list


def _pupils_in_round(round, day):
    return (
        Enrollment.objects.current(day)
        .filter(group__school_year_id=round.school_year_id, year_level__in=round.year_levels)
        .select_related("group", "pupil")
    )


def non_responders(*, round, today, staff=None) -> list[NonResponder]:
    """Guardians with parental authority of pupils in the round with no active booking for that
    pupil once the follow-up day has come (a joint booking covers both parents; a parent invited
    separately must book their own). With `staff`, only the pupils whose records they may see."""
    due = followup_due_on(round)
    if due is None or today < due or round.kind == RoundKind.AD_HOC:
        return []
    enrollments = _pupils_in_round(round, today)
    if staff is not None and not (staff.is_ib or staff.is_leadership):
        enrollments = enrollments.filter(group__teachers=staff) if staff.is_teacher else enrollments.none()
    enrollments = {e.pupil_id: e for e in enrollments}
    booked = {}
    for booking in round.bookings.filter(status__in=("proposed", "confirmed")).prefetch_related("guardian_links"):
        booked.setdefault(booking.pupil_id, set()).update(g.guardian_id for g in booking.guardian_links.all())
    links = GuardianOf.objects.filter(pupil_id__in=enrollments, has_parental_authority=True).select_related("guardian")
    follow_ups = {}
    for follow_up in FollowUp.objects.filter(round=round).select_related("by"):
        follow_ups.setdefault(follow_up.guardian_id, []).append(follow_up)
    rows = []
    for link in links.order_by("pupil__first_name", "guardian__last_name"):
        holders = booked.get(link.pupil_id)
        if holders is not None and (link.guardian_id in holders or not link.invite_separately):
            continue
        enrollment = enrollments[link.pupil_id]
        rows.append(NonResponder(link.guardian, enrollment.pupil, enrollment.group,
                                 follow_ups.get(link.guardian_id, [])))  # fmt: skip
    return rows


def followup_record(*, round, guardian, outcome, note="", by) -> FollowUp:
    """Record the outcome of contacting a guardian who did not book."""
    if outcome not in BOOKING_OUTCOMES:
        raise ValidationError(_("Kies een uitkomst."))
    pupils = GuardianOf.objects.filter(guardian=guardian).select_related("pupil")
    if by is None or not any(may_write(by, link.pupil) for link in pupils):
        raise ValidationError(_("U mag deze ouder niet opvolgen."))
    return FollowUp.objects.create(round=round, guardian=guardian, outcome=outcome, note=note.strip()[:500], by=by)


@dataclass
class NotReached:
    round: object
    group: object
    rows: list

    @property
    def followed_up(self):
        return sum(1 for row in self.rows if row.follow_ups)


def families_not_reached(*, school_year, today) -> list[NotReached]:
    """Per round and group: the guardians not yet reached, for leadership's year overview."""
    result = []
    for round in Round.objects.filter(school_year=school_year, invited_at__isnull=False).exclude(kind=RoundKind.AD_HOC):
        by_group = {}
        for row in non_responders(round=round, today=today):
            by_group.setdefault(row.group, []).append(row)
        result.extend(
            NotReached(round, group, rows) for group, rows in sorted(by_group.items(), key=lambda i: i[0].name)
        )
    return result
