"""Quiet hours of the scheduler: no message is sent between 21:00 and 08:00 Amsterdam time.
Local-time helpers (AMSTERDAM, at_local, local_day) live in ouderbetrokkenheid.school.clock."""

import datetime

from ouderbetrokkenheid.school.clock import AMSTERDAM, at_local

QUIET_FROM = datetime.time(21, 0)
QUIET_UNTIL = datetime.time(8, 0)


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
