"""Shared helpers for the round, slot, preference and planner tests (no tests here)."""

import datetime

from django.utils import timezone

from conversations.rounds import round_create
from conversations.slots import availability_add, slots_generate
from ouderbetrokkenheid.school.clock import at_local
from tests.factories import planning_monday

DAY = planning_monday()  # a Monday in the personas' school year, far enough ahead to invite for


def t(hour, minute=0, day=DAY):
    return at_local(day, datetime.time(hour, minute))


def make_round(world, **options):
    options.setdefault("kind", "development_1")
    options.setdefault("title", "Eerste ontwikkelingsgesprek")
    options.setdefault("year_levels", [3, 5, 6])
    options.setdefault("first_day", DAY)
    options.setdefault("last_day", DAY + datetime.timedelta(days=4))
    return round_create(school_year=world.year_a, **options)


def available(round, staff, start, end, *, protect=False, room="1"):
    return availability_add(round=round, staff=staff, starts_at=start, ends_at=end, room=room,
                            protect_for_working_parents=protect)  # fmt: skip


def with_slots(round, *spans):
    for staff, start, end, *protect in spans:
        available(round, staff, start, end, protect=bool(protect and protect[0]))
    slots_generate(round=round)
    return round


def walk_round(world):
    """A round of school A for Pim's year level (the access walk's `round_id`)."""
    from conversations.models import Round

    existing = Round.objects.filter(school_year=world.year_a, title="Wandelronde").first()
    return existing or make_round(world, title="Wandelronde", year_levels=[3], preferences_open_at=timezone.now())
