"""Planning a school year's information sessions.

The rules (issue 4):
- weeks are counted from the Monday of the week holding the first school day (week 1); the
  sessions fall in weeks 1–9, on school days (Monday–Friday, not in a holiday, public
  holiday or study day). Holiday weeks count as weeks: the window is the first nine
  calendar weeks of the year, so it is never longer than nine school weeks either;
- per audience (the parents of one year level, with or without a lateral entrant) the
  sessions follow the programme order 1 → 2 → 3, 14–21 days apart. An audience that skips
  a session of the programme (groep 8 has no session 2) may take 21 days per step between
  the sessions it does have (at most 42 days from 1 to 3), never fewer than 14;
- session 1 (the year's milestones, key "milestones") is planned per pair of adjacent year
  levels (1/2, 3/4, 5/6, 7/8; `levels_per_evening`), every other session once for its whole
  audience. The proposal puts at most one session on a day, so a guardian with children in
  two year levels never faces two sessions at the same time, nor on the same evening;
- sessions that are fixed (`fixed=True`) or whose invitations went out are never moved; the
  new proposal plans around them;
- the search prefers week 2 onwards (so invitations can go out a week ahead) and the
  earliest days; what it cannot place is reported with the reason.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ouderbetrokkenheid.school.calendar import SchoolCalendar
from ouderbetrokkenheid.school.clock import at_local, local_day
from ouderbetrokkenheid.school.models import Enrollment, SchoolYear

from .models import ProgrammeItem, Session

WEEKS = 9
MIN_GAP = 14
MAX_GAP = 21
SPLIT_KEYS = ("milestones",)
SEARCH_BUDGET = 20_000


def _day(day):
    return date_format(day, "l j F")


class PlanningCalendar(SchoolCalendar):
    """The school calendar with the planning window of the sessions: weeks 1–9 (or nine weeks from
    a late start)."""

    late_from = None  # set by `start_late`: the window is nine weeks from that day instead

    def in_window(self, day) -> bool:
        return self.school_year.contains(day) and self.week_of(day) <= WEEKS

    def start_late(self, day):
        """A school that starts later in the year (or has to plan again) gets the same nine weeks
        from `day` on: the card's weeks 1–9 become advice, not a wall."""
        if day > self.week_one + datetime.timedelta(weeks=1):
            self.late_from = day

    @property
    def window_end(self):
        start = self.late_from or self.week_one
        card_end = self.week_one + datetime.timedelta(weeks=WEEKS, days=-3)
        return min(max(card_end, start + datetime.timedelta(weeks=WEEKS, days=-3)), self.school_year.last_day)

    def window_days(self) -> list[datetime.date]:
        return self.school_days(self.school_year.first_day, self.window_end)


# -- the units to plan and the audiences (tracks) ---------------------------------------------------


@dataclass
class Unit:
    item: ProgrammeItem
    year_levels: tuple
    lateral_entrants: bool
    day: datetime.date | None = None
    session: Session | None = None  # an existing session that stays where it is

    @property
    def number(self):
        return self.item.number


def chunks(levels, size):
    """Adjacent year levels in runs of at most `size`: [1..8], 2 → [1, 2], [3, 4], [5, 6], [7, 8]."""
    runs = []
    for level in sorted(levels):
        if runs and len(runs[-1]) < size and runs[-1][-1] == level - 1:
            runs[-1].append(level)
        else:
            runs.append([level])
    return [tuple(run) for run in runs]


def tracks(units) -> dict[tuple, list[int]]:
    """Per audience (year level, has a lateral entrant): the indexes of its units in programme order."""
    levels = sorted({level for unit in units for level in unit.year_levels} | set(range(1, 9)))
    laterals = (False, True) if any(u.lateral_entrants for u in units) else (False,)
    result = {}
    for level in levels:
        for lateral in laterals:
            members = [i for i, u in enumerate(units) if level in u.year_levels or (lateral and u.lateral_entrants)]
            if members:
                result[(level, lateral)] = sorted(members, key=lambda i: units[i].number)
    return result


def gap_bounds(a_number, b_number, numbers) -> tuple[int, int]:
    """Allowed days between consecutive sessions of an audience: 14–21, 21 more per skipped session."""
    skipped = sum(1 for n in numbers if a_number < n < b_number)
    return MIN_GAP, MAX_GAP * (skipped + 1)


def neighbours(track, units, index):
    """The units right before and right after `index` in the track (by programme number)."""
    number = units[index].number
    lower = [i for i in track if units[i].number < number]
    higher = [i for i in track if units[i].number > number]
    before = [i for i in lower if units[i].number == units[lower[-1]].number] if lower else []
    after = [i for i in higher if units[i].number == units[higher[0]].number] if higher else []
    return before, after


# -- the search -----------------------------------------------------------------------------------


class Planner:
    def __init__(self, *, units, calendar, numbers, not_before, earliest=None):
        """`not_before`: days from then are tried first; `earliest`: no day before it at all."""
        self.units, self.calendar, self.numbers = units, calendar, numbers
        self.tracks_of = {}
        for track in tracks(units).values():
            for i in track:
                self.tracks_of.setdefault(i, []).append(track)
        self.earliest = earliest
        days = [d for d in calendar.window_days() if earliest is None or d >= earliest]
        self.candidates = [d for d in days if d >= not_before] + [d for d in days if d < not_before]
        self.todo = [i for i, u in enumerate(units) if u.day is None]
        self.budget = SEARCH_BUDGET

    def used(self):
        return {u.day for u in self.units if u.day}

    def bounds(self, index):
        """(earliest, latest) day for unit `index` given its placed neighbours in every audience."""
        low, high = datetime.date.min, datetime.date.max
        number = self.units[index].number
        for track in self.tracks_of.get(index, []):
            before, after = neighbours(track, self.units, index)
            for j in before:
                if self.units[j].day:
                    least, most = gap_bounds(self.units[j].number, number, self.numbers)
                    low = max(low, self.units[j].day + datetime.timedelta(days=least))
                    high = min(high, self.units[j].day + datetime.timedelta(days=most))
            for j in after:
                if self.units[j].day:
                    least, most = gap_bounds(number, self.units[j].number, self.numbers)
                    high = min(high, self.units[j].day - datetime.timedelta(days=least))
                    low = max(low, self.units[j].day - datetime.timedelta(days=most))
        return low, high

    def feasible_days(self, index, used):
        low, high = self.bounds(index)
        previous = self.same_item_before(index)
        if previous is not None and self.units[previous].day:
            low = max(low, self.units[previous].day + datetime.timedelta(days=1))
        return [d for d in self.candidates if low <= d <= high and d not in used]

    def same_item_before(self, index):
        """The previous unit of the same item still to plan (chunks are placed in order)."""
        earlier = [i for i in self.todo if i < index and self.units[i].item.pk == self.units[index].item.pk]
        return earlier[-1] if earlier else None

    def solve(self, position=0, used=None) -> bool:
        used = self.used() if used is None else used
        if position == len(self.todo):
            return True
        index = self.todo[position]
        for day in self.feasible_days(index, used):
            self.budget -= 1
            if self.budget < 0:
                return False
            self.units[index].day = day
            if self.still_open(position + 1, used | {day}) and self.solve(position + 1, used | {day}):
                return True
            self.units[index].day = None
        return False

    def still_open(self, position, used):
        """Forward check: every unit still to plan has at least one day left."""
        return all(self.feasible_days(i, used) for i in self.todo[position:])

    def greedy(self) -> dict[int, str]:
        """Place what can be placed, earliest first; return the reason per unit left out."""
        reasons = {}
        for index in self.todo:
            self.units[index].day = None
        for index in self.todo:
            days = self.feasible_days(index, self.used())
            if days:
                self.units[index].day = days[0]
            else:
                reasons[index] = self.reason(index)
        return reasons

    def reason(self, index):
        low, high = self.bounds(index)
        low = max(low, self.calendar.school_year.first_day)
        high = min(high, self.calendar.window_end)
        if self.earliest is not None and self.earliest > self.calendar.window_end:
            return _("Het schooljaar is bijna voorbij: voor een uitnodiging is het te laat.")
        if low > high:
            if low > self.calendar.window_end:
                return _("Na de vorige bijeenkomst (minstens %(gap)s dagen later) valt geen schooldag meer.") % {
                    "gap": MIN_GAP
                }
            return _("De bijeenkomsten ervoor en erna laten geen ruimte: er moeten 14 tot 21 dagen tussen zitten.")
        return _(
            "Tussen %(low)s en %(high)s is geen vrije schooldag (vakantie, studiedag of al een bijeenkomst op die dag)."
        ) % {"low": _day(low), "high": _day(high)}


# -- the proposal ---------------------------------------------------------------------------------


@dataclass
class ProposedSession:
    item: ProgrammeItem
    year_levels: list
    lateral_entrants: bool
    starts_at: datetime.datetime
    duration_minutes: int
    fixed: bool = False
    session: Session | None = None  # the existing session when it stays

    @property
    def day(self):
        return local_day(self.starts_at)


@dataclass
class Unplaced:
    item: ProgrammeItem
    year_levels: list
    lateral_entrants: bool
    reason: str


@dataclass
class Proposal:
    school_year: SchoolYear
    time_of_day: datetime.time
    location: str = ""
    childcare: bool = False
    interpreter_languages: list = field(default_factory=list)
    sessions: list = field(default_factory=list)
    unplaced: list = field(default_factory=list)
    warnings: list = field(default_factory=list)  # the card's advice that the proposal cannot follow


INVITE_NOTICE = datetime.timedelta(days=7)  # invitations go out at least a week ahead


def kept_sessions(school_year, *, before=None):
    """Sessions a new proposal never moves: fixed ones, those whose invitations went out, and
    (with `before`) those starting before that day: held already, or too close to invite for."""
    keep = Q(fixed=True) | Q(invitations_sent_at__isnull=False)
    if before is not None:
        keep |= Q(starts_at__lt=at_local(before, datetime.time(0, 0)))
    return list(
        Session.objects.filter(school_year=school_year).filter(keep).select_related("item").order_by("starts_at")
    )


def plan_units(items, kept, levels_per_evening):
    units = [
        Unit(s.item, tuple(s.year_levels), s.lateral_entrants, day=local_day(s.starts_at), session=s) for s in kept
    ]
    for item in items:
        mine = [s for s in kept if s.item_id == item.pk]
        covered = {level for s in mine for level in s.year_levels}
        remaining = [level for level in item.year_levels if level not in covered]
        lateral = item.lateral_entrants and not any(s.lateral_entrants for s in mine)
        if not remaining and not lateral:
            continue
        if item.key in SPLIT_KEYS:
            units += [Unit(item, run, lateral) for run in chunks(remaining, levels_per_evening)]
        else:
            units.append(Unit(item, tuple(remaining), lateral))
    return units


def programme_propose(
    *,
    school_year: SchoolYear,
    time_of_day: datetime.time,
    location: str = "",
    childcare: bool = False,
    interpreter_languages=(),
    levels_per_evening: int = 2,
    not_before: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Proposal:
    """Propose dates for the school's active programme in weeks 1–9 of `school_year`. Reads only.
    `not_before`: days from then are preferred, and sessions before it are kept. With `today`,
    nothing is placed before a week from today at all, and sessions before that are kept: held
    already, or too close to invite for."""
    calendar = PlanningCalendar.of(school_year)
    items = list(ProgrammeItem.objects.filter(school_id=school_year.school_id, active=True).order_by("number"))
    # Parents hear of a session at least a week ahead: with `today`, nothing is placed before a
    # week from today, and what lies before it (held, or too close) is kept as it is.
    earliest = today + INVITE_NOTICE if today is not None else None
    if earliest is not None:
        calendar.start_late(earliest)
    kept = kept_sessions(school_year, before=earliest or not_before)
    units = plan_units(items, kept, max(1, levels_per_evening))
    numbers = sorted({u.number for u in units})
    week_two = calendar.week_one + datetime.timedelta(weeks=1)
    not_before = max(d for d in (not_before, earliest, week_two) if d is not None)
    planner = Planner(units=units, calendar=calendar, numbers=numbers, not_before=not_before, earliest=earliest)
    reasons = {} if planner.solve() else planner.greedy()
    proposal = Proposal(
        school_year=school_year,
        time_of_day=time_of_day,
        location=location,
        childcare=childcare,
        interpreter_languages=list(interpreter_languages),
    )
    for index, unit in enumerate(units):
        if index in reasons:
            proposal.unplaced.append(Unplaced(unit.item, list(unit.year_levels), unit.lateral_entrants, reasons[index]))
        elif unit.session is not None:
            s = unit.session
            proposal.sessions.append(
                ProposedSession(s.item, s.year_levels, s.lateral_entrants, s.starts_at, s.duration_minutes, True, s)
            )
        else:
            starts_at = at_local(unit.day, time_of_day)
            proposal.sessions.append(
                ProposedSession(unit.item, list(unit.year_levels), unit.lateral_entrants, starts_at,
                                unit.item.duration_minutes)
            )  # fmt: skip
    proposal.sessions.sort(key=lambda p: (p.starts_at, p.item.number))
    proposal.warnings = late_warnings(calendar, [p for p in proposal.sessions if p.session is None])
    return proposal


def late_warnings(calendar, proposed) -> list[str]:
    """The card's advice (weeks 1–9) as a warning for each proposed session that falls later."""
    return [
        _(
            "%(title)s (groep %(levels)s) valt in week %(week)s. De kaart raadt week 1–9 aan; "
            "dit is de vroegste goede dag die nog kan."
        )
        % {"title": p.item.title, "levels": ", ".join(map(str, p.year_levels)) or "-", "week": calendar.week_of(p.day)}
        for p in proposed
        if not calendar.in_window(p.day)
    ]


@transaction.atomic
def programme_apply(*, school_year: SchoolYear, proposal: Proposal) -> list[Session]:
    """Write the proposal: sessions not fixed and not yet invited are replaced by the new ones."""
    SchoolYear.objects.select_for_update().filter(pk=school_year.pk).first()
    kept = [p.session.pk for p in proposal.sessions if p.session is not None]
    Session.objects.filter(school_year=school_year, fixed=False, invitations_sent_at__isnull=True).exclude(
        pk__in=kept
    ).delete()
    Session.objects.bulk_create(
        [
            Session(
                item=p.item,
                school_year=school_year,
                year_levels=p.year_levels,
                lateral_entrants=p.lateral_entrants,
                starts_at=p.starts_at,
                duration_minutes=p.duration_minutes,
                location=proposal.location,
                childcare=proposal.childcare,
                interpreter_languages=proposal.interpreter_languages,
            )
            for p in proposal.sessions
            if p.session is None
        ]
    )
    return list(Session.objects.filter(school_year=school_year).select_related("item").order_by("starts_at"))


# -- one session on a day of the school's choice ------------------------------------------------------


@dataclass
class SessionAdded:
    session: Session
    warnings: list


@transaction.atomic
def session_add(
    *, school_year: SchoolYear, item: ProgrammeItem, year_levels, lateral_entrants: bool = False,
    starts_at: datetime.datetime, duration_minutes: int | None = None, location: str = "",
) -> SessionAdded:  # fmt: skip
    """Add one session on any school day the school chooses, from today on (a school that starts
    mid-year holds its sessions when it can). It is fixed: a new proposal plans around it. The
    card's advice (weeks 1–9, a week's notice for the invitation) comes back as warnings."""
    from .notice import INVITE_DAYS_AHEAD, invite_too_late

    if item.school_id != school_year.school_id:
        raise ValidationError(_("Kies een bijeenkomst uit het programma van deze school."))
    levels = sorted({int(level) for level in year_levels})
    if not levels or any(level not in range(1, 9) for level in levels):
        raise ValidationError(_("Kies een of meer groepen (1 t/m 8)."))
    day = local_day(starts_at)
    calendar = PlanningCalendar.of(school_year)
    reason = calendar.day_off_reason(day)
    if reason:
        raise ValidationError(
            _("Op %(day)s is er geen school (%(reason)s). Kies een schooldag.") % {"day": _day(day), "reason": reason}
        )
    if starts_at <= timezone.now():
        raise ValidationError(_("Dat moment is al voorbij. Kies een dag vanaf vandaag."))
    session = Session(item=item, school_year=school_year, year_levels=levels, lateral_entrants=lateral_entrants,
                      starts_at=starts_at, duration_minutes=duration_minutes or item.duration_minutes,
                      location=location.strip(), fixed=True)  # fmt: skip
    session.full_clean(exclude=["presenters"])
    session.save()
    warnings = late_warnings(calendar, [ProposedSession(item, levels, lateral_entrants, starts_at, 0)])
    if invite_too_late(session):
        warnings.append(
            _("De bijeenkomst is over minder dan %(days)s dagen: er kan geen uitnodiging meer uit.")
            % {"days": INVITE_DAYS_AHEAD}
        )
    return SessionAdded(session, warnings)


# -- conflicts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    kind: str  # day_off | window | order | gap | same_time
    message: str
    sessions: tuple


def _audience_day(school_year):
    return min(max(timezone.localdate(), school_year.first_day), school_year.last_day)


def guardian_audiences(school_year, day) -> dict[int, tuple[set, bool]]:
    """Per guardian (receiving information): the year levels of their children and whether one
    is a lateral entrant, from the enrollments running on `day`. One query."""

    rows = (
        Enrollment.objects.current(day)
        .filter(group__school_year=school_year, pupil__guardian_links__receives_information=True)
        .values_list("pupil__guardian_links__guardian_id", "year_level", "is_lateral_entrant")
    )
    result = {}
    for guardian_id, level, lateral in rows:
        levels, was_lateral = result.get(guardian_id, (set(), False))
        levels.add(level)
        result[guardian_id] = (levels, was_lateral or lateral)
    return result


def _invited_by_rule(session, levels, lateral):
    return bool(levels & set(session.year_levels)) or (lateral and session.lateral_entrants)


def _same_time(sessions, audiences):
    found = []
    ordered = sorted(sessions, key=lambda s: s.starts_at)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b.starts_at >= a.ends_at:
                break
            shared = sum(
                1 for lv, lat in audiences.values() if _invited_by_rule(a, lv, lat) and _invited_by_rule(b, lv, lat)
            )
            same_audience = bool(set(a.year_levels) & set(b.year_levels)) or (a.lateral_entrants and b.lateral_entrants)
            if shared or same_audience:
                message = _("%(a)s en %(b)s zijn tegelijk; %(n)s ouders zijn voor allebei uitgenodigd.") % {
                    "a": a.item.title, "b": b.item.title, "n": shared,
                }  # fmt: skip
                found.append(Conflict("same_time", message, (a, b)))
    return found


def _sequence(sessions, numbers):
    """Order and gap violations per audience, each pair of sessions reported once."""
    units = [Unit(s.item, tuple(s.year_levels), s.lateral_entrants, local_day(s.starts_at), s)
             for s in sessions]  # fmt: skip
    found, seen = [], set()
    for (level, lateral), track in tracks(units).items():
        for index in track:
            _, after = neighbours(track, units, index)
            for j in after:
                a, b = units[index], units[j]
                if (a.session.pk, b.session.pk) in seen:
                    continue
                seen.add((a.session.pk, b.session.pk))
                found += _pair_conflicts(a, b, numbers, level, lateral)
    return found


def _pair_conflicts(a, b, numbers, level, lateral):
    audience = (_("ouders van zij-instromers in groep %(level)s") if lateral else _("ouders van groep %(level)s")) % {
        "level": level
    }
    names = {"a": a.item.title, "b": b.item.title, "audience": audience}
    gap = (b.day - a.day).days
    least, most = gap_bounds(a.number, b.number, numbers)
    if gap <= 0:
        return [Conflict("order", _("%(b)s is vóór %(a)s, maar de volgorde is 1 → 2 → 3 (%(audience)s).") % names,
                         (a.session, b.session))]  # fmt: skip
    if not least <= gap <= most:
        message = _("Tussen %(a)s en %(b)s zitten %(gap)s dagen; dat moet %(least)s tot %(most)s zijn (%(audience)s).")
        names.update(gap=gap, least=least, most=most)
        return [Conflict("gap", message % names, (a.session, b.session))]
    return []


def session_conflicts(*, school_year: SchoolYear) -> list[Conflict]:
    """What breaks the planning rules in the school year's sessions, in four queries."""
    sessions = list(Session.objects.filter(school_year=school_year).select_related("item").order_by("starts_at"))
    if not sessions:
        return []
    calendar = PlanningCalendar.of(school_year)
    numbers = sorted(set(ProgrammeItem.objects.filter(school_id=school_year.school_id, active=True)
                         .values_list("number", flat=True)) | {s.item.number for s in sessions})  # fmt: skip
    found = []
    for s in sessions:
        day = local_day(s.starts_at)
        reason = calendar.day_off_reason(day)
        if reason:
            found.append(Conflict("day_off", _("%(title)s valt op een dag zonder school: %(reason)s.")
                                  % {"title": s.item.title, "reason": reason}, (s,)))  # fmt: skip
        if not calendar.in_window(day):
            week = calendar.week_of(day)
            found.append(Conflict("window", _("%(title)s valt in week %(week)s; de kaart raadt week 1–9 aan.")
                                  % {"title": s.item.title, "week": week}, (s,)))  # fmt: skip
    found += _sequence(sessions, numbers)
    found += _same_time(sessions, guardian_audiences(school_year, _audience_day(school_year)))
    return found
