"""The wait-list of an evaluation in messaging: weekly messages (all kinds or one) and summer reading.

A guardian with a school.InterventionDelay gets no part of the delayed intervention while the
send day is before `until`, and gets it from `until` on; other guardians and other
interventions are untouched; the planner's query count does not grow with the delays."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from messaging.models import Kind, Message
from messaging.planning import delayed_parts_withdraw, summer_reading_schedule, week_plan_approve
from ouderbetrokkenheid.school.interventions import Intervention, delayed_guardian_ids
from ouderbetrokkenheid.school.models import InterventionDelay
from tests import factories as f
from tests.messaging.planning.conftest import WEEK, D, frozen_now, library  # noqa: F401
from tests.messaging.planning.helpers import ALL_KINDS, approve_week, messages_of

pytestmark = pytest.mark.usefixtures("library")  # the planning tests' frozen "now" and message library

DAY = datetime.timedelta(days=1)
SUMMER_WEEK = D("2027-07-19")  # the school year of these tests ends on Friday 16 July 2027


def delay(world, guardian, intervention, until, ref="evaluation:1"):
    return InterventionDelay.objects.create(
        school=world.school_a, intervention=intervention, guardian=guardian, until=until, evaluation_ref=ref
    )


def second_parent(world):
    frank = f.GuardianFactory(school=world.school_a, first_name="Frank", email="frank@example.nl")
    f.GuardianOfFactory(guardian=frank, pupil=world.pim, relationship="vader")
    return frank


def test_delayed_guardian_ids_holds_before_until_only(world):
    delay(world, world.anna, Intervention.SUMMER_READING, WEEK)
    assert delayed_guardian_ids(world.school_a, Intervention.SUMMER_READING, WEEK - DAY) == {world.anna.pk}
    assert delayed_guardian_ids(world.school_a, Intervention.SUMMER_READING, WEEK) == set()
    assert delayed_guardian_ids(world.school_a, Intervention.WEEKLY_MESSAGES, WEEK - DAY) == set()
    assert delayed_guardian_ids(world.school_b, Intervention.SUMMER_READING, WEEK - DAY) == set()


def test_all_weekly_messages_wait_until_the_delay_ends(world):
    frank = second_parent(world)
    delay(world, world.anna, Intervention.WEEKLY_MESSAGES, until=WEEK + 2 * DAY)  # Wednesday
    result = approve_week(world.group_3, WEEK, world.tess, {world.pim.pk: "Goed geoefend"})
    # Progress goes out on Monday (held back); tip (Wednesday) and encouragement (Friday) from `until` on.
    assert set(messages_of(world.anna, WEEK)) == {Kind.TIP, Kind.ENCOURAGEMENT}
    assert set(messages_of(frank, WEEK)) == ALL_KINDS
    assert result.delayed == 1
    approve_week(world.group_3, WEEK + 7 * DAY, world.tess, {world.pim.pk: "Leest vlot"})
    assert set(messages_of(world.anna, WEEK + 7 * DAY)) == ALL_KINDS


def test_one_kind_is_delayed_on_its_own(world):
    delay(world, world.anna, Intervention.WEEKLY_TIP, until=WEEK + 60 * DAY)
    result = approve_week(world.group_3, WEEK, world.tess, {world.pim.pk: "Goed geoefend"})
    assert set(messages_of(world.anna, WEEK)) == {Kind.PROGRESS, Kind.ENCOURAGEMENT}
    assert result.delayed == 1


def test_other_interventions_do_not_hold_the_weekly_messages(world):
    for intervention in (Intervention.SUMMER_READING, Intervention.BUDDIES, Intervention.EXTRA_SESSION,
                         Intervention.FOLLOWUP_EXTRA):  # fmt: skip
        delay(world, world.anna, intervention, until=WEEK + 60 * DAY)
    approve_week(world.group_3, WEEK, world.tess, {world.pim.pk: "Goed geoefend"})
    assert set(messages_of(world.anna, WEEK)) == ALL_KINDS


def test_re_approving_withdraws_what_was_planned_before_the_delay(world):
    frank = second_parent(world)
    result = approve_week(world.group_3, WEEK, world.tess, {world.pim.pk: "Goed geoefend"})
    assert set(messages_of(world.anna, WEEK)) == ALL_KINDS
    franks = {kind: m.pk for kind, m in messages_of(frank, WEEK).items()}
    delay(world, world.anna, Intervention.WEEKLY_MESSAGES, until=WEEK + 14 * DAY)
    again = week_plan_approve(plan=result.plan, by=world.tess)
    assert messages_of(world.anna, WEEK) == {}
    assert (again.withdrawn, again.delayed) == (3, 3)
    # Pim's father is not on the wait-list: his messages stay as they were.
    assert {kind: m.pk for kind, m in messages_of(frank, WEEK).items()} == franks
    assert all(m.parts.count() == 1 for m in messages_of(frank, WEEK).values())


def test_approving_costs_the_same_queries_with_delays(world):
    frank = second_parent(world)
    with CaptureQueriesContext(connection) as plain:
        approve_week(world.group_3, WEEK, world.tess, {world.pim.pk: "Goed"})
    delay(world, world.anna, Intervention.WEEKLY_MESSAGES, until=WEEK + 60 * DAY)
    delay(world, frank, Intervention.WEEKLY_TIP, until=WEEK + 60 * DAY)
    with CaptureQueriesContext(connection) as delayed:
        approve_week(world.group_3, WEEK + 7 * DAY, world.tess, {world.pim.pk: "Goed"})
    assert len(delayed.captured_queries) <= len(plain.captured_queries)


def test_summer_reading_waits_for_the_delayed_family_and_nobody_else(world):
    delay(world, world.anna, Intervention.SUMMER_READING, until=SUMMER_WEEK + 7 * DAY)
    delay(world, world.bert, Intervention.WEEKLY_MESSAGES, until=SUMMER_WEEK + 60 * DAY)  # another intervention
    assert summer_reading_schedule(school=world.school_a, week=SUMMER_WEEK) == 1  # Bo (Bert) only
    assert not Message.objects.filter(guardian=world.anna).exists()
    assert Message.objects.filter(guardian=world.bert, week=SUMMER_WEEK).count() == 1
    assert summer_reading_schedule(school=world.school_a, week=SUMMER_WEEK + 7 * DAY) == 2  # from `until` on
    assert Message.objects.filter(guardian=world.anna, kind=Kind.TIP, week=SUMMER_WEEK + 7 * DAY).count() == 1


def test_summer_reading_costs_the_same_queries_with_delays(world):
    with CaptureQueriesContext(connection) as plain:
        summer_reading_schedule(school=world.school_a, week=SUMMER_WEEK)
    delay(world, world.anna, Intervention.SUMMER_READING, until=SUMMER_WEEK + 60 * DAY)
    with CaptureQueriesContext(connection) as delayed:
        summer_reading_schedule(school=world.school_a, week=SUMMER_WEEK + 7 * DAY)
    assert len(delayed.captured_queries) <= len(plain.captured_queries)


def test_a_wait_list_written_after_approval_withdraws_only_the_delayed_guardians_parts(world):
    frank = second_parent(world)
    approve_week(world.group_3, WEEK, world.tess, {world.pim.pk: "Goed geoefend"})
    approve_week(world.group_3, WEEK + 7 * DAY, world.tess, {world.pim.pk: "Leest vlot"})
    summer_reading_schedule(school=world.school_a, week=SUMMER_WEEK)
    franks = {kind: m.pk for kind, m in messages_of(frank, WEEK).items()}
    delay(world, world.anna, Intervention.WEEKLY_MESSAGES, until=WEEK + 2 * DAY)  # Wednesday of WEEK
    delay(world, world.anna, Intervention.SUMMER_READING, until=SUMMER_WEEK + 7 * DAY)
    assert delayed_parts_withdraw(school=world.school_a) == 2  # Monday's progress and the summer tip
    assert set(messages_of(world.anna, WEEK)) == {Kind.TIP, Kind.ENCOURAGEMENT}
    assert set(messages_of(world.anna, WEEK + 7 * DAY)) == ALL_KINDS
    assert not messages_of(world.anna, SUMMER_WEEK)
    assert {kind: m.pk for kind, m in messages_of(frank, WEEK).items()} == franks
    assert Message.objects.filter(guardian=world.bert, week=SUMMER_WEEK).count() == 1
    assert delayed_parts_withdraw(school=world.school_a) == 0  # nothing left to withdraw
