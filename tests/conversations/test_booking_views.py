"""The booking pages: a guardian books on a phone, siblings in one step, accepts a proposal, moves and
cancels; staff book on behalf of a family; outsiders get 404."""

import datetime
import re

import pytest
from django.urls import reverse

from conversations.booking import BookingItem, bookings_create
from conversations.models import Booking, BookingStatus
from tests.conversations.test_booking import add_sibling, book, make_round, make_slots


@pytest.fixture
def round(world):
    return make_round(world)


@pytest.fixture
def slots(round, world):
    return make_slots(round, world.tess, 4)


def test_guardian_sees_free_times_and_books(world, round, slots, login_as):
    client = login_as(world.anna)
    page = client.get(reverse("conversations:book", args=[round.pk]))
    assert page.status_code == 200
    assert page.content.decode().count(f'name="slot_{world.pim.pk}"') == 4
    response = client.post(reverse("conversations:book", args=[round.pk]), {f"slot_{world.pim.pk}": slots[1].pk})
    assert response.status_code == 302 and response.url == reverse("conversations:my_bookings")
    booking = Booking.objects.get()
    assert (booking.pupil, booking.slot) == (world.pim, slots[1])
    mine = client.get(reverse("conversations:my_bookings")).content.decode()
    assert "Pim" in mine and "15:15" in mine


def test_taken_time_shows_a_clear_message(world, round, slots, login_as):
    lot = add_sibling(world, world.bert, group=world.group_3, name="Lot", year_level=3)
    book(round, slots[0], lot, world.bert)
    client = login_as(world.anna)
    response = client.post(reverse("conversations:book", args=[round.pk]), {f"slot_{world.pim.pk}": slots[0].pk},
                           follow=True)  # fmt: skip
    assert "net door iemand anders gekozen" in response.content.decode()
    assert not Booking.objects.filter(pupil=world.pim).exists()


def test_siblings_back_to_back_in_one_step(world, round, slots, login_as):
    fien = add_sibling(world, world.anna, name="Fien", year_level=6)
    make_slots(round, world.otto, 4, start=datetime.time(15, 15))
    client = login_as(world.anna)
    page = client.get(reverse("conversations:book", args=[round.pk])).content.decode()
    assert "Alle kinderen na elkaar" in page and "data-chain" in page
    first_chain = page[page.index("Alle kinderen na elkaar") :].split("</form>")[0]
    data = dict(re.findall(r'name="(slot_\d+)" value="(\d+)"', first_chain))
    assert set(data) == {f"slot_{world.pim.pk}", f"slot_{fien.pk}"}
    client.post(reverse("conversations:book", args=[round.pk]), data)
    first, second = Booking.objects.order_by("slot__starts_at").select_related("slot")
    assert {first.pupil, second.pupil} == {world.pim, fien}
    assert first.slot.ends_at == second.slot.starts_at  # back-to-back, in one step


def test_guardian_b_cannot_book_for_a_child_of_family_a(world, round, slots, login_as):
    client = login_as(world.bert)
    response = client.post(reverse("conversations:book", args=[round.pk]), {f"slot_{world.pim.pk}": slots[0].pk})
    assert response.status_code == 404
    assert not Booking.objects.exists()


def test_guardian_b_cannot_see_or_touch_a_booking_of_family_a(world, round, slots, login_as):
    booking = book(round, slots[0], world.pim, world.anna)
    client = login_as(world.bert)
    assert client.get(reverse("conversations:move", args=[booking.pk])).status_code == 404
    assert client.get(reverse("conversations:booking_ics", args=[booking.pk])).status_code == 404
    assert client.post(reverse("conversations:cancel", args=[booking.pk])).status_code == 404
    assert "Pim" not in client.get(reverse("conversations:my_bookings")).content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_guardian_accepts_a_proposal_and_moves_and_cancels(world, round, slots, login_as):
    item = BookingItem(slot=slots[0], pupil=world.pim, guardians=[world.anna])
    (proposed,) = bookings_create(round=round, items=[item], status=BookingStatus.PROPOSED)
    client = login_as(world.anna)
    assert "Ja, dat past" in client.get(reverse("conversations:my_bookings")).content.decode()
    client.post(reverse("conversations:accept", args=[round.pk]))
    proposed.refresh_from_db()
    assert proposed.status == BookingStatus.CONFIRMED
    client.post(reverse("conversations:move", args=[proposed.pk]), {"slot": slots[3].pk})
    moved = Booking.objects.exclude(status=BookingStatus.CANCELLED).get()
    assert moved.slot == slots[3]
    client.post(reverse("conversations:cancel", args=[moved.pk]))
    assert not Booking.objects.exclude(status=BookingStatus.CANCELLED).exists()


def test_guardian_joins_the_waiting_list(world, round, login_as):
    client = login_as(world.anna)
    client.post(reverse("conversations:waiting_list", args=[round.pk]), {"pupil": world.pim.pk})
    assert "staat op de wachtlijst" in client.get(reverse("conversations:my_bookings")).content.decode()
    assert login_as(world.bert).post(reverse("conversations:waiting_list", args=[round.pk]),
                                     {"pupil": world.pim.pk}).status_code == 404  # fmt: skip


def test_teacher_books_on_behalf_of_a_family_after_a_phone_call(world, round, slots, login_as):
    client = login_as(world.tess)
    url = reverse("conversations:staff_book", args=[round.pk, world.pim.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"slot": slots[2].pk, "guardians": [world.anna.pk]})
    booking = Booking.objects.get()
    assert booking.booked_by_staff == world.tess and list(booking.guardians.all()) == [world.anna]


@pytest.mark.parametrize("persona", ["otto", "sven", "lars"])
def test_staff_outside_the_pupils_scope_get_404(world, round, slots, login_as, persona):
    client = login_as(getattr(world, persona))
    url = reverse("conversations:staff_book", args=[round.pk, world.pim.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"slot": slots[0].pk, "guardians": [world.anna.pk]}).status_code == 404
    assert not Booking.objects.exists()


def test_guardian_cannot_use_the_staff_page(world, round, login_as):
    url = reverse("conversations:staff_book", args=[round.pk, world.pim.pk])
    assert login_as(world.anna).get(url).status_code == 403
