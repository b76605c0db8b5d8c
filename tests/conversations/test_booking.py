"""Booking services: open booking, siblings all-or-nothing, double submit, closing hours, staff on
behalf, cancel and move, proposals, the waiting list, and the database as the last word."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from conversations.booking import (
    BookingItem,
    BookingRefused,
    booking_cancel,
    booking_experts_set,
    booking_move,
    bookings_create,
    proposal_accept,
    waiting_list_join,
)
from conversations.models import Booking, BookingGuardian, BookingStatus, ConversationForm, Round, RoundKind, Slot
from messaging.models import Message, MessagePart
from tests import factories as f


def make_round(world, *, days_ahead=10, **options):
    first = timezone.localdate() + datetime.timedelta(days=days_ahead)
    options.setdefault("forms", [ConversationForm.AT_SCHOOL, ConversationForm.VIDEO])
    options.setdefault("year_levels", [1, 2, 3, 4, 5, 6, 7, 8])
    options.setdefault("invited_at", timezone.now())  # opened: parents see it
    return Round.objects.create(
        school_year=world.year_a, kind=RoundKind.DEVELOPMENT_1, title="Ontwikkelingsgesprekken",
        first_day=first, last_day=first + datetime.timedelta(days=4),
        booking_closes_hours_before=24, goal="Hoe gaat het met uw kind?", **options,
    )  # fmt: skip


def make_slots(round, staff, count, *, day=None, start=datetime.time(15, 0), minutes=15, room="Lokaal 3"):
    day = day or round.first_day
    begin = timezone.make_aware(datetime.datetime.combine(day, start))
    return [
        Slot.objects.create(
            round=round,
            staff=staff,
            room=room,
            starts_at=begin + datetime.timedelta(minutes=minutes * i),
            ends_at=begin + datetime.timedelta(minutes=minutes * (i + 1)),
        )  # fmt: skip
        for i in range(count)
    ]


def add_sibling(world, guardian, *, group=None, name="Fien", year_level=6):
    pupil = f.PupilFactory(school=world.school_a, first_name=name, last_name=guardian.last_name)
    f.EnrollmentFactory(pupil=pupil, group=group or world.group_56, year_level=year_level)
    f.GuardianOfFactory(guardian=guardian, pupil=pupil)
    return pupil


def book(round, slot, pupil, guardian, **kwargs):
    item = BookingItem(slot=slot, pupil=pupil, guardians=[guardian])
    kwargs.setdefault("by_guardian", guardian)
    return bookings_create(round=round, items=[item], **kwargs)[0]


def walk_booking(world):
    """Anna's confirmed booking for Pim with Tess (for the access walk)."""
    existing = BookingGuardian.objects.filter(guardian=world.anna, active=True).first()
    if existing:
        return existing.booking
    round = make_round(world)
    return book(round, make_slots(round, world.tess, 1)[0], world.pim, world.anna)


@pytest.fixture
def round(world):
    return make_round(world)


@pytest.fixture
def slots(round, world):
    return make_slots(round, world.tess, 4)


def test_guardian_books_a_free_slot_and_everyone_with_authority_is_told(world, round, slots):
    father = f.GuardianFactory(school=world.school_a, first_name="Piet", email="piet@example.nl")
    f.GuardianOfFactory(guardian=father, pupil=world.pim, invite_separately=True)
    booking = book(round, slots[0], world.pim, world.anna)
    assert booking.status == BookingStatus.CONFIRMED
    assert list(booking.guardians.all()) == [world.anna]
    told = set(
        MessagePart.objects.filter(source=f"conversations.booking:{booking.pk}:confirmed").values_list(
            "message__guardian_id", flat=True
        )
    )
    assert told == {world.anna.pk, father.pk}
    text = MessagePart.objects.filter(message__guardian=world.anna, source__endswith=":confirmed").get().text
    assert "Pim" in text and "Lokaal 3" in text and "15:00" in text


def test_taken_slot_is_refused_with_a_clear_message(world, round, slots):
    world.group_56.teachers.add(world.tess)  # Tess teaches Bo's groep 5/6 too: both families may book her
    book(round, slots[0], world.pim, world.anna)
    with pytest.raises(BookingRefused, match="net door iemand anders gekozen"):
        book(round, slots[0], world.bo, world.bert)


def test_double_submitted_form_books_once(world, round, slots):
    first = book(round, slots[0], world.pim, world.anna)
    again = book(round, slots[0], world.pim, world.anna)
    assert again.pk == first.pk
    assert Booking.objects.count() == 1
    with pytest.raises(BookingRefused, match="al een afspraak"):
        book(round, slots[1], world.pim, world.anna)


def test_siblings_are_all_or_nothing(world, round, slots):
    fien = add_sibling(world, world.anna)
    otto_slots = make_slots(round, world.otto, 2, start=datetime.time(15, 15))
    book(round, otto_slots[0], world.bo, world.bert)
    items = [
        BookingItem(slot=slots[0], pupil=world.pim, guardians=[world.anna]),
        BookingItem(slot=otto_slots[0], pupil=fien, guardians=[world.anna]),
    ]
    with pytest.raises(BookingRefused):
        bookings_create(round=round, items=items, by_guardian=world.anna)
    assert not Booking.objects.filter(pupil__in=[world.pim, fien]).exists()
    assert not BookingGuardian.objects.filter(guardian=world.anna).exists()
    items[1].slot = otto_slots[1]
    made = bookings_create(round=round, items=items, by_guardian=world.anna)
    assert [b.pupil for b in made] == [world.pim, fien]


def test_guardian_cannot_book_two_overlapping_slots(world, round, slots):
    fien = add_sibling(world, world.anna)
    otto_slot = make_slots(round, world.otto, 1)[0]  # same time as slots[0]
    book(round, slots[0], world.pim, world.anna)
    with pytest.raises(BookingRefused, match="al een ander gesprek"):
        book(round, otto_slot, fien, world.anna)


def test_exclusion_constraint_refuses_overlap_even_bypassing_the_service(world, round, slots):
    fien = add_sibling(world, world.anna)
    otto_slot = make_slots(round, world.otto, 1)[0]
    book(round, slots[0], world.pim, world.anna)
    other = Booking.objects.create(round=round, slot=otto_slot, pupil=fien)
    with pytest.raises(IntegrityError), transaction.atomic():
        BookingGuardian.objects.create(booking=other, guardian=world.anna, round=round, pupil=fien,
                                       starts_at=otto_slot.starts_at, ends_at=otto_slot.ends_at)  # fmt: skip


def test_unique_constraint_refuses_a_second_booking_of_a_slot_bypassing_the_service(world, round, slots):
    book(round, slots[0], world.pim, world.anna)
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(round=round, slot=slots[0], pupil=world.bo)


def test_booking_closes_hours_before_but_not_for_staff(world):
    round = make_round(world, days_ahead=0)
    soon = timezone.localtime() + datetime.timedelta(hours=3)
    slot = make_slots(round, world.tess, 1, day=soon.date(), start=soon.time().replace(microsecond=0))[0]
    with pytest.raises(BookingRefused, match="gesloten"):
        book(round, slot, world.pim, world.anna)
    booking = book(round, slot, world.pim, world.anna, by_guardian=None, by_staff=world.tess)
    assert booking.booked_by_staff == world.tess


def test_guardian_cannot_book_for_another_family(world, round, slots):
    with pytest.raises(BookingRefused, match="eigen kind"):
        book(round, slots[0], world.pim, world.bert)
    assert not Booking.objects.exists()


def test_pupil_outside_the_year_levels_is_refused(world):
    round = make_round(world, year_levels=[7, 8])
    slot = make_slots(round, world.tess, 1)[0]
    with pytest.raises(BookingRefused, match="niet voor Pim"):
        book(round, slot, world.pim, world.anna)


def test_staff_of_another_school_cannot_book(world, round, slots):
    with pytest.raises(BookingRefused):
        book(round, slots[0], world.pim, world.anna, by_guardian=None, by_staff=world.sven)


def test_video_booking_gets_a_link_in_the_confirmation(world, round, slots):
    item = BookingItem(slot=slots[0], pupil=world.pim, guardians=[world.anna], form=ConversationForm.VIDEO)
    (booking,) = bookings_create(round=round, items=[item], by_guardian=world.anna)
    assert booking.video_link.startswith("https://")
    text = MessagePart.objects.get(source__endswith=":confirmed", message__guardian=world.anna).text
    assert booking.video_link in text


def test_cancel_tells_everyone_and_withdraws_the_reminder(world, round, slots):
    booking = book(round, slots[0], world.pim, world.anna)
    reminder = Message.objects.get(parts__source=f"conversations.booking:{booking.pk}:reminder:{world.anna.pk}")
    booking_cancel(booking=booking, by_guardian=world.anna)
    booking.refresh_from_db()
    reminder.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert not BookingGuardian.objects.filter(booking=booking, active=True).exists()
    assert reminder.status == "cancelled"
    assert MessagePart.objects.filter(source=f"conversations.booking:{booking.pk}:cancelled").exists()
    again = book(round, slots[0], world.pim, world.anna)  # the slot and the guardian are free again
    assert again.pk != booking.pk


def test_other_family_cannot_cancel(world, round, slots):
    booking = book(round, slots[0], world.pim, world.anna)
    with pytest.raises(BookingRefused):
        booking_cancel(booking=booking, by_guardian=world.bert)


def test_move_is_cancel_and_create_in_one_step(world, round, slots):
    booking = book(round, slots[0], world.pim, world.anna)
    moved = booking_move(booking=booking, slot=slots[2], by_guardian=world.anna)
    assert moved.slot == slots[2] and moved.status == BookingStatus.CONFIRMED
    other = add_sibling(world, world.bert, group=world.group_3, name="Lot", year_level=3)
    book(round, slots[1], other, world.bert)
    with pytest.raises(BookingRefused):
        booking_move(booking=moved, slot=slots[1], by_guardian=world.anna)
    moved.refresh_from_db()
    assert moved.status == BookingStatus.CONFIRMED and moved.slot == slots[2]


def test_freed_slot_goes_to_the_waiting_list_first(world, round):
    slot = make_slots(round, world.tess, 1)[0]
    booking = book(round, slot, world.pim, world.anna)
    lot = add_sibling(world, world.bert, group=world.group_3, name="Lot", year_level=3)
    entry = waiting_list_join(round=round, guardian=world.bert, pupil=lot)
    assert waiting_list_join(round=round, guardian=world.bert, pupil=lot) == entry
    booking_cancel(booking=booking, by_guardian=world.anna)
    offered = Booking.objects.get(slot=slot, status=BookingStatus.PROPOSED)
    assert offered.pupil == lot
    entry.refresh_from_db()
    assert entry.served_at is not None
    assert MessagePart.objects.filter(source=f"conversations.booking:{offered.pk}:proposed",
                                      message__guardian=world.bert).exists()  # fmt: skip
    (accepted,) = proposal_accept(guardian=world.bert, round=round)
    assert accepted.pk == offered.pk and accepted.status == BookingStatus.CONFIRMED


def test_staff_books_on_behalf_of_a_family(world, round, slots):
    booking = book(round, slots[1], world.pim, world.anna, by_guardian=None, by_staff=world.tess)
    assert booking.booked_by_staff == world.tess
    assert MessagePart.objects.filter(source__endswith=":confirmed", message__guardian=world.anna).exists()


def test_guardians_are_told_when_an_expert_joins(world, round, slots):
    booking = book(round, slots[0], world.pim, world.anna)
    booking_experts_set(booking=booking, experts=[world.iris], by_staff=world.tess)
    text = MessagePart.objects.filter(source__contains=":experts:", message__guardian=world.anna).get().text
    assert "Iris" in text
