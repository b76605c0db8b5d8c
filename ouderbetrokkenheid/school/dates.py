"""Dates as parents read them, in the active language: "maandag 7 september", "Monday 7
September", and in the languages that decline months the genitive after the day with the weekday in
lower case and a comma, as written mid-sentence: "понеділок, 7 вересня", "poniedziałek, 7 września"
(Django's `E` gives the genitive month names)."""

import datetime

from django.utils import timezone, translation
from django.utils.formats import date_format

DECLINED_MONTHS = ("pl", "uk")  # the month after a day number takes the genitive


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def day_month(value, *, weekday=True) -> str:
    """The day with its month (and weekday) in the active language; '' for no value."""
    if not value:
        return ""
    value = _local(value)
    language = (translation.get_language() or "nl").split("-")[0]
    if language in DECLINED_MONTHS:
        day = date_format(value, "j E")
        return f"{date_format(value, 'l').lower()}, {day}" if weekday else day
    return date_format(value, "l j F" if weekday else "j F")
