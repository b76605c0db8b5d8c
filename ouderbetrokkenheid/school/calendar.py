"""The school calendar: which days of a school year are school days, and its weeks.

One place for the rules every app plans with (meetings, conversations, yearplan, messaging,
reach, simulation):

- a week starts on Monday (`week_start`); week 1 of a school year is the week holding its first
  school day, and holiday weeks count as weeks (`SchoolCalendar.week_of`);
- a school day is a weekday inside the year that is not a day off: a holiday, a study day, or a
  public holiday the school keeps free (`CalendarPeriod.is_day_off`);
- which year is "the running school year" on a day: `SchoolYear.objects.running` (the year holding
  the day) and `SchoolYear.objects.running_or_next` (in the holiday between two years, the one
  about to start) — see school/models.py.

Where the dates come from: the official school holidays per region and the public holidays are in
holidays.py (shipped file, the `holidays` package for later years, the government's file as an
override); the stored `CalendarPeriod` rows of a year are what this module reads. Local time
(Europe/Amsterdam) is clock.py.
"""

import datetime
from collections.abc import Iterable

from django.utils.translation import gettext as _

ONE_DAY = datetime.timedelta(days=1)


def week_start(day: datetime.date) -> datetime.date:
    """The Monday of the week holding `day`."""
    return day - datetime.timedelta(days=day.weekday())


def monday_on_or_after(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=-day.weekday() % 7)


def friday_on_or_before(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=(day.weekday() - 4) % 7)


def start_year_of(day: datetime.date) -> int:
    """The calendar year in which the school year holding `day` starts, by the date alone (school
    years start in August or September): 2025-01-20 belongs to 2024-2025, so 2024. For data without
    a stored year (test results, imports, new schools); `SchoolYear.objects` knows a school's years,
    `holidays.running_or_next_start_year` a region's official ones."""
    return day.year if day.month >= 8 else day.year - 1


def is_weekend(day: datetime.date) -> bool:
    return day.weekday() >= 5


def days_between(first: datetime.date, last: datetime.date) -> Iterable[datetime.date]:
    """Every day from `first` to `last`, both included."""
    day = first
    while day <= last:
        yield day
        day += ONE_DAY


def days_off(periods) -> dict[datetime.date, str]:
    """{day: name of the period} of the days off among `periods` (holidays, study days, public
    holidays kept free); the first period named wins where two overlap."""
    off = {}
    for period in periods:
        if period.is_day_off:
            for day in days_between(period.start_date, period.end_date):
                off.setdefault(day, period.name)
    return off


class SchoolCalendar:
    """School days and weeks of one school year: weekdays minus holidays, public holidays, study days."""

    def __init__(self, school_year, periods):
        self.school_year = school_year
        self.week_one = week_start(school_year.first_day)
        self.off = days_off(periods)

    @classmethod
    def of(cls, school_year):
        """The calendar of a stored year (one query for its periods)."""
        return cls(school_year, list(school_year.periods.all()))

    def week_of(self, day) -> int:
        """The school week number of `day`: 1 for the week holding the first school day."""
        return (day - self.week_one).days // 7 + 1

    def monday_of_week(self, number: int) -> datetime.date:
        return self.week_one + datetime.timedelta(weeks=number - 1)

    def day_off_reason(self, day) -> str | None:
        """Why `day` is not a school day, or None."""
        if not self.school_year.contains(day):
            return _("buiten het schooljaar")
        if is_weekend(day):
            return _("weekend")
        return self.off.get(day)

    def is_school_day(self, day) -> bool:
        return self.day_off_reason(day) is None

    def school_days(self, first, last) -> list[datetime.date]:
        """The school days from `first` to `last`, both included."""
        return [day for day in days_between(first, last) if self.is_school_day(day)]

    def school_days_after(self, day, count: int) -> datetime.date:
        """The `count`-th school day after `day` (past the year's end: weekdays only)."""
        while count > 0:
            day += ONE_DAY
            if not is_weekend(day) and day not in self.off:
                count -= 1
        return day

    def next_school_day(self, day) -> datetime.date | None:
        """`day` if it is a school day, else the next one in the year; None past the last one."""
        while day <= self.school_year.last_day:
            if self.is_school_day(day):
                return day
            day += ONE_DAY
        return None

    def school_weeks(self) -> list[datetime.date]:
        """The Mondays of the weeks of the year that hold at least one school day."""
        weeks, monday = [], self.week_one
        while monday <= self.school_year.last_day:
            if any(self.is_school_day(monday + i * ONE_DAY) for i in range(5)):
                weeks.append(monday)
            monday += datetime.timedelta(weeks=1)
        return weeks
