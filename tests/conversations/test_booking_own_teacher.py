"""A family books a conversation with a teacher of the child's group, never with another teacher of
the round: the free-times list only offers those, and the service refuses a crafted POST (checked
in the query that locks the slot, so a booking POST keeps its number of queries). Staff may book
with anyone (an IB'er or a duo partner takes the conversation)."""

from django.urls import reverse
from django.utils import timezone

from conversations.booking import BookingItem, BookingRefused, bookings_create
from conversations.models import Booking
from tests.conversations.test_booking import add_sibling, book, make_round, make_slots


def test_a_parent_cannot_book_a_slot_of_a_teacher_of_another_group(world, login_as):
    round = make_round(world)
    otto_slots = make_slots(round, world.otto, 2)  # Otto does not teach Pim's groep 3
    page = login_as(world.anna).post(
        reverse("conversations:book", args=[round.pk]), {f"slot_{world.pim.pk}": otto_slots[0].pk}, follow=True
    )
    assert "Deze tijd is niet bij de leerkracht van Pim." in page.content.decode()
    assert not Booking.objects.exists()


def test_the_service_refuses_it_and_a_sibling_chain_is_all_or_nothing(world):
    round = make_round(world)
    tess_slots = make_slots(round, world.tess, 2)
    otto_slots = make_slots(round, world.otto, 2, start=timezone.localtime(tess_slots[-1].ends_at).time())
    fien = add_sibling(world, world.anna, group=world.group_3, year_level=3)
    items = [
        BookingItem(slot=tess_slots[0], pupil=world.pim, guardians=[world.anna]),
        BookingItem(slot=otto_slots[0], pupil=fien, guardians=[world.anna]),
    ]
    try:
        bookings_create(round=round, items=items, by_guardian=world.anna)
    except BookingRefused as refusal:
        assert "niet bij de leerkracht van Fien" in refusal.message
    else:
        raise AssertionError("a slot of another group's teacher was booked")
    assert not Booking.objects.exists()


def test_the_own_teacher_and_staff_on_behalf_of_a_family_may(world):
    round = make_round(world)
    tess_slots = make_slots(round, world.tess, 2)
    assert book(round, tess_slots[0], world.pim, world.anna).slot == tess_slots[0]
    # Bo is in Otto's groep 5/6: the IB'er books him with Tess on his family's behalf
    by_ib = book(round, tess_slots[1], world.bo, world.bert, by_guardian=None, by_staff=world.iris)
    assert by_ib.slot == tess_slots[1]
