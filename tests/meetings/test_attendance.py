"""Attendance on the evening: presenters of the school tick invited guardians and add walk-ins."""

import datetime
import secrets

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from meetings.attendance import attendance_mark, walk_in_add
from meetings.models import Invitation, ProgrammeItem, Session, WalkIn
from meetings.programme import programme_install


def make_session(school_year, key="milestones", *, days=0, year_levels=(3, 6), location="Aula"):
    """A session of the school's default programme item `key`, `days` from now (negative: held)."""
    programme_install(school=school_year.school)
    item = ProgrammeItem.objects.get(school=school_year.school, key=key)
    starts_at = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
    return Session.objects.create(item=item, school_year=school_year, year_levels=list(year_levels),
                                  starts_at=starts_at, location=location)  # fmt: skip


def invite(session, guardian, *pupils, priority=(), response="", attended=None):
    invitation = Invitation.objects.create(session=session, guardian=guardian, token_hash=secrets.token_hex(32),
                                           priority_reasons=list(priority), response=response, attended=attended,
                                           invited_at=timezone.now())  # fmt: skip
    invitation.pupils.set(pupils)
    return invitation


@pytest.fixture
def evening(world):
    session = make_session(world.year_a)
    return session, invite(session, world.anna, world.pim), invite(session, world.bert, world.bo)


def test_presenter_of_the_school_ticks_a_guardian_present_and_back(world, evening, login_as):
    session, anna, _bert = evening
    client = login_as(world.tess)
    url = reverse("meetings:attendance_toggle", args=[session.pk, anna.pk])
    response = client.post(url, {"attended": "1"})
    assert response.status_code == 302
    anna.refresh_from_db()
    assert anna.attended is True
    page = client.get(reverse("meetings:attendance", args=[session.pk]))
    body = page.content.decode()
    assert "Pim Prins" in body and "Anna Prins" in body and "Bo Bakker" in body
    assert "1 van 2 aanwezig" in body
    client.post(url, {"attended": "0"})
    anna.refresh_from_db()
    assert anna.attended is False


def test_staff_of_another_school_gets_404(world, evening, login_as):
    session, anna, _ = evening
    client = login_as(world.sven)
    assert client.get(reverse("meetings:attendance", args=[session.pk])).status_code == 404
    assert (
        client.post(reverse("meetings:attendance_toggle", args=[session.pk, anna.pk]), {"attended": "1"}).status_code
        == 404
    )
    anna.refresh_from_db()
    assert anna.attended is None


def test_service_refuses_a_presenter_of_another_school(world, evening):
    _session, anna, _ = evening
    with pytest.raises(PermissionDenied):
        attendance_mark(invitation=anna, attended=True, by=world.sven)
    anna.refresh_from_db()
    assert anna.attended is None


def test_guardian_cannot_mark_attendance(world, evening, login_as):
    session, anna, _ = evening
    client = login_as(world.anna)
    assert (
        client.post(reverse("meetings:attendance_toggle", args=[session.pk, anna.pk]), {"attended": "1"}).status_code
        == 403
    )
    assert client.get(reverse("meetings:attendance", args=[session.pk])).status_code == 403
    anna.refresh_from_db()
    assert anna.attended is None


def test_walk_in_is_added_and_listed(world, evening, login_as):
    session, _, _ = evening
    client = login_as(world.iris)
    client.post(reverse("meetings:walk_in", args=[session.pk]), {"name": "  Oma   van Pim "})
    assert list(WalkIn.objects.filter(session=session).values_list("name", flat=True)) == ["Oma van Pim"]
    assert "Oma van Pim" in client.get(reverse("meetings:attendance", args=[session.pk])).content.decode()


def test_walk_in_of_an_invited_guardian_ticks_the_invitation(world, evening):
    session, anna, _ = evening
    walk_in_add(session=session, name="", guardian=world.anna, by=world.tess)
    anna.refresh_from_db()
    assert anna.attended is True and not WalkIn.objects.exists()


def test_walk_in_refused_for_another_school(world, evening):
    session, _, _ = evening
    with pytest.raises(PermissionDenied):
        walk_in_add(session=session, name="Iemand", by=world.lars)


def walk_invitation(world):
    """Anna's invitation (for Pim) to a session of school A: the object behind `session_id` and
    `invitation_id` in the access walk (tests/test_access_walk.py). Made once per world."""
    existing = Invitation.objects.filter(guardian=world.anna, session__school_year=world.year_a).first()
    return existing or invite(make_session(world.year_a), world.anna, world.pim)


def test_walk_in_name_loses_bidi_controls(world, evening, login_as):
    """'Ann\u202egnp.exe' shows as 'Annexe.png': the form stores it without the invisible control."""
    session, _, _ = evening
    client = login_as(world.iris)
    client.post(reverse("meetings:walk_in", args=[session.pk]), {"name": "Ann\u202egnp.exe\u200b"})
    assert list(WalkIn.objects.filter(session=session).values_list("name", flat=True)) == ["Anngnp.exe"]


def test_walk_in_name_of_invisible_characters_only_is_refused(world, evening, login_as):
    session, _, _ = evening
    response = login_as(world.iris).post(reverse("meetings:walk_in", args=[session.pk]), {"name": "\u202e\u2066"})
    assert not WalkIn.objects.filter(session=session).exists()
    assert response.status_code in (200, 302)
