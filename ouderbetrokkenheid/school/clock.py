"""Local time of the schools: stored times are UTC, school times are Europe/Amsterdam wall-clock
times computed here with zoneinfo, so DST changes are handled in one place. Every app takes its
time zone and its "which day is it there" from this module (the school calendar is calendar.py)."""

import datetime
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local_day(moment: datetime.datetime) -> datetime.date:
    """The Amsterdam calendar day of an aware moment."""
    return moment.astimezone(AMSTERDAM).date()


def at_local(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """The aware moment of wall-clock `time` on `day` in Amsterdam (a time skipped by DST moves forward)."""
    moment = datetime.datetime.combine(day, time, tzinfo=AMSTERDAM)
    # Round-trip through UTC normalises a non-existent wall time (02:30 on the spring DST day).
    return moment.astimezone(datetime.UTC).astimezone(AMSTERDAM)
