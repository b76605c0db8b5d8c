"""Consent: STOP by SMS stops only what it should, unsubscribe links, the consent page."""

import pytest
from django.urls import reverse

from messaging import consent
from messaging.channels.render import outgoing_for
from messaging.channels.twilio import signature
from messaging.models import Message, Status, Subscription
from messaging.services import message_part_add

from .conftest import DAY, amsterdam, outbox_row

INBOUND_URL = "https://ouders.example.nl/berichten/twilio/inbound/"
AUTH_TOKEN = "test-auth-token"


@pytest.fixture
def twilio_settings(settings):
    settings.SITE_URL = "https://ouders.example.nl"
    settings.TWILIO_AUTH_TOKEN = AUTH_TOKEN


@pytest.fixture
def anna(world):
    world.anna.mobile = "+31612345678"
    world.anna.save()
    return world.anna


def schedule(guardian, purpose, kind=""):
    return message_part_add(
        guardian=guardian,
        purpose=purpose,
        kind=kind,
        source=f"test:{purpose}:{kind}",
        text="Tekst.",
        scheduled_at=amsterdam(DAY, 18),
    )


def inbound(client, body, number="+31612345678", token=AUTH_TOKEN):
    params = {"From": number, "To": "+3197010000000", "Body": body, "MessageSid": "SM1", "AccountSid": "AC1"}
    sig = signature(INBOUND_URL, params, token)
    return client.post(reverse("messaging:twilio_inbound"), params, HTTP_X_TWILIO_SIGNATURE=sig)


def test_stop_by_sms_stops_tips_and_other_engagement_but_not_reminders(client, anna, twilio_settings):
    tip, reminder = schedule(anna, "engagement", "tip"), schedule(anna, "reminder")
    response = inbound(client, " stop ")
    assert response.status_code == 200 and b"STOP ALLES" in response.content
    assert not consent.is_subscribed(anna, "tip") and not consent.is_subscribed(anna, "progress")
    assert consent.is_subscribed(anna, "reminder")
    tip.refresh_from_db()
    reminder.refresh_from_db()
    assert (tip.status, reminder.status) == (Status.CANCELLED, Status.PENDING)
    assert schedule(anna, "engagement", "encouragement") is None
    assert schedule(anna, "notice") is not None  # urgent changes always go


def test_stop_tips_is_the_same_as_stop(client, anna, twilio_settings):
    inbound(client, "Stop Tips")
    assert not consent.is_subscribed(anna, "tip") and consent.is_subscribed(anna, "reminder")


def test_stop_alles_stops_reminders_too_and_start_brings_everything_back(client, anna, twilio_settings):
    reminder = schedule(anna, "reminder")
    inbound(client, "STOP ALLES")
    reminder.refresh_from_db()
    assert reminder.status == Status.CANCELLED and not consent.is_subscribed(anna, "reminder")
    inbound(client, "start")
    assert all(consent.is_subscribed(anna, t) for t in consent.ALL_TOPICS)


def test_stop_affects_only_the_guardians_with_that_number(client, anna, world, twilio_settings):
    schedule(world.bert, "engagement", "tip")
    inbound(client, "STOP")
    assert consent.is_subscribed(world.bert, "tip")
    assert Message.objects.get(guardian=world.bert).status == Status.PENDING


def test_stop_from_whatsapp_works_and_other_words_change_nothing(client, anna, twilio_settings):
    response = inbound(client, "Hallo juf, Pim is ziek")
    assert response.content.endswith(b"<Response></Response>")
    assert not Subscription.objects.exists()
    inbound(client, "STOP", number="whatsapp:+31612345678")
    assert not consent.is_subscribed(anna, "tip")


def test_inbound_sms_with_a_bad_signature_is_refused(client, anna, twilio_settings):
    assert inbound(client, "STOP", token="forged").status_code == 403
    assert consent.is_subscribed(anna, "tip")


def unsubscribe_path(message):
    body = outgoing_for(message, "email").text
    return next(line for line in body.splitlines() if "/afmelden/" in line).removeprefix("https://ouders.example.nl")


def test_the_unsubscribe_link_in_an_email_stops_that_topic_once(client, world, twilio_settings):
    message = outbox_row(world.anna, at=amsterdam(DAY, 10), purpose="engagement", kind="tip")
    path = unsubscribe_path(message)
    page = client.get(path)
    assert page.status_code == 200 and b"Tips voor thuis" in page.content
    assert consent.is_subscribed(world.anna, "tip")  # a GET (a mail scanner) changes nothing
    assert client.post(path).status_code == 200
    assert not consent.is_subscribed(world.anna, "tip")
    assert consent.is_subscribed(world.anna, "reminder") and consent.is_subscribed(world.bert, "tip")
    assert client.post(path).status_code == 400  # used
    consent.topics_start(guardians=[world.anna], topics=["tip"], via="portal")
    assert client.post(path).status_code == 400  # still used


def test_a_forged_or_foreign_token_does_nothing(client, world, twilio_settings):
    token = consent.unsubscribe_token(guardian=world.anna, topic="tip")
    assert client.post(reverse("messaging:unsubscribe", args=[token[:-2] + "xx"])).status_code == 400
    other = consent.signing.dumps({"g": world.bert.pk, "t": "tip", "v": ""}, salt="another.salt", compress=True)
    assert client.post(reverse("messaging:unsubscribe", args=[other])).status_code == 400
    assert consent.is_subscribed(world.bert, "tip")


def test_one_click_unsubscribe_from_a_mail_client_needs_no_csrf_token(world, twilio_settings):
    from django.test import Client

    path = reverse("messaging:unsubscribe", args=[consent.unsubscribe_token(guardian=world.anna, topic="reminder")])
    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and not consent.is_subscribed(world.anna, "reminder")


def test_rendering_uses_the_guardians_language(world, twilio_settings):
    world.anna.language = "en"
    world.anna.mobile = "+31612345678"
    world.anna.save()
    message = outbox_row(world.anna, at=amsterdam(DAY, 10), purpose="reminder")
    sms = outgoing_for(message, "sms")
    email = outgoing_for(message, "email")
    assert sms.text.startswith("Morgen is de school dicht.\n") and sms.text.endswith("Send STOP ALL.")
    assert email.subject and "/berichten/afmelden/" in email.text
    assert outgoing_for(message, "whatsapp").text == "Morgen is de school dicht."


def test_the_guardian_chooses_topics_and_channel_on_the_consent_page(login_as, anna, twilio_settings):
    client = login_as(anna)
    page = client.get(reverse("messaging:preferences"))
    assert page.status_code == 200 and b"Tips voor thuis" in page.content
    tip = schedule(anna, "engagement", "tip")
    data = {"progress": "on", "encouragement": "on", "reminder": "on", "channel": "sms"}
    assert client.post(reverse("messaging:preferences"), data).status_code == 302
    anna.refresh_from_db()
    tip.refresh_from_db()
    assert anna.channel == "sms" and tip.status == Status.CANCELLED
    assert not consent.is_subscribed(anna, "tip") and consent.is_subscribed(anna, "progress")
    assert Subscription.objects.get(guardian=anna, topic="tip").changed_via == "portal"


def test_the_consent_page_refuses_a_channel_the_guardian_does_not_have(login_as, world):
    world.anna.mobile = ""
    world.anna.save()
    client = login_as(world.anna)
    response = client.post(reverse("messaging:preferences"), {"channel": "sms"})
    world.anna.refresh_from_db()
    assert response.status_code == 200 and world.anna.channel == "email"


def test_the_consent_page_is_for_guardians_only(client, login_as, world):
    url = reverse("messaging:preferences")
    assert client.get(url).status_code == 302
    assert login_as(world.tess).get(url).status_code == 403


def test_the_contact_list_is_scoped_to_the_teachers_pupils(login_as, world):
    for guardian in (world.anna, world.bert, world.karel):
        guardian.email = ""
        guardian.mobile = ""
        guardian.save()
    url = reverse("messaging:unreachable")
    tess = login_as(world.tess).get(url).content.decode()
    assert "Anna Prins" in tess and "Pim" in tess and "Bert" not in tess and "Karel" not in tess
    lea = login_as(world.lea).get(url).content.decode()
    assert "Anna Prins" in lea and "Bert Bakker" in lea and "Karel" not in lea
    sven = login_as(world.sven).get(url).content.decode()
    assert "Karel Kok" in sven and "Anna" not in sven


def test_the_contact_list_is_not_for_guardians_or_anonymous(client, login_as, world):
    url = reverse("messaging:unreachable")
    assert client.get(url).status_code == 302
    assert login_as(world.anna).get(url).status_code == 403


def test_the_contact_list_runs_a_bounded_number_of_queries(login_as, world, django_assert_max_num_queries):
    for i in range(10):
        from tests import factories as f

        guardian = f.GuardianFactory(school=world.school_a, email="", mobile="", last_name=f"Ouder{i}")
        f.GuardianOfFactory(guardian=guardian, pupil=world.pim)
    client = login_as(world.tess)
    client.get(reverse("messaging:unreachable"))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("messaging:unreachable")).status_code == 200


def test_stopping_keeps_the_history_of_messages_already_sent(world):
    message = outbox_row(world.anna, at=amsterdam(DAY, 10), purpose="engagement", kind="tip", status=Status.SENT)
    consent.topics_stop(guardians=[world.anna], topics=["tip"], via="sms")
    message.refresh_from_db()
    assert message.status == Status.SENT


def test_an_unsubscribe_link_lives_ninety_days(client, world, twilio_settings, clock):
    """Bounded (issue 17, point 7): long enough for a mail read after the summer holiday, not a year."""
    import datetime

    from django.utils import timezone

    made = timezone.now()
    token = consent.unsubscribe_token(guardian=world.anna, topic="tip")
    clock.move_to(made + datetime.timedelta(days=89))
    assert client.get(reverse("messaging:unsubscribe", args=[token])).status_code == 200
    clock.move_to(made + datetime.timedelta(days=91))
    assert client.post(reverse("messaging:unsubscribe", args=[token])).status_code == 400
    assert consent.is_subscribed(world.anna, "tip")
