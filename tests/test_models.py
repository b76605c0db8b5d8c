"""Constraints of the shared model, enforced by PostgreSQL."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from ouderbetrokkenheid.school.models import Enrollment
from tests import factories as f


def test_enrollment_periods_of_one_pupil_cannot_overlap(world):
    first = world.pim.enrollments.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrollment.objects.create(
            pupil=world.pim,
            group=world.group_56,
            year_level=5,
            start_date=first.start_date + datetime.timedelta(days=30),
        )


def test_pupil_can_change_group_when_the_first_enrollment_ends(world):
    first = world.pim.enrollments.get()
    switch = first.start_date + datetime.timedelta(days=30)
    first.end_date = switch
    first.save(update_fields=["end_date"])
    Enrollment.objects.create(pupil=world.pim, group=world.group_56, year_level=5, start_date=switch)
    assert world.pim.enrollments.count() == 2


@pytest.mark.parametrize("level", [0, 9])
def test_year_level_must_be_between_1_and_8(world, level):
    with pytest.raises(IntegrityError), transaction.atomic():
        f.EnrollmentFactory(group=world.group_3, pupil__school=world.school_a, year_level=level)


def test_school_years_of_one_school_cannot_overlap(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        f.SchoolYearFactory(
            school=world.school_a,
            first_day=world.year_a.first_day + datetime.timedelta(days=100),
            last_day=world.year_a.last_day + datetime.timedelta(days=100),
        )


def test_pupil_number_is_unique_per_school_only(world):
    f.PupilFactory(school=world.school_b, external_id=world.pim.external_id)
    with pytest.raises(IntegrityError), transaction.atomic():
        f.PupilFactory(school=world.school_a, external_id=world.pim.external_id)
