"""Issue 14, point 8: invitations to an information session go out at least a week ahead; a
later change to a session already invited reaches the invited as a change notice."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from meetings.invitations import invitations_send, session_update
from meetings.models import Invitation, Session
from meetings.notice import INVITE_DAYS_AHEAD
from meetings.programme import programme_install
from messaging.models import Message, Purpose

pytestmark = pytest.mark.django_db


def evening_in(days):
    """19:00 Amsterdam time, `days` days from today."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(19, 0)))


def session_in(programme, year, days):
    return Session.objects.create(item=programme[0], school_year=year, year_levels=[3, 4], starts_at=evening_in(days),
                                  location="Aula")  # fmt: skip


def test_invitations_three_days_before_the_session_are_refused(programme, year, family):
    guardians = [family.guardian(family.pupil("3", 3)) for _ in range(3)]
    session = session_in(programme, year, 3)  # invited on 5 December for 8 December

    with pytest.raises(ValidationError) as refused:
        invitations_send(session=session, by=None)

    assert "minstens 7 dagen" in refused.value.messages[0]
    assert not Invitation.objects.filter(session=session).exists()
    assert not Message.objects.filter(guardian__in=guardians).exists()
    session.refresh_from_db()
    assert session.invitations_sent_at is None


@pytest.mark.parametrize("days", [0, 1, INVITE_DAYS_AHEAD - 1])
def test_no_invitation_inside_the_last_week(programme, year, family, days):
    family.guardian(family.pupil("3", 3))
    with pytest.raises(ValidationError):
        invitations_send(session=session_in(programme, year, days), by=None)


def test_a_held_session_is_not_invited_for(programme, year, family):
    family.guardian(family.pupil("3", 3))
    with pytest.raises(ValidationError):
        invitations_send(session=session_in(programme, year, -2), by=None)


def test_invitations_a_week_ahead_go_out(programme, year, family):
    guardian = family.guardian(family.pupil("3", 3))
    session = session_in(programme, year, INVITE_DAYS_AHEAD)

    result = invitations_send(session=session, by=None)

    assert [inv.guardian for inv in result.invited] == [guardian]
    assert Message.objects.filter(guardian=guardian, purpose=Purpose.NOTICE, subject__startswith="Uitnodiging").exists()


def test_a_newcomer_is_not_invited_in_the_last_week(programme, year, family, clock):
    family.guardian(family.pupil("3", 3))
    session = session_in(programme, year, 10)
    invitations_send(session=session, by=None)
    clock.shift(datetime.timedelta(days=5))
    newcomer = family.guardian(family.pupil("4", 4))

    with pytest.raises(ValidationError) as refused:
        invitations_send(session=session, by=None)

    assert "geen uitnodigingen meer" in refused.value.messages[0]
    assert not Invitation.objects.filter(session=session, guardian=newcomer).exists()


def test_moving_an_invited_session_closer_sends_a_change_notice_not_an_invitation(programme, year, family):
    guardian = family.guardian(family.pupil("3", 3))
    session = session_in(programme, year, 20)
    invitations_send(session=session, by=None)
    invitation = Invitation.objects.get(session=session, guardian=guardian)

    session_update(session=session, starts_at=evening_in(3), location="Gymzaal")

    notices = Message.objects.filter(guardian=guardian, purpose=Purpose.NOTICE).order_by("created_at", "pk")
    first, change = notices
    assert first.subject.startswith("Uitnodiging") and "Uitnodiging" in first.text
    assert change.subject == f"Gewijzigd: {programme[0].title}"
    assert "Uitnodiging" not in change.text and "Gewijzigd" in change.text and "Gymzaal" in change.text
    assert list(Invitation.objects.filter(session=session)) == [invitation]  # no second invitation


def test_cancelling_is_not_an_invitation_either(programme, year, family):
    from meetings.invitations import session_cancel

    guardian = family.guardian(family.pupil("3", 3))
    session = session_in(programme, year, 20)
    invitations_send(session=session, by=None)

    session_cancel(session=session, by=None)

    cancel = Message.objects.filter(guardian=guardian, purpose=Purpose.NOTICE).order_by("created_at", "pk").last()
    assert cancel.subject == f"Gaat niet door: {programme[0].title}"


def test_leadership_sees_why_a_late_session_cannot_be_invited_for(world, login_as):
    item = programme_install(school=world.school_a)[0]
    session = Session.objects.create(item=item, school_year=world.year_a, year_levels=[3], starts_at=evening_in(3))
    client = login_as(world.lea)

    page = client.get(reverse("meetings:session", args=[session.pk])).content.decode()
    assert "Uitnodigen kan niet meer" in page
    assert reverse("meetings:session_invite", args=[session.pk]) not in page

    response = client.post(reverse("meetings:session_invite", args=[session.pk]), follow=True)

    assert "minstens 7 dagen" in response.content.decode()
    assert not Invitation.objects.filter(session=session).exists()
