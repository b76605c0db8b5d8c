"""The Dutch readability check itself: the formula, the counting, and what it marks."""

from pathlib import Path

import pytest

from ouderbetrokkenheid import readability
from ouderbetrokkenheid.readability import PARENT, check, syllables

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def fixture(name):
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_a_deliberately_long_sentence_fails_the_parent_thresholds():
    result = check(fixture("long_sentence.txt"))
    assert not result.ok
    assert result.level == "moeilijk"
    [long] = result.long_sentences
    assert long.words > PARENT.max_sentence_words
    assert long.text.startswith("Omdat wij het als school") and long.text.endswith("informatiebijeenkomst.")
    assert fixture("long_sentence.txt")[long.start : long.end] == long.text


def test_a_plain_invitation_passes():
    result = check(fixture("plain.txt"))
    assert result.ok, result.problems
    assert result.level == "B1"
    assert result.score >= PARENT.min_score
    assert result.sentences == 7  # greeting, two sentences, two bullets, a question and a request
    assert not result.long_sentences


def test_hard_words_in_html_are_found_with_their_positions_and_tags_are_not_words():
    text = fixture("hard_words.html")
    result = check(text)
    hard = [w.text for w in result.hard_words]
    assert hard == ["gedifferentieerde", "onderwijsinhoudelijke", "verantwoording", "geïntegreerde"]
    assert all(text[w.start : w.end] == w.text for w in result.hard_words)
    assert result.words == 15  # <p>, <strong> are no words
    assert result.too_many_hard_words and not result.ok


def test_flesch_douma_matches_a_hand_count():
    # 2 sentences, 10 words, 12 syllables: "De kat zit op de mat." (6 w, 6 s) "Hij slaapt heel lang." (4 w, 4 s)
    # ... padded to 12 words so the score counts: "Wij zijn blij." adds 3 words / 3 syllables.
    text = "De kat zit op de mat. Hij slaapt heel lang. Wij zijn blij."
    result = check(text)
    assert (result.words, result.sentences, result.syllables) == (13, 3, 13)
    assert result.score == round(206.835 - 0.93 * 13 / 3 - 77 * 13 / 13, 1)


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("kat", 1),
        ("oma", 2),
        ("leerkracht", 2),
        ("bibliotheek", 4),
        ("uitnodiging", 4),
        ("informatiebijeenkomst", 7),
        ("beïnvloeden", 4),
        ("piano", 3),
        ("zij-instromer", 4),
    ],
)
def test_dutch_syllables(word, count):
    assert syllables(word) == count


def test_vowel_group_fallback_counts_dutch_vowels():
    assert readability.vowel_groups("boom") == 1
    assert readability.vowel_groups("nieuwe") == 2
    assert readability.vowel_groups("ideeën") == 3
    assert readability.vowel_groups("rijden") == 2


def test_placeholders_count_as_one_short_word_and_are_never_hard():
    for text in (
        "Beste %(name)s, welkom op school.",
        "Beste {child}, welkom op school.",
        "Beste {{ guardian.full_name }}, welkom op school.",
    ):
        result = check(text)
        assert result.words == 5, text
        assert not result.hard_words
    assert check("{% if x %}Welkom{% endif %} op school.").words == 3


def test_bullets_and_block_tags_end_a_sentence():
    bullets = "Neem mee:\n- een pen\n- een schrift\n* een boek\n• een tas"
    assert check(bullets).sentences == 5
    assert check("<ul><li>een pen</li><li>een schrift</li></ul>").sentences == 2
    assert check("Eerst dit<br>dan dat").sentences == 2


def test_abbreviations_and_numbers_do_not_end_a_sentence():
    assert check("Neem bijv. een pen mee. Het kost 10.000 euro.").sentences == 2


def test_school_words_are_not_hard_but_other_long_words_are():
    result = check("De leerkracht nodigt u uit voor de informatiebijeenkomst en het ontwikkelingsgesprek.")
    assert not result.hard_words
    assert [w.text for w in check("Dit is een verantwoordelijkheid.").hard_words] == ["verantwoordelijkheid"]


def test_marked_html_escapes_the_text_and_marks_sentences_and_words():
    text = "<b>Let op</b> & kom. " + fixture("long_sentence.txt").splitlines()[1]
    html = check(text).marked_html()
    assert html.startswith("&lt;b&gt;Let op&lt;/b&gt; &amp; kom. ")
    assert html.count(f'<mark class="{readability.SENTENCE_CLASS}">') == 1
    assert f'<mark class="{readability.WORD_CLASS}">onderwijsprogramma</mark>' in html
    assert "<b>" not in html


def test_an_empty_text_is_fine():
    result = check("")
    assert result.ok and result.words == 0 and result.score is None


def test_links_and_email_addresses_count_as_one_word_and_keep_the_sentence_end():
    result = check("Kies hier een tijd: https://school.example/u/abc-123. Of mail naar info@regenboog.nl.")
    assert (result.words, result.sentences, result.syllables) == (9, 2, 9)
    assert not result.hard_words


def test_one_hard_word_is_marked_but_two_in_a_short_text_fail():
    one = check("Bekijk de veranderingen.")
    assert [w.text for w in one.hard_words] == ["veranderingen"] and one.ok
    two = check("Bekijk de veranderingen en de verantwoording.")
    assert len(two.hard_words) == 2 and two.too_many_hard_words and not two.ok
