"""The send engine: claiming due rows and the message state machine.

    pending ──claim──▶ sending ──provider accepted──▶ sent
       ▲                  │ ╲──no channel left──▶ failed
       └──fallback/quiet──┘  ╲─opted out──▶ cancelled
    sent ──callback undelivered/failed──▶ pending (next channel) | failed
    pending | sending ──past its expiry (week over, event begun)──▶ cancelled

Promises kept at send time, not only by the planner:
- An engagement message goes out only inside its own ISO week (Amsterdam). The claim query
  takes no row of an earlier week; `sweep_late` cancels (reason `week_over`) every row that
  can no longer go out in its week, already at Sunday 21:00 when quiet hours would push it to
  Monday; `deliver` checks again under the row lock, and a check constraint refuses a `sent`
  row whose sending day lies outside its week. The next week's message of the kind is
  planned on its own (the week's plan), so the parent gets that one instead.
- Every message may carry `expires_at` (the session or conversation starts, a booking window
  closes): past it the row is cancelled (reason `expired`), never sent; parts of a merged
  reminder whose moment passed are left out of the text.

The outbox row is the truth. `claim_due` (the beat task, every minute) locks due rows with
SKIP LOCKED, flips them to `sending` (claimed_at, attempts+1) and enqueues one task per chunk of
MESSAGING_SEND_CHUNK (50) rows after commit; batch.py sends a chunk with a few queries for
the whole chunk and then, per message, the same locked send-and-record as `deliver`. A row
left in `sending` longer than the lease (its worker died and the broker lost the task, e.g.
a Redis restart) is claimed again.

Faster recovery after a lost queue: each dispatch asks the broker (`broker_idle`) whether it
holds any task at all: the send queue empty and no unacknowledged (reserved, running, or
waiting for a retry countdown) message. If it holds none, a row still `sending` that no
worker has locked and that was claimed more than MESSAGING_LOST_AFTER_SECONDS (30) ago has
lost its task and is claimed again at once, not after the lease. A task that turns out to be
alive after all only finds the row sent (deliver is idempotent under the row lock). Worst
case after a Redis restart: LOST_AFTER (30 s) + one beat interval (60 s) + the broker
reconnect, about 1.5 minutes instead of 10-11; the lease (600 s) stays the backstop when the
broker cannot be asked or other tasks are pending.

Exactly once toward the provider: `deliver` locks the row, sends only while it is `sending`
with no successful attempt, and records the attempt and `sent` in the same transaction
that holds the lock. The remaining window: the process dies after the provider accepted
the message and before that commit. The row is then claimed again after the lease and
sent again. For e-mail the resend carries the same Message-ID (derived from the
idempotency key), which mail systems de-duplicate; Twilio takes no idempotency key, so an
SMS/WhatsApp can arrive twice in that window (milliseconds, once per crash).
"""

import datetime
import json
import logging
import random
from enum import StrEnum
from functools import partial

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from ouderbetrokkenheid.school.calendar import week_start
from ouderbetrokkenheid.school.clock import local_day
from ouderbetrokkenheid.school.models import Channel

from .channels.base import PermanentError, TransientError, UnknownOutcomeError, provider_for
from .channels.render import outgoing_for
from .consent import is_subscribed, topic_of
from .lateness import late_notes_apply
from .models import CancelReason, DeliveryStatus, Message, MessageAttempt, Purpose, Status
from .services import _render_all, channels_for
from .timing import in_quiet_hours, outside_quiet_hours

logger = logging.getLogger(__name__)
SEND_TASK = "messaging.tasks.send_message"
SEND_TASKS = (SEND_TASK, "messaging.tasks.send_batch")

PROVIDER_STATUS = {
    "accepted": DeliveryStatus.QUEUED,
    "queued": DeliveryStatus.QUEUED,
    "sending": DeliveryStatus.QUEUED,
    "sent": DeliveryStatus.QUEUED,
    "delivered": DeliveryStatus.DELIVERED,
    "read": DeliveryStatus.DELIVERED,
    "undelivered": DeliveryStatus.UNDELIVERED,
    "failed": DeliveryStatus.UNDELIVERED,
}


class Outcome(StrEnum):
    SENT = "sent"
    RETRY = "retry"
    FELL_BACK = "fell_back"
    FAILED = "failed"
    DEFERRED = "deferred"
    CANCELLED = "cancelled"
    SKIPPED = "skipped"


def clock() -> datetime.datetime:
    """Now: the one place the engine reads the time (tests run a worker on a set clock)."""
    return timezone.now()


def option(name, default):
    return type(default)(getattr(settings, f"MESSAGING_{name}", default))


def lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=option("LEASE_SECONDS", 600.0))


def backoff(retries: int) -> float:
    """Seconds before retry number `retries + 1`: exponential, jittered, well inside the lease."""
    delay = min(option("RETRY_BACKOFF_SECONDS", 30.0) * 2**retries, lease().total_seconds() / 2)
    return delay * random.uniform(1.0, 1.25)


def _enqueue(ids):
    """One send task per chunk of MESSAGING_SEND_CHUNK claimed rows (see batch.py)."""
    from .tasks import send_batch

    size = max(1, option("SEND_CHUNK", 50))
    for start in range(0, len(ids), size):
        send_batch.delay(ids[start : start + size])


def _too_late(moment) -> Q:
    """Rows that cannot go out at `moment` any more: their week is over or their expiry passed."""
    return Q(expires_at__lte=moment) | Q(purpose=Purpose.ENGAGEMENT, week__lt=week_start(local_day(moment)))


def late_reason(message, moment) -> str:
    """Why `message` can no longer be sent at `moment` ("" if it still can)."""
    if message.purpose == Purpose.ENGAGEMENT and message.week < week_start(local_day(moment)):
        return CancelReason.WEEK_OVER
    if message.expires_at is not None and message.expires_at <= moment:
        return CancelReason.WEEK_OVER if message.purpose == Purpose.ENGAGEMENT else CancelReason.EXPIRED
    return ""


def sweep_late(*, now=None) -> int:
    """Cancel the waiting rows (pending, or sending with a lapsed lease) that cannot be sent in
    time any more: the first moment they could go out (`now`, or 08:00 after quiet hours) is
    past their week or their expiry. Rows a worker holds are skipped (deliver checks them)."""
    now = now or clock()
    horizon = outside_quiet_hours(now)
    waiting = Q(status=Status.PENDING) | Q(status=Status.SENDING, claimed_at__lt=now - lease())
    with transaction.atomic():
        ids = list(
            Message.objects.filter(waiting & _too_late(horizon))
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        for reason, purpose in ((CancelReason.WEEK_OVER, Q(purpose=Purpose.ENGAGEMENT)),
                                (CancelReason.EXPIRED, ~Q(purpose=Purpose.ENGAGEMENT))):  # fmt: skip
            Message.objects.filter(purpose, pk__in=ids).update(
                status=Status.CANCELLED, cancel_reason=reason, claimed_at=None, last_error=reason.label[:500]
            )
    if ids:
        logger.info("cancelled %s messages that could no longer go out in time", len(ids))
    return len(ids)


def lost_after() -> datetime.timedelta:
    return datetime.timedelta(seconds=option("LOST_AFTER_SECONDS", 30.0))


PROBE_LIMIT = 200


def _is_send_task(raw) -> bool:
    """Whether a broker message (kombu's JSON envelope; in `unacked` wrapped with exchange and
    routing key) is a send task; anything unreadable counts as one (so the lease decides)."""
    try:
        payload = json.loads(raw)
        message = payload[0] if isinstance(payload, list) else payload
        return message["headers"].get("task") in SEND_TASKS
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        return True


def broker_idle() -> bool:
    """True only when the Redis broker provably holds no send task: none waiting in the queue and
    none unacknowledged (reserved by a worker, running, or held for a retry countdown); other
    tasks (the dispatch itself) do not count. False when it cannot be asked, is busy, is not
    Redis, or tasks run eagerly."""
    from celery import current_app

    from .tasks import send_message

    conf = current_app.conf
    url = str(conf.broker_url or "")
    if conf.task_always_eager or not url.startswith(("redis://", "rediss://")):
        return False
    try:
        import redis

        client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        try:
            queue = getattr(send_message, "queue", None) or conf.task_default_queue
            waiting = client.lrange(queue, 0, PROBE_LIMIT)
            unacked = client.hvals("unacked") if client.hlen("unacked") <= PROBE_LIMIT else None
            if unacked is None or len(waiting) > PROBE_LIMIT:
                return False  # busy: the lease decides
            return not any(_is_send_task(raw) for raw in waiting) and not any(_is_send_task(raw) for raw in unacked)
        finally:
            client.close()
    except Exception:  # noqa: BLE001 (any broker trouble: fall back to the lease)
        logger.info("broker not reachable for the lost-task check; relying on the lease", exc_info=True)
        return False


def claim_due(*, now=None, limit=None, idle_broker=False) -> list[int]:
    """Claim due rows (and rows whose lease ran out; with `idle_broker`, rows whose task the
    broker lost); their tasks are enqueued on commit. Rows past their week or expiry are never
    claimed (sweep_late cancels them)."""
    now = now or clock()
    if in_quiet_hours(now):
        return []
    stale = now - (min(lost_after(), lease()) if idle_broker else lease())
    due = Q(status=Status.PENDING, scheduled_at__lte=now) | Q(status=Status.SENDING, claimed_at__lt=stale)
    due &= ~_too_late(now)
    with transaction.atomic():
        rows = Message.objects.filter(due).order_by("scheduled_at", "pk").select_for_update(skip_locked=True)
        ids = list(rows.values_list("pk", flat=True)[: limit or option("BATCH_SIZE", 500)])
        Message.objects.filter(pk__in=ids).update(status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
        transaction.on_commit(partial(_enqueue, ids))
    return ids


def queued_send_tasks() -> int | None:
    """How many tasks wait in the broker's send queue; None when it cannot be asked."""
    from celery import current_app

    conf = current_app.conf
    url = str(conf.broker_url or "")
    if conf.task_always_eager or not url.startswith(("redis://", "rediss://")):
        return None
    try:
        import redis

        client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        try:
            return client.llen(conf.task_default_queue)
        finally:
            client.close()
    except Exception:  # noqa: BLE001 (any broker trouble: no back-pressure this time)
        logger.info("broker not reachable for the backlog check", exc_info=True)
        return None


def _backlog_full() -> bool:
    """MESSAGING_MAX_BACKLOG (rows, 0: no limit): stop claiming while the broker already holds that
    many rows' worth of send tasks, so a wave longer than the lease is not claimed all at once
    (rows waiting in the queue past the lease would be claimed again; see docs/scaling.md)."""
    most = option("MAX_BACKLOG", 0)
    queued = queued_send_tasks() if most else None
    return queued is not None and queued * option("SEND_CHUNK", 50) >= most


def dispatch_due(*, now=None) -> int:
    """Claim and enqueue every due row, one committed batch at a time (up to MESSAGING_MAX_BACKLOG
    rows waiting in the broker, if set; the next beat claims the rest)."""
    batch, total = option("BATCH_SIZE", 500), 0
    sweep_late(now=now)
    idle = broker_idle()
    while True:
        if _backlog_full():
            logger.info("the broker holds MESSAGING_MAX_BACKLOG rows: claiming the rest later")
            return total
        ids = claim_due(now=now, limit=batch, idle_broker=idle)
        idle = False  # what this batch enqueued is in the broker now
        total += len(ids)
        if len(ids) < batch:
            return total


def _save(message, outcome, **fields):
    for name, value in fields.items():
        setattr(message, name, value)
    message.save(update_fields=list(fields))
    return outcome


def _next_channel(message, tried=None):
    """The guardian's next usable channel not `tried` yet (read from the attempts if not given)."""
    tried = set(message.attempt_log.values_list("channel", flat=True)) if tried is None else tried
    return next((c for c in channels_for(message.guardian) if c not in tried), None)


def _cancel_late(message, reason):
    return _save(
        message, Outcome.CANCELLED, status=Status.CANCELLED, cancel_reason=reason, sent_at=None,
        last_error=CancelReason(reason).label[:500],
    )  # fmt: skip


def _fall_back(message, *, reason, now):
    """Give up the current channel: the next one the guardian has, or `failed`; cancelled
    when the next chance to send comes too late."""
    channel = _next_channel(message)
    if channel is None:
        logger.warning("message %s failed on every channel: %s", message.pk, reason)
        return _save(message, Outcome.FAILED, status=Status.FAILED, last_error=reason[:500], sent_at=None)
    moment = outside_quiet_hours(now)
    if late := late_reason(message, moment):
        return _cancel_late(message, late)
    return _save(
        message,
        Outcome.FELL_BACK,
        status=Status.PENDING,
        channel=channel,
        scheduled_at=moment,
        claimed_at=None,
        sent_at=None,
        last_error=reason[:500],
    )


def _current_channel(message, tried=None):
    """`tried`: the channels of the message's attempts so far (read from the attempts if not given)."""
    tried = set(message.attempt_log.values_list("channel", flat=True)) if tried is None else tried
    usable = channels_for(message.guardian)
    if not tried:
        if message.fixed_channel in usable:
            return message.fixed_channel  # an answer goes back on the channel the parent used
        return usable[0] if usable else None  # the guardian's preference at sending time
    return message.channel if message.channel in usable else _next_channel(message, tried)


def _resolve_unknown(message, channel, provider, outgoing):
    """After an attempt with an unknown outcome on `channel`: the provider's record of the
    message if it has one (then it is not sent again), else None (the unknown attempts are
    settled as not accepted). Raises TransientError when the provider cannot be asked."""
    unknown = message.attempt_log.filter(channel=channel, outcome_unknown=True).order_by("at", "pk")
    first = unknown.first()
    if first is None:
        return None
    found = provider.lookup(outgoing, since=first.at)
    unknown.update(outcome_unknown=False)
    if found is None:
        logger.info("message %s: the provider has no record of the unanswered attempt; sending again", message.pk)
    return found


def _send(message, channel, now, *, provider=None, outgoing=None, unknown=True):
    """Send on `channel` and record the attempt; `unknown=False` when the caller knows there is
    no attempt with an unknown outcome to look up first (the batch read the attempts)."""
    provider, outgoing = provider or provider_for(channel), outgoing or outgoing_for(message, channel)
    try:
        found = _resolve_unknown(message, channel, provider, outgoing) if unknown else None
        result = found or provider.send(outgoing)
    except PermanentError as exc:
        MessageAttempt.objects.create(message=message, channel=channel, at=now, error=str(exc)[:500])
        return _fall_back(message, reason=str(exc), now=now)
    except TransientError as exc:
        MessageAttempt.objects.create(
            message=message, channel=channel, at=now, error=str(exc)[:500],
            outcome_unknown=isinstance(exc, UnknownOutcomeError),
        )  # fmt: skip
        if message.attempt_log.filter(channel=channel, ok=False).count() >= option("TRIES_PER_CHANNEL", 4):
            return _fall_back(message, reason=str(exc), now=now)
        return _save(message, Outcome.RETRY, channel=channel, claimed_at=now, last_error=str(exc)[:500])
    return _record_sent(message, channel, now, result)


SENT_FIELDS = ("status", "channel", "provider_id", "delivery_status", "sent_at", "last_error")
ATTEMPT_FIELDS = ("message", "channel", "at", "provider_id", "ok", "delivery_status", "error", "outcome_unknown")


def _record_sent(message, channel, now, result) -> Outcome:
    """The successful attempt and the row's `sent` state, in the caller's transaction: on
    PostgreSQL in one statement (the insert in a WITH clause of the update), else two."""
    delivery = PROVIDER_STATUS.get(result.status, DeliveryStatus.UNKNOWN)
    attempt = MessageAttempt(
        message=message, channel=channel, at=now, provider_id=result.provider_id, ok=True, delivery_status=delivery
    )
    sent = dict(status=Status.SENT, channel=channel, provider_id=result.provider_id, delivery_status=delivery,
                sent_at=now, last_error="")  # fmt: skip
    if connection.vendor != "postgresql":
        attempt.save()
        return _save(message, Outcome.SENT, **sent)
    quote = connection.ops.quote_name
    attempt_columns = [MessageAttempt._meta.get_field(name).column for name in ATTEMPT_FIELDS]
    message_columns = [Message._meta.get_field(name).column for name in SENT_FIELDS]
    sql = (
        f"WITH attempt AS (INSERT INTO {quote(MessageAttempt._meta.db_table)} "
        f"({', '.join(map(quote, attempt_columns))}) VALUES ({', '.join(['%s'] * len(attempt_columns))})) "
        f"UPDATE {quote(Message._meta.db_table)} SET {', '.join(f'{quote(c)} = %s' for c in message_columns)} "
        f"WHERE {quote(Message._meta.pk.column)} = %s"
    )
    values = [message.pk, channel, now, result.provider_id, True, delivery, "", False]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, *(sent[name] for name in SENT_FIELDS), message.pk])
    for name, value in sent.items():
        setattr(message, name, value)
    return Outcome.SENT


@transaction.atomic
def deliver(*, message_id, now=None) -> Outcome:
    """Send one claimed message (the body of the send task); safe to run twice."""
    now = now or clock()
    message = Message.objects.select_for_update(of=("self",)).select_related("guardian").filter(pk=message_id).first()
    if message is None or message.status != Status.SENDING:
        return Outcome.SKIPPED
    if message.attempt_log.filter(ok=True).exclude(delivery_status=DeliveryStatus.UNDELIVERED).exists():
        return _save(message, Outcome.SKIPPED, status=Status.SENT)  # never twice
    if late := late_reason(message, outside_quiet_hours(now)):
        return _cancel_late(message, late)  # its week is over or its moment passed (or will have by 08:00)
    if in_quiet_hours(now):
        return _save(message, Outcome.DEFERRED, status=Status.PENDING, scheduled_at=outside_quiet_hours(now))
    topic = topic_of(message)
    if topic and not is_subscribed(message.guardian, topic):
        return _save(
            message, Outcome.CANCELLED, status=Status.CANCELLED, cancel_reason=CancelReason.OPTED_OUT,
            last_error="opted out",
        )  # fmt: skip
    if message.parts.filter(valid_until__lte=now).exists():  # a merged reminder: leave out what passed
        _render_all([message], now=now)
        _save(message, None, text=message.text)
    late_notes_apply([message], now=now)  # a late message, or one whose event moved, says so
    channel = _current_channel(message)
    if channel is None:
        return _fall_back(message, reason="no usable channel", now=now)
    if message.attempts > option("MAX_CLAIMS", 10):
        MessageAttempt.objects.create(message=message, channel=channel, at=now, error="too many attempts")
        return _fall_back(message, reason="too many attempts", now=now)
    return _send(message, channel, now)


@transaction.atomic
def delivery_update(*, provider_id: str, provider_status: str, error_code: str = "", now=None):
    """A provider's delivery callback; undelivered/failed falls back to the next channel."""
    new = PROVIDER_STATUS.get(provider_status)
    attempt = MessageAttempt.objects.filter(provider_id=provider_id).first() if provider_id else None
    if attempt is None or new is None:
        return None
    if provider_status == "read" and attempt.channel == Channel.WHATSAPP:  # WhatsApp's own read status
        Message.objects.filter(pk=attempt.message_id, read_at__isnull=True).update(read_at=now or clock())
    message = Message.objects.select_for_update(of=("self",)).select_related("guardian").get(pk=attempt.message_id)
    attempt.refresh_from_db()
    if attempt.delivery_status in (DeliveryStatus.DELIVERED, DeliveryStatus.UNDELIVERED):
        return attempt  # final; callbacks can arrive out of order
    attempt.delivery_status = new
    if new == DeliveryStatus.UNDELIVERED:
        attempt.error = f"{provider_status} {error_code}".strip()
    attempt.save(update_fields=["delivery_status", "error"])
    if message.provider_id == provider_id:
        _save(message, None, delivery_status=new)
        if new == DeliveryStatus.UNDELIVERED and message.status == Status.SENT:
            _fall_back(message, reason=f"{attempt.channel}: {attempt.error}", now=now or clock())
    return attempt
