"""A local fake of Twilio's Programmable Messaging API (pytest plugin; fixture `fake_twilio`).

An http.server in a thread on 127.0.0.1 (random port) that speaks the part of the API the
app uses: POST /2010-04-01/Accounts/{sid}/Messages.json with HTTP basic auth and a form
(To, From, Body, StatusCallback); 201 with Twilio's JSON, or Twilio's error JSON. After an
accepted message it POSTs signed status callbacks (sent, then delivered or the outcome set
for that number) to the StatusCallback URL, as Twilio does.

    fake_twilio.fail_next(2, status=500)                   # the next two requests fail
    fake_twilio.reject("+31600000000", code=21211)         # 400 invalid number for that To
    fake_twilio.outcome["+31611111111"] = ("undelivered", "30003")
    fake_twilio.slow_next(1, delay=1.5)                    # accept, but answer after 1.5 s
    fake_twilio.drop_next(1)                               # accept, then drop the connection unanswered
    fake_twilio.drop_next(1, accept=False)                 # drop the connection without accepting

GET /2010-04-01/Accounts/{sid}/Messages.json lists the accepted messages, newest first,
filtered by To, From and DateSent (DateSent=, DateSent<=, DateSent>=, YYYY-MM-DD), as
Twilio's list resource does (JSON with `messages` and paging fields).
"""

import base64
import datetime
import email.utils
import secrets
import socket
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer

import pytest

from messaging.channels.twilio import signature
from tests.plugins.fake_http import JSONHandler

ERRORS = {
    20003: "Authenticate",
    21211: "The 'To' number {to} is not a valid phone number.",
    21610: "Attempt to send to unsubscribed recipient",
    20500: "An internal server error has occurred",
}


@dataclass
class FakeTwilio:
    account_sid: str = field(default_factory=lambda: "AC" + secrets.token_hex(16))
    auth_token: str = field(default_factory=lambda: secrets.token_hex(16))
    requests: list = field(default_factory=list)
    callbacks: list = field(default_factory=list)  # (url, params, response status)
    outcome: dict = field(default_factory=dict)  # To number -> (final status, error code)
    rejected: dict = field(default_factory=dict)  # To number -> error code
    failures: list = field(default_factory=list)  # (HTTP status, error code, To or None) for the next requests
    stalls: list = field(default_factory=list)  # ("slow", delay) | ("drop", accept) for the next POSTs
    accepted: list = field(default_factory=list)  # Twilio's message resources, oldest first
    callback_delay: float = 0.05
    server: ThreadingHTTPServer = None

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def fail_next(self, times=1, *, status=500, code=20500, to=None):
        """Fail the next `times` requests (to number `to` only, if given) with Twilio's error JSON."""
        self.failures.extend([(status, code, to)] * times)

    def _failure_for(self, number):
        for failure in self.failures:
            if failure[2] in (None, number):
                self.failures.remove(failure)
                return failure
        return None

    def slow_next(self, times=1, *, delay):
        """Accept the next `times` messages but answer only after `delay` seconds."""
        self.stalls.extend([("slow", delay)] * times)

    def drop_next(self, times=1, *, accept=True):
        """Read the next `times` requests and close the connection without an answer
        (after accepting the message, or, with accept=False, before)."""
        self.stalls.extend([("drop", accept)] * times)

    def reject(self, number, *, code=21211):
        self.rejected[number] = code

    def settings(self):
        return {
            "TWILIO_ACCOUNT_SID": self.account_sid,
            "TWILIO_AUTH_TOKEN": self.auth_token,
            "TWILIO_FROM": "+3197010000000",
            "TWILIO_WHATSAPP_FROM": "+3197010000001",
            "TWILIO_BASE_URL": self.base_url,
            "MESSAGING_SMS_PROVIDER": "messaging.channels.twilio.TwilioProvider",
            "MESSAGING_WHATSAPP_PROVIDER": "messaging.channels.twilio.TwilioProvider",
        }

    def post_signed(self, url, params, *, token=None):
        """POST a form to the app signed as Twilio would (with `token`, default the real one)."""
        data = urllib.parse.urlencode(params).encode()
        sig = signature(url, params, token or self.auth_token)
        request = urllib.request.Request(url, data=data, headers={"X-Twilio-Signature": sig}, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                status, body = response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            status, body = exc.code, exc.read().decode()
        except OSError as exc:  # the app is not listening (a test without live_server)
            status, body = 0, str(exc)
        self.callbacks.append((url, params, status))
        return status, body

    def status_callback(self, url, message, status, error_code=""):
        params = {
            "AccountSid": self.account_sid,
            "ApiVersion": "2010-04-01",
            "From": message["from"],
            "To": message["to"],
            "MessageSid": message["sid"],
            "SmsSid": message["sid"],
            "MessageStatus": status,
            "SmsStatus": status,
        }
        if error_code:
            params["ErrorCode"] = error_code
        return self.post_signed(url, params)

    def inbound(self, url, *, from_, body, to="+3197010000000", sid=None, token=None):
        """A parent's SMS (or WhatsApp: `from_="whatsapp:+31…"`) as Twilio posts it to the app;
        `sid` to repeat a delivery, `token` to sign with another key (a forgery)."""
        sid = sid or "SM" + secrets.token_hex(16)
        params = {"AccountSid": self.account_sid, "MessageSid": sid, "From": from_, "To": to, "Body": body}
        params.update(NumMedia="0", ApiVersion="2010-04-01")
        return self.post_signed(url, params, token=token)

    def messages(self):
        return [r for r in self.requests if r.get("sid")]

    def _callbacks_later(self, url, message):
        number = message["to"].removeprefix("whatsapp:")
        final, error = self.outcome.get(number, ("delivered", ""))

        def run():
            time.sleep(self.callback_delay)
            self.status_callback(url, message, "sent")
            self.status_callback(url, message, final, error)

        threading.Thread(target=run, daemon=True).start()


def _handler(fake):
    class Handler(JSONHandler):
        def _error(self, status, code, **fmt):
            body = {"code": code, "message": ERRORS.get(code, "Error").format(**fmt), "status": status}
            body["more_info"] = f"https://www.twilio.com/docs/errors/{code}"
            self._reply(status, body)

        def _authorised(self):
            expected = "Basic " + base64.b64encode(f"{fake.account_sid}:{fake.auth_token}".encode()).decode()
            return self.headers.get("Authorization", "") == expected

        def _drop(self):
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

        def do_GET(self):  # noqa: N802 (http.server's name)
            path, _, query = self.path.partition("?")
            if path != f"/2010-04-01/Accounts/{fake.account_sid}/Messages.json":
                return self._error(404, 20404)
            if not self._authorised():
                return self._error(401, 20003)
            params = urllib.parse.parse_qsl(query)
            found = list(reversed(fake.accepted))
            for name, value in params:
                if name in ("To", "From"):
                    found = [m for m in found if m[name.lower()] == value]
                elif name.startswith("DateSent"):
                    day = datetime.date.fromisoformat(value)
                    op = name.removeprefix("DateSent") or "="

                    def sent_day(m):
                        return email.utils.parsedate_to_datetime(m["date_sent"]).date() if m["date_sent"] else None

                    found = [m for m in found if sent_day(m) and {"=": sent_day(m) == day, "<": sent_day(m) <= day,
                                                                  ">": sent_day(m) >= day}[op]]  # fmt: skip
            size = int(dict(params).get("PageSize") or 50)
            uri = self.path
            self._reply(200, {"messages": found[:size], "page": 0, "page_size": size, "first_page_uri": uri,
                              "next_page_uri": None, "previous_page_uri": None, "uri": uri, "start": 0,
                              "end": max(0, min(size, len(found)) - 1)})  # fmt: skip

        def do_POST(self):  # noqa: N802 (http.server's name)
            length = int(self.headers.get("Content-Length") or 0)
            form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
            record = {"path": self.path, "form": form, "auth": self.headers.get("Authorization", "")}
            fake.requests.append(record)
            expected = "Basic " + base64.b64encode(f"{fake.account_sid}:{fake.auth_token}".encode()).decode()
            if self.path != f"/2010-04-01/Accounts/{fake.account_sid}/Messages.json":
                return self._error(404, 20404)
            if record["auth"] != expected:
                return self._error(401, 20003)
            to = form.get("To", "")
            number = to.removeprefix("whatsapp:")
            failure = fake._failure_for(number)
            if failure:
                return self._error(failure[0], failure[1])
            if number in fake.rejected:
                return self._error(400, fake.rejected[number], to=to)
            if not (number.startswith("+") and number[1:].isdigit() and form.get("Body")):
                return self._error(400, 21211, to=to)
            stall = fake.stalls.pop(0) if fake.stalls else None
            if stall == ("drop", False):
                return self._drop()
            record["sid"] = "SM" + secrets.token_hex(16)
            now = time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime())
            message = {
                "account_sid": fake.account_sid,
                "api_version": "2010-04-01",
                "body": form["Body"],
                "date_created": now,
                "date_sent": now,
                "direction": "outbound-api",
                "error_code": None,
                "error_message": None,
                "from": form.get("From"),
                "messaging_service_sid": None,
                "num_media": "0",
                "num_segments": "1",
                "price": None,
                "price_unit": "EUR",
                "sid": record["sid"],
                "status": "queued",
                "to": to,
                "uri": f"/2010-04-01/Accounts/{fake.account_sid}/Messages/{record['sid']}.json",
            }
            fake.accepted.append(message)
            if stall and stall[0] == "drop":
                self._drop()
            else:
                if stall and stall[0] == "slow":
                    time.sleep(stall[1])
                try:
                    self._reply(201, message)
                except OSError:  # the client gave up waiting
                    pass
            if form.get("StatusCallback"):
                fake._callbacks_later(form["StatusCallback"], message)

    return Handler


def start_fake_twilio():
    fake = FakeTwilio()
    fake.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    threading.Thread(target=fake.server.serve_forever, daemon=True).start()
    return fake


@pytest.fixture
def fake_twilio(settings):
    """A running fake Twilio; this process's settings point the SMS/WhatsApp providers at it."""
    fake = start_fake_twilio()
    for name, value in fake.settings().items():
        setattr(settings, name, value)
    try:
        yield fake
    finally:
        fake.server.shutdown()
        fake.server.server_close()
