"""On the teacher's day page: set the experts who join a conversation (the guardians are told
beforehand) and whether the pupil comes along (offered from groep 4)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from conversations.booking import BookingRefused, booking_pupil_joins_set
from messaging.models import MessagePart

from .test_records_support import book, make_round, soon


def _day(booking):
    return reverse("conversations:day") + f"?dag={timezone.localtime(booking.slot.starts_at).date():%Y-%m-%d}"


def test_teacher_adds_the_ib_and_the_guardians_are_told(world, login_as):
    booking = book(make_round(world), world.tess, world.pim, [world.anna], starts_at=soon(2))
    client = login_as(world.tess)
    page = client.get(_day(booking)).content.decode()
    assert "Wie is er nog bij?" in page and 'name="experts"' in page
    assert 'name="pupil_joins"' not in page  # Pim is in groep 3
    response = client.post(reverse("conversations:booking_experts", args=[booking.pk]),
                           {"experts": [world.iris.pk], "external_expert": "Logopedist Lia"})  # fmt: skip
    assert response.status_code == 302 and response.url == _day(booking)
    booking.refresh_from_db()
    assert list(booking.experts.all()) == [world.iris] and booking.external_expert == "Logopedist Lia"
    told = MessagePart.objects.get(message__guardian=world.anna, source__contains=":experts:")
    assert "Iris" in told.text and "Logopedist Lia" in told.text
    client.post(reverse("conversations:booking_experts", args=[booking.pk]),
                {"experts": [world.iris.pk], "external_expert": "Logopedist Lia"})  # fmt: skip
    assert MessagePart.objects.filter(source__contains=":experts:").count() == 1  # nothing changed, nothing sent


def test_pupil_joins_only_from_groep_4(world, login_as):
    bo = book(make_round(world), world.otto, world.bo, [world.bert], starts_at=soon(2))
    client = login_as(world.otto)
    assert 'name="pupil_joins"' in client.get(_day(bo)).content.decode()
    client.post(reverse("conversations:booking_experts", args=[bo.pk]), {"pupil_joins": "1"})
    bo.refresh_from_db()
    assert bo.pupil_joins and not bo.experts.exists()
    assert not MessagePart.objects.filter(source__contains=":experts:").exists()
    pim = book(make_round(world), world.tess, world.pim, [world.anna], starts_at=soon(3))
    with pytest.raises(BookingRefused):
        booking_pupil_joins_set(booking=pim, pupil_joins=True, by_staff=world.tess)


def test_other_teachers_and_schools_cannot_set_experts(world, login_as):
    booking = book(make_round(world), world.tess, world.pim, [world.anna], starts_at=soon(2))
    url = reverse("conversations:booking_experts", args=[booking.pk])
    assert login_as(world.otto).post(url, {"experts": [world.otto.pk]}).status_code == 404
    assert login_as(world.sven).post(url, {"experts": [world.sven.pk]}).status_code == 404
    assert login_as(world.anna).post(url, {"experts": [world.iris.pk]}).status_code in (403, 404)
    assert not booking.experts.exists()
