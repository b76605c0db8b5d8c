"""The messaging service API. Other apps (meetings, conversations) schedule reminders and
notices through these functions and never touch the outbox tables.

A message is made of parts. Parts that share a message key are merged into one message:
- engagement: one message per guardian, ISO week and kind (siblings' lines in one message);
- reminder: one message per guardian and Amsterdam day (reminders falling due together);
- notice: one message per part (changes and cancellations go out at once).
"""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from ouderbetrokkenheid.school.models import Channel

from .models import Kind, Message, MessagePart, Purpose, Status, Subscription, Topic, week_start
from .timing import at_local, local_day, outside_quiet_hours

CHANNEL_ORDER = (Channel.EMAIL, Channel.SMS, Channel.WHATSAPP)


def channels_for(guardian) -> list[str]:
    """The guardian's usable channels, preferred first."""
    usable = [c for c in CHANNEL_ORDER if (guardian.email if c == Channel.EMAIL else guardian.mobile)]
    if guardian.channel in usable:
        usable.remove(guardian.channel)
        usable.insert(0, guardian.channel)
    return usable


def is_subscribed(guardian, topic) -> bool:
    return not Subscription.objects.filter(guardian=guardian, topic=topic, active=False).exists()


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


def _render(message):
    texts = list(message.parts.order_by("created_at", "pk").values_list("text", flat=True))
    message.text = "\n\n".join(texts)


def _open_message(*, guardian, key, scheduled_at, subject):
    """Get the message row for `key`, locked, creating it if needed; revive a cancelled one."""
    defaults = {
        "school_id": guardian.school_id,
        "guardian": guardian,
        "purpose": key.purpose,
        "kind": key.kind,
        "week": key.week,
        "day": key.day,
        "channel": (channels_for(guardian) or [guardian.channel])[0],
        "language": guardian.page_language,
        "subject": subject,
        "scheduled_at": scheduled_at,
    }
    try:
        with transaction.atomic():
            Message.objects.get_or_create(idempotency_key=key.idempotency_key, defaults=defaults)
    except IntegrityError:
        pass  # a concurrent creator won; we lock and use its row below
    message = Message.objects.select_for_update().get(idempotency_key=key.idempotency_key)
    if message.status == Status.CANCELLED and message.sent_at is None:
        message.status = Status.PENDING
        message.scheduled_at = scheduled_at
        message.save(update_fields=["status", "scheduled_at"])
    return message


@transaction.atomic
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
    topic = kind if purpose == Purpose.ENGAGEMENT else Topic.REMINDER
    if purpose != Purpose.NOTICE and not is_subscribed(guardian, topic):
        return None
    scheduled_at = outside_quiet_hours(scheduled_at)
    key = _key(guardian=guardian, purpose=purpose, kind=kind, scheduled_at=scheduled_at, source=source)
    message = _open_message(guardian=guardian, key=key, scheduled_at=scheduled_at, subject=subject)
    if message.status != Status.PENDING:
        if purpose == Purpose.REMINDER:  # today's reminder went out: merge into tomorrow's
            next_day = at_local(key.day + datetime.timedelta(days=1), datetime.time(8, 0))
            return message_part_add(
                guardian=guardian,
                purpose=purpose,
                source=source,
                text=text,
                scheduled_at=next_day,
                pupil=pupil,
                subject=subject,
            )
        return None
    MessagePart.objects.update_or_create(message=message, source=source, defaults={"text": text, "pupil": pupil})
    message.scheduled_at = min(message.scheduled_at, scheduled_at)
    _render(message)
    message.save(update_fields=["text", "scheduled_at"])
    return message


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
            _render(message)
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
    """Schedule a reminder for each guardian; `text_for(guardian)` renders it in their language."""
    results = []
    for guardian in guardians:
        message = message_part_add(
            guardian=guardian,
            purpose=Purpose.REMINDER,
            source=source,
            text=text_for(guardian),
            scheduled_at=scheduled_at,
            subject=subject,
        )
        if message:
            results.append(message)
    return results


def notice_send(*, guardians, source: str, text_for, subject: str = "", scheduled_at=None) -> list[Message]:
    """Send an urgent notice (a change or cancellation) now, outside the weekly cap."""
    when = scheduled_at or timezone.now()
    return [
        m
        for g in guardians
        if (
            m := message_part_add(
                guardian=g, purpose=Purpose.NOTICE, source=source, text=text_for(g), scheduled_at=when, subject=subject
            )
        )
    ]


__all__ = [
    "Kind",
    "Purpose",
    "channels_for",
    "message_cancel",
    "message_part_add",
    "message_status",
    "notice_send",
    "reminder_schedule",
]
