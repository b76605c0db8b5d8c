"""Invitations to a round (≥ 7 days ahead, once per guardian listing their children, pupil welcome
from groep 4), and the reminder the day before that a cancel withdraws."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from conversations.booking import booking_cancel
from conversations.invitations import REMINDER_TIME, invite_source, round_invite
from messaging.models import Message, MessagePart
from ouderbetrokkenheid.school.clock import at_local
from tests import factories as f
from tests.conversations.test_booking import add_sibling, book, make_round, make_slots


def test_invitation_is_refused_less_than_7_days_ahead(world):
    round = make_round(world, days_ahead=5)
    with pytest.raises(ValidationError, match="minstens 7 dagen"):
        round_invite(round=round)
    assert not MessagePart.objects.exists()


def test_invitation_goes_once_to_each_guardian_listing_their_children(world):
    round = make_round(world, days_ahead=8, invitation_text="Neem het rapport mee.")
    add_sibling(world, world.anna, name="Fien", year_level=6)
    father = f.GuardianFactory(school=world.school_a, first_name="Piet", email="piet@example.nl")
    f.GuardianOfFactory(guardian=father, pupil=world.pim, invite_separately=True)
    make_slots(round, world.tess, 2), make_slots(round, world.otto, 2)
    sent = round_invite(round=round, base_url="https://school.example.nl")
    assert sent == 3  # Anna (Pim and Fien), Piet (Pim), Bert (Bo)
    anna = MessagePart.objects.get(source=invite_source(round), message__guardian=world.anna).text
    assert "Pim" in anna and "Fien" in anna
    assert "15 minuten" in anna and "Neem het rapport mee." in anna and "Hoe gaat het met uw kind?" in anna
    assert "Op school" in anna and "Videobellen" in anna
    assert "Fien mag mee naar het gesprek." in anna  # groep 6; Pim (groep 3) is not mentioned
    assert "Pim mag mee" not in anna
    assert "https://school.example.nl/gesprekken/mijn/" in anna
    assert MessagePart.objects.filter(source=invite_source(round), message__guardian=father).exists()
    round_invite(round=round)  # again: the same messages, no second one for anyone
    assert MessagePart.objects.filter(source=invite_source(round)).count() == 3
    assert Message.objects.filter(parts__source=invite_source(round)).count() == 3
    round.refresh_from_db()
    assert round.invited_at is not None


def test_reminder_the_day_before_is_withdrawn_with_the_booking(world):
    round = make_round(world)
    slot = make_slots(round, world.tess, 1)[0]
    booking = book(round, slot, world.pim, world.anna)
    reminder = Message.objects.get(parts__source=f"conversations.booking:{booking.pk}:reminder:{world.anna.pk}")
    assert reminder.scheduled_at == at_local(round.first_day - datetime.timedelta(days=1), REMINDER_TIME)
    assert "morgen om 15:00" in reminder.text
    booking_cancel(booking=booking, by_guardian=world.anna)
    reminder.refresh_from_db()
    assert reminder.status == "cancelled"


def test_the_confirmation_email_carries_the_appointment_as_an_ics_attachment(world, mailoutbox):
    import icalendar

    from messaging.channels.email import EmailProvider
    from messaging.channels.render import outgoing_for

    round = make_round(world)
    slot = make_slots(round, world.tess, 1)[0]
    booking = book(round, slot, world.pim, world.anna)
    confirmation = Message.objects.get(parts__source=f"conversations.booking:{booking.pk}:confirmed",
                                       guardian=world.anna)  # fmt: skip
    EmailProvider().send(outgoing_for(confirmation, "email"))
    [(filename, content, mimetype)] = mailoutbox[-1].attachments
    assert (filename, mimetype) == ("gesprek.ics", "text/calendar")
    [event] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert str(event["uid"]) == f"booking-{booking.pk}@ouderbetrokkenheid"
    assert event.decoded("dtstart") == slot.starts_at
    sms = outgoing_for(confirmation, "sms")
    assert sms.attachments == ()  # text channels carry the link, not the file
