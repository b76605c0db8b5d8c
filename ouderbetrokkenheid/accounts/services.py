"""Parent login without a password: single-use, expiring magic links and SMS codes.

Only SHA-256 hashes of tokens are stored; SMS codes are stored as an HMAC keyed with
SECRET_KEY and salted with the link's token hash (six digits alone are easy to brute-force).
A link is consumed with a conditional update: only the request that changed the row
logs in. Nothing here tells a caller whether an address is known.
"""

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

import phonenumbers
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from ouderbetrokkenheid.school.models import Guardian

from .models import MagicLink

logger = logging.getLogger(__name__)

EMAIL = "email"
SMS = "sms"


class MagicLinkInvalid(Exception):
    """The link or code is unknown, used, expired or dead (the caller is not told which)."""


@dataclass(frozen=True)
class Identity:
    kind: str  # EMAIL or SMS
    value: str  # lowercased e-mail address or E.164 number

    @property
    def guardian_field(self):
        return "email" if self.kind == EMAIL else "mobile"


def parse_identity(raw):
    """An e-mail address (lowercased) or a phone number (E.164, Dutch by default); None if neither."""
    raw = (raw or "").strip()
    if "@" in raw:
        try:
            validate_email(raw)
        except ValidationError:
            return None
        return Identity(EMAIL, raw.lower())
    try:
        number = phonenumbers.parse(raw, "NL")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return Identity(SMS, phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def _token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def _code_hash(token_hash, code):
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"magic-code:{token_hash}:{code}".encode(), hashlib.sha256).hexdigest()


def magic_link_request_enqueue(*, identity, request_base_url, next_path=""):
    """Hand the request to a worker (accounts.tasks.send_login_link) and return at once: the same
    work for a known and an unknown address, so the answer's timing tells nothing. A broker that
    cannot be reached is logged, not shown: the visitor's answer stays the same."""
    from .tasks import send_login_link

    try:
        send_login_link.delay(identity, request_base_url, next_path)
    except Exception:
        logger.exception("Handing a login request to the worker failed")


def magic_link_request(*, identity, request_base_url, next_path=""):
    """Send a login link (e-mail) or code plus link (SMS) to every guardian record matching `identity`;
    `next_path` (a same-site path the caller checked) rides along on the link: after login the
    parent lands on the page they came for."""
    parsed = parse_identity(identity)
    if parsed is None:
        return
    guardians = Guardian.objects.filter(**{parsed.guardian_field: parsed.value}).select_related("school", "user")
    for guardian in guardians:
        if guardian.user_id and not guardian.user.is_active:
            continue
        _create_and_send(guardian, parsed, request_base_url, next_path)


def _create_and_send(guardian, identity, request_base_url, next_path=""):
    token = secrets.token_urlsafe(32)
    code = f"{secrets.randbelow(10**6):06d}" if identity.kind == SMS else ""
    token_hash = _token_hash(token)
    MagicLink.objects.create(
        guardian=guardian,
        token_hash=token_hash,
        code_hash=_code_hash(token_hash, code) if code else "",
        sent_to=identity.kind,
        expires_at=timezone.now() + timedelta(seconds=settings.MAGIC_LINK_TTL_SECONDS),
    )
    context = {
        "guardian": guardian,
        "school": guardian.school,
        "url": request_base_url.rstrip("/")
        + reverse("accounts:magic_link", args=[token])
        + (f"?{urlencode({'next': next_path})}" if next_path else ""),
        "code": code,
        "minutes": settings.MAGIC_LINK_TTL_SECONDS // 60,
    }
    try:  # a failing mail server must not tell the visitor that this address is known
        with translation.override(guardian.page_language):
            if identity.kind == SMS:
                send_sms(to=identity.value, text=render_to_string("accounts/sms/magic_code.txt", context).strip())
            else:
                _send_magic_link_email(guardian, context)
    except Exception:
        logger.exception("Sending a login link to guardian %s failed", guardian.pk)


def send_sms(*, to, text):
    """A short text at once (a login code), through the backend settings.SMS_BACKEND names: in
    production messaging's ProviderSMSBackend, the outbox's own provider (Twilio); the console in
    development, locmem in tests. A dotted path, so accounts does not import messaging (above it)."""
    import_string(settings.SMS_BACKEND)().send(to=to, text=text)


def _send_magic_link_email(guardian, context):
    subject = render_to_string("accounts/email/magic_link_subject.txt", context)
    body = render_to_string("accounts/email/magic_link_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [guardian.email])


def magic_link_guardian(*, token):
    """The guardian of a still usable link, or None. Reads only: opening a link does not use it up."""
    link = MagicLink.objects.usable().filter(token_hash=_token_hash(token or "")).select_related("guardian__school")
    link = link.first()
    return link.guardian if link else None


def magic_link_consume(*, token):
    """Use the link with this token once; return its guardian (with a login user) or raise MagicLinkInvalid."""
    now = timezone.now()
    link = MagicLink.objects.filter(token_hash=_token_hash(token or "")).only("pk", "guardian_id").first()
    if link is None:
        raise MagicLinkInvalid
    with transaction.atomic():
        if not MagicLink.objects.usable(now).filter(pk=link.pk).update(used_at=now):
            raise MagicLinkInvalid
        return _guardian_with_user(link.guardian_id)


def magic_code_consume(*, identity, code):
    """Log in with the SMS code sent to `identity`; wrong codes count against every open link of that number."""
    parsed = parse_identity(identity)
    if parsed is None or parsed.kind != SMS:
        raise MagicLinkInvalid
    now = timezone.now()
    with transaction.atomic():
        links = list(
            MagicLink.objects.usable(now)
            .filter(sent_to=SMS, guardian__mobile=parsed.value)
            .select_for_update(of=("self",))
            .order_by("pk")
        )
        match = next((link for link in links if _code_matches(link, code)), None)
        if match is not None:
            match.used_at = now
            match.save(update_fields=["used_at"])
            return _guardian_with_user(match.guardian_id)
        MagicLink.objects.filter(pk__in=[link.pk for link in links]).update(failed_attempts=F("failed_attempts") + 1)
    raise MagicLinkInvalid


def _code_matches(link, code):
    if not link.code_hash:
        return False
    return hmac.compare_digest(link.code_hash, _code_hash(link.token_hash, str(code).strip()))


def _guardian_with_user(guardian_id):
    """The guardian, locked, with a login user (created on the first login). Call inside a transaction.

    The lock query joins nothing on purpose: after waiting for a concurrent first login, PostgreSQL
    re-reads the locked guardian row but not joined rows, so a joined user would look missing.
    """
    guardian = Guardian.objects.select_for_update().get(pk=guardian_id)
    if guardian.user_id is None:
        guardian.user = get_user_model().objects.create_user()
        guardian.save(update_fields=["user"])
    elif not guardian.user.is_active:
        raise MagicLinkInvalid
    return guardian
