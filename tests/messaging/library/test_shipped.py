"""The shipped starting library is complete, consistent and short enough for SMS."""

import pytest

from messaging.library.placeholders import placeholder_errors, placeholders_in
from messaging.library.shipped import LANGUAGES, TRANSLATIONS, shipped_entries
from messaging.library.sms import sms_segments

SCHOOL_YEAR_MONTHS = (9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7)
ENTRIES = shipped_entries()


@pytest.mark.parametrize("kind", ["tip", "encouragement"])
def test_every_year_level_and_school_year_month_has_a_dutch_text_of_each_kind(kind):
    covered = {(e.year_level, e.month) for e in ENTRIES if e.kind == kind and not e.summer_reading}
    missing = [(y, m) for y in range(1, 9) for m in SCHOOL_YEAR_MONTHS if (y, m) not in covered]
    assert not missing


def test_every_year_level_has_summer_reading_tips_and_a_progress_frame():
    for year_level in range(1, 9):
        summer = [e for e in ENTRIES if e.year_level == year_level and e.summer_reading]
        assert summer and all(e.kind == "tip" for e in summer)
        assert any(
            e.kind == "progress" and "line" in placeholders_in(e.texts["nl"])
            for e in ENTRIES
            if e.year_level == year_level
        )


def test_tips_carry_home_language_advice_for_every_year_level():
    for year_level in range(1, 9):
        tips = [e.texts["nl"] for e in ENTRIES if e.year_level == year_level and e.kind == "tip"]
        assert any("eigen taal" in t or "andere taal" in t for t in tips), year_level


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.key)
def test_every_dutch_text_has_all_translations_with_the_same_placeholders(entry):
    assert set(entry.texts) == set(LANGUAGES)
    dutch = placeholders_in(entry.texts["nl"])
    for language in TRANSLATIONS:
        assert entry.texts[language].strip(), language
        assert placeholders_in(entry.texts[language]) == dutch, language
        assert not placeholder_errors(entry.texts[language], kind=entry.kind), language


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.key)
def test_dutch_texts_are_short_gsm_texts(entry):
    info = sms_segments(entry.texts["nl"])
    assert info.encoding == "GSM-7"
    assert info.segments <= 2


def test_keys_are_unique_and_fit_the_model():
    keys = [e.key for e in ENTRIES]
    assert len(keys) == len(set(keys))
    assert max(map(len, keys)) <= 60
