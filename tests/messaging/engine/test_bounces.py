"""E-mail bounces through the ESP (django-anymail, Mailgun) against a local fake Mailgun: a
signed hard-bounce webhook marks the address as not working, the message falls back to SMS,
the next message goes by SMS, and the guardian shows as not reachable (list and dashboard)."""

import datetime

import pytest
from django.urls import reverse

from messaging import engine
from messaging.channels import locmem as locmem_module
from messaging.channels.reachability import unreachable_guardians
from messaging.models import DeliveryStatus, Status
from messaging.services import channels_for, notice_send
from messaging.timing import outside_quiet_hours

from .conftest import DAY, amsterdam, outbox_row

NOW = amsterdam(DAY, 10)
WEBHOOK = "/berichten/mailgun/tracking/"


@pytest.fixture(autouse=True)
def no_enqueue(monkeypatch):
    monkeypatch.setattr(engine, "_enqueue", lambda ids: None)


@pytest.fixture
def anna(world, settings):
    settings.MESSAGING_SMS_PROVIDER = "messaging.channels.locmem.LocmemProvider"
    settings.SITE_URL = "https://ouders.example.nl"
    world.anna.mobile, world.anna.channel = "+31612345678", "email"
    world.anna.save()
    locmem_module.reset()
    yield world.anna
    locmem_module.reset()


def sent_by_email(guardian):
    row = outbox_row(guardian, at=NOW - datetime.timedelta(minutes=1))
    engine.claim_due(now=NOW)
    assert engine.deliver(message_id=row.pk, now=NOW) == engine.Outcome.SENT
    row.refresh_from_db()
    return row


def test_the_webhook_url_is_the_named_route():
    assert reverse("messaging:mailgun_tracking") == WEBHOOK


def test_e_mail_goes_through_the_esp_and_keeps_its_message_id(fake_mailgun, anna):
    row = sent_by_email(anna)
    [message] = fake_mailgun.messages
    assert message["to"] == "anna@example.nl" and "Morgen is de school dicht." in message["text"]
    assert row.provider_id == message["id"] and row.channel == "email"


def test_a_hard_bounce_falls_back_to_sms_and_marks_the_address(client, fake_mailgun, anna, world):
    row = sent_by_email(anna)
    response = fake_mailgun.post_event(client, WEBHOOK, fake_mailgun.event("failed", fake_mailgun.messages[0]))
    assert response.status_code == 200
    anna.refresh_from_db()
    row.refresh_from_db()
    assert anna.email_bounced == "anna@example.nl" and not anna.email_works
    assert (row.status, row.channel, row.delivery_status) == (Status.PENDING, "sms", DeliveryStatus.UNDELIVERED)
    assert "bounced" in row.attempt_log.get(channel="email").error
    later = outside_quiet_hours(row.scheduled_at)  # the fallback is due at once (the engine's clock)
    assert engine.claim_due(now=later) == [row.pk]
    assert engine.deliver(message_id=row.pk, now=later) == engine.Outcome.SENT
    assert [o.to for o in locmem_module.outbox] == ["+31612345678"]
    # The next message goes by SMS straight away; the guardian is on the teacher's list.
    assert channels_for(anna) == ["sms", "whatsapp"]
    [notice] = notice_send(guardians=[anna], source="t:2", text_for=lambda g: "Nog iets.")
    assert notice.channel == "sms"
    assert anna in list(unreachable_guardians(world.tess.user))
    page = client.get(reverse("messaging:unreachable"))  # anonymous: refused, the list is for staff
    assert page.status_code in (302, 403)


def test_the_teachers_list_and_the_reach_dashboard_say_the_address_does_not_work(
    client,
    fake_mailgun,
    anna,
    world,
    login_as,
):
    sent_by_email(anna)
    fake_mailgun.post_event(client, WEBHOOK, fake_mailgun.event("failed", fake_mailgun.messages[0]))
    page = login_as(world.tess).get(reverse("messaging:unreachable")).content.decode()
    assert 'data-reason="bounced"' in page and "Anna" in page
    from reach.selectors import _needs

    anna.refresh_from_db()
    anna.marked = False
    assert "no_email" in _needs(anna, lateral=False)


def test_a_new_address_works_again(fake_mailgun, anna):
    anna.email_bounced = anna.email
    anna.save()
    assert "email" not in channels_for(anna)
    anna.email = "anna.nieuw@example.nl"
    assert channels_for(anna)[0] == "email"


@pytest.mark.parametrize("change", ["signature", "password"])
def test_a_webhook_without_a_valid_signature_or_secret_changes_nothing(client, fake_mailgun, anna, change):
    sent_by_email(anna)
    message = fake_mailgun.messages[0]
    if change == "signature":
        response = fake_mailgun.post_event(client, WEBHOOK, fake_mailgun.event("failed", message, key="wrong"))
    else:
        response = fake_mailgun.post_event(client, WEBHOOK, fake_mailgun.event("failed", message), password="x")
    assert response.status_code in (400, 401, 403)
    anna.refresh_from_db()
    assert anna.email_works


def test_a_soft_bounce_changes_nothing(client, fake_mailgun, anna):
    row = sent_by_email(anna)
    event = fake_mailgun.event("failed", fake_mailgun.messages[0], severity="temporary", code=452, text="mailbox full")
    assert fake_mailgun.post_event(client, WEBHOOK, event).status_code == 200
    anna.refresh_from_db()
    row.refresh_from_db()
    assert anna.email_works and row.status == Status.SENT
