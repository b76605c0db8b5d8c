"""Plan the year: one action that proposes and applies the year's information sessions,
conversation rounds and engagement-message weeks, and reports what it could not place and why.

The rules are the other apps' own (reused, not re-implemented):
- information sessions: meetings.planning (weeks 1–9, 14–21 days apart per audience, one per day,
  fixed or invited sessions never move); a loose session that is planned again is moved in place,
  so its calendar-feed id stays;
- conversation rounds: start conversations in weeks 3–4 (week 1 holds the first school day), the
  first development conversation in the two school weeks after the first report, advice
  conversations on the advice timeline (DevelopmentSettings, or the law's defaults): groep 8's
  provisional advice in the two school weeks up to its deadline, the final advice in the two school
  weeks up to its deadline (after the transfer test), groep 7's advice in the two school weeks up
  to its date. A round's first and last day are school days; a round starting within a week of
  today is neither created nor moved (parents hear of it at least a week ahead). A round that is fixed by hand, whose
  invitations went out, or that already has availability or slots is never moved;
- engagement messages: every ISO week with a send day that is not a holiday or public holiday
  (messaging.planning.send_day); weeks entirely in a holiday have none. These weeks are derived
  from the calendar, so nothing is written for them.

CalendarPeriods are never touched.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from conversations.models import Round, RoundKind
from conversations.rounds import round_create, round_update
from development.models import DevelopmentSettings
from development.rules import default_advice_timeline
from meetings.models import ProgrammeItem, Session
from meetings.planning import programme_propose
from messaging.planning import BLOCKING_PERIODS, KIND_ORDER, send_day, send_settings_for
from ouderbetrokkenheid.school.calendar import SchoolCalendar, days_between, week_start
from ouderbetrokkenheid.school.clock import at_local
from ouderbetrokkenheid.school.models import PeriodKind, SchoolYear

EVENING = datetime.time(19, 0)
ROUND_SCHOOL_DAYS = 10  # two school weeks
ADVICE_ROUND_KINDS = (RoundKind.ADVICE_PROVISIONAL, RoundKind.ADVICE_FINAL)
NOTICE = datetime.timedelta(days=7)  # parents hear of a round at least a week ahead
TIMELINE_FIELDS = (
    "groep7_advice_by",
    "provisional_advice_by",
    "transfer_test_from",
    "transfer_test_until",
    "final_advice_by",
)


@dataclass
class Line:
    what: str  # "session" | "round" | "messages"
    title: str
    when: str = ""
    reason: str = ""


@dataclass
class YearPlanReport:
    placed: list = field(default_factory=list)
    kept: list = field(default_factory=list)
    unplaced: list = field(default_factory=list)
    warnings: list = field(default_factory=list)  # placed, but later than the card advises (the reason says so)
    message_weeks: list = field(default_factory=list)  # Mondays of ISO weeks with engagement messages
    quiet_weeks: list = field(default_factory=list)  # Mondays of school-year weeks without

    @property
    def ok(self):
        return not self.unplaced


def _day(day):
    return date_format(day, "j F Y")


def _span(first, last):
    return f"{_day(first)} – {_day(last)}" if first != last else _day(first)


# -- the advice timeline ------------------------------------------------------------------------


def advice_timeline(school_year: SchoolYear) -> dict[str, datetime.date]:
    """The school's advice dates for the year: its DevelopmentSettings where set, else the law's defaults."""
    timeline = default_advice_timeline(school_year.first_day, school_year.last_day)
    settings = DevelopmentSettings.objects.filter(school_year=school_year).first()
    if settings is not None:
        timeline.update({name: getattr(settings, name) for name in TIMELINE_FIELDS if getattr(settings, name)})
    return timeline


# -- conversation rounds --------------------------------------------------------------------------


@dataclass
class RoundSpec:
    kind: str
    title: str
    year_levels: list
    first_day: datetime.date | None = None
    last_day: datetime.date | None = None
    reason: str = ""


def _after(calendar, day, count):
    """The first `count` school days after `day`."""
    return calendar.school_days(day + datetime.timedelta(days=1), day + datetime.timedelta(days=count * 3))[:count]


def _up_to(calendar, day, count, not_before=None):
    """The last `count` school days up to and including `day` (not before `not_before`)."""
    days = calendar.school_days(day - datetime.timedelta(days=count * 3), day)[-count:]
    return [d for d in days if not_before is None or d >= not_before]


def round_specs(school_year, calendar, periods, timeline) -> list[RoundSpec]:
    week_three = calendar.week_one + datetime.timedelta(weeks=2)
    start_days = calendar.school_days(max(week_three, school_year.first_day), week_three + datetime.timedelta(days=11))
    reports = sorted(p.start_date for p in periods if p.kind == PeriodKind.REPORT_DATE)
    specs = [
        _spec(RoundKind.START, "Startgesprekken", range(1, 9), start_days, _("Week 3 en 4 hebben geen schooldagen.")),
        _spec(
            RoundKind.DEVELOPMENT_1,
            "Eerste ontwikkelingsgesprekken",
            range(1, 9),
            _after(calendar, reports[0], ROUND_SCHOOL_DAYS) if reports else [],
            _("Er staat nog geen rapportdatum in de kalender; voeg het eerste rapport toe."),
        ),
        _spec(
            RoundKind.ADVICE_PROVISIONAL,
            "Voorlopig schooladvies groep 8",
            [8],
            _up_to(calendar, timeline["provisional_advice_by"], ROUND_SCHOOL_DAYS),
            _("Voor de datum van het voorlopig schooladvies zijn geen schooldagen."),
        ),
        _spec(
            RoundKind.ADVICE_FINAL,
            "Definitief schooladvies groep 8",
            [8],
            _up_to(
                calendar,
                timeline["final_advice_by"],
                ROUND_SCHOOL_DAYS,
                not_before=timeline["transfer_test_until"] + datetime.timedelta(days=1),
            ),
            _("Tussen de doorstroomtoets en de datum van het definitief schooladvies zijn geen schooldagen."),
        ),
        _spec(
            RoundKind.ADVICE_PROVISIONAL,
            "Adviesgesprek groep 7",
            [7],
            _up_to(calendar, timeline["groep7_advice_by"], ROUND_SCHOOL_DAYS),
            _("Voor de datum van het advies in groep 7 zijn geen schooldagen."),
        ),
    ]
    for spec in specs:
        if spec.first_day and not (school_year.contains(spec.first_day) and school_year.contains(spec.last_day)):
            spec.first_day = spec.last_day = None
            spec.reason = _("De datums vallen buiten het schooljaar.")
    return specs


def _spec(kind, title, levels, days, reason):
    if not days:
        return RoundSpec(kind, title, list(levels), reason=reason)
    return RoundSpec(kind, title, list(levels), days[0], days[-1])


def _late_days(spec, calendar, earliest):
    """(first, last) school day of a round that can no longer be held when the card advises: the
    same number of school days from `earliest`; an advice round still ends by its deadline (the law's
    date), so it gets the school days left before it, if any. None when nothing is left."""
    if spec.kind in ADVICE_ROUND_KINDS:
        days = calendar.school_days(earliest, spec.last_day)
    else:
        days = calendar.school_days(earliest, calendar.school_year.last_day)[:ROUND_SCHOOL_DAYS]
    return (days[0], days[-1]) if days else None


def _match(spec, rounds):
    """The existing round this spec stands for: same kind and the same year levels, else same kind."""
    same = [r for r in rounds if r.kind == spec.kind and not r.one_off]
    exact = [r for r in same if sorted(r.year_levels) == sorted(spec.year_levels)]
    if spec.kind == RoundKind.ADVICE_PROVISIONAL:
        return exact[0] if exact else None
    return (exact or same or [None])[0]


def _touched(round, busy_ids):
    return round.fixed or round.invited_at is not None or round.pk in busy_ids


def plan_rounds(school_year, calendar, periods, report, today) -> None:
    rounds = list(Round.objects.filter(school_year=school_year).order_by("first_day", "pk"))
    busy_ids = set(
        Round.objects.filter(school_year=school_year, availability__isnull=False).values_list("pk", flat=True)
    ) | set(Round.objects.filter(school_year=school_year, slots__isnull=False).values_list("pk", flat=True))
    for spec in round_specs(school_year, calendar, periods, advice_timeline(school_year)):
        existing = _match(spec, rounds)
        if existing is not None and _touched(existing, busy_ids):
            report.kept.append(
                Line(
                    "round",
                    existing.title,
                    _span(existing.first_day, existing.last_day),
                    _("vastgezet of al in gebruik; niet verplaatst"),
                )
            )
            rounds.remove(existing)
            continue
        if existing is not None and existing.first_day < today + NOTICE:
            report.kept.append(Line("round", existing.title, _span(existing.first_day, existing.last_day),
                                    _("al begonnen of te dichtbij om nog te verplaatsen")))  # fmt: skip
            rounds.remove(existing)
            continue
        if spec.first_day is None:
            report.unplaced.append(Line("round", spec.title, reason=spec.reason))
            continue
        if spec.first_day < today + NOTICE:
            late = _late_days(spec, calendar, today + NOTICE)
            if late is None:
                reason = _("De uitnodiging kan niet meer minstens een week van tevoren uit.")
                report.unplaced.append(Line("round", spec.title, _span(spec.first_day, spec.last_day), reason))
                continue
            advice = _span(spec.first_day, spec.last_day)
            spec.first_day, spec.last_day = late
            report.warnings.append(Line("round", spec.title, _span(*late), _(
                "de kaart raadt %(advice)s aan; dit zijn de vroegste goede dagen die nog kunnen"
            ) % {"advice": advice}))  # fmt: skip
        if existing is not None:
            round_update(round=existing, first_day=spec.first_day, last_day=spec.last_day)
            rounds.remove(existing)
        else:
            round_create(
                school_year=school_year,
                kind=spec.kind,
                title=spec.title,
                year_levels=spec.year_levels,
                first_day=spec.first_day,
                last_day=spec.last_day,
            )
        report.placed.append(Line("round", spec.title, _span(spec.first_day, spec.last_day)))


# -- information sessions -----------------------------------------------------------------------


def apply_sessions(school_year, proposal, not_before) -> None:
    """Write the meetings proposal like meetings.planning.programme_apply, but move an existing loose
    session (not fixed, not invited) of the same item and audience instead of deleting and recreating
    it: its id (the calendar feed's event id), location and presenters stay."""
    loose = Session.objects.filter(
        school_year=school_year,
        fixed=False,
        invitations_sent_at__isnull=True,
        starts_at__gte=at_local(not_before, datetime.time(0, 0)),  # held, or too close to move: kept
    )
    by_audience = defaultdict(list)
    for session in loose.order_by("starts_at", "pk"):
        by_audience[(session.item_id, tuple(session.year_levels), session.lateral_entrants)].append(session)
    new, moved = [], []
    for p in proposal.sessions:
        if p.session is not None:
            continue
        same = by_audience.get((p.item.pk, tuple(p.year_levels), p.lateral_entrants))
        if same:
            session = same.pop(0)
            if session.starts_at != p.starts_at:
                session.starts_at = p.starts_at
                moved.append(session)
        else:
            new.append(Session(item=p.item, school_year=school_year, year_levels=p.year_levels,
                               lateral_entrants=p.lateral_entrants, starts_at=p.starts_at,
                               duration_minutes=p.duration_minutes))  # fmt: skip
    Session.objects.filter(pk__in=[s.pk for rest in by_audience.values() for s in rest]).delete()
    Session.objects.bulk_update(moved, ["starts_at"])
    Session.objects.bulk_create(new)


def plan_sessions(school_year, time_of_day, report, today) -> None:
    if not ProgrammeItem.objects.filter(school_id=school_year.school_id, active=True).exists():
        report.unplaced.append(
            Line(
                "session",
                _("Informatiebijeenkomsten"),
                reason=_("De school heeft nog geen programma voor de bijeenkomsten."),
            )
        )
        return
    # Parents hear of a session at least a week ahead; what is past or closer stays as it is.
    proposal = programme_propose(school_year=school_year, time_of_day=time_of_day, today=today)
    apply_sessions(school_year, proposal, today + NOTICE)
    for p in proposal.sessions:
        title = _("%(title)s (groep %(levels)s)") % {
            "title": p.item.title,
            "levels": ", ".join(str(level) for level in p.year_levels) or "-",
        }
        line = Line("session", title, date_format(p.starts_at, "l j F Y H:i") if p.starts_at else "")
        (report.kept if p.session is not None else report.placed).append(line)
    report.warnings += [Line("session", text) for text in proposal.warnings]
    for u in proposal.unplaced:
        title = _("%(title)s (groep %(levels)s)") % {
            "title": u.item.title,
            "levels": ", ".join(str(v) for v in u.year_levels) or "-",
        }
        report.unplaced.append(Line("session", title, reason=u.reason))


# -- engagement-message weeks -------------------------------------------------------------------


def message_weeks(school_year: SchoolYear, periods=None) -> tuple[list, list]:
    """(Mondays of weeks with engagement messages, Mondays of school-year weeks without), by the
    messaging rules: a send day in a holiday or on a public holiday moves within its week; a week
    with no free send day has no messages."""
    periods = list(school_year.periods.all()) if periods is None else periods
    blocked = set()
    for p in periods:
        if p.kind in BLOCKING_PERIODS:  # as messaging.planning.blocked_days: every public holiday blocks
            blocked.update(days_between(p.start_date, p.end_date))
    settings = send_settings_for(school_year.school)
    with_messages, without = [], []
    week = week_start(school_year.first_day)
    while week <= school_year.last_day:
        days = [week + datetime.timedelta(days=i) for i in range(7)]
        week_blocked = frozenset(d for d in days if d in blocked or not school_year.contains(d))
        sends = [send_day(settings=settings, week=week, kind=kind, blocked=week_blocked) for kind in KIND_ORDER]
        (with_messages if any(sends) else without).append(week)
        week += datetime.timedelta(weeks=1)
    return with_messages, without


# -- the action ---------------------------------------------------------------------------------


@transaction.atomic
def plan_year(
    *, school_year: SchoolYear, time_of_day: datetime.time = EVENING, today: datetime.date | None = None
) -> YearPlanReport:
    """Propose and apply the year's sessions and rounds around everything fixed by hand; report
    what was placed, what was kept, and what could not be placed and why (in Dutch). A round that
    would start within a week of `today` (parents must hear a week ahead) is neither created nor moved."""
    today = today or timezone.localdate()
    school_year = SchoolYear.objects.select_for_update().select_related("school").get(pk=school_year.pk)
    periods = list(school_year.periods.all())
    calendar = SchoolCalendar(school_year, periods)
    report = YearPlanReport()
    plan_sessions(school_year, time_of_day, report, today)
    plan_rounds(school_year, calendar, periods, report, today)
    report.message_weeks, report.quiet_weeks = message_weeks(school_year, periods)
    report.placed.append(
        Line(
            "messages",
            _("Weekberichten"),
            _("%(n)s weken met berichten, %(quiet)s weken zonder (vakantie)")
            % {"n": len(report.message_weeks), "quiet": len(report.quiet_weeks)},
        )
    )
    return report
