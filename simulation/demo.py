"""The demo school as it stands today: the demo board loaded as the school's import the week before
the first school day, then the main school's year simulated up to yesterday (today belongs to the
real worker and beat of `make run`). A week before today leadership opens the next conversation
round when none is open, so there are always slots and some bookings to look at.

In the summer holiday (and the week before the first school day) nothing has happened yet in the
coming year: the demo is that year as leadership planned it (programme, sessions, rounds, message
library, the year calendar published), loaded on today.

    result = load_demo_today()          # None: the demo school is already there (nothing changed)
    result = load_demo_today(reset=True)  # the demo afresh
"""

import datetime
from dataclasses import dataclass

import time_machine
from django.db import transaction
from django.utils import timezone

from ouderbetrokkenheid.school import demo_calendar as cal
from ouderbetrokkenheid.school.clock import at_local
from ouderbetrokkenheid.school.demo import MAIN, SMALL, DemoResult, current_start_year, delete_demo, load_demo
from ouderbetrokkenheid.school.models import School, SchoolYear

from .context import ONE_DAY, YearContext
from .simulator import MOMENTS, Journal, SimulationResult, simulate
from .staff import Staff

IMPORT_DAYS_AHEAD = 7  # the school imports its export a week before the first school day
OPEN_ROUND_DAYS_BEFORE = 7  # the next round is opened a week before today


@dataclass
class DemoToday:
    demo: DemoResult
    start: datetime.date  # the day of the import
    end: datetime.date | None  # the last simulated day; None: nothing simulated (the summer holiday)
    simulation: SimulationResult | None


def demo_exists(specs=(MAIN, SMALL)) -> bool:
    return School.objects.filter(brin__in=[spec.brin for spec in specs]).exists()


def load_demo_today(*, today=None, reset=False, seed=1, specs=(MAIN, SMALL), progress=None) -> DemoToday | None:
    """Load the demo board and simulate its main school (the first of `specs`) up to `today`.
    Nothing happens when the demo school is there already, unless `reset`: a user's own import or
    edits are never overwritten by a second run."""
    today = today or timezone.localdate()
    # One transaction: an interrupted load leaves nothing (the next run starts again), and SQLite
    # writes the simulated weeks once instead of at every one of their many small commits.
    with transaction.atomic():
        if reset:
            delete_demo()
        elif demo_exists(specs):
            return None
        return _load(today, seed, specs, progress)


def _load(today, seed, specs, progress):
    first_day, _last_day, _holidays = cal.school_year(current_start_year(today))
    start = first_day - datetime.timedelta(days=IMPORT_DAYS_AHEAD)
    end = today - ONE_DAY
    if end < start:
        # The summer holiday: the coming year is planned, nothing has happened in it yet.
        demo = load_demo(today=today, specs=specs)
        school = demo.schools[0]
        year = SchoolYear.objects.get(school=school, first_day=first_day)
        Staff(YearContext(school=school, year=year, seed=seed), Journal()).prepare_year()
        return DemoToday(demo=demo, start=today, end=None, simulation=None)
    with time_machine.travel(at_local(start, MOMENTS[2]), tick=False):
        demo = load_demo(today=start, specs=specs)
    school = demo.schools[0]
    year = SchoolYear.objects.get(school=school, first_day=first_day)
    result = simulate(
        school=school,
        year=year,
        start=start,
        end=end,
        seed=seed,
        open_round_on=_weekday_before(today - datetime.timedelta(days=OPEN_ROUND_DAYS_BEFORE)),
        progress=progress,
    )
    return DemoToday(demo=demo, start=start, end=end, simulation=result)


def _weekday_before(day):
    while day.weekday() >= 5:
        day -= ONE_DAY
    return day
