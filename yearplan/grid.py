"""Calendar grids for the pages: a year (months side by side), a month (weeks × days), a week.

Plain functions over a list of events (no queries)."""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from ouderbetrokkenheid.school.calendar import week_start

from .labels import kind_code


@dataclass
class Day:
    date: datetime.date
    events: list = field(default_factory=list)
    in_range: bool = True

    @property
    def weekend(self):
        return self.date.weekday() >= 5

    @property
    def day_off(self):
        return any(e.day_off for e in self.events)

    @property
    def kinds(self):
        return sorted({e.kind for e in self.events})

    @property
    def main_kind(self):
        """The kind that colours the cell: a day off wins, then the first event."""
        for event in self.events:
            if event.day_off:
                return event.kind
        return self.events[0].kind if self.events else ""

    @property
    def codes(self):
        return " ".join(kind_code(k) for k in self.kinds)


def by_day(events, first: datetime.date, last: datetime.date) -> dict:
    """date -> events on that date, for dates in [first, last]."""
    days = defaultdict(list)
    for event in events:
        day = max(event.first_day, first)
        while day <= min(event.last_day, last):
            days[day].append(event)
            day += datetime.timedelta(days=1)
    return days


def months_of(school_year) -> list[tuple[int, int]]:
    months, year, month = [], school_year.first_day.year, school_year.first_day.month
    while (year, month) <= (school_year.last_day.year, school_year.last_day.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


@dataclass
class Month:
    year: int
    month: int
    days: list  # 31 entries: Day or None (no such date)

    @property
    def first(self):
        return datetime.date(self.year, self.month, 1)


def year_grid(school_year, events) -> list[Month]:
    """One column per month of the school year, one row per day number (1–31)."""
    days = by_day(events, school_year.first_day, school_year.last_day)
    grid = []
    for year, month in months_of(school_year):
        length = calendar.monthrange(year, month)[1]
        cells = []
        for number in range(1, 32):
            if number > length:
                cells.append(None)
                continue
            date = datetime.date(year, month, number)
            cells.append(Day(date, days.get(date, []), school_year.contains(date)))
        grid.append(Month(year, month, cells))
    return grid


def month_weeks(year: int, month: int, events) -> list[list[Day]]:
    """The weeks (Monday first) that hold the month; days outside it have in_range False."""
    first = datetime.date(year, month, 1)
    start = week_start(first)
    last = datetime.date(year, month, calendar.monthrange(year, month)[1])
    end = last + datetime.timedelta(days=6 - last.weekday())
    days = by_day(events, start, end)
    dates = [start + datetime.timedelta(days=i) for i in range((end - start).days + 1)]
    cells = [Day(date, days.get(date, []), date.month == month) for date in dates]
    return [cells[i : i + 7] for i in range(0, len(cells), 7)]


def week_days(monday: datetime.date, events) -> list[Day]:
    sunday = monday + datetime.timedelta(days=6)
    days = by_day(events, monday, sunday)
    dates = [monday + datetime.timedelta(days=i) for i in range(7)]
    return [Day(date, days.get(date, [])) for date in dates]


def agenda(events) -> list[tuple[datetime.date, list]]:
    """Events grouped by the month they start in: [(first of month, [events])]."""
    months = defaultdict(list)
    for event in events:
        months[event.first_day.replace(day=1)].append(event)
    return sorted(months.items())


def year_rows(months: list[Month]) -> list[tuple[int, list]]:
    """The year grid row by row: (day number, [Day or None per month])."""
    return [(number, [month.days[number - 1] for month in months]) for number in range(1, 32)]
