"""The two meanings of "the running school year" (SchoolYear.objects, see school/models.py and
school/calendar.py): `running` is the year holding the day; `running_or_next` is that year, in the
holiday between two years the one about to start, after the last year none (or, with `or_last`,
the last one); per school. `running_or_next_q` is the second as a filter for all schools at once."""

import datetime

import pytest

from ouderbetrokkenheid.accounts.selectors import groups_visible_to
from ouderbetrokkenheid.school.models import Group, SchoolYear, running_or_next_q
from tests import factories as f

pytestmark = pytest.mark.django_db
D = datetime.date.fromisoformat


@pytest.fixture
def years():
    school = f.SchoolFactory()
    return school, [
        SchoolYear.objects.create(school=school, first_day=D("2026-08-31"), last_day=D("2027-07-16")),
        SchoolYear.objects.create(school=school, first_day=D("2027-08-30"), last_day=D("2028-07-14")),
        SchoolYear.objects.create(school=school, first_day=D("2028-08-28"), last_day=D("2029-07-13")),
    ]


@pytest.mark.parametrize(
    "day, expected",
    [
        ("2026-08-01", 0),  # before the first year: the coming one
        ("2026-08-31", 0),
        ("2027-07-16", 0),  # its last day
        ("2027-07-17", 1),  # summer holiday: the coming year, not the one after it
        ("2027-08-29", 1),
        ("2028-02-10", 1),
        ("2029-07-13", 2),
        ("2029-07-14", None),  # after the last year
    ],
)
def test_the_running_or_next_year_on_a_day(years, day, expected):
    school, made = years
    running = list(SchoolYear.objects.filter(school=school).running_or_next_on(D(day)))
    assert running == ([] if expected is None else [made[expected]])
    assert SchoolYear.objects.running_or_next(school, D(day)) == (None if expected is None else made[expected])
    assert (
        SchoolYear.objects.running_or_next(school.pk, D(day), or_last=True) == made[2 if expected is None else expected]
    )


@pytest.mark.parametrize(
    "day, expected",
    [
        ("2026-08-01", None),  # before the first year
        ("2026-08-31", 0),
        ("2027-07-16", 0),  # its last day
        ("2027-07-17", None),  # summer holiday: no year holds the day
        ("2027-08-30", 1),
        ("2029-07-13", 2),
        ("2029-07-14", None),
    ],
)
def test_the_year_holding_a_day(years, day, expected):
    school, made = years
    assert SchoolYear.objects.running(school, D(day)) == (None if expected is None else made[expected])


def test_no_school_year_at_all(db):
    school = f.SchoolFactory()
    day = D("2027-01-10")
    assert SchoolYear.objects.running(school, day) is None
    assert SchoolYear.objects.running_or_next(school, day, or_last=True) is None


def test_one_running_year_per_school(years):
    school, made = years
    other = f.SchoolFactory()
    SchoolYear.objects.create(school=other, first_day=D("2026-08-17"), last_day=D("2027-07-09"))
    later = SchoolYear.objects.create(school=other, first_day=D("2027-08-16"), last_day=D("2028-07-07"))
    running = set(SchoolYear.objects.running_or_next_on(D("2027-07-12")))
    assert running == {made[0], later}


def test_in_the_summer_holiday_staff_see_the_groups_of_the_coming_year(years):
    school, made = years
    old = f.GroupFactory(school_year=made[0], name="3")
    coming = f.GroupFactory(school_year=made[1], name="4")
    lea = f.StaffFactory(school=school, is_teacher=False, is_leadership=True)
    assert set(groups_visible_to(lea.user, day=D("2027-05-01"))) == {old}
    assert set(groups_visible_to(lea.user, day=D("2027-07-20"))) == {coming}
    assert set(Group.objects.filter(running_or_next_q(D("2027-07-20"), "school_year__"))) == {coming}
