"""Development-view test data built with factories: Bo (groep 6 in the `world`) with results in
all four domains over three school years, an exit perspective and a goal.

Bo's numbers (no earlier enrollments known, so groep 6 now means three prior years; the middle
test moment counts 5 months into a year):

| domain                | results (moment: level)         | latest DL | DLE | LR    | end of groep 8 |
|-----------------------|---------------------------------|-----------|-----|-------|----------------|
| maths                 | E4: M4, M5: E4, M6: M5          | 35        | 25  | 0.714 | 42.9 (E6, kb)  |
| reading comprehension | M5: M5, M6: M6                  | 35        | 35  | 1.0   | 60 (E8, havo)  |
| technical reading     | M5: E5, M6: E6                  | 35        | 40  | 1.143 | 68.6 (E8+, vwo)|
| spelling              | M6: <M3                         | 35        | 5   | 0.143 | 8.6            |
"""

import datetime

import factory
import pytest
from django.utils import timezone, translation

from development.models import Domain, ExitPerspective, ShortTermGoal, TestResult


@pytest.fixture(autouse=True)
def dutch():
    """Dutch words in the assertions, whatever an earlier test left active in this thread."""
    with translation.override("nl"):
        yield


def start_year(day=None):
    day = day or timezone.localdate()
    return day.year if day.month >= 8 else day.year - 1


class TestResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TestResult

    domain = Domain.MATHS
    year_level = 6
    phase = "M"
    taken_on = factory.LazyAttribute(lambda o: moment_date(o.year_level, o.phase, now_level=6))
    test_name = "LVS-toets"
    level_reported = "M6"


def moment_date(year_level, phase, *, now_level):
    """A date in the school year the pupil was in `year_level` (now in `now_level`)."""
    first = start_year() - (now_level - year_level)
    if year_level == now_level:
        return datetime.date(first, 11, 1)  # this school year: already past
    return {"B": datetime.date(first, 9, 15), "M": datetime.date(first + 1, 1, 25)}.get(
        phase, datetime.date(first + 1, 6, 15)
    )


BO_RESULTS = [
    (Domain.MATHS, 4, "E", "M4"),
    (Domain.MATHS, 5, "M", "E4"),
    (Domain.MATHS, 6, "M", "M5"),
    (Domain.READING_COMPREHENSION, 5, "M", "M5"),
    (Domain.READING_COMPREHENSION, 6, "M", "M6"),
    (Domain.TECHNICAL_READING, 5, "M", "E5"),
    (Domain.TECHNICAL_READING, 6, "M", "E6"),
    (Domain.SPELLING, 6, "M", "<M3"),
]


def give_results(pupil, rows=BO_RESULTS, now_level=6):
    for domain, year_level, phase, level in rows:
        TestResultFactory(pupil=pupil, domain=domain, year_level=year_level, phase=phase, level_reported=level,
                          taken_on=moment_date(year_level, phase, now_level=now_level))  # fmt: skip


@pytest.fixture
def bo_results(world):
    give_results(world.bo)
    ExitPerspective.objects.create(
        pupil=world.bo, track="havo", reasoning="Goede werkhouding, begrijpend lezen sterk.",
        supporting="Werkhouding", hindering="Rekenen blijft achter", recorded_by=world.otto,
    )  # fmt: skip
    ShortTermGoal.objects.create(
        pupil=world.bo, domain=Domain.MATHS, target_level="E5", target_moment="E6",
        evaluation_date=datetime.date(start_year() + 1, 6, 20), recorded_by=world.otto,
    )  # fmt: skip
    return world.bo
