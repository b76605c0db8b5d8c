"""The outside world the simulated year sends to: a provider per channel that accepts every
message (parents' phones and mailboxes), except during an injected outage:

- `timeout`: the provider does not answer and did not take the message (TransientError);
- `slow`: the provider takes the message but answers after the client's timeout
  (UnknownOutcomeError; the engine looks it up before sending again);
- `dropped`: the connection drops after the request was received; every other such request
  was taken before the drop (UnknownOutcomeError either way);
- `bounce`: e-mail to a dead address is taken, then reported as a hard bounce through the real
  Mailgun tracking webhook (signed as Mailgun signs it) once the send has committed.

`world.accepted` counts, per message and channel (the idempotency key), what the provider took:
the invariant "each message reaches the provider at most once" reads it. `lookup` answers
from the same record, as Twilio's Messages list does.

The simulator points MESSAGING_*_PROVIDER here for the length of the run; the send engine
(claiming, retries, fallback to the next channel) is the real one."""

import base64
import datetime
import hashlib
import hmac
import itertools
import json
import secrets
from dataclasses import dataclass, field

from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from messaging.channels.base import Outgoing, Provider, SendResult, TransientError, UnknownOutcomeError

_ids = itertools.count(1)


@dataclass
class Outage:
    channel: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    mode: str = "timeout"  # timeout | slow | dropped | bounce (see the module's docstring)
    addresses: frozenset = frozenset()  # bounce: the dead addresses
    fault: object = None  # the Fault whose notes and details this outage keeps up to date

    def covers(self, channel, moment, to="") -> bool:
        if self.mode == "bounce" and to.lower() not in self.addresses:
            return False
        return channel == self.channel and self.starts_at <= moment < self.ends_at


class Acceptances(dict):
    """idempotency key -> [(moment, provider id, to)], also keeping apart (`repeated`) the keys
    taken more than once, so the daily check reads those instead of every key of the year."""

    def __init__(self):
        super().__init__()
        self.repeated = {}

    def __setitem__(self, key, taken):
        super().__setitem__(key, taken)
        if len(taken) > 1:
            self.repeated[key] = taken

    def take(self, key, entry):
        taken = self.setdefault(key, [])
        taken.append(entry)
        if len(taken) > 1:
            self.repeated[key] = taken

    def clear(self):
        super().clear()
        self.repeated.clear()


@dataclass
class World:
    """What reached the parents, per channel, and the outages planned by the faults."""

    outages: list = field(default_factory=list)
    delivered: dict = field(default_factory=dict)  # channel -> count
    timeouts: dict = field(default_factory=dict)  # channel -> count
    accepted: Acceptances = field(default_factory=Acceptances)  # idempotency key -> [(moment, provider id, to)]
    unanswered: dict = field(default_factory=dict)  # channel -> requests sent without an answer
    bounced: list = field(default_factory=list)  # (moment, provider id, address) reported by the webhook
    dropped_requests: int = 0

    def reset(self):
        self.outages.clear()
        self.delivered.clear()
        self.timeouts.clear()
        self.accepted.clear()
        self.unanswered.clear()
        self.bounced.clear()
        self.dropped_requests = 0

    def accept(self, outgoing: Outgoing, now) -> str:
        provider_id = f"sim-{next(_ids)}"
        self.accepted.take(outgoing.idempotency_key, (now, provider_id, outgoing.to))
        self.delivered[outgoing.channel] = self.delivered.get(outgoing.channel, 0) + 1
        return provider_id

    def duplicates(self) -> dict:
        """{idempotency key: times accepted} for every message the provider took more than once."""
        return {key: len(taken) for key, taken in self.accepted.repeated.items()}


world = World()


COUNTED = ("unanswered", "taken_before_drop", "bounced")


def _count(outage, name, n=1):
    """Keep the fault's counts, and its last note saying them (the report prints the notes)."""
    fault = outage.fault
    if fault is None:
        return
    fault.details[name] = fault.details.get(name, 0) + n
    line = ", ".join(f"{key.replace('_', ' ')}: {fault.details[key]}" for key in COUNTED if key in fault.details)
    fault.notes[1:] = [line]


def _unanswered(outage, outgoing, error):
    world.unanswered[outgoing.channel] = world.unanswered.get(outgoing.channel, 0) + 1
    _count(outage, "unanswered")
    raise UnknownOutcomeError(error, code=outage.mode)


class SimulatedProvider(Provider):
    def send(self, outgoing: Outgoing) -> SendResult:
        now = timezone.now()
        outage = next((o for o in world.outages if o.covers(outgoing.channel, now, outgoing.to)), None)
        if outage is None:
            return SendResult(provider_id=world.accept(outgoing, now), status="delivered")
        if outage.mode == "slow":  # taken; the answer comes after the client's timeout
            world.accept(outgoing, now)
            _unanswered(outage, outgoing, "read timeout after the request was sent (simulated slow provider)")
        if outage.mode == "dropped":  # received; every other one taken before the connection dropped
            world.dropped_requests += 1
            if world.dropped_requests % 2:
                world.accept(outgoing, now)
                _count(outage, "taken_before_drop")
            _unanswered(outage, outgoing, "connection reset after the request was sent (simulated)")
        if outage.mode == "bounce":  # taken now, reported as a hard bounce once the send committed
            provider_id = world.accept(outgoing, now)
            transaction.on_commit(lambda: mailgun_bounce(outage, provider_id, outgoing.to))
            return SendResult(provider_id=provider_id, status="queued")
        world.timeouts[outgoing.channel] = world.timeouts.get(outgoing.channel, 0) + 1
        raise TransientError("read timeout (simulated outage)", code="timeout")

    def lookup(self, outgoing: Outgoing, *, since) -> SendResult | None:
        """The provider's record of `outgoing` taken at or after `since` (Twilio's Messages list)."""
        taken = [pid for at, pid, _to in world.accepted.get(outgoing.idempotency_key, []) if at >= since]
        return SendResult(provider_id=taken[0], status="delivered") if taken else None


# -- the Mailgun tracking webhook -------------------------------------------------------------------------

WEBHOOK_USER, WEBHOOK_PASSWORD = "mailgun", "simulated-" + secrets.token_hex(8)
SIGNING_KEY = secrets.token_hex(16)


def mailgun_event(provider_id: str, recipient: str) -> dict:
    """A permanent failure ("bounce") in Mailgun's webhook JSON, signed with SIGNING_KEY."""
    timestamp, token = str(int(timezone.now().timestamp())), secrets.token_hex(25)
    signature = hmac.new(SIGNING_KEY.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    data = {
        "id": secrets.token_urlsafe(16),
        "event": "failed",
        "severity": "permanent",
        "reason": "bounce",
        "timestamp": timezone.now().timestamp(),
        "recipient": recipient,
        "recipient-domain": recipient.rsplit("@", 1)[-1],
        "log-level": "error",
        "message": {"headers": {"message-id": provider_id, "to": recipient}},
        "delivery-status": {"code": 550, "message": "5.1.1 The email account does not exist", "attempt-no": 1},
        "tags": [],
        "user-variables": {},
    }
    return {"signature": {"timestamp": timestamp, "token": token, "signature": signature}, "event-data": data}


def mailgun_bounce(outage, provider_id: str, recipient: str) -> None:
    """Mailgun reports the bounce: POST to our tracking webhook, verified as in production."""
    auth = base64.b64encode(f"{WEBHOOK_USER}:{WEBHOOK_PASSWORD}".encode()).decode()
    anymail = {"MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY, "WEBHOOK_SECRET": f"{WEBHOOK_USER}:{WEBHOOK_PASSWORD}"}
    with override_settings(ANYMAIL=anymail, ALLOWED_HOSTS=["*"]):
        response = Client().post(
            reverse("messaging:mailgun_tracking"),
            json.dumps(mailgun_event(provider_id, recipient)),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Basic {auth}",
        )
    if response.status_code != 200:
        raise RuntimeError(f"the tracking webhook refused the bounce: {response.status_code}")
    world.bounced.append((timezone.now(), provider_id, recipient))
    _count(outage, "bounced")


PROVIDER_SETTINGS = {
    "MESSAGING_EMAIL_PROVIDER": "simulation.providers.SimulatedProvider",
    "MESSAGING_SMS_PROVIDER": "simulation.providers.SimulatedProvider",
    "MESSAGING_WHATSAPP_PROVIDER": "simulation.providers.SimulatedProvider",
}
