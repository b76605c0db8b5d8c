"""Conflicts in a school year's plan, recomputed whenever the plan changes.

`year_conflicts(school_year)` reads the whole year in a fixed number of queries (whatever the
number of pupils, guardians, sessions or rounds) and reports, in Dutch:
- `day_off`: a session, a conversation round's first/last day, teacher availability, or a report
  date/test period/activity on a holiday, public holiday off or study day;
- `same_evening`: two events for the same audience (year level) on one evening: two sessions,
  or a session and evening conversation times of a round for that year level;
- `guardian_clash`: sessions for different year levels on one evening, with guardians who have
  children in both;
- `teacher_double`: a teacher available for conversations in two rounds at once, or during a
  session of their own group's year level (or one they present);
- `round_capacity`: a round whose teachers have fewer conversation times than pupils to see;
- `late_invitation`: an invitation that goes (or went) out less than 7 days before the event.

An event is a meetings Session, a conversations Round or Availability, or a CalendarPeriod.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from conversations.models import ACTIVE, Availability, Booking, Round, Slot
from meetings.models import Session
from ouderbetrokkenheid.school.calendar import SchoolCalendar
from ouderbetrokkenheid.school.models import Enrollment, Group, GuardianOf, PeriodKind, SchoolYear

ERROR, WARNING = "error", "warning"
NOTICE_DAYS = 7
EVENING_FROM = datetime.time(17, 0)
DATED_KINDS = (PeriodKind.REPORT_DATE, PeriodKind.TEST_PERIOD, PeriodKind.ACTIVITY)


@dataclass(frozen=True)
class Conflict:
    kind: str
    message: str
    events: tuple = field(default=())
    severity: str = ERROR


def _day(day):
    return date_format(day, "l j F Y")


def _local(moment):
    return timezone.localtime(moment)


def _levels(levels):
    return ", ".join(str(level) for level in sorted(levels))


@dataclass
class YearData:
    """Everything the checks read, loaded once."""

    school_year: SchoolYear
    calendar: SchoolCalendar
    periods: list
    sessions: list
    rounds: list
    availability: list
    free_slots: dict  # (round_id, staff_id) -> free slots
    booked: dict  # round_id -> set of pupil ids with an active booking
    enrollments: list  # (pupil_id, group_id, year_level, lateral, start, end)
    teachers: dict  # group_id -> set of staff ids
    guardians: dict  # pupil_id -> set of guardian ids


def load(school_year: SchoolYear) -> YearData:
    """Ten queries."""
    periods = list(school_year.periods.all())
    sessions = list(
        Session.objects.filter(school_year=school_year).select_related("item").prefetch_related("presenters")
    )
    rounds = list(Round.objects.filter(school_year=school_year))
    availability = list(Availability.objects.filter(round__school_year=school_year).select_related("staff"))
    taken = Booking.objects.filter(ACTIVE, slot=OuterRef("pk"))
    free = (
        Slot.objects.filter(round__school_year=school_year)
        .exclude(Exists(taken))
        .values("round_id", "staff_id")
        .annotate(n=Count("pk"))
    )
    booked = defaultdict(set)
    for round_id, pupil_id in Booking.objects.filter(ACTIVE, round__school_year=school_year).values_list(
        "round_id", "pupil_id"
    ):
        booked[round_id].add(pupil_id)
    enrollments = list(
        Enrollment.objects.filter(group__school_year=school_year).values_list(
            "pupil_id", "group_id", "year_level", "is_lateral_entrant", "start_date", "end_date"
        )
    )
    teachers = defaultdict(set)
    for group_id, staff_id in Group.teachers.through.objects.filter(group__school_year=school_year).values_list(
        "group_id", "staff_id"
    ):
        teachers[group_id].add(staff_id)
    guardians = defaultdict(set)
    for guardian_id, pupil_id in GuardianOf.objects.filter(
        receives_information=True, pupil__enrollments__group__school_year=school_year
    ).values_list("guardian_id", "pupil_id"):
        guardians[pupil_id].add(guardian_id)
    return YearData(
        school_year=school_year,
        calendar=SchoolCalendar(school_year, periods),
        periods=periods,
        sessions=sessions,
        rounds=rounds,
        availability=availability,
        free_slots={(row["round_id"], row["staff_id"]): row["n"] for row in free},
        booked=booked,
        enrollments=enrollments,
        teachers=teachers,
        guardians=guardians,
    )


def enrolled_on(data, day):
    """(pupil_id, group_id, year_level, lateral) of the enrollments running on `day`."""
    return [
        (p, g, lv, lat) for p, g, lv, lat, start, end in data.enrollments if start <= day and (end is None or end > day)
    ]


# -- the checks ---------------------------------------------------------------------------------


def _off(data, day):
    """Why `day` is a day off (holiday, public holiday off, study day), else None. Weekends are not."""
    if day.weekday() >= 5 or not data.school_year.contains(day):
        return None
    return data.calendar.off.get(day)


def days_off(data) -> list[Conflict]:
    found = []
    for s in data.sessions:
        reason = _off(data, _local(s.starts_at).date())
        if reason:
            found.append(
                Conflict(
                    "day_off",
                    _("Informatiebijeenkomst %(title)s valt op %(day)s: %(reason)s.")
                    % {"title": s.item.title, "day": _day(_local(s.starts_at).date()), "reason": reason},
                    (s,),
                )
            )
    for r in data.rounds:
        for day in sorted({r.first_day, r.last_day}):
            reason = _off(data, day)
            if reason:
                found.append(
                    Conflict(
                        "day_off",
                        _("Gespreksronde %(title)s begint of eindigt op %(day)s: %(reason)s.")
                        % {"title": r.title, "day": _day(day), "reason": reason},
                        (r,),
                        WARNING,
                    )
                )
    for a in data.availability:
        reason = _off(data, _local(a.starts_at).date())
        if reason:
            found.append(
                Conflict(
                    "day_off",
                    _("%(staff)s staat beschikbaar voor gesprekken op %(day)s: %(reason)s.")
                    % {"staff": a.staff.full_name, "day": _day(_local(a.starts_at).date()), "reason": reason},
                    (a,),
                )
            )
    for p in data.periods:
        if p.kind in DATED_KINDS:
            reason = _off(data, p.start_date)
            if reason and reason != p.name:
                found.append(
                    Conflict(
                        "day_off",
                        _("%(name)s valt op %(day)s: %(reason)s.")
                        % {"name": p.name, "day": _day(p.start_date), "reason": reason},
                        (p,),
                        WARNING,
                    )
                )
    return found


def _evening(moment_from, moment_to):
    return _local(moment_to).time() > EVENING_FROM or _local(moment_from).time() >= EVENING_FROM


def _same_audience(a, b):
    return bool(set(a.year_levels) & set(b.year_levels)) or (a.lateral_entrants and b.lateral_entrants)


def same_evening(data) -> list[Conflict]:
    found = []
    by_day = defaultdict(list)
    for s in data.sessions:
        by_day[_local(s.starts_at).date()].append(s)
    for day, sessions in sorted(by_day.items()):
        sessions.sort(key=lambda s: s.starts_at)
        for i, a in enumerate(sessions):
            for b in sessions[i + 1 :]:
                if _same_audience(a, b):
                    levels = set(a.year_levels) & set(b.year_levels)
                    found.append(
                        Conflict(
                            "same_evening",
                            _(
                                "%(a)s en %(b)s zijn op dezelfde avond (%(day)s) voor "
                                "dezelfde ouders (groep %(levels)s)."
                            )
                            % {
                                "a": a.item.title,
                                "b": b.item.title,
                                "day": _day(day),
                                "levels": _levels(levels) or "zij-instromers",
                            },
                            (a, b),
                        )
                    )
    rounds = {r.pk: r for r in data.rounds}
    seen = set()
    for a in data.availability:
        if not _evening(a.starts_at, a.ends_at):
            continue
        r = rounds[a.round_id]
        for s in by_day.get(_local(a.starts_at).date(), []):
            levels = set(r.year_levels) & set(s.year_levels)
            if levels and (r.pk, s.pk) not in seen:
                seen.add((r.pk, s.pk))
                found.append(
                    Conflict(
                        "same_evening",
                        _(
                            "Op %(day)s zijn er avondgesprekken (%(round)s) en de "
                            "bijeenkomst %(title)s voor dezelfde ouders (groep %(levels)s)."
                        )
                        % {
                            "day": _day(_local(s.starts_at).date()),
                            "round": r.title,
                            "title": s.item.title,
                            "levels": _levels(levels),
                        },
                        (s, r),
                        WARNING,
                    )
                )
    return found


def guardian_clashes(data) -> list[Conflict]:
    """Sessions on one evening for different year levels, with guardians invited to both."""
    by_day = defaultdict(list)
    for s in data.sessions:
        by_day[_local(s.starts_at).date()].append(s)
    pairs = [
        (a, b)
        for day in sorted(by_day)
        for i, a in enumerate(by_day[day])
        for b in by_day[day][i + 1 :]
        if not _same_audience(a, b)
    ]
    if not pairs:
        return []
    found = []
    for a, b in pairs:
        day = _local(a.starts_at).date()
        levels = defaultdict(set)
        for pupil_id, _g, level, lateral in enrolled_on(data, day):
            for guardian_id in data.guardians.get(pupil_id, ()):
                levels[guardian_id].add((level, lateral))
        both = sum(1 for mine in levels.values() if _invited(a, mine) and _invited(b, mine))
        if both:
            found.append(
                Conflict(
                    "guardian_clash",
                    _("%(n)s ouders met kinderen in meer groepen hebben op %(day)s zowel %(a)s als %(b)s.")
                    % {"n": both, "day": _day(day), "a": a.item.title, "b": b.item.title},
                    (a, b),
                )
            )
    return found


def _invited(session, mine):
    return any(level in session.year_levels or (lateral and session.lateral_entrants) for level, lateral in mine)


def _overlap(a_start, a_end, b_start, b_end):
    return a_start < b_end and b_start < a_end


def teacher_double(data) -> list[Conflict]:
    found = []
    by_staff = defaultdict(list)
    for a in data.availability:
        by_staff[a.staff_id].append(a)
    for spans in by_staff.values():
        spans.sort(key=lambda a: a.starts_at)
        for i, a in enumerate(spans):
            for b in spans[i + 1 :]:
                if b.starts_at >= a.ends_at:
                    break
                found.append(
                    Conflict(
                        "teacher_double",
                        _("%(staff)s staat op %(day)s tegelijk ingepland voor twee gesprekstijden.")
                        % {"staff": a.staff.full_name, "day": _day(_local(a.starts_at).date())},
                        (a, b),
                    )
                )
    found += _presenters_double(data)
    if not data.sessions or not data.availability:
        return found
    for s in data.sessions:
        day = _local(s.starts_at).date()
        groups = {g for _p, g, level, _lat in enrolled_on(data, day) if level in s.year_levels}
        staff = {t for g in groups for t in data.teachers.get(g, ())} | {p.pk for p in s.presenters.all()}
        ends = s.starts_at + datetime.timedelta(minutes=s.duration_minutes)
        for staff_id in staff:
            for a in by_staff.get(staff_id, ()):
                if _overlap(a.starts_at, a.ends_at, s.starts_at, ends):
                    found.append(
                        Conflict(
                            "teacher_double",
                            _("%(staff)s heeft gesprekken tijdens %(title)s (%(day)s).")
                            % {"staff": a.staff.full_name, "title": s.item.title, "day": _day(day)},
                            (s, a),
                        )
                    )
    return found


def _presenters_double(data):
    """A staff member presenting at two sessions that overlap in time."""
    found = []
    ordered = sorted(data.sessions, key=lambda s: s.starts_at)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b.starts_at >= a.ends_at:
                break
            for staff in {p.pk: p for p in a.presenters.all()}.values():
                if any(p.pk == staff.pk for p in b.presenters.all()):
                    message = _("%(staff)s presenteert tegelijk %(a)s en %(b)s (%(day)s).") % {
                        "staff": staff.full_name, "a": a.item.title, "b": b.item.title,
                        "day": _day(_local(a.starts_at).date()),
                    }  # fmt: skip
                    found.append(Conflict("teacher_double", message, (a, b)))
    return found


def _capacity(data, r, staff_id, minutes_by):
    slots = data.free_slots.get((r.pk, staff_id))
    if slots is not None:
        return slots
    return minutes_by.get((r.pk, staff_id), 0) // max(r.slot_minutes + r.family_gap_minutes, 1)


def round_capacity(data) -> list[Conflict]:
    minutes_by = defaultdict(int)
    for a in data.availability:
        minutes_by[(a.round_id, a.staff_id)] += int((a.ends_at - a.starts_at).total_seconds() // 60)
    found = []
    for r in data.rounds:
        if r.one_off:
            continue
        pupils = defaultdict(set)
        for pupil_id, group_id, level, _lat in enrolled_on(data, r.first_day):
            if level in r.year_levels and pupil_id not in data.booked.get(r.pk, ()):
                pupils[group_id].add(pupil_id)
        short = 0
        for group_id, needed in pupils.items():
            places = sum(_capacity(data, r, t, minutes_by) for t in data.teachers.get(group_id, ()))
            short += max(0, len(needed) - places)
        if short:
            total = sum(len(p) for p in pupils.values())
            found.append(
                Conflict(
                    "round_capacity",
                    _(
                        "Gespreksronde %(title)s: %(short)s van de %(total)s leerlingen "
                        "hebben nog geen gesprekstijd bij hun leerkracht; er is te weinig beschikbaarheid."
                    )
                    % {"title": r.title, "short": short, "total": total},
                    (r,),
                    WARNING,
                )
            )
    return found


def late_invitations(data, today) -> list[Conflict]:
    found = []
    for s in data.sessions:
        day = _local(s.starts_at).date()
        sent = _local(s.invitations_sent_at).date() if s.invitations_sent_at else None
        if (sent and (day - sent).days < NOTICE_DAYS) or (not sent and today <= day < today + _days(NOTICE_DAYS)):
            found.append(
                Conflict(
                    "late_invitation",
                    _("De uitnodiging voor %(title)s (%(day)s) gaat minder dan %(n)s dagen van tevoren uit.")
                    % {"title": s.item.title, "day": _day(day), "n": NOTICE_DAYS},
                    (s,),
                )
            )
    for r in data.rounds:
        if r.one_off:
            continue
        sent = _local(r.invited_at).date() if r.invited_at else None
        opens = _local(r.preferences_open_at).date() if r.preferences_open_at else None
        first_notice = min(d for d in (sent, opens) if d) if (sent or opens) else None
        late = (first_notice and (r.first_day - first_notice).days < NOTICE_DAYS) or (
            not first_notice and today <= r.first_day < today + _days(NOTICE_DAYS)
        )
        if late:
            found.append(
                Conflict(
                    "late_invitation",
                    _("De uitnodiging voor %(title)s (vanaf %(day)s) gaat minder dan %(n)s dagen van tevoren uit.")
                    % {"title": r.title, "day": _day(r.first_day), "n": NOTICE_DAYS},
                    (r,),
                )
            )
    return found


def _days(n):
    return datetime.timedelta(days=n)


def year_conflicts(school_year: SchoolYear, *, today: datetime.date | None = None) -> list[Conflict]:
    """Every conflict in the year's plan, errors first, in a fixed number of queries."""
    data = load(school_year)
    today = today or timezone.localdate()
    found = (
        days_off(data)
        + same_evening(data)
        + guardian_clashes(data)
        + teacher_double(data)
        + round_capacity(data)
        + late_invitations(data, today)
    )
    return sorted(found, key=lambda c: (c.severity != ERROR, c.kind))
