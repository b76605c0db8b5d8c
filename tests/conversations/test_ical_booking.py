"""iCalendar: one event per booking with a stable UID, and a private feed per guardian (portal
download, and for calendar apps the URL behind the guardian's feed token: yearplan.feeds)."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from conversations import ical
from conversations.booking import booking_move
from conversations.models import ConversationForm
from tests.conversations.test_booking import book, make_round, make_slots


@pytest.fixture
def booking(world):
    round = make_round(world)
    slots = make_slots(round, world.tess, 3)
    return book(round, slots[0], world.pim, world.anna)


def events(content):
    return [c for c in Calendar.from_ical(content).walk("VEVENT")]


def test_booking_file_parses_back(world, booking, login_as):
    response = login_as(world.anna).get(reverse("conversations:booking_ics", args=[booking.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    (event,) = events(response.content)
    assert str(event["uid"]) == f"booking-{booking.pk}@ouderbetrokkenheid"
    assert event.decoded("dtstart") == booking.slot.starts_at
    assert str(event["location"]) == "Lokaal 3"
    assert "Pim" in str(event["summary"])


def test_feed_by_token_keeps_uids_stable_across_a_move(world, booking, client):
    from yearplan.feeds import feed_token_create

    url = reverse("yearplan:conversations_feed", kwargs={"token": feed_token_create(guardian=world.anna)})
    first = events(client.get(url).content)
    assert [str(e["uid"]) for e in first] == [f"booking-{booking.pk}@ouderbetrokkenheid"]
    again = events(client.get(url).content)
    assert [str(e["uid"]) for e in again] == [str(e["uid"]) for e in first]
    later = make_slots(booking.round, world.tess, 1, start=booking.slot.starts_at.astimezone().time().replace(hour=18))
    moved = booking_move(booking=booking, slot=later[0], by_guardian=world.anna)
    (event,) = events(client.get(url).content)
    assert str(event["uid"]) == f"booking-{moved.pk}@ouderbetrokkenheid"
    assert event.decoded("dtstart") == later[0].starts_at


def test_portal_feed_holds_only_my_bookings(world, booking, login_as):
    assert events(login_as(world.bert).get(reverse("conversations:my_feed")).content) == []
    assert len(events(login_as(world.anna).get(reverse("conversations:my_feed")).content)) == 1


def test_video_event_has_the_link_as_location(world):
    from conversations.booking import BookingItem, bookings_create

    round = make_round(world)
    slot = make_slots(round, world.tess, 1)[0]
    item = BookingItem(slot=slot, pupil=world.pim, guardians=[world.anna], form=ConversationForm.VIDEO)
    (booking,) = bookings_create(round=round, items=[item], by_guardian=world.anna)
    (event,) = events(ical.calendar_of([booking]))
    assert str(event["location"]) == booking.video_link
