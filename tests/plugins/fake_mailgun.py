"""A local fake of Mailgun's HTTP API and its tracking webhook (fixture `fake_mailgun`).

An http.server in a thread on 127.0.0.1 speaking what django-anymail's Mailgun backend uses:
POST /v3/{domain}/messages with HTTP basic auth ("api", key) and the message as a form
(multipart when it has attachments); 200 {"id": "<…@domain>", "message": "Queued. Thank you."}
(Mailgun keeps a Message-Id the sender set, as here), or 401 "Forbidden".

`event(kind, message, …)` builds a tracking webhook body in Mailgun's JSON format ("signature"
block: HMAC-SHA256 of timestamp + token with the webhook signing key, and "event-data");
`post_event(client, url, body)` posts it as Mailgun does (JSON, basic auth from the webhook URL).
`inbound(recipient=…, sender=…, text=…)` builds the signed form an inbound route forwards (an e-mail
a parent sent); `post_inbound(client, url, form)` posts it.
"""

import base64
import email.parser
import email.policy
import hashlib
import hmac
import json
import secrets
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer

import pytest

from tests.plugins.fake_http import JSONHandler

DOMAIN = "mg.ouders.example.nl"
WEBHOOK_USER, WEBHOOK_PASSWORD = "mailgun", "webhook-secret"


@dataclass
class FakeMailgun:
    api_key: str = field(default_factory=lambda: "key-" + secrets.token_hex(16))
    signing_key: str = field(default_factory=lambda: secrets.token_hex(16))
    messages: list = field(default_factory=list)  # dicts: id, to, from, subject, text, headers
    server: ThreadingHTTPServer = None

    @property
    def api_url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/v3"

    def settings(self):
        return {
            "EMAIL_BACKEND": "anymail.backends.mailgun.EmailBackend",
            "ANYMAIL": {
                "MAILGUN_API_KEY": self.api_key,
                "MAILGUN_SENDER_DOMAIN": DOMAIN,
                "MAILGUN_API_URL": self.api_url,
                "MAILGUN_WEBHOOK_SIGNING_KEY": self.signing_key,
                "WEBHOOK_SECRET": f"{WEBHOOK_USER}:{WEBHOOK_PASSWORD}",
            },
        }

    def sign(self, timestamp, token, key=None):
        return hmac.new((key or self.signing_key).encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()

    def event(self, kind, message, *, severity="permanent", code=550, text="5.1.1 The email account does not exist",
              key=None):  # fmt: skip
        """Mailgun's webhook body for `message` (one of .messages): kind failed|complained|delivered."""
        timestamp, token = str(int(time.time())), secrets.token_hex(25)
        data = {
            "id": secrets.token_urlsafe(16),
            "event": kind,
            "timestamp": time.time(),
            "recipient": message["to"],
            "recipient-domain": message["to"].rsplit("@", 1)[-1],
            "log-level": "error" if kind == "failed" else "info",
            "message": {
                "headers": {
                    "message-id": message["id"].strip("<>"),
                    "to": message["to"],
                    "from": message["from"],
                    "subject": message["subject"],
                }
            },  # fmt: skip
            "tags": [],
            "user-variables": {},
        }
        if kind == "failed":
            data.update(severity=severity, reason="bounce" if severity == "permanent" else "generic")
            data["delivery-status"] = {"code": code, "message": text, "description": "", "attempt-no": 1}
        return {"signature": {"timestamp": timestamp, "token": token, "signature": self.sign(timestamp, token, key)},
                "event-data": data}  # fmt: skip

    def inbound(self, *, recipient, sender, text, subject="Re: Bericht van school", key=None):
        """The form a Mailgun route (forward action, fully parsed) posts for an inbound e-mail, signed
        with the webhook signing key (HMAC-SHA256 of timestamp + token), as a list of pairs."""
        timestamp, token = str(int(time.time())), secrets.token_hex(25)
        message_id = f"<{secrets.token_hex(12)}@mail.example.nl>"
        headers = [["From", sender], ["To", recipient], ["Subject", subject], ["Message-Id", message_id]]
        return {
            "recipient": recipient, "sender": sender, "from": sender, "subject": subject,
            "body-plain": f"{text}\n\nOp maandag schreef school:\n> Bericht van school",
            "stripped-text": text, "message-headers": json.dumps(headers),
            "timestamp": timestamp, "token": token, "signature": self.sign(timestamp, token, key),
        }  # fmt: skip

    @staticmethod
    def post_inbound(client, url, form, *, password=WEBHOOK_PASSWORD):
        auth = base64.b64encode(f"{WEBHOOK_USER}:{password}".encode()).decode()
        return client.post(url, form, HTTP_AUTHORIZATION=f"Basic {auth}")

    @staticmethod
    def post_event(client, url, body, *, password=WEBHOOK_PASSWORD):
        auth = base64.b64encode(f"{WEBHOOK_USER}:{password}".encode()).decode()
        return client.post(url, json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Basic {auth}")


def _form(headers, body):
    kind = headers.get("Content-Type", "")
    if kind.startswith("multipart/"):
        parsed = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            f"Content-Type: {kind}\r\n\r\n".encode() + body
        )
        pairs = []
        for part in parsed.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if part.get_filename() is None:
                pairs.append((name, part.get_content()))
        return pairs
    return urllib.parse.parse_qsl(body.decode())


def _handler(fake):
    class Handler(JSONHandler):
        def do_POST(self):  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            expected = "Basic " + base64.b64encode(f"api:{fake.api_key}".encode()).decode()
            if self.headers.get("Authorization") != expected:
                return self._reply(401, {"message": "Forbidden"})
            if self.path != f"/v3/{DOMAIN}/messages":
                return self._reply(404, {"message": "Domain not found"})
            form = _form(self.headers, body)
            values = dict(form)
            headers = {name[2:]: value for name, value in form if name.startswith("h:")}
            message_id = headers.get("Message-Id") or headers.get("Message-ID") or f"<{secrets.token_hex(12)}@{DOMAIN}>"
            fake.messages.append({"id": message_id, "to": values.get("to", ""), "from": values.get("from", ""),
                                  "subject": values.get("subject", ""), "text": values.get("text", ""),
                                  "headers": headers})  # fmt: skip
            self._reply(200, {"id": message_id, "message": "Queued. Thank you."})

    return Handler


@pytest.fixture
def fake_mailgun(settings):
    """A running fake Mailgun; this process's e-mail goes to it through django-anymail."""
    fake = FakeMailgun()
    fake.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    threading.Thread(target=fake.server.serve_forever, daemon=True).start()
    for name, value in fake.settings().items():
        setattr(settings, name, value)
    try:
        yield fake
    finally:
        fake.server.shutdown()
        fake.server.server_close()
