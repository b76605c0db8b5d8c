"""A year calendar for school A (and a holiday for school B) built from real rows of every app.

Dates are relative to today inside the world's school year (17 August – 16 July), ahead of today
where a change must matter to parents (events that are over notify nobody). Test modules wrap
`build_calendar(world)` in their own `calendar` fixture."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from conversations.models import Round, RoundKind
from development.models import DevelopmentSettings
from meetings.models import ProgrammeItem, Session
from meetings.programme import programme_install
from messaging.models import WeekPlan
from ouderbetrokkenheid.school.calendar import week_start
from ouderbetrokkenheid.school.models import CalendarPeriod, PeriodKind


def ahead(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def weekday_ahead(days: int) -> datetime.date:
    """The first Monday–Thursday on or after `days` from today."""
    day = ahead(days)
    while day.weekday() > 3:
        day += datetime.timedelta(days=1)
    return day


def evening(day: datetime.date, hour=19) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def add_period(year, kind, name, start, end=None, **options):
    return CalendarPeriod.objects.create(
        school_year=year, kind=kind, name=name, start_date=start, end_date=end or start, **options
    )


def add_session(year, *, day, year_levels=(3,), key="milestones", presenters=(), hour=19):
    programme_install(school=year.school)
    item = ProgrammeItem.objects.get(school=year.school, key=key)
    session = Session.objects.create(
        item=item, school_year=year, year_levels=list(year_levels), starts_at=evening(day, hour), location="Aula"
    )
    session.presenters.set(presenters)
    return session


@dataclass
class Calendar:
    holiday: object
    study_day: object
    session_3: object  # for groep 3 (Pim's year level), presented by Tess
    session_6: object  # for groep 6 (Bo's year level), presented by Otto
    round: object  # development conversations for groep 3, 5 and 6 (two days)
    settings: object  # provisional advice (groep 8)
    holiday_b: object  # school B


def build_calendar(world, *, offset=0) -> Calendar:
    """A year's worth of events for school A; `offset` adds a second, shifted set (bigger data)."""
    year = world.year_a
    holiday = add_period(year, PeriodKind.HOLIDAY, f"Kerstvakantie {offset}", ahead(40 + offset), ahead(53 + offset))
    study_day = add_period(year, PeriodKind.STUDY_DAY, f"Studiedag {offset}", weekday_ahead(20 + offset))
    session_3 = add_session(year, day=weekday_ahead(10 + offset), year_levels=(3,), presenters=[world.tess])
    session_6 = add_session(
        year, day=weekday_ahead(11 + offset), year_levels=(6,), key="school_system", presenters=[world.otto]
    )
    first = weekday_ahead(60 + offset)
    round_ = Round.objects.create(
        school_year=year,
        kind=RoundKind.DEVELOPMENT_1,
        title=f"Ontwikkelingsgesprekken {offset}",
        year_levels=[3, 5, 6],
        first_day=first,
        last_day=first + datetime.timedelta(days=1),
    )
    settings, _ = DevelopmentSettings.objects.get_or_create(school_year=year)
    settings.provisional_advice_by = ahead(90)
    settings.save()
    WeekPlan.objects.get_or_create(group=world.group_3, week=week_start(ahead(5 + offset)))
    holiday_b = add_period(world.year_b, PeriodKind.HOLIDAY, "Kerstvakantie Kompas", ahead(41), ahead(54))
    return Calendar(holiday, study_day, session_3, session_6, round_, settings, holiday_b)
