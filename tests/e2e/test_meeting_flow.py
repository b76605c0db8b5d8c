"""The evening of an information session, end to end: Anna answers her invitation on a phone,
teacher Tess ticks her present on a phone, leadership Lea sees the reach report change."""

import secrets

from playwright.sync_api import expect

from meetings.invitations import token_hash
from meetings.models import Invitation
from tests.e2e.layout import page_width
from tests.e2e.staff_login import log_in_staff
from tests.meetings.test_attendance import make_session

PASSWORD = "geheim-wachtwoord-42"


def log_in(page, url, staff):
    log_in_staff(page, url, staff, password=PASSWORD)


def reach_row(page, url, session):
    page.goto(url("meetings:reach"))
    row = page.locator(f"#session-{session.pk}")
    expect(row).to_be_visible()
    return row


def test_parent_answers_presenter_ticks_and_leadership_sees_reach_change(world, browser, live_server, url):
    session = make_session(world.year_a, days=0)
    session.childcare = True
    session.save(update_fields=["childcare"])
    token = secrets.token_urlsafe(24)
    invitation = Invitation.objects.create(session=session, guardian=world.anna, token_hash=token_hash(token))
    invitation.pupils.set([world.pim])
    contexts = []

    def new_page(**options):
        context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam", **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    phone = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
    try:
        lea = new_page(viewport={"width": 1280, "height": 900})
        log_in(lea, url, world.lea)
        row = reach_row(lea, url, session)
        expect(row.locator('[data-measure="coming"]')).to_have_text("0")
        expect(row.locator('[data-measure="attended"]')).to_have_text("0")

        anna = new_page(**phone)
        anna.goto(url("meetings:rsvp", token))
        anna.locator("label[for=answer-coming]").click()
        anna.get_by_label("Hoeveel kinderen komen mee naar de kinderopvang?").fill("1")
        anna.get_by_role("button", name="Verstuur mijn antwoord").click()
        expect(anna.locator("#current-answer")).to_contain_text("Ik kom")
        assert page_width(anna) <= 360, "no sideways scrolling on a phone"
        anna.screenshot(path="/tmp/e2e-rsvp.png", full_page=True)
        invitation.refresh_from_db()
        assert (invitation.response, invitation.childcare_children) == ("coming", 1)

        tess = new_page(**phone)
        log_in(tess, url, world.tess)
        tess.goto(url("meetings:attendance", session.pk))
        button = tess.locator(f"#inv-{invitation.pk} button")
        expect(button).to_have_attribute("aria-pressed", "false")
        button.click()
        expect(tess.locator(f"#inv-{invitation.pk} button")).to_have_attribute("aria-pressed", "true")
        expect(tess.locator("#attendance-count")).to_contain_text("1 van 1 aanwezig")
        assert page_width(tess) <= 360, "no sideways scrolling on a phone"
        tess.screenshot(path="/tmp/e2e-attendance.png", full_page=True)

        row = reach_row(lea, url, session)
        expect(row.locator('[data-measure="coming"]')).to_have_text("1")
        expect(row.locator('[data-measure="attended"]')).to_have_text("1")
        lea.screenshot(path="/tmp/e2e-reach.png", full_page=True)
    finally:
        for context in contexts:
            context.close()
