"""Faster recovery after a lost queue: when the broker holds no task at all, a row left in
`sending` is claimed again after MESSAGING_LOST_AFTER_SECONDS, not after the whole lease."""

import datetime

import pytest

from messaging import engine
from messaging.models import Message, Status

from .conftest import DAY, amsterdam, outbox_row
from .test_worker import file_settings, lines, sent_keys, wait_until

NOW = amsterdam(DAY, 10)


@pytest.fixture
def no_enqueue(monkeypatch):
    monkeypatch.setattr(engine, "_enqueue", lambda ids: None)


def in_flight(guardian, claimed_ago):
    row = outbox_row(guardian, at=NOW - datetime.timedelta(minutes=5))
    Message.objects.filter(pk=row.pk).update(status=Status.SENDING, claimed_at=NOW - claimed_ago, attempts=1)
    return row


def test_an_idle_broker_lets_a_row_be_claimed_again_after_lost_after_not_the_lease(world, no_enqueue):
    fresh, lost = (
        in_flight(world.anna, datetime.timedelta(seconds=10)),
        in_flight(world.bert, datetime.timedelta(seconds=40)),
    )
    assert engine.claim_due(now=NOW) == []  # the broker may still hold their tasks: wait for the lease
    assert engine.claim_due(now=NOW, idle_broker=True) == [lost.pk]
    assert fresh.pk not in engine.claim_due(now=NOW + datetime.timedelta(seconds=5), idle_broker=False)


def test_the_broker_is_not_called_idle_when_it_cannot_be_asked(settings):
    from ouderbetrokkenheid.celery import app

    previous = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:9/0"  # nothing listens
    try:
        assert engine.broker_idle() is False
    finally:
        app.conf.broker_url = previous


@pytest.mark.celery_worker
def test_after_a_redis_restart_the_outbox_recovers_well_before_the_lease(
    messaging_workers, world, tmp_path, private_redis
):
    path, settings = file_settings(tmp_path, MESSAGING_LOST_AFTER_SECONDS=2)
    settings["MESSAGING_LEASE_SECONDS"] = 600
    now = engine.clock()
    Message.objects.bulk_create(
        Message(school=world.school_a, guardian=world.anna, purpose="notice", day=now.date(), channel="email",
                text=f"Bericht {i}", scheduled_at=now - datetime.timedelta(minutes=1), idempotency_key=f"lost:{i}")
        for i in range(120)
    )  # fmt: skip
    worker = messaging_workers(broker_url=private_redis.url, settings=settings)
    wait_until(lambda: len(lines(path)) >= 20, 60, worker)
    private_redis.kill()  # every queued task is gone
    private_redis.start()
    assert len(lines(path)) < 120, "Redis went away mid-batch"
    wait_until(lambda: Message.objects.filter(status=Status.SENT).count() == 120, 60, worker)  # lease: 600 s
    keys = sent_keys(path)
    assert len(keys) == len(set(keys)) == 120
