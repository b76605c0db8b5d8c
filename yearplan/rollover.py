"""Roll over last year's plan: everything relative moves with the calendar.

A date of the old year is read as (school week, weekday): school weeks are the Monday–Sunday
weeks from the week of the first school day that hold at least one school day (holiday weeks
do not count; ISO week 53 is just another week). In the new year the same school week and
weekday is taken; when that is a day off, the next school day in that week, else the previous
one. What cannot be placed (the new year has fewer school weeks, or the whole week is off) is
reported. Times stay wall-clock times in Amsterdam (19:00 stays 19:00 across the DST weekends).

Rolled over: study days, test periods, report dates and activities (keeping their length in
days), the school's public-holiday choices (by name), and the sessions and rounds fixed by hand
(fixed again in the new year, without invitations, availability or bookings). Official holidays
come from the region; a holiday the school moved last year is reported, not copied.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conversations.models import Round
from meetings.models import Session
from ouderbetrokkenheid.school.calendar import SchoolCalendar, week_start
from ouderbetrokkenheid.school.clock import at_local
from ouderbetrokkenheid.school.models import CalendarPeriod, PeriodKind, SchoolYear

RELATIVE_KINDS = (PeriodKind.STUDY_DAY, PeriodKind.TEST_PERIOD, PeriodKind.REPORT_DATE, PeriodKind.ACTIVITY)
ROUND_FIELDS = (
    "kind",
    "title",
    "year_levels",
    "slot_minutes",
    "family_gap_minutes",
    "forms",
    "goal",
    "invitation_text",
    "booking_closes_hours_before",
    "followup_after_school_days",
)
ONE_DAY = datetime.timedelta(days=1)


class WeekMap:
    """School weeks of one year: (school week number, weekday) ⇄ date."""

    def __init__(self, school_year, periods):
        self.calendar = SchoolCalendar(school_year, periods)
        self.year = school_year
        self.weeks = self.calendar.school_weeks()  # Mondays of school weeks, in order

    def position(self, day) -> tuple[int, int]:
        """(school week number from 1, weekday 0–6); a day in a holiday week counts with the school week before."""
        monday = week_start(day)
        number = sum(1 for w in self.weeks if w <= monday)
        return max(number, 1), day.weekday()

    def date(self, number, weekday) -> datetime.date | None:
        """The school day at (number, weekday): that weekday, else the next, else the previous school day in
        that week; None when the year has no such week or the week has no school day left."""
        if not 1 <= number <= len(self.weeks):
            return None
        monday = self.weeks[number - 1]
        wanted = monday + weekday * ONE_DAY
        if weekday >= 5:
            return wanted if self.year.contains(wanted) else None
        after = [monday + i * ONE_DAY for i in range(weekday, 5)]
        before = [monday + i * ONE_DAY for i in range(weekday - 1, -1, -1)]
        return next((d for d in after + before if self.calendar.is_school_day(d)), None)

    def move(self, day, other: "WeekMap") -> datetime.date | None:
        return other.date(*self.position(day))


@dataclass
class RolloverReport:
    moved: list = field(default_factory=list)  # (what, old date, new date)
    unplaced: list = field(default_factory=list)  # (what, old date, reason)
    notes: list = field(default_factory=list)


def previous_year(school_year: SchoolYear) -> SchoolYear | None:
    return (
        SchoolYear.objects.filter(school_id=school_year.school_id, last_day__lt=school_year.first_day)
        .order_by("-first_day")
        .first()
    )


@transaction.atomic
def year_rollover(*, source: SchoolYear, target: SchoolYear) -> RolloverReport:
    """Copy `source`'s relative plan into `target` (all or nothing). Refused (Dutch) when the years are
    of different schools, in the wrong order, or `target` already holds a roll-over."""
    if source.school_id != target.school_id:
        raise ValidationError(_("De schooljaren horen niet bij dezelfde school."))
    if source.first_day >= target.first_day:
        raise ValidationError(_("Overnemen kan alleen van een eerder schooljaar."))
    SchoolYear.objects.select_for_update().filter(pk=target.pk).first()
    if CalendarPeriod.objects.filter(school_year=target, source="rollover").exists():
        raise ValidationError(_("Dit schooljaar is al overgenomen van een vorig jaar."))
    old_periods, new_periods = list(source.periods.all()), list(target.periods.all())
    old, new = WeekMap(source, old_periods), WeekMap(target, new_periods)
    report = RolloverReport()
    _periods(old_periods, new_periods, old, new, target, report)
    _sessions(source, target, old, new, report)
    _rounds(source, target, old, new, report)
    return report


def _periods(old_periods, new_periods, old, new, target, report):
    rows = []
    for p in old_periods:
        if p.kind in RELATIVE_KINDS:
            start = old.move(p.start_date, new)
            if start is None:
                report.unplaced.append((p.name, p.start_date, _("het nieuwe jaar heeft geen schoolweek op die plek")))
                continue
            end = min(start + (p.end_date - p.start_date), target.last_day)
            rows.append(
                CalendarPeriod(
                    school_year=target,
                    kind=p.kind,
                    name=p.name,
                    start_date=start,
                    end_date=end,
                    day_off=p.day_off,
                    fixed=p.fixed,
                    source="rollover",
                )
            )
            report.moved.append((p.name, p.start_date, start))
        elif p.kind == PeriodKind.HOLIDAY and p.is_advice and (p.fixed or p.source == "manual"):
            report.notes.append(
                _(
                    "Vorig jaar verschoof de school de %(name)s; dit jaar staat de adviesdatum van de "
                    "overheid. Verschuif hem opnieuw als dat zo blijft."
                )
                % {"name": p.name.lower()}
            )
    CalendarPeriod.objects.bulk_create(rows)
    choices = {p.name: p.day_off for p in old_periods if p.kind == PeriodKind.PUBLIC_HOLIDAY}
    for p in new_periods:
        if p.kind == PeriodKind.PUBLIC_HOLIDAY and p.name in choices and choices[p.name] != p.day_off:
            p.day_off = choices[p.name]
            p.save(update_fields=["day_off"])
            report.notes.append(
                _("%(name)s: %(choice)s, zoals vorig jaar.")
                % {"name": p.name, "choice": _("vrij") if p.day_off else _("geen vrije dag")}
            )


def _sessions(source, target, old, new, report):
    for s in (
        Session.objects.filter(school_year=source, fixed=True).select_related("item").prefetch_related("presenters")
    ):
        local = timezone.localtime(s.starts_at)
        day = old.move(local.date(), new)
        if day is None:
            report.unplaced.append((s.item.title, local.date(), _("het nieuwe jaar heeft geen schoolweek op die plek")))
            continue
        copy = Session.objects.create(
            item=s.item,
            school_year=target,
            year_levels=s.year_levels,
            lateral_entrants=s.lateral_entrants,
            starts_at=at_local(day, local.time()),
            duration_minutes=s.duration_minutes,
            location=s.location,
            guest_presenters=s.guest_presenters,
            childcare=s.childcare,
            interpreter_languages=s.interpreter_languages,
            fixed=True,
        )
        copy.presenters.set(s.presenters.all())
        report.moved.append((s.item.title, local.date(), day))


def _rounds(source, target, old, new, report):
    for r in Round.objects.filter(school_year=source, fixed=True, one_off=False):
        first, last = old.move(r.first_day, new), old.move(r.last_day, new)
        if first is None or last is None or last < first:
            report.unplaced.append((r.title, r.first_day, _("het nieuwe jaar heeft geen schoolweek op die plek")))
            continue
        Round.objects.create(
            school_year=target,
            first_day=first,
            last_day=last,
            fixed=True,
            **{name: getattr(r, name) for name in ROUND_FIELDS},
        )
        report.moved.append((r.title, r.first_day, first))
