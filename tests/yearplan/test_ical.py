"""The private iCalendar feeds: they validate, keep their UIDs, bump SEQUENCE, and revoked links 404."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tests.yearplan.calendar_data import add_session, build_calendar
from yearplan.events import guardian_events
from yearplan.feeds import feed_token_create, feed_token_revoke, token_hash
from yearplan.models import FeedToken
from yearplan.publishing import calendar_publish


@pytest.fixture
def calendar(world):
    return build_calendar(world)


def fetch(client, token, status=200):
    response = client.get(reverse("yearplan:feed", kwargs={"token": token}))
    assert response.status_code == status
    return Calendar.from_ical(response.content) if status == 200 else None


def vevents(calendar_):
    return {str(e["UID"]): e for e in calendar_.walk("VEVENT")}


def test_guardian_feed_validates_with_all_day_and_timed_events(world, calendar, client):
    calendar_publish(school_year=world.year_a, by=world.lea)
    token = feed_token_create(guardian=world.anna)
    response = client.get(reverse("yearplan:feed", kwargs={"token": token}))
    assert response["Content-Type"].startswith("text/calendar")
    parsed = Calendar.from_ical(response.content)
    events = vevents(parsed)
    assert set(events) == {e.uid for e, _c in guardian_events(world.anna, world.year_a)}
    assert len(events) == 5  # holiday, study day, Pim's session, two conversation days
    holiday = events[f"period-{calendar.holiday.pk}@11aa00.ouderbetrokkenheid"]
    assert holiday.decoded("DTSTART") == calendar.holiday.start_date
    assert holiday.decoded("DTEND") == calendar.holiday.end_date + datetime.timedelta(days=1), "DTEND is exclusive"
    session = events[f"session-{calendar.session_3.pk}@11aa00.ouderbetrokkenheid"]
    assert session["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert session.decoded("DTSTART").hour == 19 and session.decoded("DTSTART").tzinfo is not None
    assert [tz["TZID"] for tz in parsed.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    assert int(session["SEQUENCE"]) == 0 and "LAST-MODIFIED" in session
    assert f"session-{calendar.session_6.pk}@11aa00.ouderbetrokkenheid" not in events, "not Bo's year level"
    assert not any(uid.startswith("messages-") for uid in events), "staff-only weeks stay out"


def test_a_refetch_after_a_change_keeps_the_uids_and_bumps_the_sequence(world, calendar, client):
    calendar_publish(school_year=world.year_a, by=world.lea)
    token = feed_token_create(guardian=world.anna)
    before = vevents(fetch(client, token))
    session = calendar.session_3
    session.starts_at += datetime.timedelta(hours=1)
    session.save()
    assert vevents(fetch(client, token))[f"session-{session.pk}@11aa00.ouderbetrokkenheid"].decoded(
        "DTSTART"
    ) == before[f"session-{session.pk}@11aa00.ouderbetrokkenheid"].decoded("DTSTART"), "drafts stay out"
    calendar_publish(school_year=world.year_a, by=world.lea)
    after = vevents(fetch(client, token))
    assert set(after) == set(before)
    uid = f"session-{session.pk}@11aa00.ouderbetrokkenheid"
    assert int(after[uid]["SEQUENCE"]) == 1 and after[uid].decoded("DTSTART").hour == 20
    assert after[uid].decoded("LAST-MODIFIED") >= before[uid].decoded("LAST-MODIFIED")  # to the second
    unchanged = f"period-{calendar.holiday.pk}@11aa00.ouderbetrokkenheid"
    assert int(after[unchanged]["SEQUENCE"]) == 0


def test_staff_feed_shows_their_events_with_drafts_marked(world, calendar, client):
    token = feed_token_create(staff=world.tess)
    events = vevents(fetch(client, token))
    session_3 = events[f"session-{calendar.session_3.pk}@11aa00.ouderbetrokkenheid"]
    assert str(session_3["STATUS"]) == "TENTATIVE" and str(session_3["SUMMARY"]).startswith("[concept]")
    assert f"session-{calendar.session_6.pk}@11aa00.ouderbetrokkenheid" not in events, "Otto's year level"
    assert any(uid.startswith("messages-") for uid in events), "her group's message week"
    calendar_publish(school_year=world.year_a, by=world.lea)
    session_3 = vevents(fetch(client, token))[f"session-{calendar.session_3.pk}@11aa00.ouderbetrokkenheid"]
    assert str(session_3["STATUS"]) == "CONFIRMED"
    leadership = vevents(fetch(client, feed_token_create(staff=world.lea)))
    assert f"session-{calendar.session_6.pk}@11aa00.ouderbetrokkenheid" in leadership, "leadership: whole school"


def test_a_session_on_the_dst_weekend_keeps_its_wall_clock_time(world, client):
    sunday = datetime.date(2027, 3, 28)  # clocks go forward at 02:00
    if not world.year_a.contains(sunday):
        sunday = datetime.date(world.year_a.first_day.year + 1, 3, 31) - datetime.timedelta(
            days=(datetime.date(world.year_a.first_day.year + 1, 3, 31).weekday() + 1) % 7
        )
    monday = sunday + datetime.timedelta(days=1)
    session = add_session(world.year_a, day=monday)
    friday = add_session(world.year_a, day=sunday - datetime.timedelta(days=2), key="work_attitude")
    calendar_publish(school_year=world.year_a, by=world.lea)
    events = vevents(fetch(client, feed_token_create(guardian=world.anna)))
    for item in (session, friday):
        start = events[f"session-{item.pk}@11aa00.ouderbetrokkenheid"].decoded("DTSTART")
        assert (start.hour, start.minute) == (19, 0)
        assert start.utcoffset() == timezone.localtime(item.starts_at).utcoffset()


def test_tokens_are_stored_hashed_and_revoked_or_replaced_links_404(world, calendar, client):
    token = feed_token_create(guardian=world.anna)
    assert not FeedToken.objects.filter(token_hash=token).exists()
    assert FeedToken.objects.get(token_hash=token_hash(token)).guardian == world.anna
    fetch(client, token)
    new = feed_token_create(guardian=world.anna)
    fetch(client, token, status=404)
    fetch(client, new)
    feed_token_revoke(guardian=world.anna)
    fetch(client, new, status=404)
    fetch(client, "not-a-token", status=404)
    assert FeedToken.objects.filter(guardian=world.anna, revoked_at__isnull=True).count() == 0


def test_a_staff_feed_stops_when_the_account_is_deactivated(world, client):
    token = feed_token_create(staff=world.tess)
    fetch(client, token)
    world.tess.user.is_active = False
    world.tess.user.save()
    fetch(client, token, status=404)
