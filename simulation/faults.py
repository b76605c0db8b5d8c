"""Faults injected into the simulated year, each on a day chosen from the school's own calendar.

- worker-down: the Celery worker and beat are down for a whole school day (from midnight); no
  task runs that day, and they resume the next morning;
- sms-timeout: the SMS provider times out for an hour (18:00–19:00, when the week's tip goes out);
- late-export: a mid-year export with leavers and group changes arrives two weeks late and is
  imported through the real importer;
- moved-holiday: the school opens on a public holiday that was a day off and takes a study day
  later instead (yearplan.periods), then publishes the calendar again;
- sms-slow: for an hour (18:00-19:00) the SMS provider takes each message but answers after the
  client's timeout; the engine looks it up before sending again (no second SMS);
- sms-dropped: for an hour the connection drops after the SMS request was received (every other
  request taken before the drop): looked up, sent again only when the provider has no record;
- email-bounce: from a school day on, the mailboxes of a few guardians are gone: Mailgun takes
  each e-mail and reports a hard bounce through its tracking webhook; the message falls back to
  the next channel and later messages skip the address.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from conversations.models import Round, Slot
from meetings.models import Session
from ouderbetrokkenheid.school.calendar import days_between
from ouderbetrokkenheid.school.clock import at_local, local_day
from ouderbetrokkenheid.school.demo import PUPIL_HEADER
from ouderbetrokkenheid.school.importing import import_export
from ouderbetrokkenheid.school.models import CalendarPeriod, Enrollment, Guardian, GuardianOf, PeriodKind
from yearplan.periods import period_add, public_holiday_choose
from yearplan.publishing import calendar_publish

from .context import YearContext
from .providers import Outage, world

FAULTS = ("worker-down", "sms-timeout", "late-export", "moved-holiday", "sms-slow", "sms-dropped", "email-bounce")
SMS_FAULT_WEEKS = {"sms-timeout": 16, "sms-slow": 18, "sms-dropped": 20}  # a Wednesday (the week's tip) 18-19h
BOUNCING = 4  # guardians whose mailbox is gone in email-bounce
EXPORT_DELAY = datetime.timedelta(days=14)


@dataclass
class Fault:
    name: str
    day: datetime.date
    window: tuple = ()  # (from, until) aware moments during which the fault holds
    notes: list = field(default_factory=list)
    details: dict = field(default_factory=dict)


def _nth_school_week_day(ctx: YearContext, week: int, weekday: int) -> datetime.date:
    """A school day in school week `week` (or later) on `weekday`, the first one that is a school day."""
    day = ctx.calendar.week_one + datetime.timedelta(weeks=week - 1, days=weekday)
    while not ctx.is_school_day(day) and day < ctx.year.last_day:
        day += datetime.timedelta(weeks=1)
    return day


def plan_faults(ctx: YearContext, names, *, start: datetime.date, end: datetime.date) -> list[Fault]:
    """Pick each fault's day inside [start, end]; a fault with no day left there is skipped."""
    faults = []
    middle = start + (end - start) / 2
    for name in names:
        if name == "worker-down":
            day = _nth_school_week_day(ctx, 12, 2)  # a Wednesday in the autumn
            faults.append(
                Fault(
                    name,
                    day,
                    (at_local(day, datetime.time(0)), at_local(day + datetime.timedelta(days=1), datetime.time(7))),
                )
            )
        elif name in SMS_FAULT_WEEKS:
            day = _nth_school_week_day(ctx, SMS_FAULT_WEEKS[name], 2)
            window = (at_local(day, datetime.time(18)), at_local(day, datetime.time(19)))
            faults.append(Fault(name, day, window))
        elif name == "late-export":
            faults.append(
                Fault(name, ctx.next_school_day(max(middle, ctx.calendar.week_one + datetime.timedelta(weeks=20))))
            )
        elif name == "moved-holiday":
            faults.append(Fault(name, ctx.next_school_day(ctx.calendar.week_one + datetime.timedelta(weeks=26))))
        elif name == "email-bounce":
            day = _nth_school_week_day(ctx, 14, 0)  # a Monday: the week's messages meet the dead mailboxes
            until = at_local(day + datetime.timedelta(days=400), datetime.time(0))  # the mailboxes stay gone
            faults.append(Fault(name, day, (at_local(day, datetime.time(0)), until)))
        else:
            raise ValueError(f"unknown fault {name!r}; choose from {', '.join(FAULTS)}")
    chosen = [f for f in faults if start <= f.day <= end]
    for fault in chosen:
        if fault.name == "sms-timeout":
            world.outages.append(Outage("sms", *fault.window))
        elif fault.name in ("sms-slow", "sms-dropped"):
            world.outages.append(Outage("sms", *fault.window, mode=fault.name.removeprefix("sms-"), fault=fault))
            mode = fault.name.removeprefix("sms-")
            fault.notes.append(f"SMS {fault.window[0]:%H:%M}-{fault.window[1]:%H:%M}: {mode}")
        elif fault.name == "email-bounce":
            addresses = _bouncing_addresses(ctx)
            fault.details["addresses"] = sorted(addresses)
            world.outages.append(Outage("email", *fault.window, mode="bounce", addresses=addresses, fault=fault))
            fault.notes.append(f"{len(addresses)} mailboxes gone from {fault.day}: hard bounces via the webhook")
    return chosen


def _bouncing_addresses(ctx: YearContext) -> frozenset:
    """BOUNCING guardians' e-mail addresses, most of them with a mobile to fall back to."""
    guardians = Guardian.objects.filter(school=ctx.school).exclude(email="").order_by("pk")
    with_mobile = list(guardians.exclude(mobile="").values_list("email", flat=True))
    without = list(guardians.filter(mobile="").values_list("email", flat=True))
    rng = ctx.rng("email-bounce")
    chosen = rng.sample(with_mobile, min(BOUNCING - 1, len(with_mobile))) + rng.sample(without, min(1, len(without)))
    return frozenset(address.lower() for address in chosen)


def workers_down(faults, moment) -> bool:
    return any(f.name == "worker-down" and f.window[0] <= moment < f.window[1] for f in faults)


# -- a late export ------------------------------------------------------------------------------------


def _yes(flag):
    return "ja" if flag else "nee"


def export_from_database(ctx: YearContext, day: datetime.date, *, leave=(), moves=None) -> bytes:
    """The school's administration export as it stood on `day` (the IMPORT.md pupil file), built
    from the current enrollments, without the `leave` pupils and with `moves` {pupil: group}."""
    moves = moves or {}
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(PUPIL_HEADER)
    enrollments = (
        Enrollment.objects.current(day)
        .filter(group__school_year=ctx.year)
        .select_related("pupil", "group")
        .order_by("pupil__external_id")
    )
    links = {}
    for link in GuardianOf.objects.filter(pupil__school=ctx.school).select_related("guardian").order_by("pk"):
        links.setdefault(link.pupil_id, []).append(link)
    for e in enrollments:
        if e.pupil_id in leave:
            continue
        p, group = e.pupil, moves.get(e.pupil_id, e.group)
        for link in links.get(p.pk, []):
            g = link.guardian
            writer.writerow(
                [
                    p.external_id,
                    p.first_name,
                    p.infix,
                    p.last_name,
                    f"{p.date_of_birth:%d-%m-%Y}",
                    group.name,
                    e.year_level,
                    f"{p.enrolled_on:%d-%m-%Y}" if p.enrolled_on else "",
                    _yes(e.is_lateral_entrant),
                    g.external_id,
                    g.first_name,
                    g.infix,
                    g.last_name,
                    link.relationship,
                    _yes(link.has_parental_authority),
                    g.email,
                    g.mobile,
                    g.language,
                    _yes(g.needs_interpreter),
                    _yes(g.prefers_simple_dutch),
                    _yes(link.invite_separately),
                ]
            )
    return out.getvalue().encode()


def late_export(ctx: YearContext, fault: Fault, journal):
    """Leadership imports an export dated two weeks ago: two leavers and two pupils moved to another
    group (the importer ends and starts enrollments today, the day of the import)."""
    today = timezone.localdate()
    dated = today - EXPORT_DELAY
    rng = ctx.rng("late-export")
    enrollments = list(Enrollment.objects.current(today).filter(group__school_year=ctx.year).select_related("group"))
    by_level = {}
    for group in ctx.groups:
        for level in set(Enrollment.objects.filter(group=group).values_list("year_level", flat=True)):
            by_level.setdefault(level, []).append(group)
    # a move to a parallel group of the same year level; a school without one (combination groups
    # only) moves the pupil to the neighbouring group, keeping the year level
    movable = [e for e in enrollments if len(by_level.get(e.year_level, [])) > 1] or enrollments
    moves = {}
    for e in rng.sample(movable, min(2, len(movable))):
        others = [g for g in by_level.get(e.year_level, []) if g.pk != e.group_id]
        others = others or [g for g in ctx.groups if g.pk != e.group_id]
        if others:
            moves[e.pupil_id] = others[0]
    stay = [e for e in enrollments if e.pupil_id not in moves]
    leavers = {e.pupil_id for e in rng.sample(stay, min(2, len(stay)))}
    report = import_export(
        school=ctx.school,
        pupils=export_from_database(ctx, today, leave=leavers, moves=moves),
        dry_run=False,
        today=today,
    )
    fault.details.update(
        dated=dated,
        imported=today,
        leavers=sorted(leavers),
        moves={pk: g.name for pk, g in moves.items()},
        summary=report.summary(),
    )
    fault.notes.append(
        f"export dated {dated} imported {today} ({(today - dated).days} days late): "
        f"{len(leavers)} leavers, {len(moves)} group changes; {report.summary()}"
    )
    journal.count("late_export")


# -- a moved public holiday ---------------------------------------------------------------------------


def _busy_days(ctx):
    busy = {local_day(s.starts_at) for s in Session.objects.filter(school_year=ctx.year).only("starts_at")}
    busy |= {local_day(s.starts_at) for s in Slot.objects.filter(round__school_year=ctx.year).only("starts_at")}
    for round in Round.objects.filter(school_year=ctx.year):
        busy |= set(days_between(round.first_day, round.last_day))
    return busy


def moved_holiday(ctx: YearContext, fault: Fault, journal):
    today = timezone.localdate()
    holidays = CalendarPeriod.objects.filter(
        Q(school_year=ctx.year, kind=PeriodKind.PUBLIC_HOLIDAY, day_off=True, start_date__gt=today)
    ).order_by("start_date")
    busy = _busy_days(ctx)
    candidates = [d for d in ctx.school_days(today + datetime.timedelta(days=14), ctx.year.last_day) if d not in busy]
    holiday = holidays.first()
    if holiday is None or not candidates:
        fault.notes.append("no public holiday left to move, or no free day to move it to")
        return
    target = candidates[0]
    public_holiday_choose(period=holiday, day_off=False)
    period_add(
        school_year=ctx.year,
        kind=PeriodKind.STUDY_DAY,
        name=f"Studiedag (in plaats van {holiday.name})",
        start_date=target,
        end_date=target,
        fixed=True,
    )
    publication = calendar_publish(school_year=ctx.year, by=ctx.leader)
    ctx.reload_calendar()
    fault.details.update(holiday=holiday.name, was=holiday.start_date, now=target, notified=publication.notified)
    fault.notes.append(
        f"{holiday.name} ({holiday.start_date}) is a school day now; study day on {target} instead; "
        f"{publication.notified} parents told of the change"
    )
    journal.count("moved_holiday")


def apply_day_faults(ctx, faults, journal):
    """Run the faults that are an action on this day (at 10:00, by leadership)."""
    today = timezone.localdate()
    for fault in faults:
        if fault.day != today:
            continue
        if fault.name == "late-export":
            late_export(ctx, fault, journal)
        elif fault.name == "moved-holiday":
            moved_holiday(ctx, fault, journal)
