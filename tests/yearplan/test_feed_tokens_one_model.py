"""One feed-token model for every calendar feed (issue 17, point 5): the conversations feed is
behind the guardian's hashed, revocable feed token; it dies with the account and with the
guardian–pupil link, and the old signed links (which could not be revoked) are gone."""

import re

import pytest
from django.core import signing
from django.urls import reverse

from ouderbetrokkenheid.school.models import GuardianOf
from tests.conftest import guardian_user
from tests.conversations.test_records_support import book, make_round
from yearplan.feeds import feed_token_create, feed_token_revoke


@pytest.fixture
def booking(world):
    return book(make_round(world), world.tess, world.pim, [world.anna])


def conversations_feed(client, token):
    return client.get(reverse("yearplan:conversations_feed", kwargs={"token": token}))


def test_the_conversations_feed_shows_the_childs_appointment(world, booking, client):
    response = conversations_feed(client, feed_token_create(guardian=world.anna))
    assert response.status_code == 200
    assert "Pim" in response.content.decode() and f"booking-{booking.pk}@" in response.content.decode()


def test_made_and_renewed_from_the_calendar_link_page(world, booking, login_as):
    client = login_as(world.anna)
    page = client.get(reverse("yearplan:guardian_feed_page")).content.decode()
    assert "Had u al een agenda-link voor de gesprekken? Die werkt niet meer." in page
    created = client.post(reverse("yearplan:guardian_feed_page"), {"action": "create"}).content.decode()
    first = re.search(r'value="(http://testserver/jaarplanning/agenda/[^"]+/gesprekken\.ics)"', created).group(1)
    assert client.get(first).status_code == 200
    renewed = client.post(reverse("yearplan:guardian_feed_page"), {"action": "create"}).content.decode()
    second = re.search(r'value="(http://testserver/jaarplanning/agenda/[^"]+/gesprekken\.ics)"', renewed).group(1)
    assert client.get(first).status_code == 404 and client.get(second).status_code == 200
    client.post(reverse("yearplan:guardian_feed_page"), {"action": "revoke"})
    assert client.get(second).status_code == 404


def test_the_feed_dies_when_the_guardian_child_link_ends(world, booking, client):
    token = feed_token_create(guardian=world.anna)
    GuardianOf.objects.filter(guardian=world.anna, pupil=world.pim).delete()
    response = conversations_feed(client, token)
    assert response.status_code == 404 and b"Pim" not in response.content
    year = client.get(reverse("yearplan:feed", kwargs={"token": token}))
    assert year.status_code == 404 and b"Pim" not in year.content


def test_an_ended_link_to_one_child_hides_that_childs_appointments(world, booking, client):
    from tests import factories as f

    sister = f.PupilFactory(school=world.school_a, first_name="Sanne")
    f.EnrollmentFactory(pupil=sister, group=world.group_3, year_level=3)
    f.GuardianOfFactory(guardian=world.anna, pupil=sister)
    token = feed_token_create(guardian=world.anna)
    GuardianOf.objects.filter(guardian=world.anna, pupil=world.pim).delete()
    response = conversations_feed(client, token)
    assert response.status_code == 200 and b"Pim" not in response.content
    assert f"booking-{booking.pk}@".encode() not in response.content


def test_the_feed_dies_when_the_guardians_account_is_deactivated(world, booking, client):
    token = feed_token_create(guardian=world.anna)
    user = guardian_user(world.anna)
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = conversations_feed(client, token)
    assert response.status_code == 404 and b"Pim" not in response.content


def test_a_revoked_or_forged_token_gives_nothing(world, booking, client):
    token = feed_token_create(guardian=world.anna)
    feed_token_revoke(guardian=world.anna)
    assert conversations_feed(client, token).status_code == 404
    assert conversations_feed(client, token[:-1] + "x").status_code == 404


def test_a_staff_token_does_not_open_a_conversations_feed(world, booking, client):
    assert conversations_feed(client, feed_token_create(staff=world.tess)).status_code == 404


def test_the_old_signed_links_are_gone(world, booking, client):
    """No second token mechanism is left: the old path checks no signature, it only says Gone."""
    legacy = signing.dumps({"g": world.anna.pk}, salt="conversations.ical.feed", compress=True)
    for token in (legacy, "forged"):
        response = client.get(reverse("conversations:feed", kwargs={"token": token}))
        assert response.status_code == 410 and b"Pim" not in response.content and b"VEVENT" not in response.content


def test_the_bookings_page_points_to_the_new_link(world, booking, login_as):
    page = login_as(world.anna).get(reverse("conversations:my_bookings")).content.decode()
    assert reverse("yearplan:guardian_feed_page") in page
    assert "Die werkt niet meer. Maak een nieuwe link." in page
