"""The booking rush on real PostgreSQL: 200 clients, each on its own connection, race for 20 slots
at the same moment (a barrier). Exactly 20 bookings are made; the other 180 get a clear refusal.

PostgreSQL here allows 100 connections shared by everyone's tests, so at most POOL clients hold a
connection at once (as a server's pool of workers would): all 200 are released together and
queue for a connection; each closes its own at the end."""

import os
import threading

import pytest
from django.db import connection
from django.test import Client

from conversations.booking import BookingItem, BookingRefused, bookings_create
from conversations.models import Booking, BookingGuardian
from tests import factories as f
from tests.conftest import guardian_user
from tests.conversations.test_booking import make_round, make_slots

CLIENTS, SLOTS = 200, 20
POOL = int(os.environ.get("OB_RACE_CONNECTIONS", "40"))


def families(world, count):
    pairs = []
    for n in range(count):
        pupil = f.PupilFactory(school=world.school_a, first_name=f"Kind{n}")
        f.EnrollmentFactory(pupil=pupil, group=world.group_3, year_level=3)
        guardian = f.GuardianFactory(school=world.school_a, last_name=f"Ouder{n}")
        f.GuardianOfFactory(guardian=guardian, pupil=pupil)
        pairs.append((pupil, guardian))
    return pairs


def race(count, attempt, connect_first=False):
    """Run attempt(i) in `count` threads released together; returns the outcomes in order. With
    `connect_first` each thread opens its database connection before the release, so the
    attempts meet in the database rather than in the connection handshake."""
    barrier, pool, outcomes = threading.Barrier(count), threading.BoundedSemaphore(POOL), [None] * count

    def run(i):
        try:
            if connect_first:
                connection.ensure_connection()
            barrier.wait(timeout=60)
            with pool:
                try:
                    outcomes[i] = attempt(i)
                finally:
                    connection.close()
        except BaseException as error:  # noqa: BLE001 - reported by the test
            outcomes[i] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_200_clients_racing_for_20_slots_make_20_bookings_and_180_refusals(world):
    round = make_round(world)
    slots = make_slots(round, world.tess, SLOTS)
    people = families(world, CLIENTS)

    def attempt(i):
        pupil, guardian = people[i]
        item = BookingItem(slot=slots[i % SLOTS], pupil=pupil, guardians=[guardian])
        try:
            return bookings_create(round=round, items=[item], by_guardian=guardian)[0]
        except BookingRefused as refused:
            return refused

    outcomes = race(CLIENTS, attempt)
    made = [o for o in outcomes if isinstance(o, Booking)]
    refused = [o for o in outcomes if isinstance(o, BookingRefused)]
    print(f"\n{CLIENTS} clients, {SLOTS} slots: {len(made)} bookings, {len(refused)} refusals")
    errors = [o for o in outcomes if isinstance(o, Exception) and not isinstance(o, BookingRefused)]
    assert len(made) == SLOTS and len(refused) == CLIENTS - SLOTS, errors[:3]
    assert all("net door iemand anders gekozen" in r.message for r in refused)
    assert Booking.objects.filter(round=round).count() == SLOTS
    assert Booking.objects.filter(round=round).values("slot").distinct().count() == SLOTS
    assert BookingGuardian.objects.filter(round=round, active=True).count() == SLOTS


@pytest.mark.django_db(transaction=True)
def test_200_http_clients_racing_for_20_slots(world):
    round = make_round(world)
    slots = make_slots(round, world.tess, SLOTS)
    people = families(world, CLIENTS)
    users = [guardian_user(guardian) for _pupil, guardian in people]
    clients = []
    for user in users:
        client = Client()
        client.force_login(user)
        clients.append(client)

    def attempt(i):
        pupil, _guardian = people[i]
        response = clients[i].post(f"/gesprekken/ronde/{round.pk}/kiezen/", {f"slot_{pupil.pk}": slots[i % SLOTS].pk})
        return response.status_code, response.url

    outcomes = race(CLIENTS, attempt)
    assert all(isinstance(o, tuple) and o[0] == 302 for o in outcomes), outcomes[:3]
    ok = sum(1 for _status, url in outcomes if url.endswith("/gesprekken/mijn/"))
    refused = sum(1 for _status, url in outcomes if url.endswith("/kiezen/"))
    print(f"\nHTTP: {CLIENTS} clients, {SLOTS} slots: {ok} bookings, {refused} refusals")
    assert (ok, refused) == (SLOTS, CLIENTS - SLOTS)
    assert Booking.objects.filter(round=round).count() == SLOTS


@pytest.mark.django_db(transaction=True)
def test_double_submit_racing_books_once(world):
    round = make_round(world)
    slot = make_slots(round, world.tess, 1)[0]

    def attempt(_i):
        item = BookingItem(slot=slot, pupil=world.pim, guardians=[world.anna])
        return bookings_create(round=round, items=[item], by_guardian=world.anna)[0].pk

    outcomes = race(10, attempt)
    assert len(set(outcomes)) == 1 and isinstance(outcomes[0], int), outcomes
    assert Booking.objects.count() == 1
