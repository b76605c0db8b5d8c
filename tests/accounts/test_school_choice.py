"""Staff at several schools of one board (issue 14, point 4): after login they choose the school
they act for (a sole membership is chosen by itself), switch from the menu, and every page works
for the chosen school only; a school they hold no membership at can never be chosen."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ouderbetrokkenheid.accounts.acting import SESSION_KEY
from ouderbetrokkenheid.school.models import Staff
from tests import factories as f

CHOOSE = reverse("accounts:choose_school")


@pytest.fixture
def mira(world):
    """IB at school A, leadership at school B (the same board)."""
    user = get_user_model().objects.create_user("mira@stichting.example.nl", "Mira-Wachtwoord-42")
    Staff.objects.create(user=user, school=world.school_a, first_name="Mira", last_name="Maas", is_ib=True)
    Staff.objects.create(user=user, school=world.school_b, first_name="Mira", last_name="Maas", is_leadership=True)
    return user


def choose(client, school, next_url=""):
    return client.post(CHOOSE, {"school": school.pk, "next": next_url})


def pupil_page(client, pupil):
    return client.get(reverse("staffpages:pupil", args=[pupil.pk])).status_code


def test_a_person_of_two_schools_chooses_one_before_any_staff_page(world, client, mira):
    client.force_login(mira)
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == f"{CHOOSE}?next=%2Fstaff%2F"
    page = response.content.decode()
    assert "Kies uw school" in page and "De Regenboog" in page and "Het Kompas" in page
    assert "intern begeleider" in page and "directie" in page  # each membership's own roles
    response = choose(client, world.school_a, "/staff/")
    assert response.status_code == 302 and response.url == "/staff/"
    assert client.session[SESSION_KEY] == world.school_a.pk


def test_acting_for_a_she_sees_a_and_after_switching_only_b(world, client, mira):
    client.force_login(mira)
    choose(client, world.school_a)
    assert (pupil_page(client, world.pim), pupil_page(client, world.kai)) == (200, 404)
    home = client.get(reverse("staffpages:home")).content.decode()
    assert "De Regenboog (wisselen)" in home  # the switch in the menu names the acting school
    choose(client, world.school_b)
    assert (pupil_page(client, world.pim), pupil_page(client, world.kai)) == (404, 200)
    assert "Het Kompas (wisselen)" in client.get(reverse("staffpages:home")).content.decode()


def test_a_school_without_a_membership_can_never_be_chosen(world, client, mira):
    other_board = f.SchoolFactory(name="De Esch")
    client.force_login(mira)
    choose(client, world.school_a)
    assert choose(client, other_board).status_code == 404
    assert client.session[SESSION_KEY] == world.school_a.pk
    session = client.session  # a session that names it anyway acts for no school
    session[SESSION_KEY] = other_board.pk
    session.save()
    response = client.get(reverse("staffpages:pupil", args=[world.pim.pk]))
    assert response.status_code == 302 and response.url.startswith(CHOOSE)


def test_a_sole_membership_is_chosen_by_itself_and_shows_no_switch(world, client):
    client.force_login(world.tess.user)
    assert client.get(reverse("home")).url == reverse("staffpages:home")
    page = client.get(reverse("staffpages:home"))
    assert page.status_code == 200 and "(wisselen)" not in page.content.decode()
    assert choose(client, world.school_b).status_code == 404  # not Tess's school


def test_only_local_next_addresses_are_followed(world, client, mira):
    client.force_login(mira)
    assert choose(client, world.school_a, "https://evil.example/").url == reverse("staffpages:home")


def test_parents_and_visitors_do_not_reach_the_chooser(world, client, login_as):
    assert client.get(CHOOSE).status_code == 302  # to the login
    assert login_as(world.anna).get(CHOOSE).status_code == 403


def test_acting_for_a_school_costs_no_more_queries_than_a_single_membership(world, client, mira):
    url = reverse("staffpages:pupil", args=[world.pim.pk])

    def queries(user, school=None):
        client.force_login(user)
        if school is not None:
            choose(client, school)
        with CaptureQueriesContext(connection) as done:
            assert client.get(url).status_code == 200
        return len(done.captured_queries)

    assert 0 < queries(mira, world.school_a) <= queries(world.iris.user)


def test_the_admin_shows_a_logins_memberships_and_refuses_another_board(world, client, mira):
    client.force_login(get_user_model().objects.create_superuser("root@bestuur.example.nl", "Beheer-Wachtwoord-1"))
    url = reverse("admin:accounts_user_change", args=[mira.pk])
    page = client.get(url).content.decode()
    assert "De Regenboog" in page and "Het Kompas" in page
    other_board = f.SchoolFactory(name="De Esch")
    memberships = list(Staff.objects.filter(user=mira).order_by("pk"))
    data = {"email": mira.email, "is_active": "on", "date_joined_0": "01-01-2026", "date_joined_1": "10:00:00",
            "staff_memberships-TOTAL_FORMS": "3", "staff_memberships-INITIAL_FORMS": "2",
            "staff_memberships-MIN_NUM_FORMS": "0", "staff_memberships-MAX_NUM_FORMS": "1000"}  # fmt: skip
    rows = [(m.pk, m.school_id, m.is_ib, m.is_leadership) for m in memberships] + [("", other_board.pk, False, True)]
    for i, (pk, school_id, ib, leadership) in enumerate(rows):
        prefix = f"staff_memberships-{i}-"
        data |= {f"{prefix}id": pk, f"{prefix}user": mira.pk, f"{prefix}school": school_id,
                 f"{prefix}first_name": "Mira", f"{prefix}last_name": "Maas"}  # fmt: skip
        data |= {f"{prefix}is_ib": "on"} if ib else {}
        data |= {f"{prefix}is_leadership": "on"} if leadership else {}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Eén account werkt alleen voor scholen van één bestuur." in response.content.decode()
    assert Staff.objects.filter(user=mira).count() == 2
