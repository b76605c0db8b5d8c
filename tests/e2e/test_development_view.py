"""The development view end to end: teacher Otto opens Bo's view from the pupil page, sees the
chart and publishes it with a note; guardian Bert, on a 360px phone, logs in with a magic link,
finds the link on his portal home and sees the chart and the plain sentence, in Dutch and in
Arabic (right to left). Screenshots: /tmp/shots/opp-*.png."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from development.models import ExitPerspective, Publication
from tests.accounts.conftest import login_links_at_once  # noqa: F401 (a fixture: login links sent at once)
from tests.development.conftest import give_results
from tests.e2e.layout import page_width
from tests.e2e.test_meeting_flow import log_in

LINK = re.compile(r"https?://\S+/accounts/l/[\w-]+/")
SHOTS = Path("/tmp/shots")


@pytest.mark.usefixtures("login_links_at_once")
def test_teacher_publishes_and_guardian_sees_the_view_on_a_phone(world, desktop_page, phone_page, url, mailoutbox):
    SHOTS.mkdir(exist_ok=True)
    give_results(world.bo)
    ExitPerspective.objects.create(pupil=world.bo, track="havo", reasoning="Sterk in begrijpend lezen.",
                                   recorded_by=world.otto)  # fmt: skip

    otto = desktop_page
    log_in(otto, url, world.otto)
    otto.goto(url("staffpages:pupil", world.bo.pk))
    otto.get_by_role("link", name="Ontwikkeling en uitstroomperspectief").click()
    expect(otto).to_have_url(url("development:view", world.bo.pk))
    chart = otto.locator("svg.opp-chart")
    expect(chart).to_be_visible()
    expect(chart.locator("g.opp-point")).to_have_count(8)
    expect(otto.locator("main")).to_contain_text("Bo rekent nu op het niveau van midden groep 5.")
    expect(otto.locator("main")).to_contain_text("niet op koers")
    otto.screenshot(path=str(SHOTS / "opp-teacher.png"), full_page=True)
    otto.get_by_label("Toelichting voor de ouders (mag leeg blijven)").fill(
        "Fijn dat u er was. Tot het volgende gesprek!"
    )
    otto.get_by_role("button", name="Delen met de ouders").click()
    expect(otto.locator("main")).to_contain_text("Gedeeld: de ouders zien de ontwikkeling nu in de app.")
    assert Publication.objects.filter(pupil=world.bo, published_by=world.otto).exists()

    bert = phone_page
    bert.goto(url("accounts:parent_login"))
    bert.get_by_label("Uw e-mailadres of mobiele nummer").fill("bert@example.nl")
    bert.get_by_role("button", name="Stuur mij een link").click()
    bert.goto(LINK.search(mailoutbox[-1].body).group(0))
    bert.get_by_role("button", name="Inloggen", exact=True).click()
    expect(bert).to_have_url(url("portal:home"))
    bert.get_by_role("link", name="Zo gaat het met Bo").click()
    main = bert.locator("main")
    expect(main).to_contain_text("Bo rekent nu op het niveau van midden groep 5.")
    expect(main).to_contain_text("Fijn dat u er was.")
    expect(bert.locator("svg.opp-chart")).to_be_visible()
    box = bert.locator("svg.opp-chart").bounding_box()
    assert box["width"] >= 300, "the chart uses the phone's width"
    assert page_width(bert) <= 360, "no sideways scrolling on a phone"
    bert.screenshot(path=str(SHOTS / "opp-guardian-phone.png"), full_page=True)
    bert.locator("svg.opp-chart").screenshot(path=str(SHOTS / "opp-guardian-phone-chart.png"))

    bert.get_by_role("button", name="Menu openen").click()
    bert.locator("#language-select").select_option("ar")
    expect(bert.locator("html")).to_have_attribute("dir", "rtl")
    expect(bert.locator("main")).not_to_contain_text("Bo rekent nu")
    assert page_width(bert) <= 360
    bert.screenshot(path=str(SHOTS / "opp-guardian-phone-ar.png"), full_page=True)
