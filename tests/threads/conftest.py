"""Fixtures of the two-way contact tests: Anna (Pim's guardian, groep 3 with Tess) with a mobile
number, messages actually sent to her through the send engine, and her thread."""

import itertools

import pytest
from django.utils import timezone

from messaging import engine
from messaging.channels import locmem as locmem_module
from messaging.models import Message, Purpose
from messaging.services import message_part_add
from tests.plugins.fake_mailgun import fake_mailgun  # noqa: F401 (fixture: a local fake Mailgun)

MOBILE = "+31612345678"
REPLY_DOMAIN = "antwoord.ouders.example.nl"
_sources = itertools.count()


@pytest.fixture(autouse=True)
def no_enqueue(monkeypatch):
    """The engine's tasks are not queued: each test delivers what it claims itself."""
    monkeypatch.setattr(engine, "_enqueue", lambda ids: None)


@pytest.fixture
def locmem(settings):
    """Every channel through the in-memory provider; inbound e-mail on a known domain."""
    for channel in ("EMAIL", "SMS", "WHATSAPP"):
        setattr(settings, f"MESSAGING_{channel}_PROVIDER", "messaging.channels.locmem.LocmemProvider")
    settings.SITE_URL = "https://ouders.example.nl"
    settings.MESSAGING_REPLY_DOMAIN = REPLY_DOMAIN
    locmem_module.reset()
    yield locmem_module
    locmem_module.reset()


@pytest.fixture
def anna(world, settings):
    settings.SITE_URL = "https://ouders.example.nl"
    settings.MESSAGING_REPLY_DOMAIN = REPLY_DOMAIN
    world.anna.mobile = MOBILE
    world.anna.save(update_fields=["mobile"])
    return world.anna


def deliver_due():
    """Claim and send what is due now, as the beat and a worker would; returns the outcomes."""
    return [engine.deliver(message_id=pk) for pk in engine.claim_due()]


def sent_to(guardian, *, channel, pupil, text="Pim las vandaag een heel boek uit."):
    """A notice about `pupil`, sent to `guardian` on `channel` through the real send engine."""
    message = message_part_add(guardian=guardian, purpose=Purpose.NOTICE, source=f"test:{next(_sources)}",
                               text=text, scheduled_at=timezone.now(), pupil=pupil)  # fmt: skip
    Message.objects.filter(pk=message.pk).update(fixed_channel=channel, channel=channel)
    assert engine.Outcome.SENT in deliver_due()
    message.refresh_from_db()
    assert message.status == "sent" and message.channel == channel
    return message
