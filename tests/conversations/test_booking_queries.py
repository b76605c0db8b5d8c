"""Booking on the page in a fixed number of queries, and the booking pages as cheap for five open
rounds and four children as for one: the family read once, the slots locked, one re-check, bulk
inserts; the confirmation and reminders written after the commit (exactly once)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conversations.booking import bookings_announce
from conversations.models import Booking, BookingStatus, WaitingListEntry
from conversations.tasks import bookings_announce_task
from messaging.models import Message, MessageAttachment, MessagePart
from tests.conversations.test_booking import add_sibling, book, make_round, make_slots

ONE_CHILD, CHAIN = 7, 7


def _post(client, round, data):
    return client.post(reverse("conversations:book", args=[round.pk]), data)


def test_one_child_books_in_at_most_7_queries_and_is_confirmed_once_after_the_commit(
    world, login_as, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    round = make_round(world)
    slots = make_slots(round, world.tess, 4)
    client = login_as(world.anna)
    with django_capture_on_commit_callbacks() as callbacks, django_assert_max_num_queries(ONE_CHILD):
        response = _post(client, round, {f"slot_{world.pim.pk}": slots[1].pk})
    assert response.url == reverse("conversations:my_bookings")
    booking = Booking.objects.get()
    assert (booking.pupil, booking.slot, booking.announce_pending) == (world.pim, slots[1], True)
    assert len(callbacks) == 1  # the hand-over to a worker, after the commit
    assert not MessagePart.objects.exists()

    bookings_announce_task.apply(args=([booking.pk],))  # what the worker runs
    confirmation = Message.objects.get(parts__source=f"conversations.booking:{booking.pk}:confirmed")
    assert "Pim" in confirmation.text and "15:15" in confirmation.text and confirmation.guardian == world.anna
    assert MessageAttachment.objects.filter(message=confirmation, filename="gesprek.ics").exists()
    assert Message.objects.filter(parts__source=f"conversations.booking:{booking.pk}:reminder:{world.anna.pk}").exists()
    booking.refresh_from_db()
    assert not booking.announce_pending
    parts = MessagePart.objects.count()
    assert bookings_announce() == 0 and MessagePart.objects.count() == parts  # exactly once


def test_a_two_child_chain_books_in_at_most_7_queries(world, login_as, django_assert_max_num_queries):
    round = make_round(world)
    fien = add_sibling(world, world.anna, name="Fien", year_level=6)
    tess, otto = make_slots(round, world.tess, 4), make_slots(round, world.otto, 4, start=datetime.time(15, 15))
    client = login_as(world.anna)
    with django_assert_max_num_queries(CHAIN):
        _post(client, round, {f"slot_{world.pim.pk}": tess[0].pk, f"slot_{fien.pk}": otto[0].pk})
    assert set(Booking.objects.values_list("pupil_id", "slot_id")) == {
        (world.pim.pk, tess[0].pk),
        (fien.pk, otto[0].pk),
    }
    assert bookings_announce() == 2
    assert MessagePart.objects.filter(source__endswith=":confirmed").count() == 2
    reminder = Message.objects.get(guardian=world.anna, purpose="reminder")  # both reminders in one message
    assert "Pim" in reminder.text and "Fien" in reminder.text and reminder.parts.count() == 2


def test_the_loser_of_a_slot_keeps_the_clear_message_in_the_same_number_of_queries(
    world, login_as, django_assert_max_num_queries
):
    round = make_round(world)
    slot = make_slots(round, world.tess, 1)[0]
    lot = add_sibling(world, world.bert, group=world.group_3, name="Lot", year_level=3)
    _post(login_as(world.bert), round, {f"slot_{lot.pk}": slot.pk})
    client = login_as(world.anna)
    with django_assert_max_num_queries(ONE_CHILD):
        response = _post(client, round, {f"slot_{world.pim.pk}": slot.pk})
    assert response.url == reverse("conversations:book", args=[round.pk])
    page = client.get(response.url).content.decode()
    assert "net door iemand anders gekozen" in page
    assert not Booking.objects.filter(pupil=world.pim).exists()


def test_a_sweep_announces_what_a_lost_hand_over_left_behind(world, login_as):
    round = make_round(world)
    slots = make_slots(round, world.tess, 2)
    _post(login_as(world.anna), round, {f"slot_{world.pim.pk}": slots[0].pk})  # no on_commit here: "lost"
    assert Booking.objects.filter(announce_pending=True).count() == 1
    from conversations.tasks import bookings_announce_sweep

    assert bookings_announce_sweep.apply().get() == 1
    assert MessagePart.objects.filter(source__endswith=":confirmed", message__guardian=world.anna).exists()
    assert not Booking.objects.filter(announce_pending=True).exists()


def test_a_booking_cancelled_before_its_announcement_is_not_confirmed(world, login_as):
    round = make_round(world)
    slot = make_slots(round, world.tess, 1)[0]
    client = login_as(world.anna)
    _post(client, round, {f"slot_{world.pim.pk}": slot.pk})
    booking = Booking.objects.get()
    client.post(reverse("conversations:cancel", args=[booking.pk]))
    assert Booking.objects.get().status == BookingStatus.CANCELLED
    assert bookings_announce() == 1
    assert not MessagePart.objects.filter(source__endswith=":confirmed").exists()


# -- the pages: five open rounds and four children cost what one does -----------------------------


def _grow(world, rounds, children):
    """Four more open rounds, three more children of Anna (in both groups), each with free times
    and a booking, and one on the waiting list."""
    for n in range(4):
        extra = make_round(world, days_ahead=11 + n)
        rounds.append(extra)
    for n, (group, level) in enumerate([(world.group_3, 3), (world.group_56, 6), (world.group_56, 5)]):
        child = add_sibling(world, world.anna, group=group, name=f"Kind{n}", year_level=level)
        children.append(child)
    for n, round in enumerate(rounds):
        tess = make_slots(round, world.tess, 6, start=datetime.time(13, 0))
        otto = make_slots(round, world.otto, 6, start=datetime.time(13, 15))
        book(round, tess[n % 3], world.pim, world.anna)
        book(round, otto[n % 3], children[-1], world.anna)
        WaitingListEntry.objects.create(round=round, guardian=world.anna, pupil=children[1])


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("page", ["my_bookings", "book"])
def test_the_booking_pages_cost_the_same_for_five_rounds_and_four_children(
    world, login_as, django_assert_max_num_queries, page
):
    round = make_round(world)
    make_slots(round, world.tess, 4)
    rounds, children = [round], [world.pim]
    client = login_as(world.anna)
    url = (
        reverse("conversations:my_bookings")
        if page == "my_bookings"
        else reverse("conversations:book", args=[round.pk])
    )
    small, _ = _count(client, url)
    _grow(world, rounds, children)
    with django_assert_max_num_queries(small):
        large, html = _count(client, url)
    print(f"{page}: {small} queries for one round and one child, {large} for five and four")
    assert large == small, f"{page}: {small} queries for one round and one child, {large} for five and four"
    assert all(child.first_name in html for child in children)
    if page == "book":
        assert "Alle kinderen na elkaar" in html
    else:
        assert html.count("Ontwikkelingsgesprekken") >= 5


def test_a_rush_hands_over_one_announcing_task_a_second(world, login_as, django_capture_on_commit_callbacks, settings):
    """Each booking POST asks for the announcing task after its commit; within a second only the
    first one publishes (a SET NX in the shared cache), and that task announces them all."""
    import redis
    from django.core.cache import cache

    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    cache.delete("conversations:bookings-announce")
    before = broker.llen(queue)
    round = make_round(world)
    slots = make_slots(round, world.tess, 2)
    lot = add_sibling(world, world.bert, group=world.group_3, name="Lot", year_level=3)
    try:
        for guardian, pupil, slot in ((world.anna, world.pim, slots[0]), (world.bert, lot, slots[1])):
            with django_capture_on_commit_callbacks(execute=True):
                _post(login_as(guardian), round, {f"slot_{pupil.pk}": slot.pk})
        published = [broker.lindex(queue, 0) for _ in range(broker.llen(queue) - before)]
        assert len(published) == 1 and b"conversations.tasks.bookings_announce" in published[0]
    finally:
        for _ in range(broker.llen(queue) - before):
            broker.lpop(queue)
        cache.delete("conversations:bookings-announce")
    assert Booking.objects.filter(announce_pending=True).count() == 2
    assert bookings_announce_task.apply().get() == 0 and not Booking.objects.filter(announce_pending=True).exists()
