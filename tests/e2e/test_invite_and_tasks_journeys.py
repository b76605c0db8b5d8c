"""Issue 13's journeys in Chromium, on a day in December and one in September of the school year
under test: leadership's send is refused while a group is short of slots and goes out once
leadership confirms the named shortage; a parent follows a link from an e-mail through the login to
that page, sees when booking opens (no dead buttons), asks for a message, and finds her tasks on
the portal home, the most urgent first. Screenshots at 360 px and 1280 px go to /tmp."""

import datetime
import re
import secrets

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.invitations import token_hash
from meetings.models import Invitation
from ouderbetrokkenheid.school.clock import at_local
from tests.accounts.conftest import login_links_at_once  # noqa: F401 (a fixture: login links sent at once)
from tests.conversations.test_booking import make_round, make_slots
from tests.e2e.conftest import PHONE, _page
from tests.e2e.layout import page_width
from tests.e2e.test_meeting_flow import log_in
from tests.meetings.test_attendance import make_session

LINK = re.compile(r"https?://\S+/accounts/l/[\w-]+/(\?next=\S+)?")
MONTHS = {"december": 12, "september": 9}


def a_day_in(year, month):
    """A Tuesday in `month` of the school year under test (never a literal year)."""
    day = datetime.date(year.first_day.year if month >= 8 else year.last_day.year, month, 1)
    day = max(day, year.first_day + datetime.timedelta(days=1))
    return day + datetime.timedelta(days=(1 - day.weekday()) % 7)


@pytest.fixture(params=sorted(MONTHS))
def moment(request, world, clock):
    day = a_day_in(world.year_a, MONTHS[request.param])
    clock.move_to(at_local(day, datetime.time(10)))
    return request.param


def _no_sideways_scrolling(page, width=360):
    assert page_width(page) <= width


def test_the_send_is_refused_while_a_group_is_short_then_confirmed(browser, live_server, url, world, moment):
    round = make_round(world, days_ahead=10, invited_at=None)
    make_slots(round, world.otto, 2)  # groep 5/6 covered; groep 3 has no time yet
    for size, name in ((PHONE, "360"), ({"viewport": {"width": 1280, "height": 900}}, "1280")):
        context, page = _page(browser, **size)
        try:
            log_in(page, url, world.lea)
            page.goto(url("conversations:round", round.pk))
            page.get_by_role("button", name="Uitnodigingen versturen").click()
            expect(page.locator("main")).to_contain_text("Nog niet verstuurd")
            short = page.locator("[data-short-groups]")
            expect(short).to_contain_text("Groep 3")
            expect(short).to_contain_text("1 plek tekort")
            expect(short).not_to_contain_text("Groep 5/6")
            page.screenshot(path=f"/tmp/e2e-invite-confirm-{moment}-{name}.png", full_page=True)
            if name == "360":
                _no_sideways_scrolling(page)
                continue
            page.get_by_role("button", name="Toch versturen, met 1 leerling zonder plek").click()
            expect(page.locator("main")).to_contain_text("2 uitnodigingen klaargezet")
        finally:
            context.close()
    round.refresh_from_db()
    assert round.invited_at is not None


@pytest.mark.usefixtures("login_links_at_once")
def test_a_parent_follows_a_link_through_login_sees_when_booking_opens_and_her_tasks(
    browser, live_server, url, world, moment, mailoutbox
):
    opens = timezone.now() + datetime.timedelta(days=2)
    round = make_round(world, days_ahead=10, booking_opens_at=opens)
    make_slots(round, world.tess, 4)
    session = make_session(world.year_a, days=5)
    invitation = Invitation.objects.create(session=session, guardian=world.anna, invited_at=timezone.now(),
                                           token_hash=token_hash(secrets.token_urlsafe(24)))  # fmt: skip
    invitation.pupils.set([world.pim])
    context, page = _page(browser, **PHONE)
    try:
        page.goto(url("conversations:my_bookings"))  # the link in the invitation e-mail
        page.get_by_role("link", name="Inloggen voor ouders").click()
        page.get_by_label("Uw e-mailadres of mobiele nummer").fill("anna@example.nl")
        page.get_by_role("button", name="Stuur mij een link").click()
        page.goto(LINK.search(mailoutbox[-1].body).group(0))
        page.get_by_role("button", name="Inloggen", exact=True).click()
        expect(page).to_have_url(url("conversations:my_bookings"))
        when = timezone.localtime(opens)
        expect(page.locator("main")).to_contain_text("U kunt een tijd kiezen vanaf")
        expect(page.locator("main")).to_contain_text(f"{when:%H:%M} uur")
        expect(page.get_by_role("link", name="Kies een tijd")).to_have_count(0)
        _no_sideways_scrolling(page)
        page.screenshot(path=f"/tmp/e2e-opens-{moment}-360.png", full_page=True)
        page.get_by_role("button", name="Stuur mij dan een bericht").click()
        expect(page.locator("main")).to_contain_text("U krijgt dan een bericht.")

        page.goto(url("portal:home"))
        tasks = page.locator("[data-task]")
        expect(tasks).to_have_count(2)
        expect(tasks.nth(0)).to_contain_text("Laat weten of u komt")  # the session in 5 days first
        expect(tasks.nth(0)).to_contain_text("Voor: Pim")
        expect(tasks.nth(1)).to_contain_text("Kies een tijd voor het gesprek")
        _no_sideways_scrolling(page)
        page.screenshot(path=f"/tmp/e2e-tasks-{moment}-360.png", full_page=True)
        wide, desk = _page(browser, viewport={"width": 1280, "height": 900}, storage_state=context.storage_state())
        desk.goto(url("portal:home"))
        _no_sideways_scrolling(desk, 1280)
        desk.screenshot(path=f"/tmp/e2e-tasks-{moment}-1280.png", full_page=True)
        wide.close()
        tasks.nth(0).get_by_role("link", name="Antwoorden").click()
        expect(page).to_have_url(url("meetings:my_rsvp", session.pk))
    finally:
        context.close()


def test_the_teacher_picks_a_day_in_the_day_view(browser, live_server, url, world, moment):
    from tests.conversations.test_records_support import book
    from tests.conversations.test_records_support import make_round as make_running_round

    target = timezone.localdate() + datetime.timedelta(days=21)
    book(make_running_round(world, last_day=target), world.tess, world.pim, [world.anna],
         starts_at=at_local(target, datetime.time(15)), topics="Lezen thuis")  # fmt: skip
    for size, name in ((PHONE, "360"), ({"viewport": {"width": 1280, "height": 900}}, "1280")):
        context, page = _page(browser, **size)
        try:
            log_in(page, url, world.tess)
            page.goto(url("conversations:day"))
            page.get_by_label("Ga naar dag").fill(f"{target:%Y-%m-%d}")
            page.get_by_role("button", name="Toon").click()
            expect(page).to_have_url(re.compile(f"dag={target:%Y-%m-%d}"))
            expect(page.locator("main")).to_contain_text("Pim")
            expect(page.locator("main")).to_contain_text("Evaluaties in de week vanaf")
            _no_sideways_scrolling(page, 360 if name == "360" else 1280)
            page.screenshot(path=f"/tmp/e2e-day-{moment}-{name}.png", full_page=True)
        finally:
            context.close()
