"""When an event is, in words, in the active language (parents read these in messages and pages)."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


def _day(day) -> str:
    return date_format(day, "D j F")


def event_when(event) -> str:
    """'ma 12 oktober', 'ma 12 oktober – vr 16 oktober' or 'di 3 november, 19:00–20:00'."""
    if event.all_day:
        if event.start == event.end:
            return _day(event.start)
        return _("%(first)s – %(last)s") % {"first": _day(event.start), "last": _day(event.end)}
    start, end = timezone.localtime(event.start), timezone.localtime(event.end)
    return _("%(day)s, %(start)s–%(end)s") % {
        "day": _day(start.date()),
        "start": date_format(start, "H:i"),
        "end": date_format(end, "H:i"),
    }
