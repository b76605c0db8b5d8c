"""SMS and WhatsApp through Twilio's Programmable Messaging REST API.

POST {TWILIO_BASE_URL}/2010-04-01/Accounts/{sid}/Messages.json, form-encoded To, From,
Body and StatusCallback, HTTP basic auth (account SID, auth token). WhatsApp uses the
same endpoint with `whatsapp:+31…` addresses. Twilio takes no idempotency key: a crash
between its 201 and our commit can send an SMS twice (see engine.py).

Callbacks (delivery status, inbound SMS) are form POSTs signed with X-Twilio-Signature:
base64(HMAC-SHA1(auth token, url + each parameter name and value, sorted by name)).
"""

import base64
import hashlib
import hmac
import json
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings

from ouderbetrokkenheid.school.models import Channel

from .base import Outgoing, PermanentError, Provider, SendResult, TransientError

TIMEOUT_SECONDS = 10
# HTTP statuses worth retrying besides 5xx (rate limited).
TRANSIENT_STATUSES = {429}


def config(name, default=""):
    return getattr(settings, name, default) or default


def signature(url: str, params, auth_token: str) -> str:
    """Twilio's request signature; `params` is a dict or a list of (name, value) pairs."""
    pairs = params.items() if hasattr(params, "items") else params
    payload = url + "".join(f"{name}{value}" for name, value in sorted(pairs))
    digest = hmac.new(auth_token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def signature_valid(*, urls, params, header: str) -> bool:
    token = config("TWILIO_AUTH_TOKEN")
    if not (token and header):
        return False
    return any(hmac.compare_digest(signature(url, params, token), header) for url in urls)


def address(channel: str, number: str) -> str:
    return f"whatsapp:{number}" if channel == Channel.WHATSAPP else number


class TwilioProvider(Provider):
    def send(self, outgoing: Outgoing) -> SendResult:
        sender = config("TWILIO_WHATSAPP_FROM") if outgoing.channel == Channel.WHATSAPP else config("TWILIO_FROM")
        form = {
            "To": address(outgoing.channel, outgoing.to),
            "From": address(outgoing.channel, sender),
            "Body": outgoing.text,
        }
        if outgoing.status_callback:
            form["StatusCallback"] = outgoing.status_callback
        body = self._post(form)
        if body.get("status") in ("failed", "undelivered"):
            raise PermanentError(body.get("error_message") or "rejected", code=body.get("error_code") or "")
        return SendResult(provider_id=body["sid"], status=body.get("status", ""))

    def _post(self, form) -> dict:
        sid = config("TWILIO_ACCOUNT_SID")
        url = (
            f"{config('TWILIO_BASE_URL', 'https://api.twilio.com').rstrip('/')}/2010-04-01/Accounts/{sid}/Messages.json"
        )
        credentials = base64.b64encode(f"{sid}:{config('TWILIO_AUTH_TOKEN')}".encode()).decode()
        request = urllib.request.Request(
            url,
            data=urllib.parse.urlencode(form).encode(),
            headers={"Authorization": f"Basic {credentials}", "Accept": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                return json.load(response)
        except urllib.error.HTTPError as exc:
            raise _error_for(exc) from exc
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            raise TransientError(str(exc), code="network") from exc
        except (ValueError, KeyError) as exc:
            raise TransientError(f"unreadable response: {exc}", code="response") from exc


def _error_for(exc: urllib.error.HTTPError):
    try:
        body = json.load(exc)
    except ValueError:
        body = {}
    message, code = body.get("message") or exc.reason, body.get("code") or exc.code
    if exc.code >= 500 or exc.code in TRANSIENT_STATUSES:
        return TransientError(message, code=code)
    return PermanentError(message, code=code)
