"""Parents ask for a conversation (child, topic, times that suit, form); the teacher accepts it (a
one-off appointment through the booking rules, proposed to the parent, who confirms it and then
gets the invitation and the reminder), proposes another time, or answers. Who started it is
stored and shown."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conversations.booking import proposal_accept
from conversations.models import Booking, BookingStatus, Initiator, Round
from messaging.models import Message, MessageAttachment, Purpose
from tests.conversations.test_rounds_support import DAY, t
from threads import services
from threads.models import ConversationRequest, Post, RequestStatus
from threads.selectors import school_counts


@pytest.fixture
def request_(world, login_as):
    response = login_as(world.anna).post(
        reverse("threads:portal_request"),
        {"pupil": world.pim.pk, "topic": "Pim slaapt slecht", "times": "dinsdag na 15 uur", "form": "phone"},
    )
    assert response.status_code == 302
    return ConversationRequest.objects.get()


def test_a_parent_asks_for_a_conversation_in_the_portal(request_, world):
    assert (request_.pupil, request_.topic, request_.times, request_.form) == (
        world.pim, "Pim slaapt slecht", "dinsdag na 15 uur", "phone")  # fmt: skip
    assert request_.initiated_by == Initiator.PARENT and request_.status == RequestStatus.OPEN
    post = request_.thread.posts.get()
    assert post.quick_answer == "conversation" and post.via == "portal"


def test_the_teacher_accepts_and_the_parent_confirms_and_gets_invitation_and_reminder(request_, world, login_as):
    response = login_as(world.tess).post(
        reverse("threads:request", args=[request_.thread_id]),
        {"request": request_.pk, "action": "accept", "day": f"{DAY:%Y-%m-%d}", "time": "15:30", "minutes": 30,
         "form": "phone"},
    )  # fmt: skip
    assert response.status_code == 302
    request_.refresh_from_db()
    booking = request_.booking
    assert request_.status == RequestStatus.ACCEPTED and request_.handled_by == world.tess
    assert booking.status == BookingStatus.PROPOSED and booking.initiated_by == Initiator.PARENT
    assert booking.slot.starts_at == t(15, 30) and booking.slot.staff == world.tess and booking.form == "phone"
    assert Round.objects.get(pk=booking.round_id).one_off
    answer = request_.thread.posts.filter(direction="out").get()
    assert "Gesprek over Pim" in answer.body and answer.outbox.purpose == Purpose.NOTICE

    (confirmed,) = proposal_accept(guardian=world.anna, round=booking.round)
    assert confirmed.status == BookingStatus.CONFIRMED
    invitation = Message.objects.get(parts__source=f"conversations.booking:{booking.pk}:confirmed")
    assert MessageAttachment.objects.filter(message=invitation, filename="gesprek.ics").exists()
    reminder = Message.objects.get(parts__source=f"conversations.booking:{booking.pk}:reminder:{world.anna.pk}")
    assert reminder.purpose == Purpose.REMINDER
    page = login_as(world.tess).get(reverse("threads:thread", args=[request_.thread_id])).content.decode()
    assert "Gestart door" in page and "De ouder" in page


def test_the_teacher_proposes_another_time(request_, world):
    services.request_accept(request=request_, by=world.tess, starts_at=t(9), form="at_school", other_time=True)
    request_.refresh_from_db()
    assert request_.status == RequestStatus.OTHER_TIME
    assert "andere tijd" in request_.thread.posts.filter(direction="out").get().body


def test_the_teacher_answers_without_an_appointment(request_, world):
    services.request_answer(request=request_, by=world.tess, body="Ik bel u dinsdag om 15:30.")
    request_.refresh_from_db()
    assert request_.status == RequestStatus.ANSWERED and request_.booking is None
    with pytest.raises(ValidationError, match="al afgehandeld"):
        services.request_answer(request=request_, by=world.tess, body="Nog eens")


def test_a_time_the_teacher_is_taken_is_refused_in_dutch_and_nothing_is_written(request_, world, login_as):
    services.request_accept(request=request_, by=world.tess, starts_at=t(14))
    second = services.request_create(guardian=world.anna, pupil=world.pim, topic="Nog iets")
    posts, bookings, rounds = Post.objects.count(), Booking.objects.count(), Round.objects.count()
    response = login_as(world.tess).post(
        reverse("threads:request", args=[second.thread_id]),
        {"request": second.pk, "action": "accept", "day": f"{DAY:%Y-%m-%d}", "time": "14:00", "minutes": 15,
         "form": "at_school"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "U hebt op die tijd al een gesprek" in response.content.decode()
    assert (Post.objects.count(), Booking.objects.count(), Round.objects.count()) == (posts, bookings, rounds)
    second.refresh_from_db()
    assert second.status == RequestStatus.OPEN


def test_a_time_in_the_past_is_refused(request_, world):
    with pytest.raises(ValidationError, match="toekomst"):
        services.request_accept(request=request_, by=world.tess, starts_at=t(9) - datetime.timedelta(days=400))


def test_another_groups_teacher_cannot_accept(request_, world):
    with pytest.raises(ValidationError):
        services.request_accept(request=request_, by=world.otto, starts_at=t(9))
    assert not Booking.objects.exists()


def test_the_reach_counts_see_parent_initiated_contact(request_, world):
    services.request_accept(request=request_, by=world.tess, starts_at=t(10))
    counts = school_counts(school=world.school_a, since=request_.created_at - datetime.timedelta(minutes=1))
    assert counts["started_by_parents"] == 1
    assert counts["requests_by_parents"] == 1 and counts["conversations_by_parents"] == 1


def test_a_conversation_the_pupil_wants_is_stored_as_the_pupils(world, login_as):
    thread = services.reply_file(guardian=world.anna, via="portal", body="Hallo", pupils=[world.pim]).thread
    response = login_as(world.tess).post(
        reverse("threads:request", args=[thread.pk]),
        {"action": "start", "pupil": world.pim.pk, "initiated_by": "pupil", "day": f"{DAY:%Y-%m-%d}",
         "time": "11:00", "minutes": 15, "form": "at_school"},
    )  # fmt: skip
    assert response.status_code == 302
    request = ConversationRequest.objects.get()
    assert request.initiated_by == Initiator.PUPIL and request.booking.initiated_by == Initiator.PUPIL
    day = login_as(world.tess).get(reverse("conversations:day") + f"?dag={DAY:%Y-%m-%d}").content.decode()
    assert "Gestart door: De leerling" in day
    bad = login_as(world.tess).post(
        reverse("threads:request", args=[thread.pk]),
        {"action": "start", "pupil": world.bo.pk, "initiated_by": "parent", "day": f"{DAY:%Y-%m-%d}",
         "time": "12:00", "minutes": 15, "form": "at_school"},
    )  # fmt: skip
    assert bad.status_code == 400 and ConversationRequest.objects.count() == 1
