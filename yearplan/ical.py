"""The year calendar as a private iCalendar feed (one per member of staff, one per guardian).

Calendar apps poll the feed; the UID of an event never changes (events.event_uid) and SEQUENCE
and LAST-MODIFIED come from the published snapshot (PublishedEvent), so an app updates an event
after a change instead of adding a second one. Days are all-day events (DTEND is the day after
the last day: exclusive, RFC 5545); sessions are timed, with TZID Europe/Amsterdam and its
VTIMEZONE. Guardians get published events only; staff also see drafts, marked as such.
"""

import datetime

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as VEvent

from ouderbetrokkenheid.school.clock import AMSTERDAM
from ouderbetrokkenheid.school.models import SchoolYear

from .events import Filter as EventFilter
from .events import collect, guardian_events, year_context
from .labels import display_title, kind_label
from .models import PublishedEvent

PRODID = "-//Ouderbetrokkenheid//Jaarkalender//NL"
REFRESH = datetime.timedelta(hours=6)
PAST_DAYS = 31  # school years that ended longer ago drop out of the feed


def feed_years(school):
    """The school's current and coming school years (and the one that just ended). One query."""
    since = timezone.localdate() - datetime.timedelta(days=PAST_DAYS)
    return list(SchoolYear.objects.filter(school=school, last_day__gte=since).order_by("first_day"))


def _published_rows(year_ids) -> dict:
    rows = PublishedEvent.objects.filter(school_year_id__in=year_ids).only("uid", "sequence", "modified_at")
    return {row.uid: row for row in rows}


def vevent(event, *, row=None, draft_state="", children=()) -> VEvent:
    """One VEVENT. `row`: the published snapshot's row (SEQUENCE, LAST-MODIFIED); `draft_state`:
    "new" or "changed" for staff feeds showing unpublished events."""
    item = VEvent()
    item.add("uid", event.uid)
    stamp = row.modified_at if row is not None else timezone.now()
    item.add("dtstamp", stamp.astimezone(datetime.UTC))
    if row is not None:
        item.add("last-modified", row.modified_at.astimezone(datetime.UTC))
    sequence = row.sequence if row is not None else 0
    item.add("sequence", sequence + 1 if draft_state == "changed" else sequence)
    if event.all_day:
        item.add("dtstart", event.start)
        item.add("dtend", event.end + datetime.timedelta(days=1))
        item.add("transp", "TRANSPARENT")
    else:
        item.add("dtstart", event.start.astimezone(AMSTERDAM))
        item.add("dtend", event.end.astimezone(AMSTERDAM))
    title = display_title(event)
    if draft_state:
        title = _("[concept] %(title)s") % {"title": title}
        item.add("status", "TENTATIVE")
    else:
        item.add("status", "CONFIRMED")
    item.add("summary", title)
    lines = [str(kind_label(event.kind))]
    if event.day_off:
        lines.append(_("De kinderen zijn vrij."))
    if children:
        lines.append(_("Voor: %(names)s") % {"names": ", ".join(p.first_name for p in children)})
    item.add("description", "\n".join(lines))
    item.add("categories", [str(kind_label(event.kind))])
    if event.location:
        item.add("location", event.location)
    return item


def _calendar(name: str, items, years) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Amsterdam")
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    for item in items:
        calendar.add_component(item)
    if years:
        calendar.add_missing_timezones(first_date=years[0].first_day, last_date=years[-1].last_day)
    return calendar.to_ical()


def staff_feed(staff) -> bytes:
    """A member of staff's events: their groups' year levels, their sessions and rounds, whole-school
    days; teachers without groups and leadership get the whole school. Drafts are marked."""
    from .publishing import calendar_diff

    years = feed_years(staff.school)
    year_ids = [y.pk for y in years]
    context = year_context(year_ids)
    has_groups = bool(context.groups_of_staff(staff.pk))
    live = collect(year_ids, context)
    rows = _published_rows(year_ids)
    event_filter = EventFilter(staff_id=staff.pk if has_groups and not staff.sees_whole_school else None)
    items = []
    for year in years:
        states = calendar_diff(year, live[year.pk], rows).states
        for event in live[year.pk]:
            if event_filter.keep(event, context):
                state = states.get(event.uid, "new")
                items.append(vevent(event, row=rows.get(event.uid), draft_state="" if state == "published" else state))
    name = _("Jaarkalender %(school)s") % {"school": staff.school.name}
    return _calendar(name, items, years)


def guardian_feed(guardian) -> bytes:
    """A guardian's feed, in their language: the published events for their children."""
    years = feed_years(guardian.school)
    rows = _published_rows([y.pk for y in years])
    items = []
    with translation.override(guardian.page_language):
        for year in years:
            for event, children in guardian_events(guardian, year):
                items.append(vevent(event, row=rows.get(event.uid), children=children))
        name = _("Schooljaar %(school)s") % {"school": guardian.school.name}
        return _calendar(name, items, years)
