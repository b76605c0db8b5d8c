"""Dutch school-year dates for the demo: the official holidays of a region, public holidays, school days.

The holidays come from holidays.py (the official data shipped with the project, all regions;
end dates inclusive; read without the database). For a school year without official dates the
year gets its usual bounds and no holidays.
"""

import datetime

from . import holidays as official
from .calendar import friday_on_or_before, is_weekend, monday_on_or_after

DEMO_REGION = "midden"
DEMO_PUBLIC_HOLIDAYS = ("Goede Vrijdag", "Tweede Paasdag", "Koningsdag", "Hemelvaartsdag", "Tweede Pinksterdag")


def school_year(start_year, region=DEMO_REGION):
    """(first_day, last_day, holidays) of the school year starting in `start_year` in `region`."""
    holidays = [
        (p.name, p.start_date, p.end_date) for p in official.official_holidays(start_year, region, imported=False)
    ]
    if holidays:
        first_day, last_day = official.year_bounds(start_year, region, imported=False)
        return first_day, last_day, holidays
    previous = official.official_holidays(start_year - 1, region, imported=False)
    summer_ended = previous[-1].end_date if previous else datetime.date(start_year, 8, 23)
    first_day = monday_on_or_after(summer_ended + datetime.timedelta(days=1))
    last_day = friday_on_or_before(datetime.date(start_year + 1, 7, 16))
    return first_day, last_day, holidays


def public_holidays(year):
    """Dutch public holidays in the spring of `year` that the demo school keeps free."""
    return [(h.name, h.day) for h in official.dutch_public_holidays(year) if h.name in DEMO_PUBLIC_HOLIDAYS]


def in_periods(day, periods):
    return any(p.start_date <= day <= p.end_date for p in periods)


class SchoolDays:
    """Weekdays of a school year that are not in one of the given (day-off) periods."""

    def __init__(self, periods):
        self.periods = periods

    def is_school_day(self, day):
        return not is_weekend(day) and not in_periods(day, self.periods)

    def next(self, day):
        while not self.is_school_day(day):
            day += datetime.timedelta(days=1)
        return day

    def previous(self, day):
        while not self.is_school_day(day):
            day -= datetime.timedelta(days=1)
        return day
