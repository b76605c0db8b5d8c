"""Enrolment, verification and recovery codes: the writes of the two-step login."""

from base64 import b32encode

import django_otp
import segno
from django.db import transaction
from django.utils.safestring import mark_safe
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .rules import SESSION_ENROLLED

RECOVERY_CODES = 10
APP_NAME = "app"
RECOVERY_NAME = "herstelcodes"


def pending_app(user):
    """The app being linked (an unconfirmed TOTP device): the same secret until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)


def secret_key(device):
    """The secret as people type it into an app: base32 in groups of four."""
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_svg(device):
    """The otpauth:// link as an inline SVG QR code (no script, no style attribute)."""
    return mark_safe(segno.make(device.config_url, error="m").svg_inline(scale=5, border=2, omitsize=True))


def normalise(code):
    return "".join((code or "").split()).replace("-", "").lower()


@transaction.atomic
def app_confirm(request, *, device, code):
    """Link the pending app when `code` is right: it replaces any earlier app and verifies this session.
    Returns the new recovery codes, or None when the code is wrong."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=request.user, confirmed=False)
    if not device.verify_token(normalise(code)):
        return None
    TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    _log_in(request, device)
    return recovery_codes_renew(user=request.user)


@transaction.atomic
def recovery_codes_renew(*, user):
    """Ten new single-use recovery codes; the old ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def verify(request, *, code):
    """Verify this session with a code from the app (6 digits) or a recovery code (8 characters,
    used up). Returns the device that accepted it, or None."""
    code = normalise(code)
    if len(code) == 6 and code.isdigit():
        candidates = TOTPDevice.objects.filter(user=request.user, confirmed=True)
    elif len(code) == 8:
        candidates = StaticDevice.objects.filter(user=request.user, confirmed=True)
    else:
        return None
    with transaction.atomic():
        for device in candidates.select_for_update():
            if device.verify_token(code):
                _log_in(request, device)
                return device
    return None


def _log_in(request, device):
    """Mark the session verified with `device`; a new session key (the session gained rights)."""
    request.session.cycle_key()
    django_otp.login(request, device)
    request.session[SESSION_ENROLLED] = True


def on_login(sender, request, user, **kwargs):
    """At every login (user_logged_in): remember whether the user linked an app (rules.enrolled)."""
    from .rules import has_app

    if request is not None and hasattr(request, "session"):
        request.session[SESSION_ENROLLED] = has_app(user)


def school_require_for_teachers(*, school, required):
    school.mfa_required_for_teachers = required
    school.save(update_fields=["mfa_required_for_teachers"])
