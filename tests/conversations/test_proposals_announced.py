"""The planner's proposals are announced once per family; leadership sends the invitations from the
round page (not less than 7 days ahead) and finds the non-responders list there."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conversations.invitations import booking_source, invite_source
from conversations.models import Booking, BookingStatus
from conversations.planner import plan_apply, plan_round
from messaging.models import MessagePart

from .test_planner import child_of
from .test_rounds_support import make_round, t, with_slots

pytestmark = pytest.mark.django_db


def test_each_family_hears_its_proposed_times_once(world):
    sara = child_of(world.anna, world.group_56, 5)
    round = with_slots(make_round(world), (world.tess, t(15), t(16)), (world.otto, t(15), t(16)))
    outcome = plan_apply(round=round, result=plan_round(round=round))
    assert {b.status for b in outcome.bookings} == {BookingStatus.PROPOSED} and len(outcome.bookings) == 3
    anna = MessagePart.objects.filter(message__guardian=world.anna, source__endswith=":proposed")
    assert anna.count() == 1  # one notice for Pim and Sara together
    text = anna.get().text
    assert "Pim" in text and "Sara" in text and "Voorstel" in text
    assert MessagePart.objects.filter(message__guardian=world.bert, source__endswith=":proposed").count() == 1
    first = Booking.objects.filter(pupil__in=[world.pim, sara]).order_by("slot__starts_at").first()
    assert anna.get().source == booking_source(first, "proposed")


def test_round_page_sends_invitations_and_links_the_non_responders(world, login_as):
    first = timezone.localdate() + datetime.timedelta(days=10)
    round = make_round(world, first_day=first, last_day=first + datetime.timedelta(days=2))
    with_slots(
        round, (world.tess, t(15, day=first), t(16, day=first)), (world.otto, t(15, day=first), t(16, day=first))
    )
    client = login_as(world.lea)
    page = client.get(reverse("conversations:round", args=[round.pk])).content.decode()
    assert "Uitnodigingen versturen" in page
    assert reverse("conversations:followup", args=[round.pk]) in page
    response = client.post(reverse("conversations:round_invite", args=[round.pk]), follow=True)
    assert response.status_code == 200
    assert MessagePart.objects.filter(source=invite_source(round)).count() == 2  # Anna and Bert
    round.refresh_from_db()
    assert round.invited_at is not None


def test_invitations_less_than_a_week_ahead_are_refused_in_dutch(world, login_as):
    first = timezone.localdate() + datetime.timedelta(days=3)
    round = make_round(world, first_day=first, last_day=first + datetime.timedelta(days=2))
    response = login_as(world.lea).post(reverse("conversations:round_invite", args=[round.pk]), follow=True)
    assert "minstens 7 dagen" in response.content.decode()
    assert not MessagePart.objects.filter(source=invite_source(round)).exists()


def test_only_leadership_sends_invitations(world, login_as):
    first = timezone.localdate() + datetime.timedelta(days=10)
    round = make_round(world, first_day=first, last_day=first + datetime.timedelta(days=2))
    assert login_as(world.tess).post(reverse("conversations:round_invite", args=[round.pk])).status_code in (403, 404)
    assert login_as(world.lars).post(reverse("conversations:round_invite", args=[round.pk])).status_code in (403, 404)
    assert not MessagePart.objects.exists()


def test_the_parents_topics_go_with_the_proposal(world):
    from conversations.preferences import preference_save

    round = with_slots(make_round(world), (world.tess, t(15), t(16)), (world.otto, t(15), t(16)))
    preference_save(round=round, guardian=world.anna, windows=[], topics="Lezen")
    plan_apply(round=round, result=plan_round(round=round))
    assert Booking.objects.get(pupil=world.pim).topics == "Lezen"
    assert Booking.objects.get(pupil=world.bo).topics == ""
