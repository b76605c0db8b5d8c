"""Time rules of the scheduler. Stored times are UTC; school times are Europe/Amsterdam
wall-clock times computed here with zoneinfo, so DST changes are handled in one place."""

import datetime
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
QUIET_FROM = datetime.time(21, 0)
QUIET_UNTIL = datetime.time(8, 0)


def local_day(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(AMSTERDAM).date()


def at_local(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """The aware moment of wall-clock `time` on `day` in Amsterdam (a time skipped by DST moves forward)."""
    moment = datetime.datetime.combine(day, time, tzinfo=AMSTERDAM)
    # Round-trip through UTC normalises a non-existent wall time (02:30 on the spring DST day).
    return moment.astimezone(datetime.UTC).astimezone(AMSTERDAM)


def in_quiet_hours(moment: datetime.datetime) -> bool:
    local = moment.astimezone(AMSTERDAM).time()
    return local >= QUIET_FROM or local < QUIET_UNTIL


def outside_quiet_hours(moment: datetime.datetime) -> datetime.datetime:
    """`moment`, or the next 08:00 Amsterdam if it falls between 21:00 and 08:00."""
    if not in_quiet_hours(moment):
        return moment
    local = moment.astimezone(AMSTERDAM)
    day = local.date() if local.time() < QUIET_UNTIL else local.date() + datetime.timedelta(days=1)
    return at_local(day, QUIET_UNTIL)
