"""Staff log in through the real login page, with the second step when the rule asks for it.

    from tests.e2e.staff_login import log_in_staff
    log_in_staff(page, url, world.lea)     # password, then a code from the app (see below)

For someone who must use MFA (accounts/mfa/rules.py) the user gets a linked app when they have
none (a confirmed TOTP device), and the code is computed from its secret on the suite's clock, as
an authenticator app on the same moment would (never the wall clock).
"""

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from ouderbetrokkenheid.accounts.access import Actor
from ouderbetrokkenheid.accounts.mfa.rules import mfa_required

PASSWORD = "geheim-wachtwoord-42"


def totp_code(bin_key, *, last_t=-1, step=30):
    """The app's code now; the next one when the current step was already used (no replay)."""
    totp = TOTP(bin_key, step=step, t0=0, digits=6)
    totp.time = time.time()
    if totp.t() <= last_t:
        totp.time += step * (last_t - totp.t() + 1)
    return f"{totp.token():06d}"


def app_of(user):
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def log_in_staff(page, url, who, *, password=PASSWORD, landing="staffpages:home"):
    user = getattr(who, "user", who)
    device = app_of(user) if mfa_required(Actor(user)) else None
    page.goto(url("accounts:login"))
    page.locator("input[name=username]").fill(user.email)
    page.locator("input[name=password]").fill(password)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    if device is not None:
        expect(page.get_by_role("heading", name="Code uit de app")).to_be_visible()
        device.refresh_from_db()
        page.locator("input[name=code]").fill(totp_code(device.bin_key, last_t=device.last_t))
        page.get_by_role("button", name="Controleren").click()
    if landing is not None:  # None: the caller checks where the login lands (e.g. the school chooser)
        expect(page).to_have_url(url(landing))
