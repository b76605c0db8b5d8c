"""Record pages: who may read and write (404 for everyone else), the day view, the record form,
publishing, and the guardian's portal view of published records only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conversations.models import Record
from conversations.records import record_publish, record_save

from .test_records_support import book, held, make_round


@pytest.fixture
def booking(world):
    return book(make_round(world), world.tess, world.pim, [world.anna], topics="Lezen thuis", starts_at=held())


@pytest.fixture
def published(world, booking):
    agreement = {"who": "Ouders", "what": "Samen lezen", "when": "elke avond", "how": "om de beurt", "why": "plezier"}
    record = record_save(booking=booking, by=world.tess, agreements=[agreement],
                         evaluation_date=timezone.localdate() + datetime.timedelta(days=42))  # fmt: skip
    return record_publish(record=record, by=world.tess)


def test_day_view_shows_who_comes_and_topics(world, booking, login_as):
    day = booking.slot.starts_at.astimezone().date()
    response = login_as(world.tess).get(reverse("conversations:day") + f"?dag={day:%Y-%m-%d}")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Pim" in body and "Anna" in body and "Lezen thuis" in body


def test_day_view_hides_other_groups(world, booking, login_as):
    day = booking.slot.starts_at.astimezone().date()
    body = login_as(world.otto).get(reverse("conversations:day") + f"?dag={day:%Y-%m-%d}").content.decode()
    assert "Pim" not in body


def _post(client, booking, **extra):
    data = {
        "goal": "Kennismaken", "going_well": "Lezen", "attendance": "came", "pupil_present": "on",
        "evaluation_date": "2027-03-01",
        "agreements-TOTAL_FORMS": "2", "agreements-INITIAL_FORMS": "0",
        "agreements-MIN_NUM_FORMS": "0", "agreements-MAX_NUM_FORMS": "1000",
        "agreements-0-who": "Ouders", "agreements-0-what": "Samen lezen", "agreements-0-when": "elke avond",
        "agreements-0-how": "om de beurt een bladzijde", "agreements-0-why": "leesplezier",
        "agreements-1-who": "Leerkracht", "agreements-1-what": "Leesboek meegeven", "agreements-1-when": "vrijdag",
        "agreements-1-how": "in de leesmap", "agreements-1-why": "thuis oefenen",
        **extra,
    }  # fmt: skip
    return client.post(reverse("conversations:conversation", args=[booking.pk]), data)


def test_teacher_fills_in_and_publishes_the_record(world, booking, login_as):
    response = _post(login_as(world.tess), booking, action="publish")
    assert response.status_code == 302
    record = Record.objects.get(booking=booking)
    assert record.published_at is not None and record.pupil_present
    assert [a.who for a in record.agreements.all()] == ["Ouders", "Leerkracht"]


@pytest.mark.parametrize("who", ["otto", "sven", "lars", "bea", "anna", "bert"])
def test_outsiders_get_404_or_403_on_the_record(world, booking, login_as, who):
    response = login_as(getattr(world, who)).get(reverse("conversations:conversation", args=[booking.pk]))
    assert response.status_code in (403, 404)
    assert _post(login_as(getattr(world, who)), booking).status_code in (403, 404)
    assert not Record.objects.exists()


def test_ib_and_leadership_read_the_record(world, booking, login_as):
    for who in (world.iris, world.lea):
        assert login_as(who).get(reverse("conversations:conversation", args=[booking.pk])).status_code == 200


def test_unpublished_record_is_invisible_to_guardians(world, booking, login_as):
    record = record_save(booking=booking, by=world.tess, goal="Concept")
    client = login_as(world.anna)
    assert client.get(reverse("conversations:my_record", args=[record.pk])).status_code == 404
    assert "Concept" not in client.get(reverse("conversations:my_records")).content.decode()


def test_published_record_visible_only_to_the_pupils_guardians(world, published, login_as):
    url = reverse("conversations:my_record", args=[published.pk])
    response = login_as(world.anna).get(url)
    assert response.status_code == 200 and "Samen lezen" in response.content.decode()
    assert login_as(world.bert).get(url).status_code == 404
    assert login_as(world.karel).get(url).status_code == 404
    assert login_as(world.tess).get(url).status_code == 403  # staff are not guardians


def test_guardian_record_list_is_own_children_only(world, published, login_as):
    assert "Pim" in login_as(world.anna).get(reverse("conversations:my_records")).content.decode()
    assert "Pim" not in login_as(world.bert).get(reverse("conversations:my_records")).content.decode()


def test_advice_overview_for_leadership_only(world, login_as):
    from conversations.models import RoundKind

    booking = book(
        make_round(world, kind=RoundKind.ADVICE_FINAL, levels=(6,)),
        world.otto,
        world.bo,
        [world.bert],
        starts_at=held(),
    )
    record_save(booking=booking, by=world.otto, second_staff=world.iris, advice_track="havo",
                advice_date=booking.slot.starts_at.date())  # fmt: skip
    body = login_as(world.lea).get(reverse("conversations:advice")).content.decode()
    assert "Bo" in body and "havo" in body
    assert login_as(world.tess).get(reverse("conversations:advice")).status_code == 403
    assert world.bo.full_name not in login_as(world.lars).get(reverse("conversations:advice")).content.decode()


def test_day_view_has_a_date_picker_and_counts_evaluations_from_the_day_shown(world, booking, login_as):
    shown = booking.slot.starts_at.astimezone().date() + datetime.timedelta(days=30)
    record = record_save(booking=booking, by=world.tess, goal="Kennismaken",
                         evaluation_date=shown + datetime.timedelta(days=3))  # fmt: skip
    client = login_as(world.tess)
    body = client.get(reverse("conversations:day") + f"?dag={shown:%Y-%m-%d}").content.decode()
    assert f'type="date" id="day-picker" name="dag" value="{shown:%Y-%m-%d}"' in body
    assert reverse("conversations:conversation", args=[record.booking_id]) in body.split("Evaluaties in de week")[1]
    today = client.get(reverse("conversations:day")).content.decode()  # the real today: not due this week
    assert "Evaluaties deze week" in today
    assert reverse("conversations:conversation", args=[record.booking_id]) not in today.split("Evaluaties deze week")[1]


@pytest.mark.parametrize("asked", ["31-02-2027", "2027-02-31", "morgen"])
def test_day_view_with_a_bad_date_shows_today(world, booking, login_as, asked):
    response = login_as(world.tess).get(reverse("conversations:day") + f"?dag={asked}")
    assert response.status_code == 200 and "Evaluaties deze week" in response.content.decode()
