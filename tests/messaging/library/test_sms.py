"""SMS length and segments per GSM 03.38 (worked examples)."""

from messaging.library.sms import sms_segments


def test_160_gsm_characters_fit_one_sms_and_161_need_two():
    assert sms_segments("a" * 160) == (info := sms_segments("a" * 160))
    assert (info.encoding, info.length, info.segments, info.per_segment) == ("GSM-7", 160, 1, 160)
    info = sms_segments("a" * 161)
    assert (info.length, info.segments, info.per_segment) == (161, 2, 153)
    assert sms_segments("a" * 306).segments == 2
    assert sms_segments("a" * 307).segments == 3


def test_extension_characters_count_two():
    assert sms_segments("€").length == 2
    assert sms_segments("a" * 158 + "€").segments == 1
    assert sms_segments("a" * 159 + "€").segments == 2
    assert sms_segments("{child} [x]").length == 15


def test_dutch_accents_of_the_basic_set_stay_gsm():
    assert sms_segments("café, één, Ça va? ¿Qué? Müller").encoding == "GSM-7"
    assert sms_segments("ideeën").encoding == "UCS-2"


def test_arabic_counts_utf16_units_70_per_sms_then_67():
    info = sms_segments("ب" * 70)
    assert (info.encoding, info.length, info.segments, info.per_segment) == ("UCS-2", 70, 1, 70)
    info = sms_segments("ب" * 71)
    assert (info.segments, info.per_segment) == (2, 67)
    assert sms_segments("ب" * 135).segments == 3


def test_an_emoji_counts_two_utf16_units():
    assert sms_segments("👍").length == 2
    info = sms_segments("a" * 68 + "👍")
    assert (info.encoding, info.length, info.segments) == ("UCS-2", 70, 1)
    assert sms_segments("a" * 69 + "👍").segments == 2


def test_empty_text_is_no_sms():
    assert sms_segments("").segments == 0
