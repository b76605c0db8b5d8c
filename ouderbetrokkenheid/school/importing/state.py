"""The school's pupils, running enrollments and guardian links, loaded in a few queries up front."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Max, Q

from ouderbetrokkenheid.school.models import Enrollment, GuardianOf, Pupil


@dataclass
class SchoolState:
    pupils: dict  # external_id -> Pupil
    running: dict  # pupil_id -> the running Enrollment (end empty or after today)
    last_end: dict  # pupil_id -> latest end date of an ended enrollment
    links: dict  # pupil_id -> {guardian_id: GuardianOf}


def load_state(*, school, today) -> SchoolState:
    enrollments = Enrollment.objects.filter(pupil__school=school)
    running = {}
    for enrollment in (
        enrollments.filter(Q(end_date__isnull=True) | Q(end_date__gt=today))
        .select_related("group__school_year")
        .order_by("start_date")
    ):
        running[enrollment.pupil_id] = enrollment
    links = defaultdict(dict)
    for link in GuardianOf.objects.filter(pupil__school=school):
        links[link.pupil_id][link.guardian_id] = link
    return SchoolState(
        pupils={pupil.external_id: pupil for pupil in Pupil.objects.filter(school=school)},
        running=running,
        last_end=dict(
            enrollments.filter(end_date__isnull=False)
            .values("pupil_id")
            .annotate(last=Max("end_date"))
            .values_list("pupil_id", "last")
        ),
        links=links,
    )
