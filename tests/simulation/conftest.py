"""Fixtures of the simulator's tests: the small demo school (De Zonnewijzer, 30 pupils) loaded
through the real import on the suite's day, and the school year the demo made for that day."""

import datetime

import pytest


@pytest.fixture
def small_school(db):
    from ouderbetrokkenheid.school.demo import SMALL, load_demo

    return load_demo(specs=(SMALL,)).schools[0]


@pytest.fixture
def sim_year(small_school):
    from django.utils import timezone

    from simulation.simulator import running_year

    return running_year(small_school, timezone.localdate())


@pytest.fixture
def ctx(small_school, sim_year):
    from simulation.context import YearContext

    return YearContext(school=small_school, year=sim_year, seed=1)


@pytest.fixture
def at_day(clock):
    """Move the suite's clock to a moment of a simulated day (10:00 Amsterdam unless told)."""
    from ouderbetrokkenheid.school.clock import at_local

    def move(day, time=datetime.time(10, 0)):
        clock.move_to(at_local(day, time))

    return move
