"""The year calendar end to end: leadership (Lea) opens the year, sees a conflict (an information
evening on a study day), moves the evening, publishes; a parent (Anna) sees the published year on
a phone-sized screen. Screenshots: /tmp/shots/year-*.png."""

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ouderbetrokkenheid.school.models import PeriodKind
from tests.accounts.conftest import login_links_at_once  # noqa: F401 (a fixture: login links sent at once)
from tests.e2e import staff_login
from tests.e2e.layout import page_width
from tests.yearplan.calendar_data import add_period, add_session, weekday_ahead
from yearplan.models import Publication

PASSWORD = "geheim-wachtwoord-42"
LINK = re.compile(r"https?://\S+/accounts/l/[\w-]+/")
SHOTS = Path("/tmp/shots")


def log_in_staff(page, url, staff):
    staff_login.log_in_staff(page, url, staff, password=PASSWORD)


def log_in_parent(page, url, mailoutbox):
    page.goto(url("accounts:parent_login"))
    page.get_by_label("Uw e-mailadres of mobiele nummer").fill("anna@example.nl")
    page.get_by_role("button", name="Stuur mij een link").click()
    page.goto(LINK.search(mailoutbox[-1].body).group(0))
    page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(page).to_have_url(url("portal:home"))


@pytest.mark.usefixtures("login_links_at_once")
def test_leadership_fixes_a_conflict_and_publishes_and_a_parent_sees_the_year(
    world, browser, live_server, url, mailoutbox
):
    SHOTS.mkdir(exist_ok=True)
    study_day = weekday_ahead(21)
    add_period(world.year_a, PeriodKind.STUDY_DAY, "Studiedag team", study_day)
    spring = timezone.localdate() + datetime.timedelta(days=60)
    add_period(world.year_a, PeriodKind.HOLIDAY, "Voorjaarsvakantie", spring, spring + datetime.timedelta(days=8))
    session = add_session(world.year_a, day=study_day, year_levels=(3,), presenters=[world.tess])
    session.fixed = True  # fixed by hand: "Plan het jaar" must leave it where it is, conflict and all
    session.save(update_fields=["fixed"])
    title = session.item.title
    contexts = []

    def new_page(**options):
        context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam", **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    try:
        lea = new_page(viewport={"width": 1280, "height": 900})
        log_in_staff(lea, url, world.lea)
        lea.goto(url("yearplan:setup_year", world.year_a.pk))
        lea.get_by_role("button", name="Plan het jaar").click()
        report = lea.locator("#plan-report")
        expect(report).to_contain_text("Blijft staan")
        expect(report).to_contain_text(title)
        lea.screenshot(path=str(SHOTS / "year-planned.png"), full_page=True)
        session.refresh_from_db()
        assert timezone.localtime(session.starts_at).date() == study_day  # the proposal kept the fixed session

        lea.goto(url("yearplan:calendar_year", world.year_a.pk))
        expect(lea.locator("#calendar-status")).to_contain_text("Concept")
        conflicts = lea.locator("#conflicts")
        expect(conflicts).to_contain_text(f"Informatiebijeenkomst {title} valt op")
        expect(lea.locator("#year-grid")).to_be_visible()
        lea.screenshot(path=str(SHOTS / "year-overview-conflict.png"), full_page=True)

        conflicts.get_by_role("link", name="Bijeenkomst aanpassen").first.click()
        moved = study_day + datetime.timedelta(days=1)
        lea.get_by_label("Datum").fill(moved.isoformat())
        lea.get_by_role("button", name="Opslaan").click()
        expect(lea.locator("main")).to_contain_text("De bijeenkomst is aangepast.")

        lea.goto(url("yearplan:calendar_year", world.year_a.pk))
        expect(lea.locator("#conflicts")).not_to_contain_text(f"Informatiebijeenkomst {title} valt op")
        lea.get_by_role("link", name="Publiceren", exact=True).click()
        expect(lea.locator("main")).to_contain_text("Voorjaarsvakantie")
        lea.screenshot(path=str(SHOTS / "year-publish.png"), full_page=True)
        lea.get_by_role("button", name="Publiceer de jaarkalender").click()
        expect(lea.locator("main")).to_contain_text("De jaarkalender is gepubliceerd")
        expect(lea.locator("#calendar-status")).to_contain_text("Ouders zien deze kalender")
        lea.screenshot(path=str(SHOTS / "year-overview-published.png"), full_page=True)
        assert Publication.objects.filter(school_year=world.year_a).count() == 1
        lea.goto(url("yearplan:calendar_month", world.year_a.pk) + f"?m={moved:%Y-%m}&level=3")
        expect(lea.locator("main")).to_contain_text(title)
        lea.screenshot(path=str(SHOTS / "year-month.png"), full_page=True)

        bea = new_page(viewport={"width": 1280, "height": 900})
        log_in_staff(bea, url, world.bea)
        bea.goto(url("yearplan:board") + f"?m={moved:%Y-%m}")
        expect(bea.locator("#board-grid")).to_contain_text("Het Kompas")
        expect(bea.locator("#board-grid")).to_contain_text(title)
        bea.screenshot(path=str(SHOTS / "year-board.png"), full_page=True)

        anna = new_page(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, device_scale_factor=2)
        log_in_parent(anna, url, mailoutbox)
        anna.get_by_role("link", name="Schooljaar van mijn kinderen").click()
        expect(anna).to_have_url(url("yearplan:parent_year"))
        main = anna.locator("main")
        expect(main).to_contain_text(title)
        expect(main).to_contain_text("Voor Pim")
        expect(main).to_contain_text("Studiedag team")
        expect(main).to_contain_text("Voorjaarsvakantie")
        expect(main).to_contain_text(f"{moved.day} ")
        assert page_width(anna) <= 360, "no sideways scrolling on a phone"
        anna.screenshot(path=str(SHOTS / "year-parent-phone.png"), full_page=True)

        anna.get_by_role("link", name="Zet dit in de agenda van uw telefoon").click()
        anna.get_by_role("button", name="Maak een link").click()
        feed_url = anna.locator("#feed-url").input_value()
        assert "/jaarplanning/agenda/" in feed_url and feed_url.endswith(".ics")
        assert page_width(anna) <= 360
        anna.screenshot(path=str(SHOTS / "year-parent-feed.png"), full_page=True)
        response = anna.request.get(feed_url)
        assert response.status == 200 and f"session-{session.pk}@11aa00.ouderbetrokkenheid" in response.text()

        anna.goto(url("yearplan:parent_year"))
        anna.locator(".navbar-toggler").click()
        anna.locator("#language-select").select_option("ar")
        expect(anna.locator("html")).to_have_attribute("dir", "rtl")
        expect(anna.locator("main h1")).to_have_text("السنة الدراسية لأطفالي")
        assert page_width(anna) <= 360
        anna.screenshot(path=str(SHOTS / "year-parent-phone-ar.png"), full_page=True)
    finally:
        for context in contexts:
            context.close()
