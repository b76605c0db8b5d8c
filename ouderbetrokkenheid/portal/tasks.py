"""The parent's open tasks for the portal home, most urgent first: sessions to answer, proposed
conversation times to accept, conversations to book (or the moment booking opens) and shared
records not read yet. Reads only the guardian's own children, in a fixed number of queries."""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone, translation

from conversations.booking import family_load, family_slot_counts
from conversations.models import BookingStatus
from conversations.rounds import booking_not_open_yet
from conversations.selectors import bookings_visible_to, rounds_visible_to, unread_records_visible_to
from conversations.texts import round_texts, rounds_with_texts
from meetings.models import Invitation
from meetings.texts import item_texts
from ouderbetrokkenheid.school.clock import at_local


@dataclass(frozen=True)
class Task:
    kind: str  # "rsvp", "proposal", "book", "record"
    title: str
    title_is_dutch: bool
    children: str
    url: str
    when: datetime.datetime | None = None  # the session or first conversation; for "book": its first day
    opens_at: datetime.datetime | None = None  # booking is not open yet: from then on
    urgency: tuple = ()


def _names(pupils) -> str:
    return ", ".join(sorted({pupil.first_name for pupil in pupils}))


def _rsvps(guardian, language, now):
    invitations = (
        Invitation.objects.filter(guardian=guardian, response="", invited_at__isnull=False, session__starts_at__gt=now)
        .select_related("session__item")
        .prefetch_related("pupils", "session__item__translations")
    )
    for invitation in invitations:
        words = item_texts(invitation.session.item, language)
        yield Task("rsvp", words.title, words.title_is_dutch, _names(invitation.pupils.all()),
                   reverse("meetings:my_rsvp", args=[invitation.session_id]), when=invitation.session.starts_at,
                   urgency=(0, invitation.session.starts_at))  # fmt: skip


def _conversations(guardian, language, now):
    bookings = list(bookings_visible_to(guardian))
    proposed = {}
    for booking in bookings:
        if booking.status == BookingStatus.PROPOSED:
            proposed.setdefault(booking.round_id, []).append(booking)
    for items in proposed.values():
        words, first = round_texts(items[0].round, language), items[0].slot.starts_at
        yield Task("proposal", words.title, words.title_is_dutch, _names(b.pupil for b in items),
                   reverse("conversations:my_bookings"), when=first, urgency=(0, first))  # fmt: skip
    rounds = [r for r in rounds_visible_to(guardian) if r.last_day >= timezone.localdate()]
    if not rounds:
        return
    family = family_load(rounds=rounds, guardian=guardian)
    counts = family_slot_counts(rounds=rounds, family=family, guardian=guardian)
    booked = {(b.round_id, b.pupil_id) for b in bookings}
    for round, words in rounds_with_texts(rounds, language):
        children = [c for c in family.in_round(round=round, guardian=guardian)
                    if (round.pk, c.pk) not in booked and counts[round.pk, c.pk].free]  # fmt: skip
        if children:
            opens, first_day = booking_not_open_yet(round, now), at_local(round.first_day, datetime.time(0))
            yield Task("book", words.title, words.title_is_dutch, _names(children),
                       reverse("conversations:my_bookings"), when=first_day, opens_at=opens,
                       urgency=(1, opens) if opens else (0, first_day))  # fmt: skip


def _records(guardian, language, now):
    for record in unread_records_visible_to(guardian):
        words = round_texts(record.booking.round, language)
        yield Task("record", words.title, words.title_is_dutch, record.booking.pupil.first_name,
                   reverse("conversations:my_record", args=[record.pk]), when=record.booking.slot.starts_at,
                   urgency=(2, -record.published_at.timestamp()))  # fmt: skip


def open_tasks(guardian) -> list[Task]:
    """What the guardian still has to do, the most urgent first: what can be done now by its moment
    (a session to answer, a proposed time, a round to book), then rounds whose booking opens later
    (by the opening moment), then shared records to read, newest first."""
    language, now = translation.get_language(), timezone.now()
    tasks = [*_rsvps(guardian, language, now), *_conversations(guardian, language, now),
             *_records(guardian, language, now)]  # fmt: skip
    return sorted(tasks, key=lambda task: task.urgency)
