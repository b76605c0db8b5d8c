"""Who is invited, once per guardian, through the messaging service; reminders and answers."""

import datetime

import pytest
from django.utils import timezone

from meetings import priority
from meetings.audience import session_audience
from meetings.invitations import invitation_respond, invitations_send, reminder_source, session_cancel, session_update
from meetings.models import Invitation, Response, Session
from meetings.selectors import followup_candidates
from messaging.models import Message, MessagePart, Purpose, Status

pytestmark = pytest.mark.django_db


def session_for(programme, year, number, levels, *, lateral=False, days=30):
    item = programme[number - 1]
    starts_at = timezone.now().replace(hour=17, minute=30, second=0, microsecond=0) + datetime.timedelta(days=days)
    return Session.objects.create(item=item, school_year=year, year_levels=levels, lateral_entrants=lateral,
                                  starts_at=starts_at, location="Aula", childcare=True)  # fmt: skip


def invitations(session):
    return {inv.guardian: sorted(p.pk for p in inv.pupils.all()) for inv in session.invitations.all()}


def test_combination_group_invites_by_year_level_not_by_class(programme, year, family):
    five, six = family.pupil("5/6", 5), family.pupil("5/6", 6)
    g5, g6 = family.guardian(five), family.guardian(six)
    session = session_for(programme, year, 1, [5, 6])
    only_six = session_for(programme, year, 1, [6], days=31)

    invitations_send(session=session, by=None)
    invitations_send(session=only_six, by=None)

    assert set(invitations(session)) == {g5, g6}
    assert set(invitations(only_six)) == {g6}


def test_lateral_entrant_in_groep_5_is_invited_to_sessions_2_and_3_not_classmates(programme, year, family):
    lateral, classmate = family.pupil("5", 5, lateral=True), family.pupil("5", 5)
    g_lateral = family.guardian(lateral, language="pl")
    family.guardian(classmate)
    two = session_for(programme, year, 2, [3], lateral=True)
    three = session_for(programme, year, 3, [3, 8], lateral=True, days=45)

    for session in (two, three):
        invitations_send(session=session, by=None)
        assert set(invitations(session)) == {g_lateral}
    reasons = Invitation.objects.get(session=two, guardian=g_lateral).priority_reasons
    assert priority.LATERAL_ENTRANT in reasons and priority.HOME_LANGUAGE in reasons


def test_siblings_in_groep_3_and_8_one_invitation_per_guardian_listing_both(programme, year, family):
    three, eight = family.pupil("3", 3, first_name="Sara"), family.pupil("8", 8, first_name="Omar")
    mother, father = family.guardian(three, eight), family.guardian(three, eight)
    session = session_for(programme, year, 3, [3, 8], lateral=True)

    result = invitations_send(session=session, by=None)

    assert invitations(session) == {mother: sorted([three.pk, eight.pk]), father: sorted([three.pk, eight.pk])}
    assert len(result.invited) == 2
    message = Message.objects.get(guardian=mother, purpose=Purpose.NOTICE)
    assert "Sara" in message.text and "Omar" in message.text and "/bijeenkomsten/antwoord/" in message.text


def test_separated_parents_each_get_their_own_invitation_and_link(programme, year, family):
    pupil = family.pupil("3", 3)
    mother = family.guardian(pupil, separately=True)
    father = family.guardian(pupil, separately=True)
    session = session_for(programme, year, 1, [3, 4])

    invitations_send(session=session, by=None)

    assert set(invitations(session)) == {mother, father}
    texts = {g: Message.objects.get(guardian=g, purpose=Purpose.NOTICE).text for g in (mother, father)}
    assert texts[mother] != texts[father]  # each their own RSVP token


def test_guardian_without_information_rights_is_not_invited(programme, year, family):
    from ouderbetrokkenheid.school.models import GuardianOf

    pupil = family.pupil("3", 3)
    guardian = family.guardian(pupil)
    GuardianOf.objects.filter(guardian=guardian).update(receives_information=False)
    session = session_for(programme, year, 1, [3, 4])
    assert session_audience(session=session, day=timezone.localdate()) == {}


def test_mobile_only_gets_sms_and_neither_is_invited_and_on_the_follow_up_list(programme, year, family):
    pupil = family.pupil("3", 3)
    mobile_only = family.guardian(pupil, email="", mobile="+31612345678", channel="email")
    unreachable = family.guardian(pupil, email="", mobile="")
    with_email = family.guardian(pupil, email="ouder@example.nl")
    session = session_for(programme, year, 1, [3, 4])

    result = invitations_send(session=session, by=None)

    assert Message.objects.get(guardian=mobile_only, purpose=Purpose.NOTICE).channel == "sms"
    assert Message.objects.get(guardian=with_email, purpose=Purpose.NOTICE).channel == "email"
    assert not Message.objects.filter(guardian=unreachable).exists()
    invitation = Invitation.objects.get(session=session, guardian=unreachable)
    assert priority.UNREACHABLE in invitation.priority_reasons
    assert result.unreachable == [unreachable]
    assert list(followup_candidates(session=session)) == [invitation]


def test_sending_twice_invites_nobody_twice_and_adds_a_newcomer(programme, year, family):
    pupil = family.pupil("3", 3)
    first = family.guardian(pupil)
    session = session_for(programme, year, 1, [3, 4])
    invitations_send(session=session, by=None)
    newcomer = family.guardian(family.pupil("4", 4))

    result = invitations_send(session=session, by=None)

    assert [inv.guardian for inv in result.invited] == [newcomer]
    assert Invitation.objects.filter(session=session).count() == 2
    assert Message.objects.filter(guardian=first, purpose=Purpose.NOTICE).count() == 1


def test_message_in_the_guardians_language_and_reminders_a_week_and_a_day_before(programme, year, family):
    guardian = family.guardian(family.pupil("3", 3), language="ar")
    session = session_for(programme, year, 1, [3, 4])

    invitations_send(session=session, by=None)

    assert Message.objects.get(guardian=guardian, purpose=Purpose.NOTICE).language == "ar"
    reminders = Message.objects.filter(guardian=guardian, purpose=Purpose.REMINDER).order_by("day")
    session_day = timezone.localtime(session.starts_at).date()
    assert [session_day - r.day for r in reminders] == [datetime.timedelta(days=7), datetime.timedelta(days=1)]
    sources = set(MessagePart.objects.filter(message__in=reminders).values_list("source", flat=True))
    assert sources == {reminder_source(session, "reminder7", guardian), reminder_source(session, "reminder1", guardian)}


def test_not_coming_cancels_only_that_guardians_reminders_and_changing_mind_restores_them(programme, year, family):
    pupil = family.pupil("3", 3)
    no, yes = family.guardian(pupil), family.guardian(pupil)
    session = session_for(programme, year, 1, [3, 4])
    invitations_send(session=session, by=None)
    invitation = Invitation.objects.get(session=session, guardian=no)

    invitation_respond(invitation=invitation, response=Response.NOT_COMING, question="Waar is het?")

    pending = Message.objects.filter(purpose=Purpose.REMINDER, status=Status.PENDING)
    assert not pending.filter(guardian=no).exists()
    assert pending.filter(guardian=yes).count() == 2
    invitation_respond(invitation=invitation, response=Response.COMING, childcare_children=2)
    assert pending.filter(guardian=no).count() == 2
    invitation.refresh_from_db()
    assert (invitation.response, invitation.childcare_children, invitation.question) == ("coming", 2, "")


def test_answer_is_validated(programme, year, family):
    from django.core.exceptions import ValidationError

    family.guardian(family.pupil("3", 3))
    session = session_for(programme, year, 1, [3, 4])
    invitations_send(session=session, by=None)
    invitation = session.invitations.get()
    with pytest.raises(ValidationError):
        invitation_respond(invitation=invitation, response="")
    with pytest.raises(ValidationError):
        invitation_respond(invitation=invitation, response=Response.COMING, childcare_children=11)


def test_moving_a_session_notifies_the_invited_and_moves_the_reminders(programme, year, family):
    guardian = family.guardian(family.pupil("3", 3))
    session = session_for(programme, year, 1, [3, 4])
    invitations_send(session=session, by=None)
    later = session.starts_at + datetime.timedelta(days=2)

    session_update(session=session, starts_at=later, location="Gymzaal")

    notices = Message.objects.filter(guardian=guardian, purpose=Purpose.NOTICE)
    assert notices.count() == 2 and "Gymzaal" in notices.order_by("-created_at").first().text
    days = sorted(Message.objects.filter(guardian=guardian, purpose=Purpose.REMINDER, status=Status.PENDING)
                  .values_list("day", flat=True))  # fmt: skip
    later_day = timezone.localtime(later).date()
    assert days == [later_day - datetime.timedelta(days=7), later_day - datetime.timedelta(days=1)]


def test_cancelling_a_session_withdraws_reminders_and_tells_the_invited(programme, year, family):
    guardian = family.guardian(family.pupil("3", 3))
    session = session_for(programme, year, 1, [3, 4])
    invitations_send(session=session, by=None)

    assert session_cancel(session=session, by=None) == 1

    assert not Message.objects.filter(guardian=guardian, purpose=Purpose.REMINDER, status=Status.PENDING).exists()
    assert Message.objects.filter(guardian=guardian, purpose=Purpose.NOTICE, text__contains="niet door").exists()
    assert not Session.objects.filter(pk=session.pk).exists()
