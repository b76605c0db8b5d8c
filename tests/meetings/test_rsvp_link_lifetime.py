"""RSVP links expire when their purpose ends (after the session) and die with the guardian–pupil
link or the guardian's account (issue 17, point 7)."""

import datetime

from django.urls import reverse

from meetings.models import Invitation, Response
from ouderbetrokkenheid.school.models import GuardianOf
from tests import factories as f
from tests.conftest import guardian_user

from .test_views import evening, token_of  # noqa: F401 (evening is a fixture)


def rsvp(client, token, **data):
    url = reverse("meetings:rsvp", kwargs={"token": token})
    return client.post(url, data) if data else client.get(url)


def ics(client, token):
    return client.get(reverse("meetings:rsvp_ics", kwargs={"token": token}))


def test_the_link_works_until_the_session_ends_then_answers_410(world, evening, client, clock):  # noqa: F811
    token = token_of(world.anna)
    clock.move_to(evening.ends_at - datetime.timedelta(minutes=1))
    assert rsvp(client, token).status_code == 200
    assert ics(client, token).status_code == 200
    clock.move_to(evening.ends_at)
    page = rsvp(client, token)
    assert page.status_code == 410
    assert "De bijeenkomst is voorbij." in page.content.decode() and "Pim" not in page.content.decode()
    assert page["Cache-Control"] == "private, no-store"
    assert ics(client, token).status_code == 410
    assert rsvp(client, token, response="coming").status_code == 410
    assert Invitation.objects.get(guardian=world.anna).response == Response.NONE


def test_the_link_dies_when_the_guardian_is_unlinked_from_the_child(world, evening, client):  # noqa: F811
    token = token_of(world.anna)
    GuardianOf.objects.filter(guardian=world.anna, pupil=world.pim).delete()
    page = rsvp(client, token)
    assert page.status_code == 404 and "Pim" not in page.content.decode()
    assert rsvp(client, token, response="coming").status_code == 404
    assert ics(client, token).status_code == 404
    assert Invitation.objects.get(guardian=world.anna).response == Response.NONE


def test_the_link_lives_while_one_invited_child_is_still_linked(world, evening, client):  # noqa: F811
    sister = f.PupilFactory(school=world.school_a, first_name="Sanne")
    f.GuardianOfFactory(guardian=world.anna, pupil=sister)
    invitation = Invitation.objects.get(guardian=world.anna)
    invitation.pupils.add(sister)
    GuardianOf.objects.filter(guardian=world.anna, pupil=world.pim).delete()
    assert rsvp(client, token_of(world.anna)).status_code == 200


def test_the_link_dies_with_the_guardians_account(world, evening, client):  # noqa: F811
    token = token_of(world.anna)
    user = guardian_user(world.anna)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert rsvp(client, token).status_code == 404
