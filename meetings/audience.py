"""Who a session is for: the guardians of the pupils in its audience, once per guardian."""

import datetime

from django.db.models import Q
from django.utils import timezone

from ouderbetrokkenheid.school.models import Enrollment, Guardian, GuardianOf, Pupil

from .models import Session


def audience_day(school_year, today: datetime.date | None = None) -> datetime.date:
    """The day whose enrollments count: today, inside the school year (before it starts: its first day)."""

    today = today or timezone.localdate()
    return min(max(today, school_year.first_day), school_year.last_day)


def audience_enrollments(*, session: Session, day: datetime.date):
    """Enrollments running on `day`, in the session's school year, that put a pupil in its audience."""
    rule = Q(year_level__in=session.year_levels)
    if session.lateral_entrants:
        rule |= Q(is_lateral_entrant=True)
    return Enrollment.objects.current(day).filter(rule, group__school_year_id=session.school_year_id)


def session_audience(*, session: Session, day: datetime.date) -> dict[Guardian, list[Pupil]]:
    """Each guardian who receives information for a pupil in the audience, with all their children
    in it (separated parents are separate guardians, so each has an entry). One query.

    Each pupil carries `is_lateral_entrant` and `year_level` from the enrollment that counts."""
    enrollments = {
        e.pupil_id: e for e in audience_enrollments(session=session, day=day).only("pupil_id", "year_level",
                                                                                     "is_lateral_entrant")
    }  # fmt: skip
    links = (
        GuardianOf.objects.filter(receives_information=True, pupil_id__in=list(enrollments))
        .select_related("guardian", "pupil")
        .order_by("guardian__last_name", "guardian__first_name", "guardian_id", "pupil__first_name", "pupil_id")
    )
    audience = {}
    for link in links:
        enrollment = enrollments[link.pupil_id]
        link.pupil.is_lateral_entrant = enrollment.is_lateral_entrant
        link.pupil.year_level = enrollment.year_level
        audience.setdefault(link.guardian, []).append(link.pupil)
    return audience
