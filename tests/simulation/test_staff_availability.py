"""The simulated teachers enter availability as a school would when two rounds share their days: a
one-day advice round starting on the first day of the start conversations. Found by the suite on
2 February 2028 (run with OB_TEST_TODAY=2027-07-20): the teacher of groep 8 had given that day to
the start round, entered nothing for the advice round, and its parents were never invited."""

import datetime

import pytest

from conversations.models import Availability, Round, RoundKind, Slot
from conversations.rounds import round_create
from conversations.slots import availability_add
from ouderbetrokkenheid.school.clock import at_local, local_day
from simulation.simulator import Journal
from simulation.staff import AFTERNOON, EVENING, ROUND_DAYS_PER_TEACHER, Staff


@pytest.fixture
def two_rounds(ctx):
    first = ctx.next_school_day(ctx.year.first_day + datetime.timedelta(weeks=10))
    days = [first]
    while len(days) < ROUND_DAYS_PER_TEACHER:  # the long round's teacher gives it every day
        days.append(ctx.next_school_day(days[-1] + datetime.timedelta(days=1)))
    start = round_create(school_year=ctx.year, kind=RoundKind.START, title="Startgesprekken",
                         year_levels=[8], first_day=days[0], last_day=days[-1])  # fmt: skip
    advice = round_create(school_year=ctx.year, kind=RoundKind.ADVICE_PROVISIONAL, title="Voorlopig advies",
                          year_levels=[8], first_day=days[0], last_day=days[0])  # fmt: skip
    return start, advice


def teachers_of(staff, round):
    teachers = staff._round_teachers(round)
    assert teachers, "the demo school has a groep 8 teacher"
    return teachers


@pytest.mark.django_db
def test_the_one_day_round_gets_its_teachers_day_before_the_long_round_takes_it(ctx, two_rounds):
    start, advice = two_rounds
    staff = Staff(ctx, Journal())

    staff.enter_availability(start.first_day - datetime.timedelta(days=10), rounds=Round.objects.filter(
        pk__in=[start.pk, advice.pk]))  # fmt: skip

    for teacher in teachers_of(staff, advice):
        assert Availability.objects.filter(round=advice, staff=teacher).exists(), teacher
        assert Availability.objects.filter(round=start, staff=teacher).exists(), teacher
    assert Slot.objects.filter(round=advice).exists()


@pytest.mark.django_db
def test_a_teacher_whose_day_is_taken_offers_the_hours_left_over(ctx, two_rounds):
    start, advice = two_rounds
    staff = Staff(ctx, Journal())
    day = advice.first_day
    for teacher in teachers_of(staff, advice):  # the start round already holds the afternoon
        availability_add(round=start, staff=teacher, starts_at=at_local(day, AFTERNOON[0]),
                         ends_at=at_local(day, AFTERNOON[1]))  # fmt: skip

    staff.enter_availability(day - datetime.timedelta(days=10), rounds=Round.objects.filter(pk=advice.pk))

    for teacher in teachers_of(staff, advice):
        spans = list(Availability.objects.filter(round=advice, staff=teacher))
        assert [(local_day(a.starts_at), a.starts_at, a.ends_at) for a in spans] == [
            (day, at_local(day, EVENING[0]), at_local(day, EVENING[1]))
        ]
    assert not staff.journal.notes


@pytest.mark.django_db
def test_a_teacher_with_no_time_left_is_named_in_the_journal(ctx, two_rounds):
    start, advice = two_rounds
    staff = Staff(ctx, Journal())
    day = advice.first_day
    teachers = teachers_of(staff, advice)
    for teacher in teachers:  # the whole day given to the start round
        availability_add(round=start, staff=teacher, starts_at=at_local(day, datetime.time(8, 0)),
                         ends_at=at_local(day, datetime.time(22, 0)))  # fmt: skip

    staff.enter_availability(day - datetime.timedelta(days=10), rounds=Round.objects.filter(pk=advice.pk))

    assert not Availability.objects.filter(round=advice).exists()
    assert [note.split(": ", 1)[1] for note in staff.journal.notes] == [
        f"{t} has no free time left in round '{advice}'" for t in teachers
    ]
