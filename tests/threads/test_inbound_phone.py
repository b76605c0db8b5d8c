"""Replies by SMS and WhatsApp through Twilio's inbound webhook, posted by the local fake Twilio
server to the live app with a real X-Twilio-Signature: a signed reply lands in the family's
thread about the child the message was about; a forged one is refused and writes nothing; STOP
keeps working first; a digit is a quick answer."""

import pytest

from messaging.models import Subscription
from threads.models import ConversationRequest, Direction, Post, QuickAnswer, Thread

from .conftest import MOBILE, sent_to

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def inbound_url(live_server, settings):
    settings.MESSAGING_CALLBACK_BASE_URL = live_server.url
    return f"{live_server.url}/berichten/twilio/inbound/"


@pytest.mark.parametrize("channel, sender", [("sms", MOBILE), ("whatsapp", f"whatsapp:{MOBILE}")])
def test_a_signed_reply_lands_in_the_guardians_thread_about_the_child(
    fake_twilio, inbound_url, anna, world, channel, sender
):
    answered = sent_to(anna, channel=channel, pupil=world.pim)
    text = "Fijn om te horen! Hij leest thuis ook."
    status, body = fake_twilio.inbound(inbound_url, from_=sender, body=text)
    assert status == 200 and body.startswith("<?xml")
    post = Post.objects.get()
    assert (post.direction, post.via, post.body) == (Direction.FROM_PARENT, channel, text)
    assert post.answers == answered
    assert post.thread.guardian == anna and list(post.thread.pupils.all()) == [world.pim]


@pytest.mark.parametrize("sender", [MOBILE, f"whatsapp:{MOBILE}"])
def test_a_reply_with_a_forged_signature_is_refused_and_writes_nothing(fake_twilio, inbound_url, anna, world, sender):
    sent_to(anna, channel="whatsapp" if sender.startswith("whatsapp:") else "sms", pupil=world.pim)
    status, _body = fake_twilio.inbound(inbound_url, from_=sender, body="Hallo", token="not-the-auth-token")
    assert status == 403
    assert not Post.objects.exists() and not Thread.objects.exists()


def test_stop_keeps_working_first_and_is_not_filed(fake_twilio, inbound_url, anna, world):
    sent_to(anna, channel="sms", pupil=world.pim)
    status, body = fake_twilio.inbound(inbound_url, from_=MOBILE, body="stop")
    assert status == 200 and "geen tips en nieuws meer" in body
    assert Subscription.objects.filter(guardian=anna, active=False).count() == 3
    assert not Post.objects.exists()


def test_a_digit_is_a_quick_answer_and_3_asks_for_a_conversation(fake_twilio, inbound_url, anna, world):
    anna.language = "ar"
    anna.save(update_fields=["language"])
    sent_to(anna, channel="sms", pupil=world.pim)
    status, body = fake_twilio.inbound(inbound_url, from_=MOBILE, body=" 3 ")
    assert status == 200 and "<Message>" in body and "Dank u" not in body  # the confirmation is in Arabic
    post = Post.objects.get()
    assert (post.quick_answer, post.body) == (QuickAnswer.CONVERSATION, "")
    request = ConversationRequest.objects.get()
    assert (request.pupil, request.initiated_by, request.thread) == (world.pim, "parent", post.thread)


def test_twilio_retrying_the_same_message_files_it_once(fake_twilio, inbound_url, anna, world):
    sent_to(anna, channel="sms", pupil=world.pim)
    for _ in range(2):
        assert fake_twilio.inbound(inbound_url, from_=MOBILE, body="Dank u wel", sid="SM" + "1" * 32)[0] == 200
    assert Post.objects.count() == 1


def test_a_reply_from_an_unknown_number_is_dropped(fake_twilio, inbound_url, anna):
    status, body = fake_twilio.inbound(inbound_url, from_="+31699999999", body="Wie is dit?")
    assert status == 200 and "<Message>" not in body
    assert not Post.objects.exists()
