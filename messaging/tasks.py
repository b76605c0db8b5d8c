"""Celery tasks of the send engine: thin wrappers that take ids and call engine.py."""

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from ouderbetrokkenheid.school.clock import local_day

from . import batch, engine
from .planning import summer_reading_schedule_all


@shared_task(name="messaging.tasks.dispatch_due", ignore_result=True)
def dispatch_due():
    """Beat, every minute: hand the due rows of the outbox to the workers."""
    return engine.dispatch_due()


#: Sending tasks: acknowledged after they ran (a killed worker's task is delivered again; the claim
#: and the per-message lock keep that exactly-once), database hiccups retried with backoff.
SEND_TASK_OPTIONS = {
    "ignore_result": True,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "max_retries": 10,
}


@shared_task(bind=True, name="messaging.tasks.send_message", **SEND_TASK_OPTIONS)
def send_message(self, message_id):
    """Send one claimed message; transient provider errors come back with backoff."""
    outcome = engine.deliver(message_id=message_id)
    if outcome == engine.Outcome.RETRY:
        raise self.retry(countdown=engine.backoff(self.request.retries))
    return str(outcome)


@shared_task(name="messaging.tasks.send_batch", **SEND_TASK_OPTIONS)
def send_batch(message_ids):
    """Send a chunk of claimed messages; one whose provider failed for now comes back on its own
    (`send_message`) with backoff."""
    outcomes = batch.deliver_batch(message_ids=message_ids)
    for message_id, outcome in outcomes.items():
        if outcome == engine.Outcome.RETRY:
            send_message.apply_async((message_id,), countdown=engine.backoff(0))
    return len(outcomes)


@shared_task(name="messaging.tasks.schedule_summer_reading", ignore_result=True)
def schedule_summer_reading():
    """Beat, daily: the vacation reading programme's tip for this week (idempotent per week)."""

    return summer_reading_schedule_all(week=local_day(timezone.now()))
