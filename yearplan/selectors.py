"""Reads for the calendar pages: access-checked school years, the year a person looks at, filters."""

import datetime

from django.http import Http404
from django.utils import timezone

from ouderbetrokkenheid.accounts.selectors import schools_visible_to
from ouderbetrokkenheid.school.calendar import week_start
from ouderbetrokkenheid.school.models import Group, SchoolYear, Staff


def years_visible_to(actor):
    """Staff: their school's years; a board admin: the board's schools' years; else none."""
    return SchoolYear.objects.filter(school__in=schools_visible_to(actor)).select_related("school")


def year_for(actor, year_id) -> SchoolYear:
    """The school year, if the person may see it; 404 for "does not exist" and "not yours" alike."""
    try:
        return years_visible_to(actor).get(pk=year_id)
    except (SchoolYear.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def filter_choices(school_year):
    """Groups and staff of the school year, for the filter form (two queries)."""
    groups = list(Group.objects.filter(school_year=school_year).order_by("name"))
    staff = list(Staff.objects.filter(school_id=school_year.school_id).order_by("last_name", "first_name"))
    return groups, staff


def parse_month(value: str, school_year) -> datetime.date:
    """'2026-11' → 1 November 2026; outside the school year or unreadable: the month of today
    (or of the year's first day when today is outside the year)."""
    try:
        day = datetime.datetime.strptime(value or "", "%Y-%m").date()
    except ValueError:
        day = None
    if day is None or not (school_year.first_day.replace(day=1) <= day <= school_year.last_day):
        today = timezone.localdate()
        day = today if school_year.contains(today) else school_year.first_day
    return day.replace(day=1)


def parse_week(value: str, school_year) -> datetime.date:
    """'2026-11-23' → the Monday of that week (inside the school year, else this week or the first)."""
    try:
        day = datetime.date.fromisoformat(value or "")
    except ValueError:
        day = None
    if day is None or not (school_year.first_day - datetime.timedelta(days=6) <= day <= school_year.last_day):
        today = timezone.localdate()
        day = today if school_year.contains(today) else school_year.first_day
    return week_start(day)
