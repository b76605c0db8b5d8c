"""Teachers answer from the thread: the answer is a notice (outside the weekly cap) on the channel
the parent wrote on, in the parent's language, and waits for 08:00 inside quiet hours. Read
receipts only where they are honest: the portal, and WhatsApp's read status from Twilio."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from messaging.channels.twilio import signature
from messaging.models import Message, Purpose
from ouderbetrokkenheid.school.clock import at_local, local_day
from threads import services
from threads.models import Direction, Thread, ThreadStatus

from .conftest import deliver_due, sent_to

STATUS_URL = "https://ouders.example.nl/berichten/twilio/status/"


def reply(guardian, via, body="Hoe gaat het met rekenen?"):
    return services.reply_file(guardian=guardian, via=via, body=body)


@pytest.mark.parametrize("via", ["sms", "whatsapp", "email"])
def test_the_answer_goes_back_on_the_channel_the_parent_used(locmem, anna, world, via):
    anna.channel = "email" if via != "email" else "sms"  # the preference is another channel
    anna.save(update_fields=["channel"])
    thread = reply(anna, via).thread
    post = services.answer_send(thread=thread, by=world.tess, body="Het gaat goed, hij telt tot 100.")
    assert post.outbox.purpose == Purpose.NOTICE and post.outbox.week is None  # a notice: outside the weekly cap
    deliver_due()
    [outgoing] = locmem.outbox
    assert outgoing.channel == via
    assert "Het gaat goed, hij telt tot 100." in outgoing.text
    assert ("Antwoord met een cijfer" in outgoing.text) == (via == "sms")  # numbered quick answers by SMS


def test_an_answer_to_a_portal_reply_goes_on_the_preferred_channel(locmem, anna, world):
    anna.channel = "sms"
    anna.save(update_fields=["channel"])
    thread = reply(anna, "portal").thread
    services.answer_send(thread=thread, by=world.tess, body="Dank u voor uw vraag.")
    deliver_due()
    assert [o.channel for o in locmem.outbox] == ["sms"]


def test_an_answer_is_in_the_parents_language(locmem, anna, world):
    anna.language = "tr"
    anna.save(update_fields=["language"])
    thread = reply(anna, "sms").thread
    services.answer_send(thread=thread, by=world.tess, body="Tamam.")
    deliver_due()
    assert "Antwoord met een cijfer" not in locmem.outbox[0].text and "Tamam." in locmem.outbox[0].text


def test_an_answer_written_late_in_the_evening_waits_for_eight(locmem, anna, world, clock):
    thread = reply(anna, "sms").thread
    clock.move_to(at_local(local_day(thread.created_at), datetime.time(22, 15)))
    post = services.answer_send(thread=thread, by=world.tess, body="Morgen bel ik u.")
    next_day = local_day(thread.created_at) + datetime.timedelta(days=1)
    assert post.outbox.scheduled_at == at_local(next_day, datetime.time(8, 0))
    assert deliver_due() == [] and locmem.outbox == []


def test_the_portal_shows_the_answer_and_marks_it_read_for_the_teacher(locmem, anna, world, login_as):
    thread = reply(anna, "portal").thread
    post = services.answer_send(thread=thread, by=world.tess, body="Kom gerust langs.")
    assert post.read_at is None
    page = login_as(anna).get(reverse("threads:portal"))
    assert "Kom gerust langs." in page.content.decode()
    post.refresh_from_db()
    assert post.read_at is not None
    tess_page = login_as(world.tess).get(reverse("threads:thread", args=[thread.pk])).content.decode()
    assert "gelezen" in tess_page


def test_whatsapp_read_status_from_twilio_marks_the_answer_read(client, fake_twilio, anna, world, settings):
    settings.SITE_URL = "https://ouders.example.nl"
    sent_to(anna, channel="whatsapp", pupil=world.pim)
    thread = reply(anna, "whatsapp").thread
    post = services.answer_send(thread=thread, by=world.tess, body="Prima, tot morgen.")
    deliver_due()
    post.outbox.refresh_from_db()
    sid = post.outbox.provider_id
    for status in ("delivered", "read"):
        params = {"MessageSid": sid, "MessageStatus": status, "AccountSid": fake_twilio.account_sid}
        sig = signature(STATUS_URL, params, fake_twilio.auth_token)
        assert client.post(reverse("messaging:twilio_status"), params, HTTP_X_TWILIO_SIGNATURE=sig).status_code == 204
    post.refresh_from_db()
    assert post.outbox.read_at is not None and post.is_read and post.read_at is None  # Twilio said so, not us


def test_an_sms_delivered_is_not_read(client, fake_twilio, anna, world):
    thread = reply(anna, "sms").thread
    post = services.answer_send(thread=thread, by=world.tess, body="Prima.")
    deliver_due()
    post.outbox.refresh_from_db()
    params = {"MessageSid": post.outbox.provider_id, "MessageStatus": "read", "AccountSid": fake_twilio.account_sid}
    sig = signature(STATUS_URL, params, fake_twilio.auth_token)
    client.post(reverse("messaging:twilio_status"), params, HTTP_X_TWILIO_SIGNATURE=sig)
    assert Message.objects.get(pk=post.outbox_id).read_at is None


def test_a_teacher_closes_a_thread_and_a_new_reply_opens_a_new_one(locmem, anna, world):
    thread = reply(anna, "sms").thread
    services.thread_close(thread=thread, by=world.tess)
    thread.refresh_from_db()
    assert thread.status == ThreadStatus.CLOSED and thread.closed_by == world.tess and thread.closed_at
    with pytest.raises(ValidationError, match="gesloten"):
        services.answer_send(thread=thread, by=world.tess, body="Nog iets")
    newer = reply(anna, "sms", "Nog een vraag").thread
    assert newer.pk != thread.pk and Thread.objects.filter(guardian=anna, status="open").count() == 1


def test_an_empty_or_too_long_answer_is_refused_in_dutch_and_nothing_is_written(locmem, anna, world, login_as):
    thread = reply(anna, "sms").thread
    client = login_as(world.tess)
    response = client.post(reverse("threads:answer", args=[thread.pk]), {"body": "   "})
    assert response.status_code == 400 and "Dit veld is verplicht" in response.content.decode()
    response = client.post(reverse("threads:answer", args=[thread.pk]), {"body": "x" * 2001})
    assert response.status_code == 400
    assert thread.posts.filter(direction=Direction.FROM_SCHOOL).count() == 0 and not Message.objects.exists()


def test_a_parent_cannot_send_an_empty_reply(anna, login_as):
    response = login_as(anna).post(reverse("threads:portal"), {"body": " "})
    assert response.status_code == 200 and "Schrijf een bericht." in response.content.decode()
    assert not Thread.objects.exists()
    response = login_as(anna).post(reverse("threads:portal"), {"quick": "nonsense"})
    assert not Thread.objects.exists()


def test_a_quick_answer_button_in_the_portal(anna, world, login_as):
    response = login_as(anna).post(reverse("threads:portal"), {"quick": "thanks"})
    assert response.status_code == 302
    post = Thread.objects.get(guardian=anna).posts.get()
    assert (post.quick_answer, post.via) == ("thanks", "portal")
    page = login_as(world.tess).get(reverse("threads:thread", args=[post.thread_id])).content.decode()
    assert "Dank u" in page  # staff read it in Dutch


def test_the_parent_texts_are_plain_dutch(world):
    from ouderbetrokkenheid.readability import check
    from threads import texts

    thread = reply(world.anna, "sms").thread
    post = services.answer_send(thread=thread, by=world.tess, body="Dank u. Ik bel u morgen.")
    parent_texts = [
        texts.answer_text(post=post, guardian=world.anna, channel="sms"),
        "Stel een vraag of geef een antwoord. De leerkracht leest het.",
        "Vertel wat u wilt. De leerkracht stelt een tijd voor.",
        "Uw vraag is verstuurd. De leerkracht antwoordt u hier.",
    ]
    for text in parent_texts:
        result = check(text)
        assert not result.long_sentences, (text, result.problems)
