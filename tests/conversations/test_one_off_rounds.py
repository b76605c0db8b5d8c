"""One-off rounds (the intake "Kennismakingsgesprek" and the follow-up "Vervolggesprek") are for the
family they were made for: other families of the same year level neither see them nor get their
free times, and cannot book into them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conversations.booking import BookingItem, BookingRefused, bookings_create, free_slots
from conversations.intake import intake_offer
from conversations.models import Record, Slot
from conversations.records import followup_booking
from conversations.selectors import rounds_visible_to
from tests import factories as f

from .test_records_support import book, make_round, soon


@pytest.fixture
def lisa(world):
    lisa = f.PupilFactory(school=world.school_a, first_name="Lisa", last_name="Lateraal")
    f.EnrollmentFactory(pupil=lisa, group=world.group_3, year_level=3, is_lateral_entrant=True,
                        start_date=timezone.localdate() - datetime.timedelta(days=10))  # fmt: skip
    mira = f.GuardianFactory(school=world.school_a, first_name="Mira", last_name="Lateraal", email="mira@example.nl")
    f.GuardianOfFactory(guardian=mira, pupil=lisa)
    lisa.mira = mira
    return lisa


def test_intake_round_is_only_for_the_new_pupils_family(world, lisa, login_as):
    booking = intake_offer(pupil=lisa, by=world.tess, starts_at=soon(4, 14))
    intake = booking.round
    assert intake.one_off
    assert intake in rounds_visible_to(lisa.mira)
    assert intake not in rounds_visible_to(world.anna)  # Pim is in groep 3 too
    extra = Slot.objects.create(round=intake, staff=world.tess, starts_at=soon(4, 15),
                                ends_at=soon(4, 15) + datetime.timedelta(minutes=30))  # fmt: skip
    assert list(free_slots(round=intake, pupil=world.pim)) == []
    assert list(free_slots(round=intake, pupil=lisa, for_staff=True)) == [extra]
    client = login_as(world.anna)
    assert client.get(reverse("conversations:book", args=[intake.pk])).status_code == 404
    assert "Kennismakingsgesprek" not in client.get(reverse("conversations:my_bookings")).content.decode()
    assert "Kennismakingsgesprek" not in client.get(reverse("conversations:preferences")).content.decode()
    with pytest.raises(BookingRefused):
        bookings_create(round=intake, items=[BookingItem(slot=extra, pupil=world.pim, guardians=[world.anna])],
                        by_guardian=world.anna)  # fmt: skip
    mine = login_as(lisa.mira).get(reverse("conversations:my_bookings")).content.decode()
    assert "Kennismakingsgesprek" in mine


def test_followup_round_is_only_for_the_family_of_the_conversation(world, login_as):
    lot = f.PupilFactory(school=world.school_a, first_name="Lot", last_name="Bakker")
    f.EnrollmentFactory(pupil=lot, group=world.group_3, year_level=3)
    f.GuardianOfFactory(guardian=world.bert, pupil=lot)
    booking = book(make_round(world), world.tess, world.pim, [world.anna], starts_at=soon(1))
    record = Record.objects.create(booking=booking, author=world.tess)
    followup = followup_booking(record=record, starts_at=soon(3, 16), by=world.tess).round
    assert followup.one_off
    assert followup in rounds_visible_to(world.anna)
    assert followup not in rounds_visible_to(world.bert)  # Lot is in groep 3 as well
    assert login_as(world.bert).get(reverse("conversations:book", args=[followup.pk])).status_code == 404
    assert "Vervolggesprek" in login_as(world.anna).get(reverse("conversations:my_bookings")).content.decode()


def test_a_normal_round_is_still_listed_for_every_family_of_its_year_levels(world):
    round = make_round(world)
    assert round in rounds_visible_to(world.anna) and round in rounds_visible_to(world.bert)
