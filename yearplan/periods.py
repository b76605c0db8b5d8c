"""Leadership's edits of a school year's calendar: own periods, public-holiday choices, moving an
advice holiday, fixing by hand, and the advice timeline. Each validates first (Dutch errors) and
writes in one transaction, so bad input leaves nothing half-written."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from development.models import DevelopmentSettings
from ouderbetrokkenheid.school.holidays import SECOND_MAY_WEEK
from ouderbetrokkenheid.school.models import CalendarPeriod, PeriodKind, SchoolYear
from ouderbetrokkenheid.school.services import public_holidays_restore

from .planning import TIMELINE_FIELDS, advice_timeline

TIMELINE_LABELS = {
    "groep7_advice_by": "Advies groep 7",
    "provisional_advice_by": "Voorlopig schooladvies",
    "transfer_test_from": "Begin doorstroomtoets",
    "transfer_test_until": "Einde doorstroomtoets",
    "final_advice_by": "Definitief schooladvies",
}
OWN_KINDS = (PeriodKind.STUDY_DAY, PeriodKind.TEST_PERIOD, PeriodKind.REPORT_DATE, PeriodKind.ACTIVITY)
MAX_DAYS = {PeriodKind.STUDY_DAY: 5, PeriodKind.REPORT_DATE: 14, PeriodKind.TEST_PERIOD: 42, PeriodKind.ACTIVITY: 14}


def period_for_year(school_year: SchoolYear, period_id) -> CalendarPeriod:
    """A period of this school year, or ValidationError (the caller already holds the year)."""
    try:
        return school_year.periods.get(pk=int(period_id))
    except (CalendarPeriod.DoesNotExist, TypeError, ValueError):
        raise ValidationError(_("Deze periode hoort niet bij dit schooljaar.")) from None


def _check_dates(school_year, start, end, *, summer=False):
    if start is None or end is None:
        raise ValidationError(_("Vul een begin- en einddatum in."))
    if end < start:
        raise ValidationError(_("De einddatum ligt vóór de begindatum."))
    last = school_year.last_day + datetime.timedelta(days=60 if summer else 0)
    if start < school_year.first_day or end > last:
        raise ValidationError(_("De datums vallen buiten het schooljaar."))


def period_add(*, school_year: SchoolYear, kind: str, name: str, start_date, end_date, fixed: bool = False):
    if kind not in OWN_KINDS:
        raise ValidationError(_("Kies studiedag, toetsperiode, rapport of activiteit."))
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Geef de periode een naam."))
    _check_dates(school_year, start_date, end_date)
    if (end_date - start_date).days + 1 > MAX_DAYS[kind]:
        raise ValidationError(_("Deze periode is te lang (hoogstens %(n)s dagen).") % {"n": MAX_DAYS[kind]})
    period = CalendarPeriod(
        school_year=school_year,
        kind=kind,
        name=name[:200],
        start_date=start_date,
        end_date=end_date,
        fixed=fixed,
        source="manual",
    )
    period.full_clean()
    period.save()
    return period


@transaction.atomic
def period_move(*, period: CalendarPeriod, start_date, end_date) -> CalendarPeriod:
    """Move a period: the school's own periods, or a holiday whose official dates are advice (the school may
    deviate). A fixed official holiday and public holidays do not move. A moved period is fixed by hand."""
    period = CalendarPeriod.objects.select_for_update().select_related("school_year").get(pk=period.pk)
    if period.kind == PeriodKind.PUBLIC_HOLIDAY:
        raise ValidationError(_("Een feestdag verschuift niet; kies alleen of het een vrije dag is."))
    if period.kind == PeriodKind.HOLIDAY and not period.is_advice:
        raise ValidationError(
            _("%(name)s heeft vaste datums van de overheid en kan niet verschuiven.") % {"name": period.name}
        )
    _check_dates(period.school_year, start_date, end_date, summer=period.kind == PeriodKind.HOLIDAY)
    if period.kind == PeriodKind.HOLIDAY and (end_date - start_date).days != (period.end_date - period.start_date).days:
        raise ValidationError(_("Een verschoven vakantie blijft even lang."))
    if period.kind in OWN_KINDS and (end_date - start_date).days + 1 > MAX_DAYS[period.kind]:
        raise ValidationError(_("Deze periode is te lang (hoogstens %(n)s dagen).") % {"n": MAX_DAYS[period.kind]})
    vacated = (period.start_date, period.end_date)
    period.start_date, period.end_date, period.fixed = start_date, end_date, True
    if period.source == "official":
        period.source = "manual"
    period.save(update_fields=["start_date", "end_date", "fixed", "source"])
    if period.kind == PeriodKind.HOLIDAY:  # public holidays in the days it left stay days off
        public_holidays_restore(school_year=period.school_year, start_date=vacated[0], end_date=vacated[1])
    return period


def public_holiday_choose(*, period: CalendarPeriod, day_off: bool) -> CalendarPeriod:
    if period.kind != PeriodKind.PUBLIC_HOLIDAY:
        raise ValidationError(_("Alleen bij een feestdag kiest de school of het een vrije dag is."))
    period.day_off, period.fixed = bool(day_off), True
    period.save(update_fields=["day_off", "fixed"])
    return period


def period_fix(*, period: CalendarPeriod, fixed: bool) -> CalendarPeriod:
    period.fixed = bool(fixed)
    period.save(update_fields=["fixed"])
    return period


@transaction.atomic
def period_delete(*, period: CalendarPeriod) -> None:
    """Remove one of the school's own periods, or the optional second May week. Public holidays
    inside a removed holiday (Ascension Day, King's Day, …) stay days off."""
    if period.kind not in OWN_KINDS and period.name != SECOND_MAY_WEEK:
        raise ValidationError(_("Officiële vakanties en feestdagen blijven in de kalender."))
    if period.fixed:
        raise ValidationError(_("Deze periode is vastgezet; zet hem eerst los."))
    period.delete()
    if period.kind == PeriodKind.HOLIDAY:
        public_holidays_restore(school_year=period.school_year, start_date=period.start_date, end_date=period.end_date)


@transaction.atomic
def advice_timeline_save(*, school_year: SchoolYear, **dates) -> DevelopmentSettings:
    """Save the advice dates (DevelopmentSettings fields); empty ones take the law's defaults."""
    unknown = set(dates) - set(TIMELINE_FIELDS)
    if unknown:
        raise TypeError(f"unknown timeline fields: {sorted(unknown)}")
    timeline = advice_timeline(school_year)
    timeline.update({k: v for k, v in dates.items() if v})
    errors = []
    for name, day in timeline.items():
        if not school_year.contains(day):
            errors.append(
                _("%(what)s (%(day)s) valt buiten het schooljaar.")
                % {"what": TIMELINE_LABELS[name], "day": day.strftime("%d-%m-%Y")}
            )
    order = [
        timeline["provisional_advice_by"],
        timeline["transfer_test_from"],
        timeline["transfer_test_until"],
        timeline["final_advice_by"],
    ]
    if order != sorted(order):
        errors.append(_("De volgorde moet zijn: voorlopig advies, doorstroomtoets (van – tot), definitief advies."))
    if errors:
        raise ValidationError(errors)
    settings, _created = DevelopmentSettings.objects.select_for_update().get_or_create(school_year=school_year)
    for name in TIMELINE_FIELDS:
        setattr(settings, name, timeline[name])
    settings.save(update_fields=list(TIMELINE_FIELDS))
    return settings
