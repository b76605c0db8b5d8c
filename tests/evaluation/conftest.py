"""A school to evaluate in: school A of the personas with 8 groups of 6 children (48), families with
siblings in different groups (one guardian shared), and helpers to seed test results."""

import datetime
import random
from dataclasses import dataclass

import pytest

from evaluation.models import Design, Evaluation
from ouderbetrokkenheid.school.calendar import start_year_of
from tests import factories as f


@dataclass
class Study:
    world: object
    groups: list
    pupils: list  # every child of the study (the personas' Pim and Bo included)
    siblings: list  # [(pupil, pupil), …] sharing a guardian
    start: datetime.date


def next_monday(day):
    return day + datetime.timedelta(days=7 - day.weekday())


@pytest.fixture
def study(world):
    import django.utils.timezone as tz

    year = world.year_a
    groups = [world.group_3, world.group_56] + [
        f.GroupFactory(school_year=year, name=name) for name in ("1/2a", "1/2b", "4", "7", "8", "5")
    ]
    world.pim.group_id, world.pim.guardian = world.group_3.pk, world.anna
    world.bo.group_id, world.bo.guardian = world.group_56.pk, world.bert
    pupils = [world.pim, world.bo]
    siblings = []
    index = 0
    for group in groups:
        level = 3 if group == world.group_3 else 5
        while sum(1 for p in pupils if p.group_id == group.pk) < 6:
            pupil = f.PupilFactory(school=world.school_a)
            pupil.group_id = group.pk
            f.EnrollmentFactory(pupil=pupil, group=group, year_level=level)
            if (
                index % 5 == 4 and pupils[-6].group_id != group.pk
            ):  # a sibling in the group before: one guardian for both
                guardian = pupils[-6].guardian
                siblings.append((pupils[-6], pupil))
            else:
                guardian = f.GuardianFactory(school=world.school_a)
            f.GuardianOfFactory(guardian=guardian, pupil=pupil)
            pupil.guardian = guardian
            pupils.append(pupil)
            index += 1
    start = next_monday(tz.localdate())
    return Study(world, groups, pupils, siblings, start)


def make_evaluation(study, **fields):
    start = fields.pop("start", study.start)
    values = {
        "school": study.world.school_a,
        "intervention": "weekly_messages",
        "question": "Groeien kinderen meer in begrijpend lezen met wekelijkse leestips?",
        "outcome": "test_growth",
        "domain": "reading_comprehension",
        "design": Design.FAMILY,
        "start": start,
        "weeks_later": 12,
        "outcome_start": start,
        "outcome_end": start + datetime.timedelta(weeks=10),
        "min_effect": "0.30",
    }
    values.update(fields)
    return Evaluation.objects.create(**values)


def enrol_last_year(study, count):
    """Last year's school year of school A (up to the day before this one, so the day a year before
    the start lies in it whatever day the suite runs on), with the first `count` children in it."""
    world = study.world
    last = f.SchoolYearFactory(
        school=world.school_a,
        first_day=world.year_a.first_day.replace(year=world.year_a.first_day.year - 1),
        last_day=world.year_a.first_day - datetime.timedelta(days=1),
    )
    group = f.GroupFactory(school_year=last, name="5")
    for pupil in study.pupils[:count]:
        f.EnrollmentFactory(pupil=pupil, group=group, year_level=4, end_date=last.last_day)
    return last


def seed_growth(evaluation, *, effect=0.0, sd=2.0, seed=7, on=None):
    """Two test results per child in the evaluation's domain (the first and second test moment, as DLE):
    growth ~ N(5, sd) months plus `effect`·sd for the children who started now (or this year)."""
    from decimal import Decimal

    from development.models import Phase, TestResult
    from evaluation.models import TREATED_ARMS

    rng = random.Random(seed)
    rows = []
    first, second = on or (evaluation.outcome_start, evaluation.outcome_end)
    for a in evaluation.assignments.all():
        base = rng.gauss(25, 4)
        growth = rng.gauss(5, sd) + (effect * sd if a.arm in TREATED_ARMS else 0)
        for phase, day, dle in ((Phase.BEGIN, first, base), (Phase.END, second, base + growth)):
            rows.append(TestResult(pupil_id=a.pupil_id, domain=evaluation.domain, year_level=5, phase=phase,
                                   taken_on=day, school_year_start=start_year_of(day),
                                   test_name="Cito", dle_reported=Decimal(f"{max(dle, 0.5):.1f}")))  # fmt: skip
    TestResult.objects.bulk_create(rows, ignore_conflicts=True)
