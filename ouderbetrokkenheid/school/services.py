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
