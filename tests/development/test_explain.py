"""The words beside the chart: plain sentences for parents (translated), numbers for staff."""

import pytest
from django.utils import translation

from development import explain, selectors


@pytest.mark.parametrize(
    ("dle", "words"),
    [(25, "midden groep 5"), (27, "midden groep 5"), (30, "eind groep 5"), (60, "eind groep 8"), (3, "begin groep 3")],
)
def test_level_words(dle, words):
    assert explain.level_words(dle) == words


def test_level_sentence_per_domain_with_its_own_verb():
    assert (
        explain.level_sentence("technical_reading", "Samira", 25) == "Samira leest nu op het niveau van midden groep 5."
    )
    assert explain.level_sentence("maths", "Samira", 40) == "Samira rekent nu op het niveau van eind groep 6."
    assert (
        explain.level_sentence("spelling", "Samira", 5, "<M3") == "Samira spelt nu onder het niveau van midden groep 3."
    )
    assert explain.level_sentence("reading_comprehension", "Samira", 65, "E8+") == (
        "Samira begrijpt teksten nu beter dan eind groep 8."
    )


@pytest.mark.parametrize(
    ("rate", "words"),
    [
        (1.25, "sneller dan gemiddeld"),
        (1.0, "ongeveer zo snel als gemiddeld"),
        (0.9, "ongeveer zo snel als gemiddeld"),
        (0.8, "wat langzamer dan gemiddeld"),
        (0.5, "langzamer dan gemiddeld"),
    ],
)
def test_learning_rate_in_plain_words(rate, words):
    assert explain.rate_sentence("Samira", rate) == f"Samira leert hier {words}."


def test_no_rate_no_sentence():
    assert explain.rate_sentence("Samira", None) == ""


@pytest.mark.django_db
def test_parent_words_for_a_known_pupil(world, bo_results):
    view = selectors.pupil_view(world.bo)
    words = {w.domain: w for w in explain.parent_domains(view)}
    assert words["maths"].level == "Bo rekent nu op het niveau van midden groep 5."
    assert words["maths"].rate == "Bo leert hier wat langzamer dan gemiddeld."
    assert words["reading_comprehension"].rate == "Bo leert hier ongeveer zo snel als gemiddeld."
    # Exit perspective havo; maths heads for 42.9 (vmbo-kb): not on course.
    assert explain.course_sentence(view).startswith(
        "Als Bo zo doorgaat, is dat nog niet genoeg voor het verwachte schooltype"
    )
    assert "havo" in explain.course_sentence(view)


@pytest.mark.django_db
def test_on_course_when_the_leading_domains_reach_the_exit_band(world, bo_results):
    bo_results.exit_perspectives.update(track="vmbo_kb")
    view = selectors.pupil_view(world.bo)
    assert view.on_course is True
    assert explain.course_sentence(view) == (
        "Als Bo zo doorgaat, past dat bij het schooltype dat we verwachten: vmbo-kb."
    )


@pytest.mark.django_db
def test_before_the_perspective_year_parents_hear_when_it_comes(world):
    from tests.development.conftest import give_results

    give_results(world.pim, [("maths", 3, "M", "M3")], now_level=3)
    view = selectors.pupil_view(world.pim)
    assert explain.course_sentence(view) == "Vanaf groep 6 bespreken we welk schooltype bij Pim past."


@pytest.mark.django_db
def test_staff_rows_give_the_numbers(world, bo_results):
    rows = {r.domain: r for r in explain.staff_rows(selectors.pupil_view(world.bo))}
    maths = rows["maths"]
    assert (maths.level, maths.dl, maths.dle, maths.rate, maths.delay) == ("M5", "35", "25", "0,71", "29%")
    assert maths.projection == "E6 (43)" and maths.projected_track == "vmbo-kb"
    assert maths.expectations == (("50%", "M6 (38)"), ("75%", "E6 (44)"), ("100%", "E7 (50)"))
    assert maths.on_course is False and maths.lwoo_band is True
    assert rows["technical_reading"].projection == "E8+ (69)"


@pytest.mark.django_db
def test_summary_is_the_charts_description(world, bo_results):
    text = explain.summary(selectors.pupil_view(world.bo))
    assert text.startswith("Technisch lezen: Bo leest nu op het niveau van eind groep 6.")


@pytest.mark.django_db
def test_parent_words_in_the_parents_language(world, bo_results):
    view = selectors.pupil_view(world.bo)
    with translation.override("en"):
        words = {w.domain: w for w in explain.parent_domains(selectors.pupil_view(world.bo))}
        assert words["maths"].heading != "Rekenen-wiskunde"
        assert "5" in words["maths"].level and "rekent" not in words["maths"].level
        assert "Als Bo" not in explain.course_sentence(view)


@pytest.mark.django_db
def test_below_the_lowest_level_the_rate_is_an_upper_bound(world, bo_results):
    view = selectors.pupil_view(world.bo)
    words = {w.domain: w for w in explain.parent_domains(view)}
    assert words["spelling"].level == "Bo spelt nu onder het niveau van midden groep 3."
    assert words["spelling"].rate == ""  # "<M3": how fast is not known
    rows = {r.domain: r for r in explain.staff_rows(view)}
    assert rows["spelling"].rate == "≤ 0,14"
