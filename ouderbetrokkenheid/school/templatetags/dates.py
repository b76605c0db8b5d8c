from django import template

from ..dates import _local
from ..dates import day_month as _day_month

register = template.Library()


@register.filter
def day_month(value):
    """{{ slot.starts_at|day_month }}: "maandag 7 september", "понеділок, 7 вересня"."""
    return _day_month(value)


@register.filter
def day_month_short(value):
    """{{ day|day_month_short }}: "7 september", "7 вересня" (no weekday)."""
    return _day_month(value, weekday=False)


@register.filter
def day_month_year(value):
    """{{ day|day_month_year }}: "7 september 2026", "7 вересня 2026"."""
    return f"{_day_month(value, weekday=False)} {_local(value).year}" if value else ""
