"""Replies by e-mail: every e-mail to a guardian carries a signed per-message Reply-To; a parent's
answer comes back through Mailgun's inbound route (the local fake Mailgun builds the signed form)
and lands in the thread. A forged address or signature writes nothing."""

from django.core import mail
from django.urls import reverse

from messaging.inbound import message_for_address, reply_address
from threads.models import Post, Thread

from .conftest import REPLY_DOMAIN, sent_to

WEBHOOK = "/berichten/mailgun/inbound/"


def test_the_webhook_url_is_the_named_route():
    assert reverse("messaging:mailgun_inbound") == WEBHOOK


def test_an_email_to_a_guardian_carries_a_signed_reply_address(fake_mailgun, anna, world):
    message = sent_to(anna, channel="email", pupil=world.pim)
    [sent] = fake_mailgun.messages
    assert sent["headers"]["Reply-To"] == reply_address(message)
    assert sent["headers"]["Reply-To"].startswith(f"antwoord+{message.pk}-")
    assert sent["headers"]["Reply-To"].endswith(f"@{REPLY_DOMAIN}")
    assert "<img" not in sent["text"]  # no tracking pixel: the e-mail is plain text


def test_no_reply_address_without_an_inbound_domain(locmem, anna, world, settings):
    settings.MESSAGING_REPLY_DOMAIN = ""
    sent_to(anna, channel="email", pupil=world.pim)
    assert "Reply-To" not in locmem.outbox[0].headers


def test_an_inbound_email_through_the_mailgun_webhook_lands_in_the_thread(client, fake_mailgun, anna, world):
    message = sent_to(anna, channel="email", pupil=world.pim)
    text = "Kan ik dinsdag langskomen?"
    form = fake_mailgun.inbound(recipient=reply_address(message), sender="anna@example.nl", text=text)
    response = fake_mailgun.post_inbound(client, WEBHOOK, form)
    assert response.status_code == 200
    post = Post.objects.get()
    assert (post.via, post.body, post.answers) == ("email", text, message)  # the quoted text is stripped
    assert post.thread.guardian == anna and list(post.thread.pupils.all()) == [world.pim]
    assert fake_mailgun.post_inbound(client, WEBHOOK, form).status_code == 200  # Mailgun retries: filed once
    assert Post.objects.count() == 1


def test_a_forged_reply_address_finds_nothing(client, fake_mailgun, anna, world):
    message = sent_to(anna, channel="email", pupil=world.pim)
    forged = f"antwoord+{message.pk}-{'0' * 20}@{REPLY_DOMAIN}"
    assert message_for_address(forged) is None
    other_domain = reply_address(message).replace(REPLY_DOMAIN, "elders.example.com")
    for address in (forged, other_domain, "info@ouders.example.nl"):
        form = fake_mailgun.inbound(recipient=address, sender="anna@example.nl", text="Hallo")
        assert fake_mailgun.post_inbound(client, WEBHOOK, form).status_code == 200
    assert not Thread.objects.exists()


def test_an_inbound_email_with_a_bad_signature_is_refused(client, fake_mailgun, anna, world):
    message = sent_to(anna, channel="email", pupil=world.pim)
    form = fake_mailgun.inbound(recipient=reply_address(message), sender="anna@example.nl", text="Hallo", key="wrong")
    assert fake_mailgun.post_inbound(client, WEBHOOK, form).status_code == 400
    good = fake_mailgun.inbound(recipient=reply_address(message), sender="anna@example.nl", text="Hallo")
    assert fake_mailgun.post_inbound(client, WEBHOOK, good, password="guessed").status_code == 400
    assert not Thread.objects.exists() and len(mail.outbox) == 0
