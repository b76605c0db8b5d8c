"""The cap at send time with a real Celery worker on PostgreSQL and Redis: a worker that was
down over the Sunday-to-Monday boundary (also the DST nights) sends none of last week's
engagement messages on Monday and nothing whose moment passed; this week's goes out once."""

import datetime

import pytest
from django.utils import timezone

from messaging.models import CancelReason, Message, Purpose, Status
from ouderbetrokkenheid.school.clock import at_local, local_day

from .conftest import amsterdam, outbox_row
from .test_worker import file_settings, sent_keys, wait_until

pytestmark = pytest.mark.celery_worker


def next_sunday(after: datetime.date, *, dst: str | None = None) -> datetime.date:
    """The first Sunday after `after`; with `dst` ("march"/"october") the next DST-change Sunday."""
    day = after + datetime.timedelta(days=1)
    while True:
        day += datetime.timedelta(days=(6 - day.weekday()) % 7)
        if dst is None or (day.month == {"march": 3, "october": 10}[dst] and day.day > 24):
            return day
        day += datetime.timedelta(days=1)


@pytest.mark.parametrize("dst", [None, "march", "october"])
def test_a_worker_down_over_the_weekend_sends_no_message_of_last_week_on_monday(
    dst, messaging_workers, daytime_clock, clock, world, tmp_path
):
    sunday = next_sunday(local_day(timezone.now()), dst=dst)
    monday = sunday + datetime.timedelta(days=1)
    last_week = outbox_row(world.anna, at=amsterdam(sunday, 20, 30), purpose=Purpose.ENGAGEMENT, kind="tip")
    this_week = outbox_row(world.anna, at=amsterdam(monday, 8), purpose=Purpose.ENGAGEMENT, kind="tip")
    reminder = outbox_row(world.bert, at=amsterdam(sunday, 9), purpose=Purpose.REMINDER,
                          expires_at=amsterdam(sunday, 19))  # fmt: skip
    # The engine's clock (here and in the worker) is the suite's clock moved by daytime_clock:
    # put it at 08:00:05 on Monday, after a weekend without a worker.
    target = at_local(monday, datetime.time(8, 0, 5)).astimezone(datetime.UTC)  # absolute time, not wall time
    clock.move_to(target - datetime.timedelta(seconds=daytime_clock))
    path, settings = file_settings(tmp_path)
    worker = messaging_workers(settings=settings)

    def settled():
        return not Message.objects.filter(status__in=[Status.PENDING, Status.SENDING]).exists()

    wait_until(settled, 60, worker)
    assert sent_keys(path) == [f"{this_week.idempotency_key}/email"]
    statuses = dict(Message.objects.values_list("pk", "status"))
    reasons = dict(Message.objects.values_list("pk", "cancel_reason"))
    assert statuses == {last_week.pk: Status.CANCELLED, this_week.pk: Status.SENT, reminder.pk: Status.CANCELLED}
    assert (reasons[last_week.pk], reasons[reminder.pk]) == (CancelReason.WEEK_OVER, CancelReason.EXPIRED)
    this_week.refresh_from_db()
    assert local_day(this_week.sent_at) == monday
