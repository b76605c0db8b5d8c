"""In Chromium: a parent downloads her data on a phone; leadership handles an erasure request."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from messaging.models import Message
from ouderbetrokkenheid.privacy.models import ErasureRequest
from tests.conftest import guardian_user
from tests.e2e.axe import axe_violations, describe, serious
from tests.e2e.conftest import DESKTOP, PHONE, _page
from tests.e2e.layout import page_width
from tests.privacy.support import build_family


@pytest.fixture
def family(world):
    """Anna and Pim with data in every app."""
    return build_family(world)


def logged_in(browser, live_server, user, device):
    context, page = _page(browser, **device)
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
    return context, page


def test_a_parent_downloads_her_data_as_pdf_and_json_on_a_phone(family, browser, live_server, tmp_path):
    context, page = logged_in(browser, live_server, guardian_user(family.anna), PHONE)
    try:
        page.goto(live_server.url + "/portal/")
        page.locator(".navbar-toggler").click()
        page.get_by_role("link", name="Mijn gegevens").click()
        expect(page.get_by_role("heading", name="Mijn gegevens", exact=True)).to_be_visible()
        assert page_width(page) <= 360, "no sideways scrolling"
        violations = serious(axe_violations(page))
        assert not violations, describe(violations)

        with page.expect_download() as info:
            page.get_by_role("link", name="Download als JSON").click()
        data = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
        assert data["guardian"]["name"] == "Anna Prins"
        assert [child["name"] for child in data["children"]] == ["Pim Prins"]
        assert "Bakker" not in json.dumps(data)

        with page.expect_download() as info:
            page.get_by_role("link", name="Download als PDF").click()
        assert Path(info.value.path()).read_bytes().startswith(b"%PDF")
    finally:
        context.close()


def test_leadership_previews_and_confirms_an_erasure_request(family, browser, live_server):
    context, page = logged_in(browser, live_server, family.lea.user, DESKTOP)
    try:
        page.goto(live_server.url + "/privacy/beheer/")
        page.get_by_label("Zoek een ouder of leerling").fill("Bakker")
        page.get_by_role("button", name="Zoeken").click()
        page.get_by_role("link", name="Bert Bakker").click()

        plan = page.locator("table.erasure-plan")
        expect(plan.locator("tr[data-kind='messaging.messages']")).to_contain_text("wordt verwijderd")
        expect(plan.locator("tr[data-kind='school.guardians']")).to_contain_text("blijft bewaard")
        violations = serious(axe_violations(page))
        assert not violations, describe(violations)
        assert Message.objects.filter(guardian=family.bert).exists(), "the preview changes nothing"

        page.get_by_label("Wie vroeg om verwijdering?").fill("Bert Bakker, aan de balie")
        page.get_by_label("Ik heb gecontroleerd").check()
        page.get_by_role("button", name="Verwijderen en vastleggen").click()

        expect(page.get_by_role("status")).to_contain_text("Het verzoek is uitgevoerd en vastgelegd.")
        expect(page.locator("main")).to_contain_text("Bert Bakker, aan de balie")
        request = ErasureRequest.objects.get()
        assert request.handled_by == family.lea.user
        assert not Message.objects.filter(guardian=family.bert).exists()
    finally:
        context.close()


def test_the_statements_are_readable_on_a_phone_without_login(db, browser, live_server):
    context, page = _page(browser, **PHONE)
    try:
        page.goto(live_server.url + "/accounts/parent/")
        page.get_by_role("link", name="Privacyverklaring").click()
        expect(page.get_by_role("heading", name="Privacyverklaring", exact=True)).to_be_visible()
        for path in ("/privacy/", "/privacy/toegankelijkheid/"):
            page.goto(live_server.url + path)
            assert page_width(page) <= 360, f"{path} scrolls sideways"
            violations = serious(axe_violations(page))
            assert not violations, describe(violations)
    finally:
        context.close()
