"""Conversation-record reads are logged as record reads (issue 17, point 10): who, which record,
when, by staff and by guardians; leadership and the IB of the school see the log, nobody else."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conversations.models import ReadWhat, RecordRead
from conversations.records import record_publish, record_save

from .test_records_support import book, held, make_round

AGREEMENT = {"who": "Ouders", "what": "Samen lezen", "when": "elke avond", "how": "om de beurt", "why": "plezier"}


@pytest.fixture
def record(world):
    booking = book(make_round(world), world.tess, world.pim, [world.anna], starts_at=held())  # shared once held
    saved = record_save(booking=booking, by=world.tess, agreements=[AGREEMENT],
                        evaluation_date=timezone.localdate() + datetime.timedelta(days=42))  # fmt: skip
    return record_publish(record=saved, by=world.tess)


def reads():
    return list(RecordRead.objects.order_by("pk").values_list("record_id", "staff_id", "guardian_id", "what", "at"))


def test_a_teacher_opening_the_record_is_logged(world, record, login_as):
    before = timezone.now()
    assert login_as(world.tess).get(reverse("conversations:conversation", args=[record.booking_id])).status_code == 200
    [(record_id, staff_id, guardian_id, what, at)] = reads()
    assert (record_id, staff_id, guardian_id, what) == (record.pk, world.tess.pk, None, ReadWhat.RECORD)
    assert before <= at <= timezone.now()


def test_a_guardian_reading_the_published_record_is_logged(world, record, login_as):
    assert login_as(world.anna).get(reverse("conversations:my_record", args=[record.pk])).status_code == 200
    [(record_id, staff_id, guardian_id, what, _at)] = reads()
    assert (record_id, staff_id, guardian_id, what) == (record.pk, None, world.anna.pk, ReadWhat.PARENT)


def test_refused_reads_are_not_logged_as_reads(world, record, login_as):
    assert login_as(world.bert).get(reverse("conversations:my_record", args=[record.pk])).status_code == 404
    assert login_as(world.otto).get(reverse("conversations:conversation", args=[record.booking_id])).status_code == 404
    assert reads() == []


def test_agreements_shown_as_the_previous_ones_count_as_a_read(world, record, login_as):
    later = book(make_round(world, kind="development_2"), world.tess, world.pim, [world.anna],
                 starts_at=record.booking.slot.starts_at + datetime.timedelta(days=30))  # fmt: skip
    login_as(world.iris).get(reverse("conversations:conversation", args=[later.pk]))
    assert [(r[0], r[1], r[3]) for r in reads()] == [(record.pk, world.iris.pk, ReadWhat.PREVIOUS)]


def signed_in(staff):
    client = Client()
    client.force_login(staff.user)
    return client


def test_leadership_and_ib_see_who_read_which_record(world, record, login_as):
    login_as(world.anna).get(reverse("conversations:my_record", args=[record.pk]))
    signed_in(world.tess).get(reverse("conversations:conversation", args=[record.booking_id]))
    for who in (world.lea, world.iris):
        leader = signed_in(who)
        response = leader.get(reverse("conversations:record_reads"))
        assert response.status_code == 200
        rows = response.content.decode().split("<tbody>")[1]
        assert rows.count(f'data-record="{record.pk}"') == 2
        assert "Tess" in rows and "Anna Prins (ouder)" in rows and "Pim Prins" in rows


@pytest.mark.parametrize("who", ["tess", "otto", "anna", "sven"])
def test_others_may_not_see_the_log(world, record, login_as, who):
    assert login_as(getattr(world, who)).get(reverse("conversations:record_reads")).status_code == 403


def test_the_log_shows_only_the_own_schools_reads(world, record):
    RecordRead.objects.create(record=record, school=world.school_a, staff=world.tess, what=ReadWhat.RECORD)
    response = signed_in(world.lars).get(reverse("conversations:record_reads"))
    assert response.status_code == 200 and f'data-record="{record.pk}"' not in response.content.decode()


def test_the_log_page_has_a_bounded_number_of_queries(world, record, django_assert_max_num_queries):
    for _ in range(60):
        RecordRead.objects.create(record=record, school=world.school_a, guardian=world.anna, what=ReadWhat.PARENT)
    leader = signed_in(world.lea)
    with django_assert_max_num_queries(12):
        response = leader.get(reverse("conversations:record_reads"))
    assert response.content.decode().count('data-record="') == 50
