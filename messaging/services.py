"""The messaging service API. Other apps (meetings, conversations) schedule reminders and
notices through these functions and never touch the outbox tables.

A message is made of parts. Parts that share a message key are merged into one message:
- engagement: one message per guardian, ISO week and kind (siblings' lines in one message);
- reminder: one message per guardian and Amsterdam day (reminders falling due together);
- notice: one message per part (changes and cancellations go out at once).
"""

import datetime
from dataclasses import dataclass, replace

from django.db import transaction
from django.utils import timezone

from ouderbetrokkenheid.school.models import Channel

from .models import Kind, Message, MessageAttachment, MessagePart, Purpose, Status, Subscription, Topic, week_start
from .timing import at_local, local_day, outside_quiet_hours

CHANNEL_ORDER = (Channel.EMAIL, Channel.SMS, Channel.WHATSAPP)


def channels_for(guardian) -> list[str]:
    """The guardian's usable channels, preferred first."""
    usable = [c for c in CHANNEL_ORDER if (guardian.email if c == Channel.EMAIL else guardian.mobile)]
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
        message.status = Status.PENDING
        message.scheduled_at = fresh[message.idempotency_key].scheduled_at
    Message.objects.bulk_update(revived, ["status", "scheduled_at"])
    return messages


def _render_all(messages):
    texts = {}
    parts = MessagePart.objects.filter(message__in=messages).order_by("message_id", "created_at", "pk")
    for message_id, text in parts.values_list("message_id", "text"):
        texts.setdefault(message_id, []).append(text)
    for message in messages:
        message.text = "\n\n".join(texts.get(message.pk, []))


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
                                                          pupil=spec.pupil)  # fmt: skip
            results[index] = message
        elif spec.purpose == Purpose.REMINDER:  # the day's reminder went out: join the next morning's
            next_morning = at_local(key.day + datetime.timedelta(days=1), datetime.time(8, 0))
            later.append((index, replace(spec, scheduled_at=next_morning)))
    MessagePart.objects.bulk_create(
        list(rows.values()), update_conflicts=True, unique_fields=["message", "source"], update_fields=["text", "pupil"]
    )
    touched = list({m.pk: m for m in results if m is not None}.values())
    _render_all(touched)
    Message.objects.bulk_update(touched, ["text", "scheduled_at"])
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
) -> Message | None:
    """Add (or replace) the part from `source` in the guardian's message; None when the
    guardian opted out of this topic, or the message for this key has already gone out."""
    spec = PartSpec(guardian, purpose, source, text, scheduled_at, kind, pupil, subject)
    return message_parts_add(parts=[spec])[0]


@transaction.atomic
def message_cancel(*, source: str) -> int:
    """Withdraw every pending part from `source`; messages left empty are cancelled.
    Returns the number of messages touched. Parts already sent stay in the history."""
    ids = list(
        Message.objects.filter(parts__source=source, status=Status.PENDING)
        .select_for_update()
        .values_list("pk", flat=True)
    )
    for message in Message.objects.filter(pk__in=ids).order_by("pk").select_for_update():
        message.parts.filter(source=source).delete()
        if not message.parts.exists():
            message.status = Status.CANCELLED
            message.save(update_fields=["status"])
        else:
            _render_all([message])
            message.save(update_fields=["text"])
    return len(ids)


def message_status(*, source: str):
    """The messages carrying parts from `source`, with guardian, status and delivery status."""
    return (
        Message.objects.filter(parts__source=source)
        .select_related("guardian")
        .only("guardian__first_name", "guardian__last_name", "status", "delivery_status", "channel", "sent_at")
        .distinct()
    )


def reminder_schedule(*, guardians, source: str, text_for, scheduled_at, subject: str = "") -> list[Message]:
    """Schedule a reminder for each guardian (one batch); `text_for(guardian)` renders it in their language."""
    return _send_to(guardians, Purpose.REMINDER, source, text_for, scheduled_at, subject)


def notice_send(
    *, guardians, source: str, text_for, subject: str = "", scheduled_at=None, attachments=()
) -> list[Message]:
    """Send an urgent notice (a change or cancellation) now, outside the weekly cap.
    `attachments`: (filename, content type, text) triples that go with the e-mail (e.g. an .ics)."""
    messages = _send_to(guardians, Purpose.NOTICE, source, text_for, scheduled_at or timezone.now(), subject)
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


def _send_to(guardians, purpose, source, text_for, scheduled_at, subject):
    specs = [PartSpec(g, purpose, source, text_for(g), scheduled_at, subject=subject) for g in guardians]
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
