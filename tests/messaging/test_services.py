"""The messaging service API: merging parts, the weekly cap, one reminder a day, cancelling."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from messaging.models import Message, Purpose, Status, Subscription
from messaging.services import channels_for, message_cancel, message_part_add, notice_send, reminder_schedule
from messaging.timing import outside_quiet_hours
from ouderbetrokkenheid.school.clock import AMSTERDAM, at_local
from tests import factories as f

MONDAY = datetime.date(2026, 11, 23)


def six_pm(day):
    return at_local(day, datetime.time(18, 0))


def add_tip(guardian, pupil, text, day=MONDAY + datetime.timedelta(days=2)):
    return message_part_add(
        guardian=guardian,
        purpose=Purpose.ENGAGEMENT,
        kind="tip",
        source=f"test:tip:{pupil.pk}",
        text=text,
        scheduled_at=six_pm(day),
        pupil=pupil,
    )


def test_siblings_lines_merge_into_one_message_per_guardian_week_and_kind(world):
    sister = f.PupilFactory(school=world.school_a, first_name="Sara")
    f.GuardianOfFactory(guardian=world.anna, pupil=sister)
    add_tip(world.anna, world.pim, "Lees samen met Pim.")
    message = add_tip(world.anna, sister, "Tel samen met Sara.")
    assert Message.objects.filter(guardian=world.anna).count() == 1
    assert message.text == "Lees samen met Pim.\n\nTel samen met Sara."
    assert message.parts.count() == 2


def test_a_second_tip_later_in_the_same_week_joins_the_first_message(world):
    add_tip(world.anna, world.pim, "Eerste tip.")
    add_tip(world.anna, world.pim, "Nieuwe tekst.", day=MONDAY + datetime.timedelta(days=4))
    message = Message.objects.get(guardian=world.anna)
    assert message.text == "Nieuwe tekst."  # same source: replaced, not duplicated
    assert message.scheduled_at == six_pm(MONDAY + datetime.timedelta(days=2))


def test_the_database_refuses_a_second_engagement_message_of_one_kind_in_a_week(world):
    message = add_tip(world.anna, world.pim, "Tip.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.create(
            school=world.school_a,
            guardian=world.anna,
            purpose="engagement",
            kind="tip",
            week=message.week,
            day=message.day,
            channel="email",
            scheduled_at=message.scheduled_at,
            idempotency_key="other-key",
        )


def test_three_kinds_a_week_are_allowed(world):
    for kind in ("progress", "tip", "encouragement"):
        message_part_add(
            guardian=world.anna,
            purpose="engagement",
            kind=kind,
            source=f"test:{kind}",
            text=kind,
            scheduled_at=six_pm(MONDAY),
        )
    assert Message.objects.filter(guardian=world.anna, purpose="engagement").count() == 3


def test_reminders_falling_due_on_one_day_merge_into_one(world):
    reminder_schedule(
        guardians=[world.anna], source="meeting:1", text_for=lambda g: "Morgen: avond 1.", scheduled_at=six_pm(MONDAY)
    )
    reminder_schedule(
        guardians=[world.anna],
        source="conversation:9",
        text_for=lambda g: "Morgen: gesprek.",
        scheduled_at=at_local(MONDAY, datetime.time(10, 0)),
    )
    message = Message.objects.get(guardian=world.anna, purpose=Purpose.REMINDER)
    assert message.text == "Morgen: avond 1.\n\nMorgen: gesprek."
    assert message.scheduled_at == at_local(MONDAY, datetime.time(10, 0))


def test_a_reminder_after_the_days_reminder_went_out_waits_until_the_next_morning(world):
    [first] = reminder_schedule(guardians=[world.anna], source="a", text_for=lambda g: "A", scheduled_at=six_pm(MONDAY))
    Message.objects.filter(pk=first.pk).update(status=Status.SENT)
    [second] = reminder_schedule(
        guardians=[world.anna], source="b", text_for=lambda g: "B", scheduled_at=six_pm(MONDAY)
    )
    assert second.pk != first.pk
    assert second.scheduled_at == at_local(MONDAY + datetime.timedelta(days=1), datetime.time(8, 0))


def test_nothing_is_scheduled_in_quiet_hours():
    late = at_local(MONDAY, datetime.time(21, 0))
    early = at_local(MONDAY, datetime.time(7, 59))
    assert outside_quiet_hours(late) == at_local(MONDAY + datetime.timedelta(days=1), datetime.time(8, 0))
    assert outside_quiet_hours(early) == at_local(MONDAY, datetime.time(8, 0))
    just_before = at_local(MONDAY, datetime.time(20, 59))
    assert outside_quiet_hours(just_before) == just_before


@pytest.mark.parametrize("day", [datetime.date(2026, 10, 24), datetime.date(2027, 3, 27)])
def test_quiet_hours_move_to_eight_in_the_morning_across_dst_weekends(day):
    moved = outside_quiet_hours(at_local(day, datetime.time(22, 30)))
    assert moved.astimezone(AMSTERDAM).time() == datetime.time(8, 0)
    assert moved.astimezone(AMSTERDAM).date() == day + datetime.timedelta(days=1)


def test_cancel_removes_only_that_source_and_cancels_empty_messages(world):
    reminder_schedule(
        guardians=[world.anna, world.bert],
        source="meeting:1",
        text_for=lambda g: "Avond 1",
        scheduled_at=six_pm(MONDAY),
    )
    reminder_schedule(
        guardians=[world.anna], source="meeting:2", text_for=lambda g: "Avond 2", scheduled_at=six_pm(MONDAY)
    )
    assert message_cancel(source="meeting:1") == 2
    anna = Message.objects.get(guardian=world.anna)
    assert (anna.status, anna.text) == (Status.PENDING, "Avond 2")
    assert Message.objects.get(guardian=world.bert).status == Status.CANCELLED


def test_opted_out_topic_is_not_scheduled_but_notices_still_go(world):
    Subscription.objects.create(guardian=world.anna, topic="tip", active=False)
    assert add_tip(world.anna, world.pim, "Tip.") is None
    assert notice_send(guardians=[world.anna], source="change:1", text_for=lambda g: "Gewijzigd.")
    assert list(Message.objects.filter(guardian=world.anna).values_list("purpose", flat=True)) == ["notice"]


def test_channels_put_the_preferred_first_and_skip_missing_contacts(world):
    world.anna.channel = "sms"
    assert channels_for(world.anna) == ["sms", "email", "whatsapp"]
    world.anna.mobile = ""
    assert channels_for(world.anna) == ["email"]
    world.anna.email = ""
    assert channels_for(world.anna) == []
