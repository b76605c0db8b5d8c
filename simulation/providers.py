"""The outside world the simulated year sends to: a provider per channel that accepts every
message (parents' phones and mailboxes), except during an injected outage, when it times out.

The simulator points MESSAGING_*_PROVIDER here for the length of the run; the send engine
(claiming, retries, fallback to the next channel) is the real one."""

import datetime
import itertools
from dataclasses import dataclass, field

from django.utils import timezone

from messaging.channels.base import Outgoing, Provider, SendResult, TransientError

_ids = itertools.count(1)


@dataclass
class Outage:
    channel: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime

    def covers(self, channel, moment) -> bool:
        return channel == self.channel and self.starts_at <= moment < self.ends_at


@dataclass
class World:
    """What reached the parents, per channel, and the outages planned by the faults."""

    outages: list = field(default_factory=list)
    delivered: dict = field(default_factory=dict)  # channel -> count
    timeouts: dict = field(default_factory=dict)  # channel -> count

    def reset(self):
        self.outages.clear()
        self.delivered.clear()
        self.timeouts.clear()


world = World()


class SimulatedProvider(Provider):
    def send(self, outgoing: Outgoing) -> SendResult:
        now = timezone.now()
        if any(outage.covers(outgoing.channel, now) for outage in world.outages):
            world.timeouts[outgoing.channel] = world.timeouts.get(outgoing.channel, 0) + 1
            raise TransientError("read timeout (simulated outage)", code="timeout")
        world.delivered[outgoing.channel] = world.delivered.get(outgoing.channel, 0) + 1
        return SendResult(provider_id=f"sim-{next(_ids)}", status="delivered")


PROVIDER_SETTINGS = {
    "MESSAGING_EMAIL_PROVIDER": "simulation.providers.SimulatedProvider",
    "MESSAGING_SMS_PROVIDER": "simulation.providers.SimulatedProvider",
    "MESSAGING_WHATSAPP_PROVIDER": "simulation.providers.SimulatedProvider",
}
