"""A session as an iCalendar event, for staff and for invited guardians.

The UID is stable per session (`session-<pk>@ouderbetrokkenheid`), so a calendar that imports
the file again after a change updates the event instead of adding a second one.
"""

import datetime

from django.utils import timezone
from icalendar import Calendar, Event

from .texts import item_texts

PRODID = "-//Ouderbetrokkenheid//Informatiebijeenkomsten//NL"
UID_DOMAIN = "ouderbetrokkenheid"


def session_uid(session) -> str:
    return f"session-{session.pk}@{UID_DOMAIN}"


def session_event(session, *, url: str = "", language: str = "nl") -> Event:
    """The event; for a guardian, `language` gives the item's approved translation (else Dutch)."""
    words = item_texts(session.item, language)
    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", session.starts_at.astimezone(datetime.UTC))
    event.add("dtend", session.ends_at.astimezone(datetime.UTC))
    event.add("summary", words.title)
    if session.location:
        event.add("location", session.location)
    event.add("description", "\n".join(words.topics))
    if url:
        event.add("url", url)
    return event


def session_ical(session, *, url: str = "", language: str = "nl") -> bytes:
    """One VCALENDAR holding the session's event."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(session_event(session, url=url, language=language))
    return calendar.to_ical()


def ical_filename(session) -> str:
    local = timezone.localtime(session.starts_at)
    return f"bijeenkomst-{local:%Y-%m-%d}-{session.pk}.ics"
