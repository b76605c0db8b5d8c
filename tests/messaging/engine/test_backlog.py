"""Back-pressure: with MESSAGING_MAX_BACKLOG a dispatch claims no more while the broker already
holds that many rows' worth of send tasks (a real Redis queue that no worker reads)."""

import datetime
import uuid

import pytest

from messaging import engine
from messaging.models import Message, Status

from .conftest import DAY, amsterdam


@pytest.mark.django_db(transaction=True)  # the tasks go to the broker when each claim commits
def test_with_a_max_backlog_a_dispatch_stops_claiming_while_the_broker_holds_that_many_rows(world, settings):
    from celery import current_app as app  # the app the send tasks are published through

    settings.MESSAGING_BATCH_SIZE, settings.MESSAGING_SEND_CHUNK, settings.MESSAGING_MAX_BACKLOG = 50, 25, 100
    now = amsterdam(DAY, 10)
    Message.objects.bulk_create(
        Message(school=world.school_a, guardian=world.anna, purpose="notice", day=DAY, channel="email",
                text="x", scheduled_at=now - datetime.timedelta(minutes=1), idempotency_key=f"backlog:{i}")
        for i in range(300)
    )  # fmt: skip
    saved, app.conf.task_default_queue = app.conf.task_default_queue, f"test-backlog-{uuid.uuid4().hex[:8]}"
    try:
        assert engine.queued_send_tasks() == 0
        first = engine.dispatch_due(now=now)
        queued = engine.queued_send_tasks()
        second = engine.dispatch_due(now=now)
        with app.connection_for_write() as conn:
            conn.default_channel.client.delete(app.conf.task_default_queue)
        third = engine.dispatch_due(now=now)
    finally:
        with app.connection_for_write() as conn:
            conn.default_channel.client.delete(app.conf.task_default_queue)
        app.conf.task_default_queue = saved
    assert (first, queued, second) == (100, 4, 0), "two claims of 50, four tasks of 25, then full"
    assert third == 100, "the queue drained: the next beat claims the next 100"
    assert Message.objects.filter(status=Status.PENDING).count() == 100
