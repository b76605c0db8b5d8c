"""Home language and home learning: the message library and the handouts carry, for every year
level, the advice the research links to learning (issue 8, item 6).

Checked by tag (the library's `topics`, the handout tips' keys), not by matching words in texts.
"""

import pytest

from meetings.handouts.defaults import DEFAULTS
from meetings.shipped import handout_languages, home_tip_tags
from messaging.library.shipped import TRANSLATIONS, shipped_entries

THEMES = {
    "home_language": "keep using the home language for reading, singing and talking",
    "multilingual_books": "picture books in many languages",
    "theme_in_advance": "this week's theme shared so parents can talk about it in their own language",
    "reading_together": "reading together",
    "reading_aloud": "reading aloud",
    "number_letter_games": "educational games with numbers and letters",
    "library_visit": "the library",
    "talk_about_school": "talking about school and choices",
    "no_pressure": "no pressure",
    "homework": "help with homework without taking it over",
}
YEAR_LEVELS = range(1, 9)
HANDOUT_LANGUAGES = handout_languages()


@pytest.mark.parametrize("year_level", YEAR_LEVELS)
def test_library_tips_carry_every_home_learning_theme(year_level):
    tips = [e for e in shipped_entries() if e.year_level == year_level and e.kind == "tip"]
    covered = {topic for e in tips for topic in e.topics}
    assert set(THEMES) <= covered, sorted(set(THEMES) - covered)


def test_library_topics_are_known_and_their_texts_translated():
    for entry in shipped_entries():
        assert set(entry.topics) <= set(THEMES), (entry.key, entry.topics)
        if entry.topics:
            assert all(entry.texts.get(language, "").strip() for language in TRANSLATIONS), entry.key


def test_the_theme_of_the_week_tip_uses_the_theme_placeholder():
    """The week plan fills {theme} with the class's theme, so parents get it with the tip."""
    for entry in shipped_entries():
        if "theme_in_advance" in entry.topics:
            assert all("{theme}" in text for text in entry.texts.values()), entry.key


@pytest.mark.parametrize("language", HANDOUT_LANGUAGES)
@pytest.mark.parametrize("year_level", YEAR_LEVELS)
def test_handout_home_tips_carry_every_theme_in_every_language(language, year_level):
    tags = home_tip_tags(language)
    tips = tags["by_level"][year_level] | tags["for_all"]
    assert set(THEMES) <= set(tips), sorted(set(THEMES) - set(tips))
    # The shipped text is built from exactly these tips, so the tags cannot drift from the text.
    printed = DEFAULTS[language]["home_tips"][year_level]
    assert printed.splitlines() == [f"- {tip}" for tip in tips.values()]


def test_translations_have_the_same_tips_as_dutch():
    dutch = home_tip_tags("nl")
    assert set(HANDOUT_LANGUAGES) == {"nl", "en", "ar", "tr", "pl", "uk"}
    for language in HANDOUT_LANGUAGES:
        tags = home_tip_tags(language)
        for year_level in YEAR_LEVELS:
            assert tags["by_level"][year_level].keys() == dutch["by_level"][year_level].keys()
        assert tags["for_all"].keys() == dutch["for_all"].keys(), language
