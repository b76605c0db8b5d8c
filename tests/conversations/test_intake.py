"""Intake for new pupils: lateral entrants and four-year-olds who start after the start round
are offered a start conversation of their own."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from conversations.intake import intake_candidates, intake_offer
from conversations.models import BookingStatus, RoundKind
from messaging.models import Message
from tests import factories as f

from .test_records_support import book, make_round, soon


@pytest.fixture
def newcomer(world, clock):
    mid_year = world.year_a.first_day + datetime.timedelta(weeks=10)
    if timezone.localdate() < mid_year:  # the start round must lie behind us
        clock.move_to(datetime.datetime.combine(mid_year, datetime.time(10), tzinfo=datetime.UTC))
    start = make_round(world, kind=RoundKind.START, levels=(1, 2, 3, 4, 5, 6, 7, 8),
                       first_day=world.year_a.first_day + datetime.timedelta(days=14),
                       last_day=world.year_a.first_day + datetime.timedelta(days=25))  # fmt: skip
    book(start, world.tess, world.pim, [world.anna], starts_at=soon(5))
    lisa = f.PupilFactory(school=world.school_a, first_name="Lisa", last_name="Lateraal")
    f.EnrollmentFactory(pupil=lisa, group=world.group_3, year_level=3, is_lateral_entrant=True,
                        start_date=timezone.localdate() - datetime.timedelta(days=10))  # fmt: skip
    mother = f.GuardianFactory(school=world.school_a, first_name="Mira", last_name="Lateraal", email="mira@example.nl")
    f.GuardianOfFactory(guardian=mother, pupil=lisa)
    return lisa


def test_lateral_entrant_enrolled_mid_year_is_an_intake_candidate(world, newcomer):
    candidates = intake_candidates(school_year=world.year_a, today=timezone.localdate())
    assert [e.pupil for e in candidates] == [newcomer]  # Pim had his start conversation, Bo began in August


def test_intake_offer_proposes_a_start_conversation(world, newcomer):
    booking = intake_offer(pupil=newcomer, by=world.tess, starts_at=soon(4, 14))
    assert booking.status == BookingStatus.PROPOSED and booking.round.kind == RoundKind.START
    assert Message.objects.filter(guardian__last_name="Lateraal", parts__source=f"conversations.intake:{booking.pk}")
    assert intake_candidates(school_year=world.year_a, today=timezone.localdate()).count() == 0
    with pytest.raises(ValidationError):
        intake_offer(pupil=newcomer, by=world.otto, starts_at=soon(4, 15))


def test_intake_page(world, newcomer, login_as):
    client = login_as(world.tess)
    assert "Lisa" in client.get(reverse("conversations:intake")).content.decode()
    assert "Lisa" not in login_as(world.otto).get(reverse("conversations:intake")).content.decode()
    starts = timezone.localtime(soon(4, 14)).strftime("%Y-%m-%dT%H:%M")
    response = login_as(world.tess).post(reverse("conversations:intake"), {"pupil": newcomer.pk, "starts_at": starts})
    assert response.status_code == 302
    assert newcomer.conversation_bookings.get().status == BookingStatus.PROPOSED
