"""Dutch school-year dates for the demo: official holidays of region midden, public holidays, school days.

Holidays are the official dates (rijksoverheid open data, end dates inclusive). For a school
year outside the table the year gets its usual bounds and no holidays.
"""

import datetime

D = datetime.date.fromisoformat

# Start year -> (holiday name, first day, last day), region midden.
HOLIDAYS_MIDDEN = {
    2025: [
        ("Herfstvakantie", D("2025-10-18"), D("2025-10-26")),
        ("Kerstvakantie", D("2025-12-20"), D("2026-01-04")),
        ("Voorjaarsvakantie", D("2026-02-14"), D("2026-02-22")),
        ("Meivakantie", D("2026-04-25"), D("2026-05-03")),
        ("Zomervakantie", D("2026-07-18"), D("2026-08-30")),
    ],
    2026: [
        ("Herfstvakantie", D("2026-10-17"), D("2026-10-25")),
        ("Kerstvakantie", D("2026-12-19"), D("2027-01-03")),
        ("Voorjaarsvakantie", D("2027-02-20"), D("2027-02-28")),
        ("Meivakantie", D("2027-04-24"), D("2027-05-02")),
        ("Zomervakantie", D("2027-07-17"), D("2027-08-29")),
    ],
    2027: [
        ("Herfstvakantie", D("2027-10-16"), D("2027-10-24")),
        ("Kerstvakantie", D("2027-12-25"), D("2028-01-09")),
        ("Voorjaarsvakantie", D("2028-02-26"), D("2028-03-05")),
        ("Meivakantie", D("2028-04-29"), D("2028-05-07")),
        ("Zomervakantie", D("2028-07-08"), D("2028-08-20")),
    ],
}
SUMMER_2025_ENDED_MIDDEN = D("2025-08-31")


def monday_on_or_after(day):
    return day + datetime.timedelta(days=-day.weekday() % 7)


def friday_on_or_before(day):
    return day - datetime.timedelta(days=(day.weekday() - 4) % 7)


def school_year(start_year):
    """(first_day, last_day, holidays) of the school year starting in `start_year`, region midden."""
    holidays = HOLIDAYS_MIDDEN.get(start_year, [])
    previous = HOLIDAYS_MIDDEN.get(start_year - 1)
    if previous:
        summer_ended = previous[-1][2]
    elif start_year == 2025:
        summer_ended = SUMMER_2025_ENDED_MIDDEN
    else:
        summer_ended = datetime.date(start_year, 8, 23)  # usually: school starts in the last week of August
    summer_starts = holidays[-1][1] if holidays else datetime.date(start_year + 1, 7, 17)
    first_day = monday_on_or_after(summer_ended + datetime.timedelta(days=1))
    last_day = friday_on_or_before(summer_starts - datetime.timedelta(days=1))
    return first_day, last_day, holidays


def easter(year):
    """Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def public_holidays(year):
    """Dutch public holidays in the spring of `year` that fall on school days."""
    sunday = easter(year)
    kings_day = datetime.date(year, 4, 27)
    if kings_day.weekday() == 6:
        kings_day -= datetime.timedelta(days=1)
    return [
        ("Goede Vrijdag", sunday - datetime.timedelta(days=2)),
        ("Tweede Paasdag", sunday + datetime.timedelta(days=1)),
        ("Koningsdag", kings_day),
        ("Hemelvaartsdag", sunday + datetime.timedelta(days=39)),
        ("Tweede Pinksterdag", sunday + datetime.timedelta(days=50)),
    ]


def in_periods(day, periods):
    return any(p.start_date <= day <= p.end_date for p in periods)


class SchoolDays:
    """Weekdays of a school year that are not in one of the given (day-off) periods."""

    def __init__(self, periods):
        self.periods = periods

    def is_school_day(self, day):
        return day.weekday() < 5 and not in_periods(day, self.periods)

    def next(self, day):
        while not self.is_school_day(day):
            day += datetime.timedelta(days=1)
        return day

    def previous(self, day):
        while not self.is_school_day(day):
            day -= datetime.timedelta(days=1)
        return day
