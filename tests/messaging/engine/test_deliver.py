"""Sending one claimed message: exactly once, quiet hours at send time, consent, fallback."""

import datetime

import pytest
from django.core import mail

from messaging import engine
from messaging.channels.base import PermanentError, TransientError
from messaging.channels.reachability import unreachable_guardians
from messaging.models import MessageAttempt, Purpose, Status, Subscription

from .conftest import DAY, amsterdam, outbox_row

NOW = amsterdam(DAY, 10)


@pytest.fixture(autouse=True)
def no_enqueue(monkeypatch):
    monkeypatch.setattr(engine, "_enqueue", lambda ids: None)


def claimed(guardian, now=NOW, **fields):
    row = outbox_row(guardian, at=now - datetime.timedelta(minutes=1), **fields)
    assert engine.claim_due(now=now) == [row.pk]
    return row


def test_a_claimed_message_is_sent_once_and_a_second_task_for_it_does_nothing(world, locmem):
    row = claimed(world.anna)
    assert engine.deliver(message_id=row.pk, now=NOW) == engine.Outcome.SENT
    assert engine.deliver(message_id=row.pk, now=NOW) == engine.Outcome.SKIPPED
    row.refresh_from_db()
    assert (row.status, row.channel, row.sent_at) == (Status.SENT, "email", NOW)
    assert len(locmem.outbox) == 1 and row.provider_id.startswith("locmem-")
    assert list(row.attempt_log.values_list("ok", flat=True)) == [True]


def test_a_row_with_a_successful_attempt_is_never_sent_again_even_if_claimed_again(world, locmem, settings):
    settings.MESSAGING_LEASE_SECONDS = 60
    row = claimed(world.anna)
    engine.deliver(message_id=row.pk, now=NOW)
    row.status = Status.SENDING  # as if the flip to sent had been lost
    row.save(update_fields=["status"])
    assert engine.deliver(message_id=row.pk, now=NOW) == engine.Outcome.SKIPPED
    assert len(locmem.outbox) == 1
    row.refresh_from_db()
    assert row.status == Status.SENT


def test_a_pending_or_unknown_row_is_not_sent(world, locmem):
    row = outbox_row(world.anna, at=NOW)
    assert engine.deliver(message_id=row.pk, now=NOW) == engine.Outcome.SKIPPED
    assert engine.deliver(message_id=10**9, now=NOW) == engine.Outcome.SKIPPED
    assert locmem.outbox == []


@pytest.mark.parametrize(("hour", "minute"), [(21, 0), (23, 59), (7, 59)])
def test_a_task_running_late_into_quiet_hours_puts_the_row_back_until_eight(world, locmem, hour, minute):
    row = claimed(world.anna, now=amsterdam(DAY, 20, 59))
    late = amsterdam(DAY + datetime.timedelta(days=1 if hour < 8 else 0), hour, minute)
    assert engine.deliver(message_id=row.pk, now=late) == engine.Outcome.DEFERRED
    row.refresh_from_db()
    next_eight = amsterdam(DAY + datetime.timedelta(days=1), 8)
    assert (row.status, row.scheduled_at) == (Status.PENDING, next_eight)
    assert locmem.outbox == []
    assert engine.claim_due(now=next_eight - datetime.timedelta(minutes=1)) == []
    assert engine.claim_due(now=next_eight) == [row.pk]


def test_a_message_of_a_topic_stopped_after_claiming_is_cancelled(world, locmem):
    row = claimed(world.anna, purpose=Purpose.ENGAGEMENT, kind="tip")
    Subscription.objects.create(guardian=world.anna, topic="tip", active=False)
    assert engine.deliver(message_id=row.pk, now=NOW) == engine.Outcome.CANCELLED
    assert locmem.outbox == []


def test_transient_errors_are_retried_then_the_next_channel_is_used(world, locmem, settings):
    settings.MESSAGING_TRIES_PER_CHANNEL = 3
    world.anna.mobile, world.anna.channel = "+31612345678", "sms"
    world.anna.save()
    row = claimed(world.anna)
    locmem.fail_next(TransientError("timeout", code="network"), times=3)
    assert engine.deliver(message_id=row.pk, now=NOW) == engine.Outcome.RETRY
    assert engine.deliver(message_id=row.pk, now=NOW) == engine.Outcome.RETRY
    assert engine.deliver(message_id=row.pk, now=NOW) == engine.Outcome.FELL_BACK
    row.refresh_from_db()
    assert (row.status, row.channel) == (Status.PENDING, "email")
    engine.claim_due(now=NOW)
    assert engine.deliver(message_id=row.pk, now=NOW) == engine.Outcome.SENT
    assert [(a.channel, a.ok) for a in row.attempt_log.all()] == [("sms", False)] * 3 + [("email", True)]
    assert [o.channel for o in locmem.outbox] == ["email"]


def test_a_permanent_error_falls_back_at_once(world, locmem):
    world.anna.mobile, world.anna.channel = "+31612345678", "sms"
    world.anna.save()
    row = claimed(world.anna)
    locmem.fail_next(PermanentError("not a valid phone number", code="21211"))
    assert engine.deliver(message_id=row.pk, now=NOW) == engine.Outcome.FELL_BACK
    row.refresh_from_db()
    assert row.channel == "email" and "21211" in row.last_error


def test_an_email_only_guardian_whose_email_fails_gets_failed_and_is_on_the_contact_list(world, locmem):
    world.anna.mobile = ""
    world.anna.save()
    row = claimed(world.anna)
    locmem.fail_next(PermanentError("address refused"))
    assert engine.deliver(message_id=row.pk, now=NOW) == engine.Outcome.FAILED
    row.refresh_from_db()
    assert row.status == Status.FAILED and row.last_error == "address refused"
    assert list(unreachable_guardians(world.tess.user)) == [world.anna]


def test_a_guardian_without_any_channel_fails_with_a_reason_and_is_on_the_contact_list(world, locmem):
    world.bert.email, world.bert.mobile = "", ""
    world.bert.save()
    row = claimed(world.bert)
    assert engine.deliver(message_id=row.pk, now=NOW) == engine.Outcome.FAILED
    row.refresh_from_db()
    assert row.last_error == "no usable channel"
    assert list(unreachable_guardians(world.otto.user)) == [world.bert]
    assert list(unreachable_guardians(world.tess.user)) == []  # not her pupil's parent
    assert list(unreachable_guardians(world.sven.user)) == []  # another school


def test_a_later_successful_message_takes_a_guardian_off_the_contact_list(world, locmem):
    world.anna.mobile = ""
    world.anna.save()
    first = claimed(world.anna)
    locmem.fail_next(PermanentError("mailbox full"))
    engine.deliver(message_id=first.pk, now=NOW)
    later = NOW + datetime.timedelta(hours=1)
    second = claimed(world.anna, now=later)
    engine.deliver(message_id=second.pk, now=later)
    assert list(unreachable_guardians(world.tess.user)) == []


def test_the_channel_follows_the_guardians_preference_at_sending_time(world, locmem):
    row = claimed(world.anna)
    world.anna.mobile, world.anna.channel = "+31612345678", "whatsapp"
    world.anna.save()
    engine.deliver(message_id=row.pk, now=NOW)
    assert [(o.channel, o.to) for o in locmem.outbox] == [("whatsapp", "+31612345678")]


def test_a_message_claimed_too_often_gives_up_its_channel(world, locmem, settings):
    settings.MESSAGING_MAX_CLAIMS = 2
    settings.MESSAGING_LEASE_SECONDS = 1
    world.anna.mobile = ""
    world.anna.save()
    row = claimed(world.anna)
    for minutes in (1, 2):
        engine.claim_due(now=NOW + datetime.timedelta(minutes=minutes))
    assert engine.deliver(message_id=row.pk, now=NOW) == engine.Outcome.FAILED
    assert MessageAttempt.objects.get(message=row).error == "too many attempts"


def test_the_email_provider_sets_a_message_id_from_the_key_and_one_click_unsubscribe(world, settings):
    settings.SITE_URL = "https://ouders.example.nl"
    row = claimed(world.anna, purpose=Purpose.ENGAGEMENT, kind="tip", text="Lees samen een boek.")
    engine.deliver(message_id=row.pk, now=NOW)
    [email] = mail.outbox
    assert email.to == ["anna@example.nl"] and email.subject == "Een tip voor thuis"
    assert email.extra_headers["Message-ID"] == row.attempt_log.get().provider_id
    assert email.extra_headers["List-Unsubscribe"].startswith("<https://ouders.example.nl/berichten/afmelden/")
    assert "Lees samen een boek." in email.body and "https://ouders.example.nl/berichten/afmelden/" in email.body
