"""A parent on a phone logs in with a magic link and sees only her own children."""

import re

import pytest
from playwright.sync_api import expect

from tests.accounts.conftest import login_links_at_once  # noqa: F401 (a fixture: the link is sent at once)
from tests.e2e.layout import page_width

LINK = re.compile(r"https?://\S+/accounts/l/[\w-]+/")
SCREENSHOT = "/tmp/e2e-parent.png"


@pytest.mark.usefixtures("login_links_at_once")
def test_guardian_logs_in_with_magic_link_on_phone_and_sees_only_her_children(world, phone_page, url, mailoutbox):
    page = phone_page
    page.goto(url("accounts:parent_login"))
    page.get_by_label("Uw e-mailadres of mobiele nummer").fill("anna@example.nl")
    page.get_by_role("button", name="Stuur mij een link").click()
    expect(page).to_have_url(url("accounts:parent_login_sent"))

    assert [m.to for m in mailoutbox] == [["anna@example.nl"]]
    link = LINK.search(mailoutbox[0].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Inloggen", exact=True).click()

    expect(page).to_have_url(url("portal:home"))
    expect(page.get_by_role("heading", name="Mijn kinderen")).to_be_visible()
    children = page.locator("main li.card h3")  # under "Mijn kinderen", after the task list
    expect(children).to_have_text(["Pim Prins"])
    expect(page.locator("main")).not_to_contain_text("Bakker")
    assert page_width(page) <= 360, "no sideways scrolling on a phone"
    page.screenshot(path=SCREENSHOT, full_page=True)
