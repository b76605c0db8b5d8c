"""The messaging service API. Other apps (meetings, conversations) schedule reminders and
notices through these functions and never touch the outbox tables.

A message keeps its promises at send time: it has an expiry (`Message.expires_at`, "until
when it makes sense"): an engagement message the end of its ISO week, a reminder or notice
the latest `valid_until` of its parts (the start of the session or conversation it is about,
the close of a booking window). The engine cancels, never sends, a message past it.

A message is made of parts. Parts that share a message key are merged into one message:
- engagement: one message per guardian, ISO week and kind (siblings' lines in one message);
- reminder: one message per guardian and Amsterdam day (reminders falling due together);
- notice: one message per part (changes and cancellations go out at once).
"""

import datetime
from dataclasses import dataclass, replace

from django.db import transaction
from django.utils import timezone

from ouderbetrokkenheid.school.calendar import week_start
from ouderbetrokkenheid.school.clock import at_local, local_day
from ouderbetrokkenheid.school.models import Channel

from .bulk import bulk_set
from .models import (
    CancelReason,
    Kind,
    Message,
    MessageAttachment,
    MessagePart,
    Purpose,
    Status,
    Subscription,
    Topic,
    week_end,
)
from .timing import outside_quiet_hours

CHANNEL_ORDER = (Channel.EMAIL, Channel.SMS, Channel.WHATSAPP)


def channels_for(guardian) -> list[str]:
    """The guardian's usable channels, preferred first (an e-mail address that bounced is not)."""
    usable = [c for c in CHANNEL_ORDER if (guardian.email_works if c == Channel.EMAIL else guardian.mobile)]
    if guardian.channel in usable:
        usable.remove(guardian.channel)
        usable.insert(0, guardian.channel)
    return usable


@dataclass(frozen=True)
class MessageKey:
    purpose: str
    kind: str
    week: datetime.date | None
    day: datetime.date
    idempotency_key: str


def _key(*, guardian, purpose, kind, scheduled_at, source) -> MessageKey:
    day = local_day(scheduled_at)
    if purpose == Purpose.ENGAGEMENT:
        week = week_start(day)
        return MessageKey(purpose, kind, week, day, f"engagement:{guardian.pk}:{week}:{kind}")
    if purpose == Purpose.REMINDER:
        return MessageKey(purpose, "", None, day, f"reminder:{guardian.pk}:{day}")
    return MessageKey(purpose, "", None, day, f"notice:{guardian.pk}:{source}:{scheduled_at.isoformat()}")


@dataclass(frozen=True)
class PartSpec:
    """One part to add: see message_parts_add."""

    guardian: object
    purpose: str
    source: str
    text: str
    scheduled_at: datetime.datetime
    kind: str = ""
    pupil: object = None
    subject: str = ""
    valid_until: datetime.datetime | None = None  # after this the part makes no sense (event start)

    @property
    def topic(self):
        return self.kind if self.purpose == Purpose.ENGAGEMENT else Topic.REMINDER


def _new_message(spec, key, scheduled_at):
    guardian = spec.guardian
    return Message(
        school_id=guardian.school_id,
        guardian=guardian,
        purpose=key.purpose,
        kind=key.kind,
        week=key.week,
        day=key.day,
        channel=(channels_for(guardian) or [guardian.channel])[0],
        language=guardian.page_language,
        subject=spec.subject,
        scheduled_at=scheduled_at,
        expires_at=week_end(key.week) if key.week else spec.valid_until,
        idempotency_key=key.idempotency_key,
    )


def _open_messages(planned):
    """The message rows for the planned (spec, key, moment) triples, created where missing and
    locked in key order (so concurrent planners wait for each other rather than deadlock);
    a cancelled message that never went out is revived."""
    fresh = {}
    for spec, key, moment in planned:
        fresh.setdefault(key.idempotency_key, _new_message(spec, key, moment))
    keys = sorted(fresh)
    # ON CONFLICT DO NOTHING: a row made meanwhile by another planner wins; we lock and use it.
    Message.objects.bulk_create([fresh[k] for k in keys], ignore_conflicts=True)
    messages = {
        m.idempotency_key: m
        for m in Message.objects.select_for_update().filter(idempotency_key__in=keys).order_by("idempotency_key")
    }
    revived = [m for m in messages.values() if m.status == Status.CANCELLED and m.sent_at is None]
    for message in revived:
        message.status, message.cancel_reason = Status.PENDING, CancelReason.NONE
        message.scheduled_at = fresh[message.idempotency_key].scheduled_at
    Message.objects.bulk_update(revived, ["status", "cancel_reason", "scheduled_at"])
    return messages


def _render_all(messages, *, now=None):
    """Each message's text from its parts (those still valid at `now`, if given) and its expiry:
    for a reminder or notice the latest `valid_until` of its parts, none if a part has none."""
    texts, until = {}, {}
    parts = MessagePart.objects.filter(message__in=messages).order_by("message_id", "created_at", "pk")
    for message_id, text, valid_until in parts.values_list("message_id", "text", "valid_until"):
        if now is None or valid_until is None or valid_until > now:
            texts.setdefault(message_id, []).append(text)
        until.setdefault(message_id, []).append(valid_until)
    for message in messages:
        message.text = "\n\n".join(texts.get(message.pk, []))
        if message.purpose == Purpose.ENGAGEMENT:
            message.expires_at = week_end(message.week)
        else:
            moments = until.get(message.pk, [])
            message.expires_at = None if not moments or None in moments else max(moments)


@transaction.atomic
def message_parts_add(*, parts: list[PartSpec]) -> list[Message | None]:
    """Add (or replace) each part in its guardian's message, in a fixed number of queries.

    Returns, per part, the message it landed in, or None when the guardian opted out of the
    topic or the message for that key has already gone out (a reminder then moves to the next
    morning's reminder)."""
    guardian_ids = {spec.guardian.pk for spec in parts}
    opted_out = set(
        Subscription.objects.filter(guardian_id__in=guardian_ids, active=False).values_list("guardian_id", "topic")
    )
    planned = {}
    for index, spec in enumerate(parts):
        if spec.purpose == Purpose.NOTICE or (spec.guardian.pk, spec.topic) not in opted_out:
            moment = outside_quiet_hours(spec.scheduled_at)
            key = _key(
                guardian=spec.guardian, purpose=spec.purpose, kind=spec.kind, scheduled_at=moment, source=spec.source
            )
            planned[index] = (spec, key, moment)
    messages = _open_messages(planned.values()) if planned else {}
    results, rows, later = [None] * len(parts), {}, []
    for index, (spec, key, moment) in planned.items():
        message = messages[key.idempotency_key]
        if message.status == Status.PENDING:
            message.scheduled_at = min(message.scheduled_at, moment)
            rows[(message.pk, spec.source)] = MessagePart(message=message, source=spec.source, text=spec.text,
                                                          pupil=spec.pupil, valid_until=spec.valid_until)  # fmt: skip
            results[index] = message
        elif spec.purpose == Purpose.REMINDER:  # the day's reminder went out: join the next morning's
            next_morning = at_local(key.day + datetime.timedelta(days=1), datetime.time(8, 0))
            later.append((index, replace(spec, scheduled_at=next_morning)))
    MessagePart.objects.bulk_create(
        list(rows.values()),
        update_conflicts=True,
        unique_fields=["message", "source"],
        update_fields=["text", "pupil", "valid_until"],
    )
    touched = list({m.pk: m for m in results if m is not None}.values())
    _render_all(touched)
    bulk_set(touched, ["text", "scheduled_at", "expires_at"])  # bulk_update's CASE WHEN: most of planning's time
    if later:
        for (index, _spec), message in zip(later, message_parts_add(parts=[spec for _i, spec in later]), strict=True):
            results[index] = message
    return results


def message_part_add(
    *,
    guardian,
    purpose: str,
    source: str,
    text: str,
    scheduled_at: datetime.datetime,
    kind: str = "",
    pupil=None,
    subject: str = "",
    valid_until: datetime.datetime | None = None,
) -> Message | None:
    """Add (or replace) the part from `source` in the guardian's message; None when the
    guardian opted out of this topic, or the message for this key has already gone out.
    `valid_until`: the moment after which the part makes no sense (it is then not sent)."""
    spec = PartSpec(guardian, purpose, source, text, scheduled_at, kind, pupil, subject, valid_until)
    return message_parts_add(parts=[spec])[0]


@transaction.atomic
def message_cancel(*, source: str, guardian_id: int | None = None) -> int:
    """Withdraw every pending part from `source` (only the messages of `guardian_id` when given);
    messages left empty are cancelled. Returns the number of messages touched. Parts already sent
    stay in the history."""
    pending = Message.objects.filter(parts__source=source, status=Status.PENDING)
    if guardian_id is not None:
        pending = pending.filter(guardian_id=guardian_id)
    ids = list(pending.select_for_update().values_list("pk", flat=True))
    for message in Message.objects.filter(pk__in=ids).order_by("pk").select_for_update():
        message.parts.filter(source=source).delete()
        if not message.parts.exists():
            message.status, message.cancel_reason = Status.CANCELLED, CancelReason.WITHDRAWN
            message.save(update_fields=["status", "cancel_reason"])
        else:
            _render_all([message])
            message.save(update_fields=["text", "expires_at"])
    return len(ids)


def message_status(*, source: str):
    """The messages carrying parts from `source`, with guardian, status and delivery status."""
    return (
        Message.objects.filter(parts__source=source)
        .select_related("guardian")
        .only("guardian__first_name", "guardian__last_name", "status", "delivery_status", "channel", "sent_at")
        .distinct()
    )


def reminder_schedule(
    *, guardians, source: str, text_for, scheduled_at, subject: str = "", valid_until=None
) -> list[Message]:
    """Schedule a reminder for each guardian (one batch); `text_for(guardian)` renders it in their language.
    `valid_until`: when the reminder stops making sense (the session or conversation starts)."""
    return _send_to(guardians, Purpose.REMINDER, source, text_for, scheduled_at, subject, valid_until)


def notice_send(
    *,
    guardians,
    source: str,
    text_for,
    subject: str = "",
    scheduled_at=None,
    attachments=(),
    valid_until=None,
    channel: str = "",
) -> list[Message]:
    """Send an urgent notice (a change or cancellation) now, outside the weekly cap.
    `attachments`: (filename, content type, text) triples that go with the e-mail (e.g. an .ics).
    `valid_until`: when the notice stops making sense (an invitation: the event starts; a
    booking invitation: the booking window closes); past it the notice is cancelled, not sent.
    `channel`: send on this channel first (an answer goes back the way the parent wrote), falling
    back to the guardian's other channels if it fails; empty: the guardian's preference."""
    messages = _send_to(
        guardians, Purpose.NOTICE, source, text_for, scheduled_at or timezone.now(), subject, valid_until
    )
    if channel:
        Message.objects.filter(pk__in=[m.pk for m in messages], status=Status.PENDING).update(
            fixed_channel=channel, channel=channel
        )
    MessageAttachment.objects.bulk_create(
        [
            MessageAttachment(message=m, filename=name, content_type=content_type, content=content)
            for m in messages
            for name, content_type, content in attachments
        ],
        update_conflicts=True,
        unique_fields=["message", "filename"],
        update_fields=["content_type", "content"],
    )
    return messages


def _send_to(guardians, purpose, source, text_for, scheduled_at, subject, valid_until=None):
    specs = [
        PartSpec(g, purpose, source, text_for(g), scheduled_at, subject=subject, valid_until=valid_until)
        for g in guardians
    ]
    return [m for m in message_parts_add(parts=specs) if m] if specs else []


__all__ = [
    "Kind",
    "PartSpec",
    "message_parts_add",
    "Purpose",
    "channels_for",
    "message_cancel",
    "message_part_add",
    "message_status",
    "notice_send",
    "reminder_schedule",
]
