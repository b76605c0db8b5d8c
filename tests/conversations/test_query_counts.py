"""Pages take a fixed number of queries whatever the school's size: the teacher's day view, the
guardian's bookings and booking pages, and the round lists, measured on a small school and again
after it has grown four times (more families, more slots, more bookings that day)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conversations.models import Agreement, Record
from tests import factories as f
from tests.conversations.test_booking import add_sibling, make_round, make_slots
from tests.conversations.test_records_support import book

FAMILIES = 3


def _grow(world, round, families, start):
    """`families` more families in groep 3 and groep 5/6, each booked with Tess or Otto on the round's
    first day, the groep-3 ones with an earlier published record and agreements."""
    day = round.first_day
    for n in range(start, start + families):
        for group, level, teacher in ((world.group_3, 3, world.tess), (world.group_56, 6, world.otto)):
            pupil = f.PupilFactory(school=world.school_a, first_name=f"Kind{n}", last_name=f"Gezin{n}")
            f.EnrollmentFactory(pupil=pupil, group=group, year_level=level)
            guardian = f.GuardianFactory(school=world.school_a, first_name=f"Ouder{n}", last_name=f"Gezin{n}")
            f.GuardianOfFactory(guardian=guardian, pupil=pupil)
            at = _at(day, 17, 15 * n)
            booking = book(round, teacher, pupil, [guardian], starts_at=at)
            booking.experts.add(world.iris)
            if level == 3:
                earlier = book(round.earlier, teacher, pupil, [guardian], starts_at=at - datetime.timedelta(days=30))
                record = Record.objects.create(booking=earlier, author=teacher)
                Agreement.objects.create(record=record, who="Ouders", what=f"Lezen {n}")
        start = datetime.time(8 + n // 2, 30 * (n % 2))
        make_slots(round, world.tess, 2, day=day + datetime.timedelta(days=1), start=start)
        make_slots(round, world.otto, 2, day=day + datetime.timedelta(days=1), start=start)


def _at(day, hour, minutes):
    from ouderbetrokkenheid.school.clock import at_local

    return at_local(day, datetime.time(hour)) + datetime.timedelta(minutes=minutes)


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.fixture
def school(world):
    round = make_round(world)
    round.earlier = make_round(world, days_ahead=-30)
    add_sibling(world, world.anna, name="Fien", year_level=6)
    _grow(world, round, FAMILIES, 0)
    return round


def _measure_twice(world, round, client, url, django_assert_max_num_queries, limit):
    small, _ = _count(client, url)
    _grow(world, round, 3 * FAMILIES, FAMILIES)  # four times the families
    with django_assert_max_num_queries(limit):
        large, page = _count(client, url)
    assert large == small, f"{url}: {small} queries on a small school, {large} on a 4× school"
    return page


def test_day_view(world, school, login_as, django_assert_max_num_queries):
    url = reverse("conversations:day") + f"?dag={school.first_day:%Y-%m-%d}"
    page = _measure_twice(world, school, login_as(world.tess), url, django_assert_max_num_queries, 16)
    assert page.count("data-booking=") == 4 * FAMILIES and "Lezen 11" in page


def test_guardian_bookings_page(world, school, login_as, django_assert_max_num_queries):
    book(school, world.tess, world.pim, [world.anna], starts_at=_at(school.first_day, 9, 0))
    url = reverse("conversations:my_bookings")
    page = _measure_twice(world, school, login_as(world.anna), url, django_assert_max_num_queries, 16)
    assert "Pim" in page and "Fien" in page


def test_guardian_booking_page(world, school, login_as, django_assert_max_num_queries):
    url = reverse("conversations:book", args=[school.pk])
    page = _measure_twice(world, school, login_as(world.anna), url, django_assert_max_num_queries, 16)
    assert "Alle kinderen na elkaar" in page


def test_round_lists(world, school, login_as, django_assert_max_num_queries):
    staff_url, guardian_url = reverse("conversations:rounds"), reverse("conversations:preferences")
    lea = login_as(world.lea)
    small_staff, _ = _count(lea, staff_url)
    anna = login_as(world.anna)
    small_guardian, _ = _count(anna, guardian_url)
    _grow(world, school, 3 * FAMILIES, FAMILIES)
    with django_assert_max_num_queries(10):
        large_guardian, _ = _count(anna, guardian_url)
    assert large_guardian == small_guardian
    lea = login_as(world.lea)
    with django_assert_max_num_queries(10):
        large_staff, _ = _count(lea, staff_url)
    assert large_staff == small_staff
