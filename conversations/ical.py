"""Bookings as iCalendar events: one file per booking and a private feed per guardian.

UIDs are stable per booking (`booking-<pk>@ouderbetrokkenheid`), so a calendar that fetches the
feed again after a move updates the event instead of adding a second one. The feed for calendar
apps is served behind the guardian's hashed, revocable feed token (yearplan.feeds, one token model
for every calendar feed); it needs no login, so it shows times and teacher only, never a record.
The signed feed links of before are gone; their path answers 410 (conversations.views.booking.feed).
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import ACTIVE, Booking, ConversationForm

PRODID = "-//Ouderbetrokkenheid//Gesprekken//NL"
UID_DOMAIN = "ouderbetrokkenheid"


def booking_uid(booking) -> str:
    return f"booking-{booking.pk}@{UID_DOMAIN}"


def _location(booking) -> str:
    if booking.form == ConversationForm.VIDEO:
        return booking.video_link
    if booking.form == ConversationForm.AT_SCHOOL:
        return booking.slot.room
    return str(booking.get_form_display())


def booking_event(booking, *, url: str = "") -> Event:
    event = Event()
    event.add("uid", booking_uid(booking))
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", booking.slot.starts_at.astimezone(datetime.UTC))
    event.add("dtend", booking.slot.ends_at.astimezone(datetime.UTC))
    event.add(
        "summary",
        _("Gesprek over %(child)s met %(teacher)s")
        % {"child": booking.pupil.first_name, "teacher": booking.slot.staff.full_name},
    )
    if location := _location(booking):
        event.add("location", location)
    event.add("status", "TENTATIVE" if booking.status == "proposed" else "CONFIRMED")
    if url:
        event.add("url", url)
    return event


def calendar_of(bookings, *, url: str = "") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Gesprekken op school"))
    for booking in bookings:
        calendar.add_component(booking_event(booking, url=url))
    return calendar.to_ical()


def guardian_bookings(guardian):
    """The guardian's active bookings: those they come to, of the children still linked to them."""
    return (
        Booking.objects.filter(ACTIVE)
        .filter(guardian_links__guardian=guardian, guardian_links__active=True)
        .filter(pupil__guardian_links__guardian=guardian)
        .select_related("slot__staff", "pupil")
        .order_by("slot__starts_at", "pk")
        .distinct()
    )


def guardian_feed(guardian, *, url: str = "") -> bytes:
    return calendar_of(guardian_bookings(guardian), url=url)


def ical_filename(booking) -> str:
    return f"gesprek-{timezone.localtime(booking.slot.starts_at):%Y-%m-%d}-{booking.pk}.ics"
