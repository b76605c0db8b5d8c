"""Shared helpers for the record, follow-up, intake and contact tests (no tests here)."""

import datetime

from django.utils import timezone

from conversations.models import Booking, BookingGuardian, Round, Slot
from ouderbetrokkenheid.school.clock import at_local


def soon(days=1, hour=15, minute=0):
    return at_local(timezone.localdate() + datetime.timedelta(days=days), datetime.time(hour, minute))


def held(days=1, hour=15, minute=0):
    """A start time in the past: a conversation may be marked held and shared only from then on."""
    return soon(-days, hour, minute)


def make_round(world, *, kind="development_1", levels=(3, 5, 6), **options):
    day = timezone.localdate()
    options.setdefault("first_day", day - datetime.timedelta(days=7))
    options.setdefault("last_day", day + datetime.timedelta(days=14))
    options.setdefault("invited_at", timezone.now())  # opened: parents see it
    return Round.objects.create(school_year=world.year_a, kind=kind, title=f"Ronde {kind}",
                                year_levels=list(levels), **options)  # fmt: skip


def book(round, staff, pupil, guardians, *, starts_at=None, minutes=15, topics=""):
    starts_at = starts_at or soon()
    ends_at = starts_at + datetime.timedelta(minutes=minutes)
    slot = Slot.objects.create(round=round, staff=staff, starts_at=starts_at, ends_at=ends_at)
    booking = Booking.objects.create(round=round, slot=slot, pupil=pupil, topics=topics)
    for guardian in guardians:
        BookingGuardian.objects.create(booking=booking, guardian=guardian, round=round, pupil=pupil,
                                       starts_at=starts_at, ends_at=ends_at)  # fmt: skip
    return booking


def pim_booking(world):
    round = Round.objects.filter(school_year=world.year_a, title="Walk records").first() or make_round(world)
    if round.title != "Walk records":
        round.title = "Walk records"
        round.save(update_fields=["title"])
    existing = Booking.objects.filter(round=round, pupil=world.pim).first()
    return existing or book(round, world.tess, world.pim, [world.anna], starts_at=soon(2))


def walk_conversation(world):
    """Pim's booking (the access walk's `conversation_id`)."""
    return pim_booking(world)


def walk_record(world):
    """Pim's published record (the access walk's `record_id`)."""
    from conversations.models import Record

    booking = pim_booking(world)
    record, _ = Record.objects.get_or_create(booking=booking, defaults={"author": world.tess})
    if record.published_at is None:
        record.published_at = timezone.now()
        record.save(update_fields=["published_at"])
    return record
