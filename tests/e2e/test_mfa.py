"""Staff two-step login in the browser: leadership Lea links an authenticator app (the code is
computed here from the secret the page shows, on the suite's clock, as the app would), logs out,
logs in again with a code, and a recovery code works once and not twice."""

import datetime
from base64 import b32decode

from playwright.sync_api import expect

from tests.e2e.axe import axe_violations, describe, serious
from tests.e2e.staff_login import PASSWORD, totp_code


def password_step(page, url, email):
    page.goto(url("accounts:login"))
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()


def code_step(page, code):
    expect(page.get_by_role("heading", name="Code uit de app")).to_be_visible()
    page.locator("input[name=code]").fill(code)
    page.get_by_role("button", name="Controleren").click()


def log_out(page):
    page.get_by_role("button", name="Uitloggen").first.click()
    expect(page.get_by_role("heading", name="Inloggen voor medewerkers")).to_be_visible()


def test_leadership_links_an_app_logs_in_with_a_code_and_a_recovery_code_works_once(world, desktop_page, url, clock):
    page, email = desktop_page, world.lea.user.email

    # The password alone leads to linking an app: QR code and the key to type in.
    password_step(page, url, email)
    expect(page.get_by_role("heading", name="App koppelen voor inloggen met code")).to_be_visible()
    expect(page.locator(".mfa-qr svg")).to_be_visible()
    assert not serious(violations := axe_violations(page)), describe(violations)
    key = b32decode(page.locator("#mfa-key").inner_text().replace(" ", ""))
    page.locator("input[name=code]").fill(totp_code(key))
    page.get_by_role("button", name="Koppelen").click()

    # Ten recovery codes, shown once.
    expect(page.get_by_role("heading", name="Uw herstelcodes")).to_be_visible()
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10 and len(set(codes)) == 10
    page.get_by_role("link", name="Ik heb ze bewaard, verder").click()
    expect(page).to_have_url(url("staffpages:home"))
    log_out(page)

    # Half a minute later: password, then the app's code of that moment.
    clock.shift(datetime.timedelta(seconds=30))
    password_step(page, url, email)
    code_step(page, totp_code(key))
    expect(page).to_have_url(url("staffpages:home"))
    log_out(page)

    # Phone lost: a recovery code works once …
    password_step(page, url, email)
    code_step(page, codes[0])
    expect(page).to_have_url(url("staffpages:home"))
    expect(page.get_by_role("status").filter(has_text="nog 9 over")).to_be_visible()
    log_out(page)

    # … and not twice.
    clock.shift(datetime.timedelta(seconds=5))  # past django-otp's back-off, so only the code decides
    password_step(page, url, email)
    code_step(page, codes[0])
    expect(page.get_by_text("Deze code klopt niet")).to_be_visible()
    page.goto(url("staffpages:home"))
    expect(page).to_have_url(url("accounts:mfa_verify") + "?next=%2Fstaff%2F")
