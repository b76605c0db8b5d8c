"""Promises kept at send time: an engagement message only inside its own ISO week, nothing
sent past its expiry (the session or conversation started), and the teacher sees why."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from messaging import engine, selectors
from messaging.models import CancelReason, Message, Purpose, Status
from messaging.services import message_part_add, reminder_schedule
from ouderbetrokkenheid.school.calendar import week_start
from ouderbetrokkenheid.school.clock import at_local

from .conftest import amsterdam, outbox_row

# A fixed week far from the suite's day: the engine takes `now`, so no clock is read here.
MONDAY = datetime.date(2027, 3, 22)
SUNDAY = MONDAY + datetime.timedelta(days=6)  # 28 March 2027: summer time begins that night
NEXT_MONDAY = MONDAY + datetime.timedelta(days=7)


@pytest.fixture(autouse=True)
def no_enqueue(monkeypatch):
    monkeypatch.setattr(engine, "_enqueue", lambda ids: None)


def tip(guardian, day, hour=20, minute=30):
    return outbox_row(guardian, at=amsterdam(day, hour, minute), purpose=Purpose.ENGAGEMENT, kind="tip", text="Tip.")


def test_a_sunday_message_not_sent_on_sunday_is_cancelled_on_monday_not_sent(world, locmem):
    late = tip(world.anna, SUNDAY)
    monday = amsterdam(NEXT_MONDAY, 8, 5)
    assert engine.dispatch_due(now=monday) == 0
    late.refresh_from_db()
    assert (late.status, late.cancel_reason) == (Status.CANCELLED, CancelReason.WEEK_OVER)
    assert locmem.outbox == []


def test_at_sunday_21_00_the_weeks_unsent_message_is_cancelled_at_once(world, locmem):
    late = tip(world.anna, SUNDAY)
    engine.dispatch_due(now=amsterdam(SUNDAY, 21, 1))  # quiet hours: nothing claimed, but the week is over
    late.refresh_from_db()
    assert (late.status, late.cancel_reason) == (Status.CANCELLED, CancelReason.WEEK_OVER)


def test_a_message_of_this_week_is_still_claimed_and_sent(world, locmem):
    row = tip(world.anna, SUNDAY, 20, 0)
    now = amsterdam(SUNDAY, 20, 10)
    assert engine.claim_due(now=now) == [row.pk]
    assert engine.deliver(message_id=row.pk, now=now) == engine.Outcome.SENT


def test_a_claimed_sunday_message_whose_task_runs_in_quiet_hours_is_cancelled_not_deferred(world, locmem):
    row = tip(world.anna, SUNDAY)
    assert engine.claim_due(now=amsterdam(SUNDAY, 20, 59)) == [row.pk]
    assert engine.deliver(message_id=row.pk, now=amsterdam(SUNDAY, 21, 0)) == engine.Outcome.CANCELLED
    row.refresh_from_db()
    assert (row.status, row.cancel_reason, row.sent_at) == (Status.CANCELLED, CancelReason.WEEK_OVER, None)
    assert locmem.outbox == []


def test_a_sunday_message_that_falls_back_into_quiet_hours_is_cancelled_not_moved_to_monday(world, locmem):
    world.anna.mobile, world.anna.channel = "+31612345678", "email"
    world.anna.save()
    row = tip(world.anna, SUNDAY)
    Message.objects.filter(pk=row.pk).update(status=Status.SENT, sent_at=amsterdam(SUNDAY, 20, 30))
    engine._fall_back(Message.objects.get(pk=row.pk), reason="bounced", now=amsterdam(SUNDAY, 22))
    row.refresh_from_db()
    assert (row.status, row.cancel_reason) == (Status.CANCELLED, CancelReason.WEEK_OVER)


def test_the_database_refuses_an_engagement_message_sent_outside_its_week(world):
    row = tip(world.anna, SUNDAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.filter(pk=row.pk).update(status=Status.SENT, sent_at=amsterdam(NEXT_MONDAY, 8))
    # Sunday 23:30 Amsterdam is Sunday 21:30 UTC in summer time: the Amsterdam day counts.
    Message.objects.filter(pk=row.pk).update(status=Status.SENT, sent_at=amsterdam(SUNDAY, 23, 30))


def test_the_database_refuses_a_message_sent_after_its_expiry(world):
    row = outbox_row(world.anna, at=amsterdam(MONDAY, 10), purpose=Purpose.REMINDER,
                     expires_at=amsterdam(MONDAY, 19))  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.filter(pk=row.pk).update(status=Status.SENT, sent_at=amsterdam(MONDAY, 19))


def test_planned_engagement_messages_carry_the_end_of_their_week(world):
    message = message_part_add(guardian=world.anna, purpose=Purpose.ENGAGEMENT, kind="tip", source="t",
                               text="Tip.", scheduled_at=amsterdam(SUNDAY, 18))  # fmt: skip
    assert message.week == MONDAY
    assert message.expires_at == at_local(NEXT_MONDAY, datetime.time(0))


def test_a_reminder_past_its_moment_is_cancelled_and_not_sent(world, locmem):
    starts = amsterdam(MONDAY, 19)
    [reminder] = reminder_schedule(guardians=[world.anna], source="m:1", text_for=lambda g: "Vanavond.",
                                   scheduled_at=amsterdam(MONDAY, 9), valid_until=starts)  # fmt: skip
    assert reminder.expires_at == starts
    engine.dispatch_due(now=amsterdam(MONDAY, 19, 30))  # the worker was down all day
    reminder.refresh_from_db()
    assert (reminder.status, reminder.cancel_reason) == (Status.CANCELLED, CancelReason.EXPIRED)
    assert locmem.outbox == []


def test_a_merged_reminder_leaves_out_the_part_whose_moment_passed(world, locmem):
    common = {"guardians": [world.anna], "scheduled_at": amsterdam(MONDAY, 9)}
    reminder_schedule(source="a", text_for=lambda g: "Om 11 uur: gesprek.", valid_until=amsterdam(MONDAY, 11), **common)
    [message] = reminder_schedule(source="b", text_for=lambda g: "Om 19 uur: avond.", valid_until=amsterdam(MONDAY, 19),
                                  **common)  # fmt: skip
    assert message.expires_at == amsterdam(MONDAY, 19)
    now = amsterdam(MONDAY, 12)
    assert engine.claim_due(now=now) == [message.pk]
    assert engine.deliver(message_id=message.pk, now=now) == engine.Outcome.SENT
    [sent] = locmem.outbox
    assert "Om 19 uur" in sent.text and "Om 11 uur" not in sent.text


def test_a_reminder_without_an_expiry_is_sent_however_late(world, locmem):
    [reminder] = reminder_schedule(guardians=[world.anna], source="x", text_for=lambda g: "Iets.",
                                   scheduled_at=amsterdam(MONDAY, 9))  # fmt: skip
    assert reminder.expires_at is None
    now = amsterdam(MONDAY + datetime.timedelta(days=3), 10)
    assert engine.claim_due(now=now) == [reminder.pk]


def test_the_teachers_overview_shows_what_was_not_sent_and_why(world, locmem, login_as):
    late = tip(world.anna, SUNDAY)
    late.parts.create(pupil=world.pim, source="plan:tip", text="Tip.")
    engine.dispatch_due(now=amsterdam(NEXT_MONDAY, 9))
    page = login_as(world.tess).get(reverse("messaging:guardian_history", args=[world.anna.pk])).content.decode()
    assert 'data-cancel-reason="week_over"' in page and "Te laat: de week was voorbij" in page
    counts = Message.objects.filter(selectors._in_month(selectors.Month.of(SUNDAY))).aggregate(**selectors._counts())
    assert (counts["too_late"], counts["planned"], counts["sent"]) == (1, 0, 0)


def test_week_start_is_the_monday():
    assert week_start(SUNDAY) == MONDAY
