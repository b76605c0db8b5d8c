"""Sending a claimed batch in one task: a constant plus two queries per message, and every
promise of `deliver` kept (exactly once, consent, expiry, quiet hours, fallback, links)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from messaging import batch, engine
from messaging.channels.base import PermanentError, TransientError
from messaging.consent import unsubscribe_check
from messaging.models import CancelReason, MessageAttachment, MessagePart, Purpose, Status, Subscription
from tests.factories import GuardianFactory

from .conftest import DAY, amsterdam, outbox_row

NOW = amsterdam(DAY, 10)
BATCH = 50
PER_BATCH = 8  # lock the rows, attempts, consent, parts, late notes (2), attachments, + slack for one
# lock the row again; the attempt and the row's state in one statement on PostgreSQL (two elsewhere)
PER_MESSAGE = 2 if connection.vendor == "postgresql" else 3
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


@pytest.fixture(autouse=True)
def no_enqueue(monkeypatch):
    monkeypatch.setattr(engine, "_enqueue", lambda ids: None)


def claimed_rows(guardians, **fields):
    rows = [outbox_row(g, at=NOW - datetime.timedelta(minutes=1), **fields) for g in guardians]
    assert sorted(engine.claim_due(now=NOW)) == sorted(r.pk for r in rows)
    return rows


def guardians(world, count, **fields):
    return GuardianFactory.create_batch(count, school=world.school_a, **fields)


@pytest.mark.django_db(transaction=True)  # as in a worker: each message's transaction commits (no savepoints)
@pytest.mark.parametrize(
    ("channel", "purpose", "kind"),
    [("email", Purpose.ENGAGEMENT, "tip"), ("email", Purpose.REMINDER, ""), ("sms", Purpose.ENGAGEMENT, "progress")],
)
def test_a_batch_of_fifty_costs_a_constant_plus_two_queries_per_message(world, locmem, channel, purpose, kind):
    rows = claimed_rows(guardians(world, BATCH, channel=channel), purpose=purpose, kind=kind, channel=channel)
    with CaptureQueriesContext(connection) as queries:
        outcomes = batch.deliver_batch(message_ids=[r.pk for r in rows], now=NOW)
    statements = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(TRANSACTION_CONTROL)]
    commits = [q["sql"] for q in queries.captured_queries if q["sql"] == "COMMIT"]
    assert len(statements) <= PER_BATCH + PER_MESSAGE * BATCH, "\n".join(statements)
    assert len(commits) == 1 + BATCH, "one transaction to prepare, then one per message sent"
    assert set(outcomes.values()) == {engine.Outcome.SENT}
    assert len(locmem.outbox) == BATCH and {o.channel for o in locmem.outbox} == {channel}


def test_a_batch_sends_each_message_once_and_records_it_like_deliver(world, locmem):
    rows = claimed_rows(guardians(world, 5), purpose=Purpose.ENGAGEMENT, kind="tip")
    ids = [r.pk for r in rows]
    assert set(batch.deliver_batch(message_ids=ids, now=NOW).values()) == {engine.Outcome.SENT}
    assert set(batch.deliver_batch(message_ids=ids, now=NOW).values()) == {engine.Outcome.SKIPPED}
    assert len(locmem.outbox) == 5
    for row in rows:
        row.refresh_from_db()
        assert (row.status, row.sent_at, row.delivery_status) == (Status.SENT, NOW, "queued")
        assert list(row.attempt_log.values_list("ok", "provider_id")) == [(True, row.provider_id)]


def test_the_unsubscribe_link_made_once_per_guardian_in_a_batch_works_and_only_once(world, locmem):
    anna = world.anna
    Subscription.objects.create(guardian=anna, topic="tip", active=True, changed_at=NOW - datetime.timedelta(days=3))
    first = outbox_row(anna, at=NOW - datetime.timedelta(minutes=1), purpose=Purpose.ENGAGEMENT, kind="tip")
    second = outbox_row(anna, at=NOW - datetime.timedelta(minutes=1), purpose=Purpose.REMINDER)
    engine.claim_due(now=NOW)
    batch.deliver_batch(message_ids=[first.pk, second.pk], now=NOW)
    links = {o.headers["List-Unsubscribe"].strip("<>") for o in locmem.outbox}
    assert len(links) == 2, "one link per topic"
    tip = next(o for o in locmem.outbox if o.subject == "Een tip voor thuis")
    token = tip.headers["List-Unsubscribe"].strip("<>").rstrip("/").rsplit("/", 1)[-1]
    assert unsubscribe_check(token) == (anna, "tip")


def test_a_batch_keeps_consent_expiry_and_the_week(world, locmem):
    stopped, late, expired, fine = guardians(world, 4)
    Subscription.objects.create(guardian=stopped, topic="tip", active=False, changed_at=NOW)
    rows = {
        "stopped": outbox_row(stopped, at=NOW - datetime.timedelta(minutes=1), purpose=Purpose.ENGAGEMENT, kind="tip"),
        "late": outbox_row(late, at=NOW - datetime.timedelta(days=7), purpose=Purpose.ENGAGEMENT, kind="tip"),
        "expired": outbox_row(expired, at=NOW - datetime.timedelta(hours=2), expires_at=NOW),
        "fine": outbox_row(fine, at=NOW - datetime.timedelta(minutes=1)),
    }
    ids = [r.pk for r in rows.values()]
    engine.Message.objects.filter(pk__in=ids).update(status=Status.SENDING, claimed_at=NOW, attempts=1)
    outcomes = batch.deliver_batch(message_ids=ids, now=NOW)
    assert [outcomes[rows[name].pk] for name in ("stopped", "late", "expired", "fine")] == [
        engine.Outcome.CANCELLED,
        engine.Outcome.CANCELLED,
        engine.Outcome.CANCELLED,
        engine.Outcome.SENT,
    ]
    reasons = dict(engine.Message.objects.filter(pk__in=ids).values_list("pk", "cancel_reason"))
    assert [reasons[rows[name].pk] for name in ("stopped", "late", "expired")] == [
        CancelReason.OPTED_OUT,
        CancelReason.WEEK_OVER,
        CancelReason.EXPIRED,
    ]
    assert [o.to for o in locmem.outbox] == [fine.email]


def test_a_batch_leaves_out_a_merged_reminder_part_whose_moment_passed_and_attaches_files(world, locmem):
    row = outbox_row(world.anna, at=NOW - datetime.timedelta(minutes=1), purpose=Purpose.REMINDER, text="")
    MessagePart.objects.create(message=row, source="a", text="Om 9 uur: gym.", valid_until=NOW)
    MessagePart.objects.create(message=row, source="b", text="Om 14 uur: gesprek.", valid_until=NOW.replace(hour=14))
    MessageAttachment.objects.create(message=row, filename="gesprek.ics", content_type="text/calendar", content="X")
    engine.claim_due(now=NOW)
    assert batch.deliver_batch(message_ids=[row.pk], now=NOW) == {row.pk: engine.Outcome.SENT}
    (outgoing,) = locmem.outbox
    assert "gesprek" in outgoing.text and "gym" not in outgoing.text
    assert outgoing.attachments == (("gesprek.ics", "text/calendar", "X"),)


def test_in_quiet_hours_a_batch_goes_back_to_pending_until_eight(world, locmem):
    rows = claimed_rows(guardians(world, 3))
    evening = amsterdam(DAY, 21, 30)
    outcomes = batch.deliver_batch(message_ids=[r.pk for r in rows], now=evening)
    assert set(outcomes.values()) == {engine.Outcome.DEFERRED}
    assert set(engine.Message.objects.filter(pk__in=[r.pk for r in rows]).values_list("status", "scheduled_at")) == {
        (Status.PENDING, amsterdam(DAY + datetime.timedelta(days=1), 8))
    }
    assert locmem.outbox == []


def test_a_provider_error_in_a_batch_retries_or_falls_back_that_message_only(world, locmem):
    transient, permanent, fine = guardians(world, 3)
    rows = claimed_rows([transient, permanent, fine])
    locmem.fail_next(TransientError("503"))
    locmem.fail_next(PermanentError("bounced"))
    outcomes = batch.deliver_batch(message_ids=[r.pk for r in rows], now=NOW)
    assert [outcomes[r.pk] for r in rows] == [engine.Outcome.RETRY, engine.Outcome.FELL_BACK, engine.Outcome.SENT]
    statuses = dict(engine.Message.objects.filter(pk__in=[r.pk for r in rows]).values_list("pk", "status"))
    assert [statuses[r.pk] for r in rows] == [Status.SENDING, Status.PENDING, Status.SENT]


def test_a_row_claimed_again_after_the_batch_read_it_goes_the_careful_way_and_is_sent_once(world, locmem, monkeypatch):
    (row,) = claimed_rows([world.anna])
    real_prepare = batch._prepare

    def prepare_then_reclaim(message_ids, now):
        prepared = real_prepare(message_ids, now)
        engine.Message.objects.filter(pk=row.pk).update(claimed_at=NOW + datetime.timedelta(seconds=1))
        return prepared

    monkeypatch.setattr(batch, "_prepare", prepare_then_reclaim)
    assert batch.deliver_batch(message_ids=[row.pk], now=NOW) == {row.pk: engine.Outcome.SENT}
    assert batch.deliver_batch(message_ids=[row.pk], now=NOW) == {row.pk: engine.Outcome.SKIPPED}
    assert len(locmem.outbox) == 1
