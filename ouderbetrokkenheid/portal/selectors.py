"""Reads for the parent portal: only the guardian's own children, loaded in a fixed number of queries."""

from django.db.models import Prefetch

from ouderbetrokkenheid.school.models import Enrollment, Pupil, Staff


def children_of(guardian, *, day):
    """The guardian's children, each with `.current_enrollments` (group and its teachers) and school.

    Starts from the guardian, not from `pupils_visible_to`: a guardian who also works at the
    school sees their own children here, not their pupils.
    """
    teachers = Prefetch("group__teachers", queryset=Staff.objects.order_by("last_name", "first_name"))
    current = Enrollment.objects.current(day).select_related("group").prefetch_related(teachers)
    return (
        Pupil.objects.filter(guardian_links__guardian=guardian)
        .select_related("school")
        .prefetch_related(Prefetch("enrollments", queryset=current, to_attr="current_enrollments"))
        .order_by("first_name", "last_name")
    )
