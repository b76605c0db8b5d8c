"""The authentication backend reads a request's user with what every request asks next (guardian,
board admin, whether a staff membership exists) in one query, and keeps the sessions made before
it (Django's ModelBackend) logged in."""

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ouderbetrokkenheid.accounts.access import Actor
from ouderbetrokkenheid.accounts.backends import LEGACY_PATH, PATH, AccountBackend
from tests.conftest import guardian_user


def test_a_guardian_is_read_with_their_roles_in_one_query(world):
    user = guardian_user(world.anna)
    with CaptureQueriesContext(connection) as queries:
        found = AccountBackend().get_user(user.pk)
        actor = Actor(found)
        assert actor.guardian == world.anna and actor.staff is None and actor.board_admin is None
        assert actor.guardian.user is found
    assert len(queries) == 1


def test_a_member_of_staff_still_gets_their_membership(world):
    with CaptureQueriesContext(connection) as queries:
        found = AccountBackend().get_user(world.tess.user_id)
        actor = Actor(found)
        assert actor.staff == world.tess and actor.guardian is None
    assert len(queries) == 2  # the user, then the memberships (as before)


def test_unknown_or_malformed_ids_are_no_user(world):
    assert AccountBackend().get_user(10**9) is None
    assert AccountBackend().get_user("not a number") is None


def test_an_inactive_user_is_no_user(world):
    user = guardian_user(world.anna)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert AccountBackend().get_user(user.pk) is None


def test_a_session_made_with_django_model_backend_stays_logged_in(world, client):
    user = guardian_user(world.anna)
    client.force_login(user)
    session = client.session
    session[BACKEND_SESSION_KEY] = LEGACY_PATH
    session.save()
    response = client.get(reverse("conversations:my_bookings"))
    assert response.status_code == 200
    session = client.session
    assert session[BACKEND_SESSION_KEY] == PATH
    assert session[SESSION_KEY] == str(user.pk) and session[HASH_SESSION_KEY]
