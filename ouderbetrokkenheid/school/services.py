"""Writes on the shared model."""

import datetime
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import CalendarPeriod, PeriodKind, School, SchoolYear


@dataclass(frozen=True)
class PeriodSpec:
    """A dated range to put in a school year's calendar (end date inclusive)."""

    kind: str
    name: str
    start_date: datetime.date
    end_date: datetime.date
    day_off: bool = True
    is_advice: bool = False
    fixed: bool = False
    source: str = ""


def _check_period(period, *, first_day, last_day):
    if period.kind not in PeriodKind.values:
        raise ValidationError(_("Onbekende soort periode: %(kind)s.") % {"kind": period.kind})
    # The summer holiday starts the day after the last school day and runs into the next year.
    if not first_day <= period.start_date <= last_day + datetime.timedelta(days=1):
        raise ValidationError(
            _("%(name)s (%(start)s) valt buiten het schooljaar.")
            % {"name": period.name, "start": period.start_date.strftime("%d-%m-%Y")}
        )


@transaction.atomic
def school_year_create(
    *, school: School, first_day: datetime.date, last_day: datetime.date, periods: Iterable[PeriodSpec] = ()
) -> SchoolYear:
    """Create a school year with its holidays, study days, test periods and report dates.

    Raises ValidationError (in Dutch) when the year overlaps another year of the school,
    ends before it starts, or a period falls outside it; nothing is written then.
    """
    if last_day <= first_day:
        raise ValidationError(_("De laatste schooldag moet na de eerste schooldag liggen."))
    if school.years.filter(first_day__lte=last_day, last_day__gte=first_day).exists():
        raise ValidationError(_("Dit schooljaar overlapt met een ander schooljaar van deze school."))
    year = SchoolYear(school=school, first_day=first_day, last_day=last_day)
    year.full_clean()
    year.save()
    rows = []
    for period in periods:
        _check_period(period, first_day=first_day, last_day=last_day)
        row = CalendarPeriod(school_year=year, **asdict(period))
        row.full_clean()
        rows.append(row)
    CalendarPeriod.objects.bulk_create(rows)
    return year


def public_holiday_periods(first_day: datetime.date, last_day: datetime.date) -> list[PeriodSpec]:
    """The public holidays on weekdays between the two days, each with its default day off. Stored
    also inside a holiday: a public holiday stays a day off whatever happens to the holiday around
    it (the optional second May week removed, an advice holiday moved)."""
    from . import holidays

    return [
        PeriodSpec(PeriodKind.PUBLIC_HOLIDAY, h.name, h.day, h.day, day_off=h.day_off, source="computed")
        for h in holidays.public_holidays_between(first_day, last_day)
        if h.day.weekday() < 5
    ]


def public_holidays_restore(*, school_year: SchoolYear, start_date: datetime.date, end_date: datetime.date) -> list:
    """Put back the public holidays between the two days that the year's calendar lacks (calendars
    made before public holidays inside a holiday were stored). Call it when a holiday over those
    days is removed or moved away. Returns the periods created."""
    start_date, end_date = max(start_date, school_year.first_day), min(end_date, school_year.last_day)
    present = set(
        school_year.periods.filter(
            kind=PeriodKind.PUBLIC_HOLIDAY, start_date__range=(start_date, end_date)
        ).values_list("name", "start_date")
    )
    rows = [
        CalendarPeriod(school_year=school_year, **asdict(spec))
        for spec in public_holiday_periods(start_date, end_date)
        if (spec.name, spec.start_date) not in present
    ]
    return CalendarPeriod.objects.bulk_create(rows)


def region_periods(*, region: str, start_year: int, second_may_week: bool = True) -> tuple:
    """(first_day, last_day, periods) of the school year starting in `start_year` in `region`: the
    official holidays and the public holidays on weekdays, also those inside a holiday (see holidays.py)."""
    from . import holidays

    first_day, last_day = holidays.year_bounds(start_year, region)
    periods = [
        PeriodSpec(PeriodKind.HOLIDAY, p.name, p.start_date, p.end_date, is_advice=p.is_advice, source="official")
        for p in holidays.official_holidays(start_year, region)
    ]
    may = next((p for p in holidays.official_holidays(start_year, region) if p.kind == "meivakantie"), None)
    if second_may_week and may is not None:
        start, end = holidays.second_may_week(may)
        periods.append(
            PeriodSpec(PeriodKind.HOLIDAY, holidays.SECOND_MAY_WEEK, start, end, is_advice=True, source="official")
        )
    periods += public_holiday_periods(first_day, last_day)
    return first_day, last_day, sorted(periods, key=lambda p: p.start_date)


def school_year_create_from_region(*, school: School, start_year: int, second_may_week: bool = True) -> SchoolYear:
    """Create the school year starting in `start_year` from the school's holiday region.

    Raises ValidationError (Dutch) when the official dates are unknown or the year exists already.
    """
    try:
        first_day, last_day, periods = region_periods(
            region=school.region, start_year=start_year, second_may_week=second_may_week
        )
    except LookupError as error:
        raise ValidationError(str(error)) from None
    return school_year_create(school=school, first_day=first_day, last_day=last_day, periods=periods)
