"""Fixtures of the send engine's tests: in-memory providers and outbox rows."""

import datetime
import itertools

import pytest

from messaging.channels import locmem as locmem_module
from messaging.models import Message, Purpose
from ouderbetrokkenheid.school.clock import at_local, local_day
from tests.plugins.fake_mailgun import fake_mailgun  # noqa: F401 (fixture: a local fake Mailgun)

_keys = itertools.count()
DAY = datetime.date(2026, 6, 10)  # a Wednesday in summer time


def amsterdam(day, hour, minute=0):
    return at_local(day, datetime.time(hour, minute))


def outbox_row(guardian, *, at, purpose=Purpose.NOTICE, kind="", text="Morgen is de school dicht.", **fields):
    """An outbox row as the services write it (no quiet-hour shift: tests place rows exactly)."""
    day = local_day(at)
    week = day - datetime.timedelta(days=day.weekday()) if purpose == Purpose.ENGAGEMENT else None
    return Message.objects.create(
        school_id=guardian.school_id,
        guardian=guardian,
        purpose=purpose,
        kind=kind,
        week=week,
        day=day,
        channel=fields.pop("channel", guardian.channel),
        language=guardian.page_language,
        text=text,
        scheduled_at=at,
        idempotency_key=f"test:{next(_keys)}:{guardian.pk}",
        **fields,
    )


@pytest.fixture
def locmem(settings):
    """Every channel through the in-memory provider; links point at a known site."""
    for channel in ("EMAIL", "SMS", "WHATSAPP"):
        setattr(settings, f"MESSAGING_{channel}_PROVIDER", "messaging.channels.locmem.LocmemProvider")
    settings.SITE_URL = "https://ouders.example.nl"
    locmem_module.reset()
    yield locmem_module
    locmem_module.reset()
