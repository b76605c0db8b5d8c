"""The booking cycle end to end (issue 5's Done-when): guardian Anna, with Pim in Tess's groep 3 and
Sara in Otto's groep 5/6, gives her preferences on a 360px phone; leadership runs the planner and
applies it; Anna accepts the proposed back-to-back times on her phone, finds them on her bookings
page and in her iCalendar feed; Tess opens Pim's conversation, records agreements and publishes;
Anna reads them."""

import datetime
import re
import urllib.request

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conversations.models import Booking, BookingStatus, Record
from messaging.models import MessagePart
from tests import factories as f
from tests.accounts.conftest import login_links_at_once  # noqa: F401 (a fixture: login links sent at once)
from tests.conversations.test_rounds_support import DAY, make_round, t, with_slots
from tests.e2e.layout import page_width
from tests.e2e.test_meeting_flow import log_in

LINK = re.compile(r"https?://\S+/accounts/l/[\w-]+/")
SCREENSHOT = "/tmp/e2e-booking.png"


def _sibling(world):
    sara = f.PupilFactory(school=world.school_a, first_name="Sara", last_name="Prins")
    f.EnrollmentFactory(pupil=sara, group=world.group_56, year_level=5)
    f.GuardianOfFactory(guardian=world.anna, pupil=sara)
    return sara


def _phone_login(page, url, mailoutbox):
    page.goto(url("accounts:parent_login"))
    page.get_by_label("Uw e-mailadres of mobiele nummer").fill("anna@example.nl")
    page.get_by_role("button", name="Stuur mij een link").click()
    page.goto(LINK.search(mailoutbox[-1].body).group(0))
    page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(page).to_have_url(url("portal:home"))


def _no_sideways_scrolling(page):
    assert page_width(page) <= 360, "no sideways scrolling on a phone"


def _give_preferences(anna, url, round):
    anna.goto(url("conversations:preference", round.pk))
    expect(anna.locator("main")).to_contain_text("Pim")
    expect(anna.locator("main")).to_contain_text("Sara")
    anna.get_by_label(re.compile("16:00–17:00")).first.check()
    anna.get_by_label("Wat wilt u bespreken?").fill("Hoe gaat het met lezen en rekenen?")
    _no_sideways_scrolling(anna)
    anna.get_by_role("button", name="Opslaan").click()
    expect(anna.locator("main")).to_contain_text("Uw voorkeur is opgeslagen")


def _plan(lea, url, round):
    log_in(lea, url, lea.staff)
    lea.goto(url("conversations:plan", round.pk))
    expect(lea.locator("main")).to_contain_text("Pim")
    lea.get_by_role("button", name="Voorstellen klaarzetten").click()
    expect(lea.locator("main")).to_contain_text("voorstellen klaargezet")


def _accept(anna, url):
    anna.goto(url("conversations:my_bookings"))
    expect(anna.locator("main")).to_contain_text("De school stelt deze tijden voor")
    anna.get_by_role("button", name="Ja, dat past").click()
    expect(anna.locator("main")).to_contain_text("Bevestigd")


def _feed_events(feed_url):
    with urllib.request.urlopen(feed_url, timeout=10) as response:  # noqa: S310 (the live server)
        assert response.headers["Content-Type"].startswith("text/calendar")
        calendar = icalendar.Calendar.from_ical(response.read())
    return sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))


def _record_and_publish(tess, url, booking):
    log_in(tess, url, tess.staff)
    tess.goto(url("conversations:day") + f"?dag={DAY:%Y-%m-%d}")
    card = tess.locator(f'[data-booking="{booking.pk}"]')
    expect(card).to_contain_text("Pim Prins")
    expect(card).to_contain_text("Hoe gaat het met lezen en rekenen?")
    card.get_by_role("link", name="Open gesprek").click()
    tess.get_by_label("Wat gaat goed").fill("Pim leest graag.")
    tess.locator("[name=agreements-0-who]").fill("Ouders")
    tess.locator("[name=agreements-0-what]").fill("Elke avond samen een bladzijde lezen")
    tess.locator("[name=agreements-0-when]").fill("Tot de kerstvakantie")
    tess.locator("[name=agreements-0-how]").fill("Pim leest voor, de ouder luistert")
    tess.locator("[name=agreements-0-why]").fill("Zodat Pim vlotter leest")
    tess.get_by_label("Evaluatiemoment").fill(f"{DAY + datetime.timedelta(weeks=6):%Y-%m-%d}")
    tess.get_by_role("button", name="Opslaan en delen met ouders").click()
    expect(tess.locator("main")).to_contain_text("Gedeeld met de ouders")


@pytest.mark.usefixtures("login_links_at_once")
def test_siblings_preferences_plan_accept_feed_record(world, browser, live_server, url, mailoutbox, clock):
    from tests.e2e.conftest import DESKTOP, PHONE, _page

    sara = _sibling(world)
    round = with_slots(
        make_round(world, preferences_open_at=timezone.now()), (world.tess, t(15), t(17)), (world.otto, t(15), t(17))
    )
    phone_context, anna = _page(browser, **PHONE)
    desk_context, lea = _page(browser, **DESKTOP)
    tess_context, tess = _page(browser, **DESKTOP)
    lea.staff, tess.staff = world.lea, world.tess
    try:
        _phone_login(anna, url, mailoutbox)
        _give_preferences(anna, url, round)

        _plan(lea, url, round)
        proposed = list(Booking.objects.filter(pupil__in=[world.pim, sara]).select_related("slot", "pupil")
                        .order_by("slot__starts_at"))  # fmt: skip
        assert [b.status for b in proposed] == [BookingStatus.PROPOSED] * 2
        first, second = proposed
        assert first.slot.ends_at == second.slot.starts_at, "back-to-back"
        assert t(16) <= first.slot.starts_at and second.slot.ends_at <= t(17), "within her preference"
        assert MessagePart.objects.filter(message__guardian=world.anna, source__endswith=":proposed").count() == 1

        _accept(anna, url)
        main = anna.locator("main")
        for booking in proposed:
            item = anna.locator(f'[data-booking="{booking.pk}"]')
            expect(item).to_contain_text(booking.pupil.first_name)
            expect(item).to_contain_text(f"{booking.slot.starts_at.astimezone(t(0).tzinfo):%H:%M}")
        expect(main).not_to_contain_text("De school stelt deze tijden voor")
        assert set(Booking.objects.filter(pk__in=[b.pk for b in proposed]).values_list("status", flat=True)) == {
            BookingStatus.CONFIRMED
        }
        _no_sideways_scrolling(anna)
        anna.screenshot(path=SCREENSHOT, full_page=True)

        anna.get_by_role("link", name="Zet uw gesprekken in de agenda van uw telefoon").click()
        anna.get_by_role("button", name="Maak een link").click()
        events = _feed_events(anna.get_by_label("Link voor uw gesprekken").input_value())
        assert len(events) == 2
        assert events[0].decoded("dtend") == events[1].decoded("dtstart"), "back-to-back in the feed"
        assert events[0].decoded("dtstart") == first.slot.starts_at

        clock.move_to(first.slot.starts_at + datetime.timedelta(minutes=10))  # a record is shared once held
        for context in (phone_context, tess_context):
            context.clock.set_system_time(timezone.now())
        _record_and_publish(tess, url, first)
        assert Record.objects.get(booking=first).published_at is not None

        _phone_login(anna, url, mailoutbox)  # over a week later: her 12-hour session has ended
        anna.goto(url("conversations:my_records"))
        anna.get_by_role("link", name=re.compile("Pim")).click()
        expect(anna.locator("main")).to_contain_text("Elke avond samen een bladzijde lezen")
        _no_sideways_scrolling(anna)
        anna.screenshot(path="/tmp/e2e-booking-record.png", full_page=True)
    finally:
        for context in (phone_context, desk_context, tess_context):
            context.close()
