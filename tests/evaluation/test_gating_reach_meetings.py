"""The wait-list of an evaluation in reach (the extra follow-up, buddies) and meetings (an extra session).

A guardian with a school.InterventionDelay is left out of that intervention while the day is
before `until` and is in it from `until` on; other guardians are untouched; reminders,
ordinary sessions and anything not an intervention are never delayed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.invitations import invitations_send
from meetings.models import Invitation
from messaging.models import MessagePart
from ouderbetrokkenheid.school.interventions import Intervention
from ouderbetrokkenheid.school.models import InterventionDelay
from reach.buddies import buddy_pair_create, buddy_reminders_schedule
from reach.selectors import dashboard
from tests import factories as f
from tests.meetings.test_attendance import invite, make_session

DAY = datetime.timedelta(days=1)


def delay(world, guardian, intervention, until, ref="evaluation:1"):
    return InterventionDelay.objects.create(
        school=world.school_a, intervention=intervention, guardian=guardian, until=until, evaluation_ref=ref
    )


def every_intervention(world, guardian, until):
    for intervention in Intervention.values:
        delay(world, guardian, intervention, until)


# -- reach: the extra follow-up of families not reached --------------------------------------------


def test_the_follow_up_list_leaves_out_a_delayed_family_until_its_turn(world, login_as):
    today = timezone.localdate()
    delay(world, world.anna, Intervention.FOLLOWUP_EXTRA, until=today + 10 * DAY)
    data = dashboard(year=world.year_a, today=today)
    assert [family.guardian for family in data.not_reached] == [world.bert]
    assert data.waiting == 1
    assert data.total.total == 2  # the figures still count her
    later = dashboard(year=world.year_a, today=today + 10 * DAY)
    assert {family.guardian for family in later.not_reached} == {world.anna, world.bert}
    assert later.waiting == 0

    page = login_as(world.iris).get(reverse("reach:dashboard_year", args=[world.year_a.pk]))
    assert "1 niet-bereikt gezin staat niet in deze lijst" in page.content.decode()
    csv = login_as(world.iris).get(reverse("reach:not_reached_csv", args=[world.year_a.pk])).content.decode("utf-8-sig")
    assert world.bert.last_name in csv and world.anna.last_name not in csv


def test_other_delays_leave_the_follow_up_list_alone(world):
    for intervention in set(Intervention.values) - {Intervention.FOLLOWUP_EXTRA}:
        delay(world, world.anna, intervention, timezone.localdate() + 10 * DAY)
    data = dashboard(year=world.year_a)
    assert {family.guardian for family in data.not_reached} == {world.anna, world.bert}


def test_the_dashboard_costs_the_same_queries_with_delays(world, login_as):
    client = login_as(world.iris)
    url = reverse("reach:dashboard_year", args=[world.year_a.pk])
    with CaptureQueriesContext(connection) as plain:
        client.get(url)
    delay(world, world.anna, Intervention.FOLLOWUP_EXTRA, until=timezone.localdate() + 10 * DAY)
    with CaptureQueriesContext(connection) as delayed:
        client.get(url)
    assert len(delayed.captured_queries) <= len(plain.captured_queries)


# -- reach: buddies ---------------------------------------------------------------------------------


def buddy_parts():
    return MessagePart.objects.filter(source__startswith="buddy:")


def test_a_delayed_parent_gets_no_buddy_until_the_delay_ends(world, clock):
    until = timezone.localdate() + 10 * DAY
    delay(world, world.anna, Intervention.BUDDIES, until)
    with pytest.raises(ValidationError, match="krijgt later een maatje"):
        buddy_pair_create(guardian=world.anna, buddy=world.bert, by=world.iris)
    # The buddy being on a wait-list does not matter: the intervention is for the parent.
    assert buddy_pair_create(guardian=world.bert, buddy=world.anna, by=world.iris).pk
    clock.move_to(datetime.datetime.combine(until, datetime.time(10), tzinfo=timezone.get_current_timezone()))
    assert buddy_pair_create(guardian=world.anna, buddy=world.bert, by=world.iris).pk


def test_an_existing_pair_sends_no_reminder_while_the_parent_waits(world, django_capture_on_commit_callbacks):
    session = make_session(world.year_a, days=10)  # the reminder goes out in 8 days
    invite(session, world.anna, world.pim)
    invite(session, world.bert, world.bo)
    other = f.GuardianFactory(school=world.school_a, first_name="Olga")
    with django_capture_on_commit_callbacks(execute=True):
        buddy_pair_create(guardian=world.bert, buddy=other, by=world.iris, guardian_consent="mondeling",
                          buddy_consent="mondeling")  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        pair = buddy_pair_create(guardian=world.anna, buddy=world.bert, by=world.iris)
    reminder_day = timezone.localdate() + 8 * DAY
    waiting = delay(world, world.anna, Intervention.BUDDIES, until=reminder_day + DAY)
    with django_capture_on_commit_callbacks(execute=True):
        from reach.buddies import buddy_consent_record

        buddy_consent_record(pair=pair, who="guardian", how="mondeling", by=world.iris)
        buddy_consent_record(pair=pair, who="buddy", how="mondeling", by=world.iris)
    assert buddy_reminders_schedule() == 0
    assert buddy_parts().count() == 1  # only the undelayed pair's (Olga for Bert)
    waiting.until = reminder_day  # the delay ends on the reminder's day: it goes out
    waiting.save()
    assert buddy_reminders_schedule() == 1
    assert buddy_parts().filter(message__guardian=world.bert).count() == 1


# -- meetings: an extra session ---------------------------------------------------------------------


def extra_session(world, days=30):
    session = make_session(world.year_a, days=days)
    session.is_extra = True
    session.save(update_fields=["is_extra"])
    return session


def test_a_delayed_guardian_is_not_invited_to_an_extra_session_before_until(world):
    session = extra_session(world)
    session_day = timezone.localdate(session.starts_at)
    waiting = delay(world, world.anna, Intervention.EXTRA_SESSION, until=session_day + DAY)
    result = invitations_send(session=session, by=world.lea)
    assert [inv.guardian for inv in result.invited] == [world.bert]
    assert result.delayed == 1
    assert not Invitation.objects.filter(guardian=world.anna).exists()
    waiting.until = session_day  # her turn starts on the day of the session: she is invited
    waiting.save()
    again = invitations_send(session=session, by=world.lea)
    assert [inv.guardian for inv in again.invited] == [world.anna]
    assert again.delayed == 0


def test_ordinary_sessions_and_their_reminders_are_never_delayed(world):
    every_intervention(world, world.anna, timezone.localdate() + 365 * DAY)
    session = make_session(world.year_a, days=30)  # not marked extra
    result = invitations_send(session=session, by=world.lea)
    assert {inv.guardian for inv in result.invited} == {world.anna, world.bert}
    assert result.delayed == 0
    reminders = MessagePart.objects.filter(message__guardian=world.anna, message__purpose="reminder")
    assert reminders.exists()


def test_sending_an_extra_session_costs_the_same_queries_with_delays(world):
    with CaptureQueriesContext(connection) as plain:
        invitations_send(session=extra_session(world), by=world.lea)
    delay(world, world.anna, Intervention.EXTRA_SESSION, until=timezone.localdate() + 365 * DAY)
    with CaptureQueriesContext(connection) as delayed:
        invitations_send(session=extra_session(world, days=31), by=world.lea)
    assert len(delayed.captured_queries) <= len(plain.captured_queries)
