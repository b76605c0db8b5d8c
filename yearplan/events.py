"""The events of a school year, collected from the apps that own them, in one shape.

Sources: calendar periods (school), information sessions (meetings), conversation rounds, one
event per conversation day (conversations), engagement-message weeks (messaging, staff only) and
the advice dates (development). Each event has a stable uid (`period-12@<brin>.ouderbetrokkenheid`)
used by publishing and the iCalendar feeds.

All-day events have dates with `end` the last day (inclusive); timed events aware datetimes in
Europe/Amsterdam. The collection takes a fixed number of queries whatever the size of the year,
and `events_for_years` does several school years (a board's schools) in the same number.
"""

import datetime
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from django.utils import timezone, translation

from conversations.models import Availability, Round
from development.models import DevelopmentSettings
from meetings.models import Session
from messaging.models import WeekPlan
from ouderbetrokkenheid.school.calendar import days_off, is_weekend
from ouderbetrokkenheid.school.clock import local_day
from ouderbetrokkenheid.school.models import CalendarPeriod, Enrollment, Group, SchoolYear

from .labels import GENERATED_TITLES, EventKind

ALL_YEAR_LEVELS = tuple(range(1, 9))


class Audience:
    ALL = "all"  # the whole school: holidays, study days, …
    YEAR_LEVELS = "year_levels"  # parents and teachers of these year levels
    STAFF = "staff"  # staff only (never published to parents)


@dataclass(frozen=True)
class Event:
    uid: str
    kind: str
    title: str
    start: datetime.date | datetime.datetime
    end: datetime.date | datetime.datetime  # all-day: the last day (inclusive)
    all_day: bool = True
    audience: str = Audience.ALL
    year_levels: tuple = ()
    lateral_entrants: bool = False
    group_ids: tuple = ()
    staff_ids: tuple = ()
    location: str = ""
    day_off: bool = False
    is_advice: bool = False
    title_key: str = ""  # a key of labels.GENERATED_TITLES: the title is translated when shown
    source: tuple = field(default=(), compare=False)  # ("period", 12): the object it came from
    school_year_id: int = 0

    @property
    def first_day(self) -> datetime.date:
        return self.start if self.all_day else local_day(self.start)

    @property
    def last_day(self) -> datetime.date:
        return self.end if self.all_day else local_day(self.end)

    def on(self, day: datetime.date) -> bool:
        return self.first_day <= day <= self.last_day

    @property
    def for_parents(self) -> bool:
        return self.audience != Audience.STAFF

    def to_data(self) -> dict:
        """A JSON-ready snapshot (what publishing stores and hashes)."""
        data = asdict(self)
        data["start"], data["end"] = self.start.isoformat(), self.end.isoformat()
        data["year_levels"], data["group_ids"] = list(self.year_levels), list(self.group_ids)
        data["staff_ids"], data["source"] = list(self.staff_ids), list(self.source)
        return data

    @classmethod
    def from_data(cls, data: dict) -> "Event":
        data = dict(data)
        parse = datetime.date.fromisoformat if data["all_day"] else datetime.datetime.fromisoformat
        data["start"], data["end"] = parse(data["start"]), parse(data["end"])
        if not data["all_day"]:
            data["start"], data["end"] = timezone.localtime(data["start"]), timezone.localtime(data["end"])
        for name in ("year_levels", "group_ids", "staff_ids", "source"):
            data[name] = tuple(data.get(name) or ())
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


def _dutch(title_key: str) -> str:
    """A generated title as stored: always Dutch, whatever language the request runs in (the
    stored snapshot is hashed; pages translate it again through `title_key`)."""
    with translation.override("nl"):
        return str(GENERATED_TITLES[title_key])


def event_uid(kind: str, key, school_year) -> str:
    return f"{kind}-{key}@{school_year.school.brin.lower()}.ouderbetrokkenheid"


# -- collecting ----------------------------------------------------------------------------------


@dataclass
class YearContext:
    """What filters and audiences need to know about a school year's groups (3 queries)."""

    group_levels: dict = field(default_factory=dict)  # group id -> set of year levels
    group_teachers: dict = field(default_factory=dict)  # group id -> set of staff ids
    group_year: dict = field(default_factory=dict)  # group id -> school year id

    def levels_of_staff(self, staff_id) -> set:
        groups = self.groups_of_staff(staff_id)
        return {level for g in groups for level in self.group_levels.get(g, ())}

    def groups_of_staff(self, staff_id) -> set:
        return {g for g, ids in self.group_teachers.items() if staff_id in ids}

    def teachers_of_levels(self, year_id, levels) -> set:
        return {
            s
            for g, ids in self.group_teachers.items()
            if self.group_year.get(g) == year_id and self.group_levels.get(g, set()) & set(levels)
            for s in ids
        }


def year_context(year_ids) -> YearContext:
    context = YearContext()
    for group_id, year_id in Group.objects.filter(school_year_id__in=year_ids).values_list("pk", "school_year_id"):
        context.group_year[group_id] = year_id
        context.group_levels[group_id] = set()
        context.group_teachers[group_id] = set()
    levels = Enrollment.objects.filter(group__school_year_id__in=year_ids).values_list("group_id", "year_level")
    for group_id, level in levels.distinct():
        context.group_levels[group_id].add(level)
    teachers = Group.teachers.through.objects.filter(group__school_year_id__in=year_ids)
    for group_id, staff_id in teachers.values_list("group_id", "staff_id"):
        context.group_teachers[group_id].add(staff_id)
    return context


def _period_events(years, periods):
    off = defaultdict(list)
    events = []
    for period in periods:
        year = years[period.school_year_id]
        if period.is_day_off:
            off[period.school_year_id].append(period)
        kind = EventKind.ACTIVITY if period.kind not in EventKind.values else period.kind
        events.append(
            Event(
                uid=event_uid("period", period.pk, year),
                kind=kind,
                title=period.name,
                start=period.start_date,
                end=period.end_date,
                day_off=period.is_day_off,
                is_advice=period.is_advice,
                source=("period", period.pk),
                school_year_id=year.pk,
            )
        )
    return events, {year_id: days_off(year_periods) for year_id, year_periods in off.items()}


def _session_events(years, sessions, presenters):
    for session in sessions:
        year = years[session.school_year_id]
        yield Event(
            uid=event_uid("session", session.pk, year),
            kind=EventKind.SESSION,
            title=session.item.title,
            start=timezone.localtime(session.starts_at),
            end=timezone.localtime(session.ends_at),
            all_day=False,
            audience=Audience.YEAR_LEVELS,
            year_levels=tuple(sorted(session.year_levels)),
            lateral_entrants=session.lateral_entrants,
            staff_ids=tuple(sorted(presenters.get(session.pk, ()))),
            location=session.location,
            source=("session", session.pk),
            school_year_id=year.pk,
        )


def _is_off(day, off) -> bool:
    return is_weekend(day) or day in off


def _round_events(years, rounds, round_staff, off_days, context):
    for round_ in rounds:
        year = years[round_.school_year_id]
        staff = round_staff.get(round_.pk, set()) | context.teachers_of_levels(year.pk, round_.year_levels)
        day = round_.first_day
        while day <= round_.last_day:
            if not _is_off(day, off_days.get(year.pk, {})):
                yield Event(
                    uid=event_uid("round", f"{round_.pk}-{day:%Y%m%d}", year),
                    kind=EventKind.CONVERSATIONS,
                    title=round_.title,
                    start=day,
                    end=day,
                    audience=Audience.YEAR_LEVELS,
                    year_levels=tuple(sorted(round_.year_levels)),
                    staff_ids=tuple(sorted(staff)),
                    source=("round", round_.pk),
                    school_year_id=year.pk,
                )
            day += datetime.timedelta(days=1)


def _message_week_events(years, plans, context):
    weeks = defaultdict(set)
    for year_id, week, group_id in plans:
        weeks[(year_id, week)].add(group_id)
    for (year_id, week), group_ids in sorted(weeks.items()):
        year = years[year_id]
        levels = {lvl for g in group_ids for lvl in context.group_levels.get(g, ())}
        staff = {s for g in group_ids for s in context.group_teachers.get(g, ())}
        yield Event(
            uid=event_uid("messages", f"{week:%G-W%V}", year),
            kind=EventKind.MESSAGE_WEEK,
            title=_dutch("message_week"),
            title_key="message_week",
            start=week,
            end=week + datetime.timedelta(days=4),
            audience=Audience.STAFF,
            year_levels=tuple(sorted(levels)),
            group_ids=tuple(sorted(group_ids)),
            staff_ids=tuple(sorted(staff)),
            source=("weeks", f"{week:%G-W%V}"),
            school_year_id=year_id,
        )


ADVICE_DATES = (  # (key, first-day field, last-day field, year level)
    ("groep7_advice_by", "groep7_advice_by", "groep7_advice_by", 7),
    ("provisional_advice_by", "provisional_advice_by", "provisional_advice_by", 8),
    ("transfer_test", "transfer_test_from", "transfer_test_until", 8),
    ("final_advice_by", "final_advice_by", "final_advice_by", 8),
)


def _advice_events(years, settings_rows, context):
    for settings in settings_rows:
        year = years[settings.school_year_id]
        for key, first, last, level in ADVICE_DATES:
            start, end = getattr(settings, first), getattr(settings, last) or getattr(settings, first)
            if start is None or end < start:
                continue
            yield Event(
                uid=event_uid("advice", f"{key}-{year.pk}", year),
                kind=EventKind.ADVICE,
                title=_dutch(key),
                title_key=key,
                start=start,
                end=end,
                audience=Audience.YEAR_LEVELS,
                year_levels=(level,),
                staff_ids=tuple(sorted(context.teachers_of_levels(year.pk, (level,)))),
                source=("advice", settings.pk),
                school_year_id=year.pk,
            )


def _sort_key(event):
    time = "" if event.all_day else f"{timezone.localtime(event.start):%H:%M}"
    return (event.first_day, not event.all_day, time, event.kind, event.uid)


def collect(year_ids, context: YearContext) -> dict[int, list[Event]]:
    """Every live event of the given school years (draft state), per school year id."""
    years = {y.pk: y for y in SchoolYear.objects.filter(pk__in=year_ids).select_related("school")}
    periods = CalendarPeriod.objects.filter(school_year_id__in=year_ids).order_by("start_date", "pk")
    events, off_days = _period_events(years, periods)
    sessions = Session.objects.filter(school_year_id__in=year_ids).select_related("item").order_by("starts_at", "pk")
    presenters = defaultdict(set)
    links = Session.presenters.through.objects.filter(session__school_year_id__in=year_ids)
    for session_id, staff_id in links.values_list("session_id", "staff_id"):
        presenters[session_id].add(staff_id)
    events += _session_events(years, sessions, presenters)
    rounds = Round.objects.filter(school_year_id__in=year_ids, one_off=False).order_by("first_day", "pk")
    round_staff = defaultdict(set)
    for round_id, staff_id in Availability.objects.filter(round__in=rounds).values_list("round_id", "staff_id"):
        round_staff[round_id].add(staff_id)
    events += _round_events(years, rounds, round_staff, off_days, context)
    plans = WeekPlan.objects.filter(group__school_year_id__in=year_ids).values_list(
        "group__school_year_id", "week", "group_id"
    )
    events += _message_week_events(years, plans, context)
    settings_rows = DevelopmentSettings.objects.filter(school_year_id__in=year_ids)
    events += _advice_events(years, settings_rows, context)
    result = {year_id: [] for year_id in years}
    for event in sorted(events, key=_sort_key):
        result[event.school_year_id].append(event)
    return result


def published(year_ids) -> dict[int, list[Event]]:
    """The events as last published (withdrawn ones left out), per school year id. One query."""
    from .models import PublishedEvent

    result = {year_id: [] for year_id in year_ids}
    rows = PublishedEvent.objects.filter(school_year_id__in=year_ids, withdrawn_at__isnull=True)
    for year_id, data in rows.values_list("school_year_id", "data"):
        result[year_id].append(Event.from_data(data))
    for events in result.values():
        events.sort(key=_sort_key)
    return result


# -- filtering -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filter:
    """Which events to keep. Empty fields keep everything."""

    group_id: int | None = None
    year_level: int | None = None
    staff_id: int | None = None
    kinds: frozenset = frozenset()
    start: datetime.date | None = None
    end: datetime.date | None = None  # inclusive
    for_parents: bool = False

    def keep(self, event: Event, context: YearContext) -> bool:
        if self.kinds and event.kind not in self.kinds:
            return False
        if self.for_parents and not event.for_parents:
            return False
        if self.start and event.last_day < self.start or self.end and event.first_day > self.end:
            return False
        if self.year_level is not None and not _for_levels(event, {self.year_level}):
            return False
        if self.group_id is not None:
            levels = context.group_levels.get(self.group_id, set())
            if not (_for_levels(event, levels) or self.group_id in event.group_ids):
                return False
        if self.staff_id is not None:
            levels, groups = context.levels_of_staff(self.staff_id), context.groups_of_staff(self.staff_id)
            mine = self.staff_id in event.staff_ids or set(event.group_ids) & groups
            if not (mine or _for_levels(event, levels)):
                return False
        return True


def _for_levels(event: Event, levels: set) -> bool:
    return event.audience == Audience.ALL or bool(set(event.year_levels) & levels)


def events_for_years(years, *, published_only=False, filter: Filter = Filter(), context=None) -> dict:
    """The events of several school years, per school year id, in a fixed number of queries."""
    year_ids = [y.pk if hasattr(y, "pk") else y for y in years]
    if context is None:
        context = year_context(year_ids)
    collected = published(year_ids) if published_only else collect(year_ids, context)
    return {year_id: [e for e in events if filter.keep(e, context)] for year_id, events in collected.items()}


def year_events(
    school_year,
    *,
    published_only=False,
    group=None,
    year_level=None,
    staff=None,
    kinds=(),
    start=None,
    end=None,
    for_parents=False,
    context=None,
) -> list[Event]:
    """The events of one school year, filtered by group, year level, member of staff, kind and dates."""
    filter = Filter(
        group_id=getattr(group, "pk", group),
        year_level=year_level,
        staff_id=getattr(staff, "pk", staff),
        kinds=frozenset(kinds),
        start=start,
        end=end,
        for_parents=for_parents,
    )
    return events_for_years([school_year], published_only=published_only, filter=filter, context=context)[
        school_year.pk
    ]


def guardian_events(guardian, school_year) -> list[tuple[Event, list]]:
    """The published events for a guardian's children in a school year: whole-school days and
    their children's year levels, each with the children it is for (empty: everyone)."""
    children = guardian_children(guardian, school_year)
    levels = {level for _pupil, level, _lateral in children}
    lateral = any(is_lateral for _pupil, _level, is_lateral in children)
    result = []
    if not children:
        return result
    for event in published([school_year.pk])[school_year.pk]:
        if not event.for_parents:
            continue
        if event.audience == Audience.ALL:
            result.append((event, []))
            continue
        mine = [p for p, level, is_lateral in children if level in event.year_levels or (event.lateral_entrants
                                                                                          and is_lateral)]  # fmt: skip
        if mine or (event.lateral_entrants and lateral and not levels):
            result.append((event, mine))
    return result


def guardian_children(guardian, school_year):
    """(pupil, year level, lateral entrant) for the guardian's children enrolled in the school year. One query."""
    day = min(max(timezone.localdate(), school_year.first_day), school_year.last_day)
    enrollments = (
        Enrollment.objects.current(day)
        .filter(group__school_year=school_year, pupil__guardian_links__guardian=guardian)
        .select_related("pupil")
        .order_by("pupil__first_name", "pupil_id")
    )
    return [(e.pupil, e.year_level, e.is_lateral_entrant) for e in enrollments]
