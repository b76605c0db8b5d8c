"""SMS and WhatsApp through the Twilio provider, against a local fake of Twilio's API."""

import datetime
import time

import pytest
from django.urls import reverse

from messaging import engine
from messaging.channels.twilio import signature
from messaging.models import DeliveryStatus, Status

from .conftest import DAY, amsterdam, outbox_row

NOW = amsterdam(DAY, 10)
STATUS_URL = "https://ouders.example.nl/berichten/twilio/status/"


@pytest.fixture
def sms_anna(world, settings):
    settings.SITE_URL = "https://ouders.example.nl"
    world.anna.mobile, world.anna.channel = "+31612345678", "sms"
    world.anna.save()
    return world.anna


@pytest.fixture(autouse=True)
def no_enqueue(monkeypatch):
    monkeypatch.setattr(engine, "_enqueue", lambda ids: None)


def send(guardian, now=NOW, **fields):
    row = outbox_row(guardian, at=now - datetime.timedelta(minutes=1), **fields)
    engine.claim_due(now=now)
    return row, engine.deliver(message_id=row.pk, now=now)


def test_an_sms_goes_to_twilios_messages_endpoint_with_basic_auth_and_a_status_callback(fake_twilio, sms_anna):
    row, outcome = send(sms_anna, purpose="reminder")
    assert outcome == engine.Outcome.SENT
    [request] = fake_twilio.requests
    assert request["path"] == f"/2010-04-01/Accounts/{fake_twilio.account_sid}/Messages.json"
    assert request["form"]["To"] == "+31612345678" and request["form"]["From"] == "+3197010000000"
    assert request["form"]["StatusCallback"] == STATUS_URL
    assert request["form"]["Body"].endswith("Geen herinneringen meer? Stuur STOP ALLES.")
    row.refresh_from_db()
    assert row.provider_id == request["sid"] and row.delivery_status == DeliveryStatus.QUEUED


def test_whatsapp_uses_whatsapp_addresses_and_plain_text(fake_twilio, sms_anna):
    sms_anna.channel = "whatsapp"
    sms_anna.save()
    send(sms_anna, purpose="engagement", kind="tip", text="Lees samen.")
    form = fake_twilio.requests[0]["form"]
    assert (form["To"], form["From"]) == ("whatsapp:+31612345678", "whatsapp:+3197010000001")
    assert form["Body"] == "Lees samen."


def test_twilio_5xx_is_retried_and_then_succeeds(fake_twilio, sms_anna):
    fake_twilio.fail_next(2, status=503)
    row, outcome = send(sms_anna)
    assert outcome == engine.Outcome.RETRY
    assert engine.deliver(message_id=row.pk, now=NOW) == engine.Outcome.RETRY
    assert engine.deliver(message_id=row.pk, now=NOW) == engine.Outcome.SENT
    assert [a.ok for a in row.attempt_log.all()] == [False, False, True]
    assert len(fake_twilio.messages()) == 1


def test_a_network_timeout_is_transient(fake_twilio, sms_anna, settings):
    settings.TWILIO_BASE_URL = "http://127.0.0.1:9"  # nothing listens: connection refused
    _, outcome = send(sms_anna)
    assert outcome == engine.Outcome.RETRY


def test_an_invalid_number_falls_back_to_email_at_once(fake_twilio, sms_anna, locmem_email):
    fake_twilio.reject("+31612345678", code=21211)
    row, outcome = send(sms_anna)
    assert outcome == engine.Outcome.FELL_BACK
    engine.claim_due(now=NOW)
    assert engine.deliver(message_id=row.pk, now=NOW) == engine.Outcome.SENT
    row.refresh_from_db()
    assert row.channel == "email" and [o.to for o in locmem_email.outbox] == ["anna@example.nl"]
    attempts = [(a.channel, a.ok, a.error[:5]) for a in row.attempt_log.all()]
    assert attempts == [("sms", False, "21211"), ("email", True, "")]


def test_a_guardian_without_email_whose_number_fails_tries_whatsapp_then_fails(fake_twilio, sms_anna):
    sms_anna.email = ""
    sms_anna.save()
    fake_twilio.reject("+31612345678", code=21610)
    row, outcome = send(sms_anna)
    assert outcome == engine.Outcome.FELL_BACK
    engine.claim_due(now=NOW)
    assert engine.deliver(message_id=row.pk, now=NOW) == engine.Outcome.FAILED
    assert [a.channel for a in row.attempt_log.all()] == ["sms", "whatsapp"]
    row.refresh_from_db()
    assert row.status == Status.FAILED and "21610" in row.last_error


@pytest.fixture
def locmem_email(locmem, settings):
    settings.MESSAGING_SMS_PROVIDER = "messaging.channels.twilio.TwilioProvider"
    settings.MESSAGING_WHATSAPP_PROVIDER = "messaging.channels.twilio.TwilioProvider"
    return locmem


def callback(client, fake, params, *, token=None, url=STATUS_URL):
    sig = signature(url, params, token or fake.auth_token)
    return client.post(reverse("messaging:twilio_status"), params, HTTP_X_TWILIO_SIGNATURE=sig)


def test_a_signed_delivery_callback_updates_the_delivery_status(client, fake_twilio, sms_anna):
    row, _ = send(sms_anna)
    params = {"MessageSid": row.attempt_log.get().provider_id, "MessageStatus": "delivered", "AccountSid": "x"}
    assert callback(client, fake_twilio, params).status_code == 204
    row.refresh_from_db()
    assert row.delivery_status == DeliveryStatus.DELIVERED
    late = {**params, "MessageStatus": "sent"}  # callbacks may arrive out of order
    callback(client, fake_twilio, late)
    row.refresh_from_db()
    assert row.delivery_status == DeliveryStatus.DELIVERED


@pytest.mark.parametrize("tamper", ["token", "params", "missing"])
def test_a_callback_with_a_bad_signature_is_refused(client, fake_twilio, sms_anna, tamper):
    row, _ = send(sms_anna)
    row.refresh_from_db()
    params = {"MessageSid": row.provider_id, "MessageStatus": "undelivered", "ErrorCode": "30003"}
    if tamper == "token":
        response = callback(client, fake_twilio, params, token="not-the-auth-token")
    elif tamper == "params":
        sig = signature(STATUS_URL, params, fake_twilio.auth_token)
        response = client.post(
            reverse("messaging:twilio_status"), {**params, "MessageStatus": "failed"}, HTTP_X_TWILIO_SIGNATURE=sig
        )
    else:
        response = client.post(reverse("messaging:twilio_status"), params)
    assert response.status_code == 403
    row.refresh_from_db()
    assert (row.status, row.delivery_status) == (Status.SENT, DeliveryStatus.QUEUED)


def test_an_undelivered_callback_falls_back_to_the_next_channel(
    client, fake_twilio, sms_anna, locmem_email, monkeypatch
):
    monkeypatch.setattr(engine, "clock", lambda: NOW)
    row, _ = send(sms_anna)
    row.refresh_from_db()
    params = {"MessageSid": row.provider_id, "MessageStatus": "undelivered", "ErrorCode": "30003"}
    assert callback(client, fake_twilio, params).status_code == 204
    row.refresh_from_db()
    assert (row.status, row.channel, row.delivery_status) == (Status.PENDING, "email", DeliveryStatus.UNDELIVERED)
    engine.claim_due(now=NOW)
    assert engine.deliver(message_id=row.pk, now=NOW) == engine.Outcome.SENT
    assert len(locmem_email.outbox) == 1


def test_a_webhook_answers_get_with_405(client):
    assert client.get(reverse("messaging:twilio_status")).status_code == 405


@pytest.mark.django_db(transaction=True)
def test_the_fake_twilio_posts_signed_callbacks_to_the_live_server(live_server, fake_twilio, sms_anna, settings):
    settings.MESSAGING_CALLBACK_BASE_URL = live_server.url
    fake_twilio.outcome["+31612345678"] = ("undelivered", "30003")
    row, _ = send(sms_anna)
    deadline = time.monotonic() + 10
    while len(fake_twilio.callbacks) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [status for _, _, status in fake_twilio.callbacks] == [204, 204]
    assert fake_twilio.callbacks[0][0] == f"{live_server.url}/berichten/twilio/status/"
    row.refresh_from_db()
    assert row.delivery_status == DeliveryStatus.UNDELIVERED and row.channel == "email"
