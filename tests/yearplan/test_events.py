"""Collecting a school year's events from every app, the filters, and bounded queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ouderbetrokkenheid.school.models import PeriodKind
from tests.yearplan.calendar_data import add_period, build_calendar
from yearplan.events import Audience, Event, events_for_years, guardian_events, year_events
from yearplan.labels import EventKind
from yearplan.publishing import calendar_publish


@pytest.fixture
def calendar(world):
    return build_calendar(world)


def uids(events):
    return {e.uid for e in events}


def by_kind(events, kind):
    return [e for e in events if e.kind == kind]


def test_every_source_becomes_events_with_stable_uids(world, calendar):
    events = year_events(world.year_a)
    kinds = {e.kind for e in events}
    assert kinds == {
        EventKind.HOLIDAY,
        EventKind.STUDY_DAY,
        EventKind.SESSION,
        EventKind.CONVERSATIONS,
        EventKind.ADVICE,
        EventKind.MESSAGE_WEEK,
    }
    assert f"period-{calendar.holiday.pk}@11aa00.ouderbetrokkenheid" in uids(events)
    assert f"session-{calendar.session_3.pk}@11aa00.ouderbetrokkenheid" in uids(events)
    assert uids(events) == uids(year_events(world.year_a)), "uids are stable between collections"
    session = next(e for e in events if e.source == ("session", calendar.session_3.pk))
    assert not session.all_day and session.year_levels == (3,) and session.staff_ids == (world.tess.pk,)
    assert str(session.start.tzinfo) == "Europe/Amsterdam" and session.start.hour == 19
    holiday = next(e for e in events if e.source == ("period", calendar.holiday.pk))
    assert holiday.all_day and holiday.day_off and holiday.audience == Audience.ALL
    assert (holiday.start, holiday.end) == (calendar.holiday.start_date, calendar.holiday.end_date)
    advice = by_kind(events, EventKind.ADVICE)
    assert [(a.start, a.year_levels) for a in advice] == [(calendar.settings.provisional_advice_by, (8,))]
    assert by_kind(events, EventKind.MESSAGE_WEEK)[0].audience == Audience.STAFF
    assert not any(e.school_year_id == world.year_b.pk for e in events), "never another school's events"


def test_a_round_is_one_event_per_school_day_without_weekends_and_days_off(world, calendar):
    round_ = calendar.round
    round_.last_day = round_.first_day + datetime.timedelta(days=7)
    round_.save()
    add_period(world.year_a, PeriodKind.STUDY_DAY, "Studiedag team", round_.first_day + datetime.timedelta(days=1))
    days = sorted(e.start for e in by_kind(year_events(world.year_a), EventKind.CONVERSATIONS))
    expected = [round_.first_day + datetime.timedelta(days=n) for n in range(8)]
    expected = [d for d in expected if d.weekday() < 5 and d != round_.first_day + datetime.timedelta(days=1)]
    assert days == expected
    assert len(days) == 5


def test_filters_by_year_level_group_staff_and_kind(world, calendar):
    year = world.year_a
    level_3 = uids(year_events(year, year_level=3))
    session_3 = f"session-{calendar.session_3.pk}@11aa00.ouderbetrokkenheid"
    session_6 = f"session-{calendar.session_6.pk}@11aa00.ouderbetrokkenheid"
    holiday = f"period-{calendar.holiday.pk}@11aa00.ouderbetrokkenheid"
    assert session_3 in level_3 and session_6 not in level_3 and holiday in level_3
    group_56 = uids(year_events(year, group=world.group_56))  # Bo is in year level 6
    assert session_6 in group_56 and session_3 not in group_56 and holiday in group_56
    tess = year_events(year, staff=world.tess)
    assert session_3 in uids(tess) and session_6 not in uids(tess) and holiday in uids(tess)
    assert by_kind(tess, EventKind.CONVERSATIONS), "Tess's groep 3 is in the round"
    assert by_kind(tess, EventKind.MESSAGE_WEEK), "her group's message week"
    otto = year_events(year, staff=world.otto)
    assert session_6 in uids(otto) and not by_kind(otto, EventKind.MESSAGE_WEEK)
    only_sessions = year_events(year, kinds=[EventKind.SESSION])
    assert uids(only_sessions) == {session_3, session_6}
    window = year_events(year, start=calendar.holiday.start_date, end=calendar.holiday.start_date)
    assert uids(window) == {holiday}


def test_event_snapshot_round_trips(world, calendar):
    for event in year_events(world.year_a):
        assert Event.from_data(event.to_data()) == event


def test_a_guardian_sees_published_events_of_their_childrens_year_levels_only(world, calendar):
    assert guardian_events(world.anna, world.year_a) == [], "nothing before publishing"
    calendar_publish(school_year=world.year_a, by=world.lea)
    anna = {e.uid: children for e, children in guardian_events(world.anna, world.year_a)}
    assert f"session-{calendar.session_3.pk}@11aa00.ouderbetrokkenheid" in anna
    assert f"session-{calendar.session_6.pk}@11aa00.ouderbetrokkenheid" not in anna
    assert anna[f"session-{calendar.session_3.pk}@11aa00.ouderbetrokkenheid"] == [world.pim]
    assert anna[f"period-{calendar.holiday.pk}@11aa00.ouderbetrokkenheid"] == []
    assert not any(uid.startswith("messages-") or uid.startswith("advice-") for uid in anna)
    assert guardian_events(world.karel, world.year_a) == [], "another school's family sees nothing of school A"


def _count(callable_):
    with CaptureQueriesContext(connection) as queries:
        callable_()
    return len(queries)


def test_collecting_takes_the_same_number_of_queries_for_four_times_the_data(world, django_assert_max_num_queries):
    build_calendar(world)
    once = _count(lambda: year_events(world.year_a, staff=world.tess))
    for offset in (1, 2, 3):
        build_calendar(world, offset=offset * 7)
    with django_assert_max_num_queries(once):
        events = year_events(world.year_a, staff=world.tess)
    assert len(by_kind(events, EventKind.SESSION)) == 4
    both = _count(lambda: events_for_years([world.year_a, world.year_b]))
    assert both == once, "a board's schools in the same number of queries"


def test_events_are_the_same_whatever_language_the_request_runs_in(world, calendar):
    from django.utils import translation

    with translation.override("ar"):
        arabic = year_events(world.year_a)
    assert arabic == year_events(world.year_a), "stored snapshots must not change with the reader's language"
    assert {e.title for e in arabic if e.kind == EventKind.ADVICE} == {"Voorlopig schooladvies groep 8 uiterlijk"}
