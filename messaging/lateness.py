"""A late but still useful message says what changed.

Rules (applied at send time, on the first attempt's moment so that every retry of a message
carries the same text and the unknown-outcome lookup still finds it by its body):

- **Late**: the message goes out more than MESSAGING_LATE_AFTER_HOURS (3) after the moment
  it was planned for (`scheduled_at`). A quiet-hours deferral or a fallback to the next
  channel moves `scheduled_at` on purpose, so only lateness nobody planned counts (a worker
  outage, a lost queue). The text then starts with "Dit bericht komt later dan gepland."
- **Changed**: a part about an event (a session, a conversation) carries the event's start as
  it was when the part was written (`valid_until`). When the event starts at another moment
  now, the text starts with "Let op: de tijd is veranderd: nu op <dag> om <tijd> uur." (a
  change of place alone is not detected: the change notice tells it).

The note is put in front of the message's text once; a message already noted is left alone.
"""

import datetime

from django.apps import apps
from django.conf import settings
from django.db.models import Min
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ouderbetrokkenheid.school.dates import day_month

from .models import Message, MessageAttempt, MessagePart

#: The source prefix of a part (before the first ":", then the event's pk) -> where the event's
#: current start is read.
EVENT_STARTS = {
    "meetings.session": ("meetings", "Session", "starts_at"),
    "conversations.booking": ("conversations", "Booking", "slot__starts_at"),
}


def late_after() -> datetime.timedelta:
    return datetime.timedelta(hours=float(getattr(settings, "MESSAGING_LATE_AFTER_HOURS", 3)))


def _event(source: str):
    prefix, _sep, rest = source.partition(":")
    pk = rest.partition(":")[0]
    return (prefix, int(pk)) if prefix in EVENT_STARTS and pk.isdigit() else None


def _current_starts(events) -> dict:
    """{(prefix, pk): the event's start now} for the events that still exist."""
    starts = {}
    for prefix in {prefix for prefix, _pk in events}:
        app_label, model, field = EVENT_STARTS[prefix]
        pks = [pk for p, pk in events if p == prefix]
        rows = apps.get_model(app_label, model).objects.filter(pk__in=pks).values_list("pk", field)
        starts.update({(prefix, pk): start for pk, start in rows})
    return starts


def _moved(messages) -> dict:
    """{message pk: [new starts]} for the messages with a part whose event moved since writing."""
    parts = MessagePart.objects.filter(message__in=[m for m in messages if m.purpose != "engagement"])
    written = [(m, _event(s), v) for m, s, v in parts.values_list("message_id", "source", "valid_until")]
    written = [(m, event, v) for m, event, v in written if event and v is not None]
    starts = _current_starts({event for _m, event, _v in written}) if written else {}
    moved = {}
    for message_id, event, valid_until in written:
        now_at = starts.get(event)
        if now_at is not None and now_at != valid_until and now_at not in moved.get(message_id, []):
            moved.setdefault(message_id, []).append(now_at)
    return moved


def note_for(message, *, moment, moved=()) -> str:
    """The note for `message` sent at `moment` whose events now start at `moved` ("" if none)."""
    lines = []
    with translation.override(message.language):
        if moment - message.scheduled_at > late_after():
            lines.append(_("Dit bericht komt later dan gepland."))
        for start in moved:
            local = timezone.localtime(start)
            lines.append(
                _("Let op: de tijd is veranderd: nu op %(day)s om %(start)s uur.")
                % {"day": day_month(local), "start": f"{local:%H:%M}"}
            )
    return "\n".join(lines)


def late_notes_apply(messages, *, now) -> list[Message]:
    """Put the note in front of each message's text that needs one (late, or its event moved),
    judged at its first attempt (or `now`); saves and returns the messages changed. A fixed
    number of queries for any number of messages."""
    if not messages:
        return []
    first = dict(
        MessageAttempt.objects.filter(message__in=messages)
        .values("message_id")
        .annotate(first=Min("at"))
        .values_list("message_id", "first")
    )
    moved = _moved(messages)
    changed = []
    for message in messages:
        note = note_for(message, moment=first.get(message.pk, now), moved=moved.get(message.pk, ()))
        if note and not message.text.startswith(note):
            message.text = f"{note}\n\n{message.text}"
            changed.append(message)
    Message.objects.bulk_update(changed, ["text"])
    return changed
