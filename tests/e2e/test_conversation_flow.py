"""The conversation itself, end to end: teacher Tess opens the day view, opens Pim's
conversation, records two agreements and an evaluation date and publishes; guardian Anna, on a
360px phone, logs in with a magic link and reads the record in the portal."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conversations.models import Record
from tests.accounts.conftest import login_links_at_once  # noqa: F401 (a fixture: login links sent at once)
from tests.conversations.test_records_support import book, make_round, soon
from tests.e2e.layout import page_width
from tests.e2e.test_meeting_flow import log_in

LINK = re.compile(r"https?://\S+/accounts/l/[\w-]+/")
SCREENSHOT = "/tmp/e2e-record.png"


@pytest.mark.usefixtures("login_links_at_once")
def test_teacher_records_and_publishes_guardian_reads_on_phone(world, desktop_page, phone_page, url, mailoutbox):
    booking = book(make_round(world), world.tess, world.pim, [world.anna], starts_at=soon(0, 8, 30),
                   topics="Hoe gaat het met lezen?")  # fmt: skip
    day = timezone.localtime(booking.slot.starts_at).date()

    tess = desktop_page
    log_in(tess, url, world.tess)
    tess.goto(url("conversations:day") + f"?dag={day:%Y-%m-%d}")
    card = tess.locator(f'[data-booking="{booking.pk}"]')
    expect(card).to_contain_text("Pim Prins")
    expect(card).to_contain_text("Hoe gaat het met lezen?")
    card.get_by_role("link", name="Open gesprek").click()

    tess.get_by_label("Wat gaat goed").fill("Pim leest graag en rekent vlot.")
    tess.locator("[name=agreements-0-who]").fill("Ouders")
    tess.locator("[name=agreements-0-what]").fill("Elke avond tien minuten samen lezen")
    tess.locator("[name=agreements-0-when]").fill("Elke avond")
    tess.locator("[name=agreements-0-how]").fill("Pim leest voor, de ouder luistert")
    tess.locator("[name=agreements-0-why]").fill("Zodat Pim vlotter leest")
    tess.locator("[name=agreements-1-who]").fill("Juf Tess")
    tess.locator("[name=agreements-1-what]").fill("Een leesboek op niveau meegeven")
    tess.locator("[name=agreements-1-when]").fill("Elke maandag")
    tess.locator("[name=agreements-1-how]").fill("In Pims tas")
    tess.locator("[name=agreements-1-why]").fill("Zodat lezen thuis lukt")
    tess.get_by_label("Evaluatiemoment").fill("2027-02-15")
    tess.get_by_label("Aanwezigheid").select_option("came")
    tess.get_by_label("Kind was erbij").check()
    tess.screenshot(path="/tmp/e2e-record-teacher.png", full_page=True)
    tess.get_by_role("button", name="Opslaan en delen met ouders").click()
    expect(tess.locator("main")).to_contain_text("Gedeeld met de ouders")
    record = Record.objects.get(booking=booking)
    assert record.published_at and record.agreements.count() == 2

    anna = phone_page
    anna.goto(url("accounts:parent_login"))
    anna.get_by_label("Uw e-mailadres of mobiele nummer").fill("anna@example.nl")
    anna.get_by_role("button", name="Stuur mij een link").click()
    anna.goto(LINK.search(mailoutbox[-1].body).group(0))
    anna.get_by_role("button", name="Inloggen", exact=True).click()
    expect(anna).to_have_url(url("portal:home"))
    anna.goto(url("conversations:my_records"))
    anna.get_by_role("link", name=re.compile("Pim")).click()
    main = anna.locator("main")
    expect(main).to_contain_text("Elke avond tien minuten samen lezen")
    expect(main).to_contain_text("Een leesboek op niveau meegeven")
    expect(main).to_contain_text("15 februari")
    assert page_width(anna) <= 360, "no sideways scrolling on a phone"
    anna.screenshot(path=SCREENSHOT, full_page=True)
