"""No duplicate SMS on a slow provider: an attempt whose answer never came (the client
timeout, the connection dropped after the request) is looked up at Twilio's REST API before
anything is sent again; each message reaches the fake Twilio once."""

import datetime
import time

import pytest

from messaging import engine
from messaging.models import Status

from .conftest import DAY, amsterdam, outbox_row

NOW = amsterdam(DAY, 10)


@pytest.fixture(autouse=True)
def no_enqueue(monkeypatch):
    monkeypatch.setattr(engine, "_enqueue", lambda ids: None)


@pytest.fixture
def sms_anna(world, settings, fake_twilio):
    settings.SITE_URL = "https://ouders.example.nl"
    settings.TWILIO_TIMEOUT_SECONDS = 0.5
    fake_twilio.callback_delay = 60  # no status callbacks during these tests
    world.anna.mobile, world.anna.channel = "+31612345678", "sms"
    world.anna.save()
    return world.anna


def claimed(guardian):
    row = outbox_row(guardian, at=NOW - datetime.timedelta(minutes=1), purpose="reminder", text="Morgen gesprek.")
    assert engine.claim_due(now=NOW) == [row.pk]
    return row


def posts(fake):
    return [r for r in fake.requests if r["path"].endswith("/Messages.json")]


@pytest.mark.parametrize("stall", ["slow", "drop"])
def test_an_unanswered_sms_is_found_at_twilio_and_not_sent_again(stall, fake_twilio, sms_anna):
    if stall == "slow":
        fake_twilio.slow_next(1, delay=1.5)
    else:
        fake_twilio.drop_next(1)
    row = claimed(sms_anna)
    assert engine.deliver(message_id=row.pk, now=NOW) == engine.Outcome.RETRY
    [attempt] = row.attempt_log.all()
    assert attempt.outcome_unknown and not attempt.ok and "unknown" in attempt.error
    time.sleep(1.2 if stall == "slow" else 0)  # the slow answer is written to nobody meanwhile
    later = NOW + datetime.timedelta(seconds=45)
    assert engine.deliver(message_id=row.pk, now=later) == engine.Outcome.SENT
    row.refresh_from_db()
    [message] = fake_twilio.accepted
    assert len(posts(fake_twilio)) == 1, "the text was posted to Twilio once"
    assert (row.status, row.provider_id, row.channel) == (Status.SENT, message["sid"], "sms")
    assert [(a.ok, a.outcome_unknown) for a in row.attempt_log.all()] == [(False, False), (True, False)]


def test_a_request_dropped_before_twilio_accepted_it_is_sent_again_after_the_lookup(fake_twilio, sms_anna):
    fake_twilio.drop_next(1, accept=False)
    row = claimed(sms_anna)
    assert engine.deliver(message_id=row.pk, now=NOW) == engine.Outcome.RETRY
    assert engine.deliver(message_id=row.pk, now=NOW + datetime.timedelta(seconds=45)) == engine.Outcome.SENT
    assert len(posts(fake_twilio)) == 2 and len(fake_twilio.accepted) == 1


def test_when_twilio_cannot_be_asked_nothing_is_sent_again(fake_twilio, sms_anna, settings):
    fake_twilio.drop_next(1)
    row = claimed(sms_anna)
    assert engine.deliver(message_id=row.pk, now=NOW) == engine.Outcome.RETRY
    settings.TWILIO_BASE_URL = "http://127.0.0.1:9"  # the API is unreachable for the lookup
    assert engine.deliver(message_id=row.pk, now=NOW + datetime.timedelta(seconds=45)) == engine.Outcome.RETRY
    assert row.attempt_log.filter(outcome_unknown=True).exists(), "still unknown: looked up again next time"
    settings.TWILIO_BASE_URL = fake_twilio.base_url
    assert engine.deliver(message_id=row.pk, now=NOW + datetime.timedelta(seconds=90)) == engine.Outcome.SENT
    assert len(fake_twilio.accepted) == 1


def test_an_earlier_identical_text_does_not_count_as_this_attempt(fake_twilio, sms_anna):
    fake_twilio.accepted.append({"sid": "SMold", "to": "+31612345678", "from": "+3197010000000",
                                 "body": "Morgen gesprek.\\nGeen herinneringen meer? Stuur STOP ALLES.",
                                 "date_created": "Mon, 01 Jun 2026 10:00:00 +0000", "date_sent": None,
                                 "status": "delivered"})  # fmt: skip
    fake_twilio.drop_next(1, accept=False)
    row = claimed(sms_anna)
    engine.deliver(message_id=row.pk, now=NOW)
    assert engine.deliver(message_id=row.pk, now=NOW + datetime.timedelta(seconds=45)) == engine.Outcome.SENT
    row.refresh_from_db()
    assert row.provider_id != "SMold" and len(posts(fake_twilio)) == 2


def test_the_fake_lists_messages_filtered_by_to_and_date_sent(fake_twilio, sms_anna):
    import json
    import urllib.request

    from messaging.channels.twilio import _auth, _messages_url

    row = claimed(sms_anna)
    engine.deliver(message_id=row.pk, now=NOW)
    today = fake_twilio.accepted[0]["date_sent"]
    day = datetime.datetime.strptime(today, "%a, %d %b %Y %H:%M:%S +0000").date()
    for query, count in ((f"To=%2B31612345678&DateSent%3E={day}", 1), ("To=%2B31600000000", 0),
                         (f"DateSent%3C={day - datetime.timedelta(days=1)}", 0)):  # fmt: skip
        request = urllib.request.Request(f"{_messages_url()}?{query}", headers=_auth())
        with urllib.request.urlopen(request, timeout=5) as response:
            assert len(json.load(response)["messages"]) == count, query
