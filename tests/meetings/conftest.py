"""Helpers for the meetings tests: school-year calendars, families, the programme."""

import datetime

import pytest
from django.utils import timezone

from tests import factories as f


def D(value):
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def make_year(school, first_day, last_day, periods=()):
    """A school year through the real service; periods as (kind, name, start, end)."""
    from ouderbetrokkenheid.school.services import PeriodSpec, school_year_create

    specs = [PeriodSpec(kind, name, D(start), D(end)) for kind, name, start, end in periods]
    return school_year_create(school=school, first_day=D(first_day), last_day=D(last_day), periods=specs)


def demo_year(school, start_year=2026):
    """The demo school's calendar (region midden, real holidays, two study days)."""
    from ouderbetrokkenheid.school.demo import demo_year_periods
    from ouderbetrokkenheid.school.services import school_year_create

    first_day, last_day, periods = demo_year_periods(start_year)
    return school_year_create(school=school, first_day=first_day, last_day=last_day, periods=periods)


class Family:
    """Build pupils and guardians in one school year."""

    def __init__(self, year):
        self.year = year
        self.groups = {}

    def group(self, name):
        if name not in self.groups:
            self.groups[name] = f.GroupFactory(school_year=self.year, name=name)
        return self.groups[name]

    def pupil(self, group, level, *, lateral=False, first_name=None):
        pupil = f.PupilFactory(school=self.year.school, **({"first_name": first_name} if first_name else {}))
        f.EnrollmentFactory(pupil=pupil, group=self.group(group), year_level=level, is_lateral_entrant=lateral)
        return pupil

    def guardian(self, *pupils, separately=False, **fields):
        guardian = f.GuardianFactory(school=self.year.school, **fields)
        for pupil in pupils:
            f.GuardianOfFactory(guardian=guardian, pupil=pupil, invite_separately=separately)
        return guardian


@pytest.fixture
def school(db):
    return f.SchoolFactory(name="Basisschool Het Anker", region="midden")


@pytest.fixture
def programme(school):
    from meetings.programme import programme_install

    return programme_install(school=school)


@pytest.fixture
def year(school):
    """A school year holding the suite's day (20 days in, 300 to go)."""
    today = timezone.localdate()
    return make_year(school, today - datetime.timedelta(days=20), today + datetime.timedelta(days=300))


@pytest.fixture
def family(year):
    return Family(year)
