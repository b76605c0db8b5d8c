"""The follow-up list: priority (or unreachable) parents without an answer, and the teacher's call."""

import pytest
from django.urls import reverse

from meetings.followup import followup_record
from meetings.models import FollowUp
from meetings.reach import followup_list
from tests import factories as f
from tests.meetings.test_attendance import invite, make_session


@pytest.fixture
def session(world):
    return make_session(world.year_a)


def test_list_holds_priority_and_unreachable_guardians_without_answer(world, session):
    invite(session, world.anna, world.pim, priority=["new_to_system"])
    invite(session, world.bert, world.bo, priority=["little_dutch"], response="coming")
    nobody = f.GuardianFactory(school=world.school_a, first_name="Nina", last_name="Zonder", email="", mobile="")
    pupil = f.PupilFactory(school=world.school_a)
    f.EnrollmentFactory(pupil=pupil, group=world.group_3, year_level=3)
    invite(session, nobody, pupil)
    plain = f.GuardianFactory(school=world.school_a, first_name="Piet", email="piet@example.nl")
    invite(session, plain, pupil)
    assert [i.guardian.first_name for i in followup_list(session=session)] == ["Anna", "Nina"]


def test_teacher_records_an_outcome_and_sees_it(world, session, login_as):
    invitation = invite(session, world.anna, world.pim, priority=["new_to_system"])
    client = login_as(world.tess)
    response = client.post(reverse("meetings:followup_add", args=[session.pk, invitation.pk]),
                           {"outcome": "called", "note": "Komt waarschijnlijk"})  # fmt: skip
    assert response.status_code == 302
    followup = FollowUp.objects.get(invitation=invitation)
    assert (followup.outcome, followup.note, followup.by) == ("called", "Komt waarschijnlijk", world.tess)
    body = client.get(reverse("meetings:followup", args=[session.pk])).content.decode()
    assert "Gebeld" in body and "Komt waarschijnlijk" in body


def test_teacher_of_another_group_cannot_follow_up(world, session, login_as):
    invitation = invite(session, world.anna, world.pim, priority=["x"])
    client = login_as(world.otto)
    assert "Anna" not in client.get(reverse("meetings:followup", args=[session.pk])).content.decode()
    response = client.post(reverse("meetings:followup_add", args=[session.pk, invitation.pk]), {"outcome": "called"})
    assert response.status_code == 404 and not FollowUp.objects.exists()


def test_staff_of_another_school_cannot_record(world, session):
    from django.core.exceptions import PermissionDenied

    invitation = invite(session, world.anna, world.pim, priority=["x"])
    with pytest.raises(PermissionDenied):
        followup_record(invitation=invitation, outcome="called", note="", by=world.sven)


def test_unknown_outcome_is_refused(world, session, login_as):
    invitation = invite(session, world.anna, world.pim, priority=["x"])
    login_as(world.tess).post(reverse("meetings:followup_add", args=[session.pk, invitation.pk]), {"outcome": "x"})
    assert not FollowUp.objects.exists()
