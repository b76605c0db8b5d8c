"""The school year being simulated: its calendar, its people and the seeded randomness."""

import datetime
import random
from dataclasses import dataclass, field
from functools import cached_property

from django.db import models

from conversations.models import Booking, Round
from meetings.models import Invitation, Session
from meetings.planning import PlanningCalendar
from ouderbetrokkenheid.school.calendar import week_start
from ouderbetrokkenheid.school.clock import at_local
from ouderbetrokkenheid.school.models import Group, Guardian, Pupil, School, SchoolYear, Staff

ONE_DAY = datetime.timedelta(days=1)


def day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The aware moments [00:00, next 00:00) of `day` in Amsterdam (23 or 25 hours on a DST day)."""
    return at_local(day, datetime.time(0, 0)), at_local(day + ONE_DAY, datetime.time(0, 0))


def week_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    monday = week_start(day)
    return at_local(monday, datetime.time(0, 0)), at_local(monday + datetime.timedelta(days=7), datetime.time(0, 0))


NATURAL_KEYS = {
    Pupil: lambda o: f"pupil {o.external_id}",
    Guardian: lambda o: f"guardian {o.external_id or o.email or o.mobile or o.full_name}",
    Staff: lambda o: f"staff {o.full_name}",
    Group: lambda o: f"group {o.name}",
    Round: lambda o: f"round {o.kind} {o.first_day}-{o.last_day} {o.title}",
    Session: lambda o: f"session {o.starts_at.isoformat()} {'-'.join(str(n) for n in o.year_levels)}",
    Invitation: lambda o: f"invitation {natural_key(o.session)} {natural_key(o.guardian)}",
    Booking: lambda o: f"booking {natural_key(o.round)} {natural_key(o.pupil)} {o.slot.starts_at.isoformat()}",
}


def natural_key(obj) -> str:
    """What the school's own data names `obj` by: a pupil's or guardian's number from the export, a
    staff member's or group's name, a round's kind and days, a session's moment; a row that only
    links others (an invitation, a booking) by the objects it links. Reads only loaded fields
    and the relations the callers select."""
    try:
        return NATURAL_KEYS[type(obj)](obj)
    except KeyError:
        raise TypeError(f"no natural key for {type(obj).__name__}") from None


@dataclass
class YearContext:
    """One school's school year with its calendar (reloaded when leadership changes it)."""

    school: School
    year: SchoolYear
    seed: int = 0
    late_start: bool = False  # the simulation (the school's use of the app) began after week 1
    calendar: PlanningCalendar = field(init=False)

    def __post_init__(self):
        self.reload_calendar()

    def reload_calendar(self):
        self.year = SchoolYear.objects.select_related("school").get(pk=self.year.pk)
        self.calendar = PlanningCalendar.of(self.year)

    def rng(self, *key) -> random.Random:
        """A random stream for one decision (seeded by the run's seed and the decision's key), so a
        decision does not depend on the order in which others were taken. Objects in the key count
        by their `natural_key`, never their database id: `--seed N` is the same year in any
        database (a suite that made other rows first numbers the demo school differently)."""
        parts = (natural_key(k) if isinstance(k, models.Model) else str(k) for k in (self.seed, *key))
        return random.Random(":".join(parts))

    def is_school_day(self, day) -> bool:
        return self.calendar.is_school_day(day)

    def school_days(self, first, last) -> list[datetime.date]:
        return self.calendar.school_days(first, last)

    def next_school_day(self, day, *, after=0) -> datetime.date:
        """The first school day on or after `day` + `after` school days (clamped to the last day)."""
        while not self.is_school_day(day) and day < self.year.last_day:
            day += ONE_DAY
        for _ in range(after):
            day += ONE_DAY
            while not self.is_school_day(day) and day < self.year.last_day:
                day += ONE_DAY
        return day

    def week_of(self, day) -> int:
        return self.calendar.week_of(day)

    @cached_property
    def staff(self) -> list[Staff]:
        return list(Staff.objects.filter(school=self.school).order_by("pk"))

    @cached_property
    def leader(self) -> Staff:
        return next(s for s in self.staff if s.is_leadership)

    def second_colleague(self, teacher) -> Staff | None:
        """The IB (or, without one, another colleague) who joins advice conversations."""
        others = [s for s in self.staff if s.pk != teacher.pk]
        return next((s for s in others if s.is_ib), None) or next(iter(others), None)

    @cached_property
    def groups(self) -> list[Group]:
        return list(Group.objects.filter(school_year=self.year).prefetch_related("teachers").order_by("name"))

    def teachers(self) -> list[Staff]:
        seen = {}
        for group in self.groups:
            for teacher in group.teachers.all():
                seen.setdefault(teacher.pk, teacher)
        return list(seen.values())
