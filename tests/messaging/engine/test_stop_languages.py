"""STOP in the parent's language: every language the app speaks has its keywords, the SMS
footer names the word in the guardian's language, and the reply does too."""

import pytest

from messaging import consent
from messaging.channels.render import outgoing_for
from messaging.models import Purpose, Status

from .conftest import DAY, amsterdam, outbox_row
from .test_consent import inbound, schedule, twilio_settings  # noqa: F401 (fixture)

LANGUAGES = ["nl", "en", "tr", "pl", "uk", "ar"]


@pytest.fixture
def parent(world):
    world.anna.mobile, world.anna.channel = "+31612345678", "sms"
    world.anna.save()
    return world.anna


def speaks(guardian, language):
    guardian.language = language
    guardian.save()
    guardian.refresh_from_db()
    assert guardian.page_language == language
    return guardian


def test_every_language_the_app_speaks_has_its_words():
    from django.conf import settings

    spoken = {code for code, _name in settings.LANGUAGES}
    assert spoken <= set(consent.WORDS)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_sms_footer_names_the_word_in_the_parents_language(parent, language):
    speaks(parent, language)
    words = consent.words_for(language)
    tip = outbox_row(parent, at=amsterdam(DAY, 10), purpose=Purpose.ENGAGEMENT, kind="tip", text="Tip.")
    reminder = outbox_row(parent, at=amsterdam(DAY, 10), purpose=Purpose.REMINDER, text="Morgen.")
    assert words["stop"] in outgoing_for(tip, "sms").text.split("\n")[-1]
    assert words["stop_all"] in outgoing_for(reminder, "sms").text
    if language != "nl":
        assert "Stuur" not in outgoing_for(tip, "sms").text  # the hint itself is translated


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_keywords_of_each_language_stop_and_start(client, parent, twilio_settings, language):  # noqa: F811
    speaks(parent, language)
    words = consent.words_for(language)
    tip, reminder = schedule(parent, "engagement", "tip"), schedule(parent, "reminder")
    response = inbound(client, words["stop"].lower())
    assert words["stop_all"].encode() in response.content  # the reply names the next word
    assert not consent.is_subscribed(parent, "tip") and consent.is_subscribed(parent, "reminder")
    inbound(client, f"  {words['stop_all'].title()} ")
    assert not consent.is_subscribed(parent, "reminder")
    tip.refresh_from_db()
    reminder.refresh_from_db()
    assert (tip.status, reminder.status) == (Status.CANCELLED, Status.CANCELLED)
    response = inbound(client, words["start"])
    assert all(consent.is_subscribed(parent, t) for t in consent.ALL_TOPICS)


@pytest.mark.parametrize("body", ["dur hepsi", "DUR HEPSİ", "Dur Hepsı", "СТОП ВСЕ", "стоп все", "توقف الكل"])
def test_spelling_variants_are_understood(body):
    assert consent.KEYWORDS[consent.normalise(body)] == ("stop", consent.ALL_TOPICS)


def test_other_words_are_not_keywords(client, parent, twilio_settings):  # noqa: F811
    response = inbound(client, "Dank u wel, stop maar niet")
    assert b"<Message>" not in response.content and consent.is_subscribed(parent, "tip")
