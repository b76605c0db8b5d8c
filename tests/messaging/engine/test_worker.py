"""The engine with real Celery workers on PostgreSQL and Redis: a worker killed mid-batch
(SIGKILL) and a Redis restart lose no message and send none twice; fallback end to end."""

import datetime
import json
import os
import signal
import time

import pytest
from django.utils import timezone

from messaging import engine, tasks
from messaging.models import DeliveryStatus, Message, MessageAttempt, Status
from messaging.services import notice_send
from messaging.timing import in_quiet_hours, outside_quiet_hours

pytestmark = pytest.mark.celery_worker

BATCH = 200


def file_settings(tmp_path, **extra):
    path = tmp_path / "sent.jsonl"
    settings = {f"MESSAGING_{c}_PROVIDER": "messaging.channels.file.FileProvider" for c in ("EMAIL", "SMS", "WHATSAPP")}
    settings.update(MESSAGING_FILE_PATH=str(path), MESSAGING_FILE_DELAY=0.03, MESSAGING_LEASE_SECONDS=3, **extra)
    return path, settings


def due_batch(world, size=BATCH):
    now = engine.clock()
    Message.objects.bulk_create(
        [
            Message(
                school=world.school_a,
                guardian=world.anna,
                purpose="notice",
                day=now.date(),
                channel="email",
                text=f"Bericht {i}",
                scheduled_at=now - datetime.timedelta(minutes=1),
                idempotency_key=f"batch:{i}",
            )
            for i in range(size)
        ]
    )


def lines(path):
    return path.read_text().splitlines() if path.exists() else []


def sent_keys(path):
    return [json.loads(line)["key"] for line in lines(path)]


def wait_until(condition, timeout, what):
    """Poll `condition`; on timeout fail with `what` (a string, or a worker whose log to show)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what.log() if hasattr(what, 'log') else what}")


def assert_each_sent_exactly_once(path):
    keys = sent_keys(path)
    assert len(keys) == len(set(keys)) == BATCH, f"{len(keys)} lines, {len(set(keys))} distinct"
    assert set(keys) == {f"batch:{i}/email" for i in range(BATCH)}
    assert Message.objects.filter(status=Status.SENT).count() == BATCH
    assert MessageAttempt.objects.filter(ok=True).count() == BATCH
    # The only possible repeat is the one message in flight at the crash (see engine.py);
    # the file provider honours the idempotency key, so it shows up here and not twice above.
    assert len(lines(path.with_name(path.name + ".duplicates"))) <= 1


def test_the_shared_worker_sends_a_claimed_message_or_holds_it_in_quiet_hours(celery_worker_process, world):
    now = timezone.now()
    row = Message.objects.create(
        school=world.school_a,
        guardian=world.anna,
        purpose="notice",
        day=now.date(),
        channel="email",
        text="Hoi",
        scheduled_at=now,
        status=Status.SENDING,
        claimed_at=now,
        attempts=1,
        idempotency_key="shared-worker",
    )
    tasks.send_message.delay(row.pk)
    expected = Status.PENDING if in_quiet_hours(now) else Status.SENT

    def settled():
        row.refresh_from_db()
        return row.status != Status.SENDING

    assert celery_worker_process.wait_for(settled, timeout=30), celery_worker_process.log()
    assert row.status == expected
    if expected == Status.PENDING:
        assert row.scheduled_at == outside_quiet_hours(now)


def test_a_worker_killed_mid_batch_loses_no_message_and_sends_none_twice(messaging_workers, world, tmp_path):
    path, settings = file_settings(tmp_path)
    due_batch(world)
    first = messaging_workers(settings=settings)
    wait_until(lambda: len(lines(path)) >= 40, 60, "the first worker to send part of the batch")
    os.kill(first.process.pid, signal.SIGKILL)
    first.process.wait()
    at_kill = len(lines(path))
    assert at_kill < BATCH, "the worker was killed mid-batch"

    second = messaging_workers(queue=first.queue, settings=settings)
    wait_until(lambda: Message.objects.filter(status=Status.SENT).count() == BATCH, 120, second)
    assert_each_sent_exactly_once(path)


def test_a_redis_restart_loses_no_message_and_sends_none_twice(messaging_workers, world, tmp_path, private_redis):
    path, settings = file_settings(tmp_path)
    due_batch(world)
    worker = messaging_workers(broker_url=private_redis.url, settings=settings)
    wait_until(lambda: len(lines(path)) >= 40, 60, "the worker to send part of the batch")
    private_redis.kill()  # every queued task is gone: nothing is persisted
    time.sleep(1)
    private_redis.start()
    assert len(lines(path)) < BATCH, "Redis went away mid-batch"

    wait_until(lambda: Message.objects.filter(status=Status.SENT).count() == BATCH, 120, worker)
    assert_each_sent_exactly_once(path)


def test_fallback_end_to_end_with_a_worker_the_fake_twilio_and_its_callbacks(
    messaging_workers, world, tmp_path, fake_twilio, live_server, settings
):
    settings.MESSAGING_CALLBACK_BASE_URL = live_server.url
    for guardian, number in ((world.anna, "+31611111111"), (world.bert, "+31622222222")):
        guardian.mobile, guardian.channel = number, "sms"
        guardian.save()
    fake_twilio.fail_next(2, status=500, to="+31611111111")  # Anna's SMS: two server errors, then give up on SMS
    fake_twilio.outcome["+31622222222"] = ("undelivered", "30003")  # Bert's SMS is accepted, then not delivered
    path, worker_settings = file_settings(tmp_path, MESSAGING_TRIES_PER_CHANNEL=2, MESSAGING_RETRY_BACKOFF_SECONDS=0.1)
    worker_settings.update(fake_twilio.settings(), MESSAGING_CALLBACK_BASE_URL=live_server.url)
    notice_send(
        guardians=[world.anna],
        source="test:anna",
        text_for=lambda g: "Gym gaat niet door.",
        scheduled_at=engine.clock(),
    )
    notice_send(
        guardians=[world.bert],
        source="test:bert",
        text_for=lambda g: "Gym gaat niet door.",
        scheduled_at=engine.clock(),
    )
    worker = messaging_workers(settings=worker_settings)

    def both_by_email():
        return Message.objects.filter(status=Status.SENT, channel="email").count() == 2

    wait_until(both_by_email, 60, worker)
    anna, bert = Message.objects.get(guardian=world.anna), Message.objects.get(guardian=world.bert)
    assert [(a.channel, a.ok) for a in anna.attempt_log.all()] == [("sms", False), ("sms", False), ("email", True)]
    assert [(a.channel, a.ok, a.delivery_status) for a in bert.attempt_log.all()] == [
        ("sms", True, DeliveryStatus.UNDELIVERED),
        ("email", True, DeliveryStatus.QUEUED),
    ]
    assert sorted(json.loads(line)["to"] for line in lines(path)) == ["anna@example.nl", "bert@example.nl"]
    assert [status for _, _, status in fake_twilio.callbacks] == [204, 204]
