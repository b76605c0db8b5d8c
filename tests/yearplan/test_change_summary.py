"""The calendar-change notice summarises (issue 13, point 10): consecutive school days of one event
(a conversation round is an event per day) become one period, "8 t/m 12 maart", and the message has
at most a handful of lines whatever the number of days that changed."""

import datetime

import pytest
from django.utils import translation

from ouderbetrokkenheid.school.dates import day_month
from tests import factories as f
from tests.factories import planning_monday
from yearplan.events import Event
from yearplan.labels import EventKind
from yearplan.publishing import MAX_LINES, Change, change_text, period_words, summarise

MONDAY = planning_monday(days_ahead=21)


def day_event(day, title="Ontwikkelingsgesprekken", kind=EventKind.CONVERSATIONS):
    return Event(uid=f"{title}-{day:%Y%m%d}", kind=kind, title=title, start=day, end=day)


def week(monday, days=5):
    return [monday + datetime.timedelta(days=n) for n in range(days)]


def text_of(changes, language="nl"):
    guardian = f.GuardianFactory.build(first_name="Anna", last_name="Prins")
    school = f.SchoolFactory.build(name="De Regenboog")
    with translation.override(language):
        return change_text(guardian=guardian, school=school, changes=changes, link="https://x.example/")


def test_a_moved_round_of_two_weeks_is_two_lines_not_twenty():
    later = MONDAY + datetime.timedelta(days=14)
    old_days = week(MONDAY) + week(MONDAY + datetime.timedelta(days=7))
    new_days = week(later) + week(later + datetime.timedelta(days=7))
    changes = [Change("changed", day_event(new), day_event(old)) for old, new in zip(old_days, new_days, strict=True)]
    changes += [Change("new", day_event(d, "Studiedag", EventKind.STUDY_DAY)) for d in week(MONDAY)[2:3]]
    runs = summarise(changes)
    assert [len(run) for run in runs] == [1, 10]  # the study day comes first
    text = text_of(changes)
    lines = [line for line in text.splitlines() if line.startswith("- ")]
    assert len(lines) == 2
    assert f"{period_words(new_days[0], new_days[-1])} (was: {period_words(old_days[0], old_days[-1])})" in text
    assert " t/m " in period_words(new_days[0], new_days[-1]) and "Studiedag" in text


def test_period_words_name_the_month_once_within_a_month():
    first, last = MONDAY, MONDAY + datetime.timedelta(days=4)
    with translation.override("nl"):
        expected = (f"{first.day} t/m {day_month(last, weekday=False)}" if first.month == last.month
                    else f"{day_month(first, weekday=False)} t/m {day_month(last, weekday=False)}")  # fmt: skip
        assert period_words(first, last) == expected


def test_a_gap_in_the_days_starts_a_new_period():
    days = [MONDAY, MONDAY + datetime.timedelta(days=1), MONDAY + datetime.timedelta(days=3)]
    assert [len(run) for run in summarise([Change("new", day_event(d)) for d in days])] == [2, 1]


def test_at_most_a_handful_of_lines_the_rest_counted():
    changes = [Change("new", day_event(MONDAY, title=f"Activiteit {n}", kind=EventKind.ACTIVITY)) for n in range(9)]
    lines = [line for line in text_of(changes).splitlines() if line.startswith("- ")]
    assert len(lines) == MAX_LINES <= 5
    assert f"En nog {9 - MAX_LINES} veranderingen." in text_of(changes)


@pytest.mark.parametrize("language", ["uk", "pl"])
def test_the_period_declines_its_month(language):
    changes = [Change("new", day_event(d)) for d in week(MONDAY)]
    text = text_of(changes, language)
    with translation.override(language):
        assert day_month(MONDAY + datetime.timedelta(days=4), weekday=False) in text
