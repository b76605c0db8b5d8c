"""Which library entry goes out for a year level in a given week.

Candidates are the school's active entries of the kind and year level for the day's month
(month-specific or any month). A theme match beats everything; entries written for another
theme are left out, and so are texts using {theme} when the week has none. When the best
tier holds a single entry it is widened with the next one (theme → month → any month), so
there is always something to rotate. Rotation is by week: the first week of a month shows
the first month-specific entry, each next week the next one, so consecutive weeks differ
whenever there are two or more candidates. The summer reading programme rotates over the
year level's summer reading tips the same way, week by week.
"""

import datetime

from django.db.models import Q

from messaging.models import LibraryEntry


def _week_number(day: datetime.date) -> int:
    """Weeks since a fixed Monday: consecutive ISO weeks differ by one, also across new year."""
    return (day.toordinal() - day.weekday()) // 7


def _first_week_of_month(day: datetime.date) -> int:
    first = day.replace(day=1)
    first_monday = first + datetime.timedelta(days=(7 - first.weekday()) % 7)
    return _week_number(first_monday)


def _candidates(*, school, kind, year_level, day, theme, summer):
    entries = LibraryEntry.objects.filter(
        Q(month=day.month) | Q(month__isnull=True),
        school=school,
        kind=kind,
        year_level=year_level,
        active=True,
        summer_reading=summer,
        texts__language="nl",
    )
    if not theme:
        entries = entries.exclude(texts__text__contains="{theme}")
    return list(entries.order_by("key", "pk"))


def _tiers(entries, *, theme, day, summer):
    wanted = theme.strip().casefold()
    matching = [e for e in entries if wanted and e.theme.strip().casefold() == wanted]
    general = [e for e in entries if not e.theme.strip()]
    month = [e for e in general if e.month is not None]
    any_month = [e for e in general if e.month is None]
    if any_month and not summer:  # a different generic entry follows the month's own each month
        shift = (day.year * 12 + day.month) % len(any_month)
        any_month = any_month[shift:] + any_month[:shift]
    return [matching, month, any_month]


def library_pick(*, school, kind, year_level, day, theme="", summer=False) -> LibraryEntry | None:
    entries = _candidates(school=school, kind=kind, year_level=year_level, day=day, theme=theme, summer=summer)
    pool = []
    for tier in _tiers(entries, theme=theme, day=day, summer=summer):
        pool += tier
        if len(pool) >= 2:
            break
    if not pool:
        return None
    anchor = 0 if summer else _first_week_of_month(day)
    return pool[(_week_number(day) - anchor) % len(pool)]
