"""Parent portal home: a guardian sees their own children, and nothing else."""

from django.urls import reverse
from django.utils.html import escape

from tests import factories as f
from tests.conftest import guardian_user


def portal(client):
    return client.get(reverse("portal:home"))


def test_guardian_sees_own_child_with_group_teacher_and_school(world, login_as):
    response = portal(login_as(world.anna))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Pim Prins" in page and "Groep 3" in page and escape(world.tess.full_name) in page
    assert "De Regenboog" in page
    assert "Bo Bakker" not in page and world.otto.full_name not in page


def test_guardian_with_two_children_sees_both(world, login_as):
    f.GuardianOfFactory(guardian=world.anna, pupil=world.bo)
    page = portal(login_as(world.anna)).content.decode()
    assert "Pim Prins" in page and "Bo Bakker" in page and "Groep 5/6" in page


def test_guardian_of_other_school_sees_nothing_of_school_a(world, login_as):
    page = portal(login_as(world.karel)).content.decode()
    assert "Kai Kok" in page and "Het Kompas" in page
    for word in ("Pim", "Bo Bakker", "De Regenboog", world.tess.full_name):
        assert word not in page


def test_staff_member_who_is_also_a_parent_sees_only_own_children(world, login_as):
    world.bert.user = world.tess.user
    world.bert.save(update_fields=["user"])
    page = portal(login_as(world.tess.user)).content.decode()
    assert "Bo Bakker" in page and "Pim Prins" not in page


def test_staff_without_children_cannot_open_the_portal(world, login_as):
    assert portal(login_as(world.tess)).status_code == 403


def test_anonymous_visitor_is_sent_to_login(client, world):
    response = portal(client)
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_guardian_without_current_group_gets_a_plain_message(world, login_as):
    world.pim.enrollments.all().delete()
    guardian_user(world.anna)
    page = portal(login_as(world.anna)).content.decode()
    assert "Uw kind zit nu niet in een groep." in page
