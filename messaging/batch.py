"""Sending a claimed batch in one task: read together, then send and record one by one.

`deliver_batch` is what the send task runs for a chunk of claimed rows (engine._enqueue). It
keeps every promise of `engine.deliver` (read the notes at the top of engine.py) for a fixed
number of queries per batch plus two per message sent (and its BEGIN and COMMIT):

1. Prepare, in one transaction that holds the rows' locks: the rows with their guardians, their
   attempts, consent and attachments are read together. What must not be sent is settled here
   (sent already, too late, quiet hours, opted out, no channel, claimed too often); texts lose
   the parts whose moment passed and get their late notes.
2. Send, one short transaction per message: lock the row again and check it is as prepared
   (still `sending`, the same claim), check its week and expiry on the clock of that moment,
   send, record the attempt and the row's new state (one statement), commit. So exactly-once stays per
   message: a crash leaves at most the one message in flight unrecorded, as with `deliver`.
   A row that changed in between (claimed again) goes through `deliver` itself.

The footer of an e-mail (its signed unsubscribe link) is made once per guardian and topic in
the batch, and each channel's provider is made once.
"""

import collections
from dataclasses import dataclass

from django.db import connection, transaction

from . import engine
from .channels.base import provider_for
from .channels.render import Shared, outgoing_for
from .consent import consent_of, topic_of
from .lateness import late_notes_apply
from .models import CancelReason, DeliveryStatus, Message, MessageAttachment, MessageAttempt, MessagePart, Status
from .services import _render_all
from .timing import in_quiet_hours, outside_quiet_hours

Outcome = engine.Outcome


@dataclass(frozen=True)
class Prepared:
    message: Message
    channel: str
    unknown: bool  # an earlier attempt on `channel` had an unknown outcome: look it up first


def _attempts_of(messages) -> dict:
    by_message = collections.defaultdict(list)
    for attempt in MessageAttempt.objects.filter(message__in=messages):
        by_message[attempt.message_id].append(attempt)
    return by_message


def _attachments_of(messages) -> dict:
    if not messages:
        return {}
    rows = MessageAttachment.objects.filter(message__in=messages).order_by("pk")
    by_message = collections.defaultdict(tuple)
    for message_id, *attachment in rows.values_list("message_id", "filename", "content_type", "content"):
        by_message[message_id] += (tuple(attachment),)
    return by_message


def _not_now(message, moment) -> Outcome | None:
    """Cancel or defer a row that cannot go out at `moment` (its week, its expiry, quiet hours)."""
    if late := engine.late_reason(message, outside_quiet_hours(moment)):
        return engine._cancel_late(message, late)
    if in_quiet_hours(moment):
        return engine._save(message, Outcome.DEFERRED, status=Status.PENDING, scheduled_at=outside_quiet_hours(moment))
    return None


def _settle(message, attempts, now, stopped) -> Outcome | None:
    """The outcome of a claimed row that must not be sent now; None if it should be."""
    if any(a.ok and a.delivery_status != DeliveryStatus.UNDELIVERED for a in attempts):
        return engine._save(message, Outcome.SKIPPED, status=Status.SENT)  # never twice
    if outcome := _not_now(message, now):
        return outcome
    topic = topic_of(message)
    if topic and (message.guardian_id, topic) in stopped:
        return engine._save(
            message, Outcome.CANCELLED, status=Status.CANCELLED, cancel_reason=CancelReason.OPTED_OUT,
            last_error="opted out",
        )  # fmt: skip
    return None


def _channel_or_outcome(message, attempts, now):
    """(channel, None) to send on, or (None, outcome) when the row fell back or failed instead."""
    channel = engine._current_channel(message, {a.channel for a in attempts})
    if channel is None:
        return None, engine._fall_back(message, reason="no usable channel", now=now)
    if message.attempts > engine.option("MAX_CLAIMS", 10):
        MessageAttempt.objects.create(message=message, channel=channel, at=now, error="too many attempts")
        return None, engine._fall_back(message, reason="too many attempts", now=now)
    return channel, None


@transaction.atomic
def _prepare(message_ids, now):
    """(outcomes so far, [Prepared], Shared): the rows to send, read and settled together."""
    outcomes = dict.fromkeys(message_ids, Outcome.SKIPPED)
    rows = Message.objects.select_for_update(of=("self",)).select_related("guardian")
    messages = list(rows.filter(pk__in=message_ids, status=Status.SENDING).order_by("pk"))
    if not messages:
        return outcomes, [], None
    attempts = _attempts_of(messages)
    states, stopped = consent_of({m.guardian_id for m in messages})
    live = []
    for message in messages:
        if outcome := _settle(message, attempts[message.pk], now, stopped):
            outcomes[message.pk] = outcome
        else:
            live.append(message)
    passed = set(MessagePart.objects.filter(message__in=live, valid_until__lte=now).values_list("message", flat=True))
    if passed:  # merged reminders: leave out what passed
        stale = [m for m in live if m.pk in passed]
        _render_all(stale, now=now)
        Message.objects.bulk_update(stale, ["text"])
    late_notes_apply(live, now=now)  # a late message, or one whose event moved, says so
    ready = []
    for message in live:
        channel, outcome = _channel_or_outcome(message, attempts[message.pk], now)
        if outcome:
            outcomes[message.pk] = outcome
        else:
            unknown = any(a.outcome_unknown and a.channel == channel for a in attempts[message.pk])
            ready.append(Prepared(message, channel, unknown))
    emails = [p.message for p in ready if p.channel == "email"]
    return outcomes, ready, Shared(attachments=_attachments_of(emails), states=states)


def _hold(message) -> bool:
    """Lock the row if it is still as prepared (`sending`, the same claim); False if it changed.
    Plain SQL: building the same query with the ORM cost more than running it (cProfile)."""
    quote, meta = connection.ops.quote_name, Message._meta
    fields = [meta.pk, *(meta.get_field(name) for name in ("status", "claimed_at", "attempts"))]
    sql = f"SELECT 1 FROM {quote(meta.db_table)} WHERE " + " AND ".join(f"{quote(f.column)} = %s" for f in fields)
    if connection.features.has_select_for_update:
        sql += " FOR UPDATE"
    values = [message.pk, Status.SENDING, message.claimed_at, message.attempts]
    with connection.cursor() as cursor:
        cursor.execute(sql, [f.get_db_prep_value(v, connection) for f, v in zip(fields, values, strict=True)])
        return cursor.fetchone() is not None


def _send_one(prepared, moment, shared, providers) -> Outcome:
    message, channel = prepared.message, prepared.channel
    with transaction.atomic():
        if not _hold(message):
            return engine.deliver(message_id=message.pk, now=moment)  # it changed since: the careful path
        if outcome := _not_now(message, moment):
            return outcome
        if channel not in providers:
            providers[channel] = provider_for(channel)
        outgoing = outgoing_for(message, channel, shared)
        return engine._send(
            message, channel, moment, provider=providers[channel], outgoing=outgoing, unknown=prepared.unknown
        )


def deliver_batch(*, message_ids, now=None) -> dict:
    """Send claimed messages (the body of the batch task); safe to run twice. Returns
    {message id: Outcome}. Without `now`, each message is judged on the clock of its own moment."""
    outcomes, ready, shared = _prepare(list(message_ids), now or engine.clock())
    providers = {}
    for prepared in ready:
        outcomes[prepared.message.pk] = _send_one(prepared, now or engine.clock(), shared, providers)
    return outcomes
