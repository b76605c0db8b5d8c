"""Staff two-step login in tests (pytest plugin).

The production rule (ouderbetrokkenheid/accounts/mfa/) sends an unverified session of IB,
leadership, admin and board-admin users to the verify step. Tests that log someone in through the
test client (`client.force_login`, `client.login`, the `login_as` fixture, a Client whose session
cookie a browser test borrows) get a session that is verified as well, when the rule asks for it:
the user gets a confirmed TOTP device and the session is marked verified with it, exactly as the
verify step does. Logins through the real login page (any real HTTP request) are left alone, so
those go through the verify step like in production.

A test of the rule itself asks for the `mfa_unverified` fixture: its test-client logins stay
unverified.
"""

import pytest
from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest

DISPATCH_UID = "tests-mfa-verified-test-client-logins"


def verify_session(session, user):
    """Mark `session` as verified for `user` with a (created) confirmed TOTP device."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from ouderbetrokkenheid.accounts.mfa.rules import SESSION_ENROLLED

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[SESSION_ENROLLED] = True
    return device


def _rule_asks(user):
    """Whether the rule asks this login for a second factor, for any school it may act for.

    The rule is decided per request for the acting membership (accounts/acting.py); a login with
    several memberships acts for none until it chooses one, which happens after the login. So ask
    the rule once per membership, on a copy of the user acting for that school."""
    import copy

    from ouderbetrokkenheid.accounts.access import Actor
    from ouderbetrokkenheid.accounts.acting import memberships
    from ouderbetrokkenheid.accounts.mfa.rules import mfa_required

    if mfa_required(Actor(user)):
        return True
    for staff in memberships(user):
        acting = copy.copy(user)
        acting.__dict__["acting_school_id"] = staff.school_id
        if mfa_required(Actor(acting)):
            return True
    return False


def _verify_test_client_login(sender, request, user, **kwargs):
    # The test client logs in on a bare HttpRequest; a request through the app is a WSGIRequest.
    if type(request) is HttpRequest and _rule_asks(user):
        verify_session(request.session, user)


@pytest.fixture(autouse=True)
def mfa_verified_test_logins():
    user_logged_in.connect(_verify_test_client_login, dispatch_uid=DISPATCH_UID)
    yield
    user_logged_in.disconnect(dispatch_uid=DISPATCH_UID)


@pytest.fixture
def mfa_unverified(mfa_verified_test_logins):
    """Test-client logins in this test stay unverified (to test the rule itself)."""
    user_logged_in.disconnect(dispatch_uid=DISPATCH_UID)
