"""Claiming due rows: quiet hours (also on the DST weekends), the lease, concurrent dispatchers."""

import datetime
import threading

import pytest
from django.db import connection

from messaging import engine
from messaging.models import Message, Status
from messaging.timing import outside_quiet_hours

from .conftest import DAY, amsterdam, outbox_row

SPRING = datetime.date(2026, 3, 29)  # clocks go 02:00 → 03:00
AUTUMN = datetime.date(2026, 10, 25)  # clocks go 03:00 → 02:00


@pytest.fixture(autouse=True)
def no_enqueue(monkeypatch):
    enqueued = []
    monkeypatch.setattr(engine, "_enqueue", enqueued.extend)
    return enqueued


def claimed_at(now, guardian):
    row = outbox_row(guardian, at=now - datetime.timedelta(minutes=1))
    engine.claim_due(now=now)
    row.refresh_from_db()
    return row.status == Status.SENDING


@pytest.mark.parametrize(
    ("hour", "minute", "claims"),
    [(20, 59, True), (21, 0, False), (23, 30, False), (7, 59, False), (8, 0, True), (12, 0, True)],
)
def test_rows_are_claimed_only_outside_quiet_hours(world, hour, minute, claims):
    assert claimed_at(amsterdam(DAY, hour, minute), world.anna) is claims


@pytest.mark.parametrize("day", [SPRING, AUTUMN], ids=["spring", "autumn"])
@pytest.mark.parametrize(("hour", "minute", "claims"), [(7, 59, False), (8, 0, True), (20, 59, True), (21, 0, False)])
def test_quiet_hours_hold_in_amsterdam_time_on_the_dst_weekends(world, day, hour, minute, claims):
    assert claimed_at(amsterdam(day, hour, minute), world.anna) is claims


@pytest.mark.parametrize("day", [SPRING, AUTUMN], ids=["spring", "autumn"])
def test_what_falls_due_in_the_night_of_a_dst_change_waits_for_eight_amsterdam(world, day):
    night = datetime.datetime.combine(day, datetime.time(1, 30), tzinfo=datetime.UTC)  # 02:30/03:30 local
    row = outbox_row(world.anna, at=night)
    assert engine.claim_due(now=night + datetime.timedelta(hours=2)) == []
    eight = outside_quiet_hours(night)
    assert eight == amsterdam(day, 8)
    assert engine.claim_due(now=eight - datetime.timedelta(seconds=1)) == []
    assert engine.claim_due(now=eight) == [row.pk]
    # The UTC hour of 08:00 Amsterdam differs on either side of the change.
    utc_hour = {SPRING: 6, AUTUMN: 7}[day]
    assert eight.astimezone(datetime.UTC).hour == utc_hour


def test_claim_flips_to_sending_counts_the_attempt_and_enqueues_after_commit(world, no_enqueue):
    now = amsterdam(DAY, 10)
    due = outbox_row(world.anna, at=now)
    later = outbox_row(world.bert, at=now + datetime.timedelta(minutes=5))
    assert engine.claim_due(now=now) == [due.pk]
    due.refresh_from_db()
    later.refresh_from_db()
    assert (due.status, due.attempts, due.claimed_at) == (Status.SENDING, 1, now)
    assert later.status == Status.PENDING


def test_a_row_stuck_in_sending_is_claimed_again_after_the_lease(world, settings):
    settings.MESSAGING_LEASE_SECONDS = 600
    now = amsterdam(DAY, 10)
    row = outbox_row(world.anna, at=now)
    engine.claim_due(now=now)
    assert engine.claim_due(now=now + datetime.timedelta(minutes=9)) == []
    assert engine.claim_due(now=now + datetime.timedelta(minutes=11)) == [row.pk]
    row.refresh_from_db()
    assert row.attempts == 2


def test_dispatch_claims_everything_due_in_batches(world, settings):
    settings.MESSAGING_BATCH_SIZE = 7
    now = amsterdam(DAY, 10)
    for _ in range(20):
        outbox_row(world.anna, at=now)
    assert engine.dispatch_due(now=now) == 20
    assert Message.objects.filter(status=Status.SENDING).count() == 20


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_dispatchers_never_claim_the_same_row(world, settings, no_enqueue):
    settings.MESSAGING_BATCH_SIZE = 25
    now = amsterdam(DAY, 10)
    Message.objects.bulk_create(
        [
            Message(
                school=world.school_a,
                guardian=world.anna,
                purpose="notice",
                day=DAY,
                channel="email",
                text="x",
                scheduled_at=now,
                idempotency_key=f"race:{i}",
            )
            for i in range(500)
        ]
    )
    claims, start = {}, threading.Barrier(2)

    def dispatcher(name):
        start.wait()
        try:
            claims[name] = []
            while ids := engine.claim_due(now=now):
                claims[name].extend(ids)
        finally:
            connection.close()

    threads = [threading.Thread(target=dispatcher, args=(n,)) for n in ("a", "b")]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert not set(claims["a"]) & set(claims["b"])
    assert len(claims["a"]) + len(claims["b"]) == 500
    assert claims["a"] and claims["b"], "both dispatchers took part"
    assert set(Message.objects.values_list("attempts", flat=True)) == {1}
