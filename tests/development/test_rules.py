"""Worked examples of the public rules (issue 6): DLE, DL, LR, delay, projection, PrO, routes, advice."""

import datetime
from types import SimpleNamespace

import pytest

from development import rules
from development.rules import Level


@pytest.mark.parametrize(
    ("text", "dle", "qualifier", "label"),
    [
        ("M3", 5, "", "M3"),
        ("E3", 10, "", "E3"),
        ("M4", 15, "", "M4"),
        ("M5", 25, "", "M5"),  # "M5 met een DL van 25"
        ("M8", 55, "", "M8"),
        ("E8", 60, "", "E8"),
        ("<M3", 5, "<", "<M3"),
        ("<E3", 10, "<", "<E3"),
        (">E8", 60, ">", "E8+"),
        ("E8+", 60, ">", "E8+"),
        (" e8 + ", 60, ">", "E8+"),
        ("m5", 25, "", "M5"),
        ("B5", 20, "", "E4"),  # start of groep 5 = end of groep 4
        ("B6", 30, "", "E5"),
        (">M6", 35, ">", ">M6"),
    ],
)
def test_parse_level(text, dle, qualifier, label):
    level = rules.parse_level(text)
    assert level == Level(dle, qualifier)
    assert level.label == label


@pytest.mark.parametrize("text", ["", "X9", "M9", "M2", "E1", "5", "M", "M5+", "<E8+", "MM5", None])
def test_parse_level_invalid(text):
    assert rules.parse_level(text) is None


def test_parse_moment():
    assert rules.parse_moment("M5") == ("M", 5)
    assert rules.parse_moment("b6") == ("B", 6)
    assert rules.parse_moment("X9") is None
    assert rules.parse_moment("M9") is None


@pytest.mark.parametrize(
    ("dle", "label", "phrase"),
    [
        (0, "<M3", ("B", 3, False)),
        (4.9, "<M3", ("B", 3, False)),
        (5, "M3", ("M", 3, False)),
        (27, "M5", ("M", 5, False)),
        (29.9, "M5", ("M", 5, False)),
        (30, "E5", ("E", 5, False)),
        (60, "E8", ("E", 8, False)),
        (63, "E8+", ("E", 8, True)),
    ],
)
def test_level_for_dle_and_phrase(dle, label, phrase):
    assert rules.level_for_dle(dle) == label
    assert rules.level_phrase(dle) == phrase


def test_moment_dl_defaults_and_school_setting():
    # Groep 5 on course: two years (groep 3, 4) before it.
    assert rules.moment_dl(5, "M", 2, None) == 25
    assert rules.moment_dl(5, "E", 2, None) == 30
    assert rules.moment_dl(5, "B", 2, None) == 20
    school = SimpleNamespace(middle_offset_months=4, begin_offset_months=1)
    assert rules.moment_dl(5, "M", 2, school) == 24
    assert rules.moment_dl(5, "B", 2, school) == 21
    assert rules.moment_dl(2, "E", 0, None) == 0  # before groep 3 there is no DL


def test_repeated_year_counts_on():
    """Sam repeats groep 4: in his second groep 4 he has three prior years, DL at M4 = 35."""
    history = rules.didactic_history([(2021, 3, False), (2022, 4, False), (2023, 4, False), (2024, 5, False)])
    assert history == {2021: 0, 2022: 1, 2023: 2, 2024: 3}
    assert rules.moment_dl(4, "M", history[2023], None) == 25
    dl_m5 = rules.moment_dl(5, "M", history[2024], None)
    assert dl_m5 == 35
    # On M5 he reads at M5 (25): LR 25/35, delay 10/35.
    assert rules.learning_rate(25, dl_m5) == pytest.approx(0.714, abs=0.001)
    assert rules.delay(25, dl_m5) == pytest.approx(0.286, abs=0.001)
    assert rules.lwoo_band(rules.delay(25, dl_m5))


def test_dl_never_exceeds_sixty():
    history = rules.didactic_history([(2018 + i, level, False) for i, level in enumerate([3, 4, 5, 5, 6, 7, 8])])
    assert history[2024] == 6
    assert rules.moment_dl(8, "E", history[2024], None) == 60


def test_lateral_entrant_in_groep_5():
    """Noor came from abroad into groep 5 in 2023: counted as two years of schooling before entry."""
    history = rules.didactic_history([(2023, 5, True), (2024, 6, False)])
    assert history == {2023: 2, 2024: 3}
    assert rules.moment_dl(5, "M", history[2023], None) == 25
    # Reads at E3 (10) at M5: LR 0.4, delay 0.6, expected at end of groep 8 at own rate 10 + 0.4 × 35 = 24.
    assert rules.learning_rate(10, 25) == pytest.approx(0.4)
    assert rules.delay(10, 25) == pytest.approx(0.6)
    assert rules.projected_dle(10, 25, 0.4) == pytest.approx(24)


def test_lateral_entry_after_school_records_does_not_lose_years():
    # Known years at school earlier, marked lateral on return: never fewer prior years than counted on.
    history = rules.didactic_history([(2020, 3, False), (2021, 4, False), (2022, 4, True)])
    assert history[2022] == 2


def test_years_in_groep_1_2_do_not_count():
    history = rules.didactic_history([(2019, 1, False), (2020, 2, False), (2021, 3, False), (2022, 4, False)])
    assert history == {2019: 0, 2020: 0, 2021: 0, 2022: 1}


def test_pupil_above_e8():
    """Eva scores >E8 at M8 (DL 55): the level is E8+, LR above 1, projection above 60."""
    level = rules.parse_level(">E8")
    assert level.label == "E8+"
    dl = rules.moment_dl(8, "M", 5, None)
    assert dl == 55
    rate = rules.learning_rate(level.dle, dl)
    assert rate == pytest.approx(60 / 55)
    assert rules.delay(level.dle, dl) < 0
    assert rules.projected_dle(level.dle, dl, rate) == pytest.approx(60 + 60 / 55 * 5)
    assert rules.level_for_dle(rules.projected_dle(level.dle, dl, rate)) == "E8+"
    assert rules.track_for_exit_dle(rules.projected_dle(level.dle, dl, rate)) == "vwo"


def test_projection_own_rate_and_expectations():
    """At M6 (DL 35) a pupil reads at E4 (20): own LR 20/35."""
    dle, dl = 20, 35
    own = rules.learning_rate(dle, dl)
    assert rules.projected_dle(dle, dl, own) == pytest.approx(20 + 20 / 35 * 25)  # 34.29
    assert [rules.projected_dle(dle, dl, e) for e in rules.EXPECTATIONS] == [32.5, 38.75, 45.0]
    assert rules.EXPECTATIONS == (0.5, 0.75, 1.0)
    assert rules.track_for_exit_dle(rules.projected_dle(dle, dl, own)) == "vmbo_bb"
    assert rules.track_for_exit_dle(45.0) == "vmbo_kb"


def test_rate_and_delay_undefined_without_schooling():
    assert rules.learning_rate(0, 0) is None
    assert rules.delay(0, 0) is None


@pytest.mark.parametrize(
    ("delays", "expected"),
    [
        ({"maths": 0.5, "spelling": 0.6}, True),
        ({"reading_comprehension": 0.55, "technical_reading": 0.7}, True),
        ({"maths": 0.6, "reading_comprehension": 0.6}, True),
        # Two domains, but neither maths nor reading comprehension.
        ({"technical_reading": 0.8, "spelling": 0.7, "maths": 0.3, "reading_comprehension": 0.2}, False),
        ({"technical_reading": 0.8, "spelling": 0.7}, False),
        ({"maths": 0.9}, False),  # only one domain
        ({"maths": 0.49, "spelling": 0.9}, False),  # just under the threshold
        ({"maths": None, "spelling": 0.9, "technical_reading": 0.6}, False),
        ({}, False),
    ],
)
def test_pro_two_of_four(delays, expected):
    assert rules.pro_delay_criterion(delays) is expected


def test_lwoo_band_edges():
    assert rules.lwoo_band(0.25)
    assert rules.lwoo_band(0.49)
    assert not rules.lwoo_band(0.5)
    assert not rules.lwoo_band(0.24)
    assert not rules.lwoo_band(None)


def test_routes_default_and_bands():
    assert rules.DEFAULT_ROUTES == {"vmbo_bb": 30, "vmbo_kb": 40, "vmbo_gt": 47, "havo": 55, "vwo": 62}
    assert "Standaard" in str(rules.DEFAULT_ROUTES_NAME)
    bands = rules.route_bands(rules.DEFAULT_ROUTES)
    assert [b[0] for b in bands] == ["pro", "vmbo_bb", "vmbo_kb", "vmbo_gt", "havo", "vwo"]
    assert bands[0] == ("pro", 0, 30)
    assert bands[3] == ("vmbo_gt", 47, 55)
    assert bands[-1][1] == 62 and bands[-1][2] > 62
    assert rules.track_for_exit_dle(29.9) == "pro"
    assert rules.track_for_exit_dle(30) == "vmbo_bb"
    assert rules.track_for_exit_dle(62) == "vwo"
    school = {"vmbo_bb": 25, "vmbo_kb": 35, "vmbo_gt": 45, "havo": 52, "vwo": 58}
    assert rules.track_for_exit_dle(53, school) == "havo"


def test_validate_routes():
    assert rules.validate_routes(rules.DEFAULT_ROUTES) == []
    assert rules.validate_routes({**rules.DEFAULT_ROUTES, "havo": 45})  # not increasing
    assert rules.validate_routes({**rules.DEFAULT_ROUTES, "vwo": "x"})
    assert rules.validate_routes({"vmbo_bb": 30})


def test_advice_timeline_by_law():
    timeline = rules.default_advice_timeline(datetime.date(2025, 8, 25), datetime.date(2026, 7, 10))
    assert timeline == {
        "groep7_advice_by": datetime.date(2026, 7, 10),
        "provisional_advice_by": datetime.date(2026, 1, 31),
        "transfer_test_from": datetime.date(2026, 2, 1),
        "transfer_test_until": datetime.date(2026, 2, 28),
        "final_advice_by": datetime.date(2026, 3, 24),
    }
    leap = rules.default_advice_timeline(datetime.date(2027, 8, 30), datetime.date(2028, 7, 14))
    assert leap["transfer_test_until"] == datetime.date(2028, 2, 29)


def test_advice_only_raised_after_transfer_test():
    assert rules.advice_change_allowed("vmbo_kb", "havo", after_transfer_test=True)
    assert rules.advice_change_allowed("havo", "havo", after_transfer_test=True)
    assert not rules.advice_change_allowed("havo", "vmbo_gt", after_transfer_test=True)
    assert rules.advice_change_allowed("havo", "vmbo_gt", after_transfer_test=False)
    assert rules.advice_change_allowed(None, "pro", after_transfer_test=True)


def test_effective_level_prefers_school_table_and_keeps_both():
    assert rules.effective_level("M5", "") == (Level(25), "reported")
    assert rules.effective_level("M5", "E5") == (Level(30), "school_table")
    assert rules.effective_level("", "") == (None, "")
    assert rules.effective_level("garbage", "") == (None, "")
    assert rules.effective_level("", "", dle_reported=27.4) == (Level(27), "dle")
    assert Level(27).label == "M5" and Level(31).label == "E5" and Level(59).label == "M8"


def test_history_from_enrollments_and_result_years():
    """Only this year is enrolled in the app; earlier years come from the results (groep 4 twice)."""
    years = rules.merged_years([(2025, 6, False)], [(2021, 3), (2022, 4), (2023, 4), (2024, 5), (2025, 5)])
    assert years == [(2021, 3, False), (2022, 4, False), (2023, 4, False), (2024, 5, False), (2025, 6, False)]
    assert rules.didactic_history(years)[2025] == 4
    # A lateral entrant's enrollment keeps its flag.
    assert rules.merged_years([(2024, 5, True)], [(2024, 5)]) == [(2024, 5, True)]
