"""Fixtures for the year-calendar tests: the demo school's year, schools built from their region."""

import datetime

import pytest

D = datetime.date.fromisoformat


@pytest.fixture
def demo_school(db):
    """De Regenboog from the demo (region midden), its 2026-27 year with pupils and guardians, and the
    default programme of information sessions."""
    from meetings.programme import programme_install
    from ouderbetrokkenheid.school import demo

    result = demo.load_demo(today=D("2026-08-20"), specs=(demo.MAIN,))
    school = result.schools[0]
    programme_install(school=school)
    return school


@pytest.fixture
def demo_year(demo_school):
    return demo_school.years.get()
