"""SMS and WhatsApp through Twilio's Programmable Messaging REST API.

POST {TWILIO_BASE_URL}/2010-04-01/Accounts/{sid}/Messages.json, form-encoded To, From,
Body and StatusCallback, HTTP basic auth (account SID, auth token). WhatsApp uses the
same endpoint with `whatsapp:+31…` addresses. Twilio takes no idempotency key: a crash
between its 201 and our commit can send an SMS twice (see engine.py).

A request that went out without an answer (the client timeout, the connection dropped after
the request was written) raises UnknownOutcomeError; before sending again the engine calls
`lookup`: GET the Messages list filtered by To and From (newest first) and match the body
and a creation time at or after the first attempt. urllib wraps errors while connecting and
writing the request in URLError (nothing reached Twilio: a plain TransientError); errors
while reading the answer come through unwrapped (the request was sent: outcome unknown).

Callbacks (delivery status, inbound SMS) are form POSTs signed with X-Twilio-Signature:
base64(HMAC-SHA1(auth token, url + each parameter name and value, sorted by name)).
"""

import base64
import datetime
import email.utils
import hashlib
import hmac
import http.client
import json
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings

from ouderbetrokkenheid.school.models import Channel

from .base import Outgoing, PermanentError, Provider, SendResult, TransientError, UnknownOutcomeError

TIMEOUT_SECONDS = 10  # TWILIO_TIMEOUT_SECONDS overrides
CLOCK_SKEW = datetime.timedelta(minutes=2)  # Twilio's date_created against our attempt's time
EPOCH = "Thu, 01 Jan 1970 00:00:00 +0000"
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


def _timeout():
    return float(config("TWILIO_TIMEOUT_SECONDS", TIMEOUT_SECONDS))


def _sender(outgoing):
    return address(outgoing.channel, config("TWILIO_WHATSAPP_FROM") if outgoing.channel == Channel.WHATSAPP
                   else config("TWILIO_FROM"))  # fmt: skip


def _messages_url():
    sid = config("TWILIO_ACCOUNT_SID")
    return f"{config('TWILIO_BASE_URL', 'https://api.twilio.com').rstrip('/')}/2010-04-01/Accounts/{sid}/Messages.json"


def _auth():
    credentials = base64.b64encode(f"{config('TWILIO_ACCOUNT_SID')}:{config('TWILIO_AUTH_TOKEN')}".encode()).decode()
    return {"Authorization": f"Basic {credentials}", "Accept": "application/json"}


class TwilioProvider(Provider):
    def lookup(self, outgoing: Outgoing, *, since) -> SendResult | None:
        query = {"To": address(outgoing.channel, outgoing.to), "From": _sender(outgoing), "PageSize": "50"}
        request = urllib.request.Request(f"{_messages_url()}?{urllib.parse.urlencode(query)}", headers=_auth())
        try:
            with urllib.request.urlopen(request, timeout=_timeout()) as response:
                listing = json.load(response)
        except urllib.error.HTTPError as exc:
            raise TransientError(f"lookup: {exc.code}", code="lookup") from exc
        except (OSError, http.client.HTTPException, ValueError) as exc:
            raise TransientError(f"lookup: {exc}", code="lookup") from exc
        for message in listing.get("messages", []):
            created = email.utils.parsedate_to_datetime(
                message.get("date_created") or "Thu, 01 Jan 1970 00:00:00 +0000"
            )
            if message.get("body") == outgoing.text and created >= since - CLOCK_SKEW:
                if message.get("status") in ("failed", "undelivered"):
                    return None  # Twilio has it but it failed: sending again is right
                return SendResult(provider_id=message["sid"], status=message.get("status", ""))
        return None

    def send(self, outgoing: Outgoing) -> SendResult:
        form = {
            "To": address(outgoing.channel, outgoing.to),
            "From": _sender(outgoing),
            "Body": outgoing.text,
        }
        if outgoing.status_callback:
            form["StatusCallback"] = outgoing.status_callback
        body = self._post(form)
        if body.get("status") in ("failed", "undelivered"):
            raise PermanentError(body.get("error_message") or "rejected", code=body.get("error_code") or "")
        return SendResult(provider_id=body["sid"], status=body.get("status", ""))

    def _post(self, form) -> dict:
        request = urllib.request.Request(
            _messages_url(), data=urllib.parse.urlencode(form).encode(), headers=_auth(), method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=_timeout()) as response:
                return json.load(response)
        except urllib.error.HTTPError as exc:
            raise _error_for(exc) from exc
        except urllib.error.URLError as exc:  # connecting or writing failed: Twilio has nothing
            raise TransientError(str(exc.reason), code="network") from exc
        except (OSError, http.client.HTTPException) as exc:  # sent, but no (whole) answer
            raise UnknownOutcomeError(str(exc) or exc.__class__.__name__, code="unknown") from exc
        except (ValueError, KeyError) as exc:
            raise UnknownOutcomeError(f"unreadable response: {exc}", code="unknown") from exc


def _error_for(exc: urllib.error.HTTPError):
    try:
        body = json.load(exc)
    except ValueError:
        body = {}
    message, code = body.get("message") or exc.reason, body.get("code") or exc.code
    if exc.code >= 500 or exc.code in TRANSIENT_STATUSES:
        return TransientError(message, code=code)
    return PermanentError(message, code=code)
