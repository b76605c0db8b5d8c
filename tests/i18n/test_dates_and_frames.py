"""Dates and message frames read correctly in every language (issue 13, point 16): the months
that decline take the genitive after a day ("понеділок, 7 вересня", not "Понеділок 7 Вересень"),
and a teacher's line without a full stop does not run into the frame's next sentence."""

import pytest
from django.utils import translation
from django.utils.dates import MONTHS, MONTHS_ALT, WEEKDAYS

from conversations.invitations import invitation_text
from messaging.library.render import fill, sentence
from ouderbetrokkenheid.school.dates import day_month
from tests.conversations.test_booking import make_round

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["uk", "pl"])
def test_declining_languages_get_the_genitive_month_and_a_lower_case_weekday(world, language):
    day = world.year_a.first_day
    with translation.override(language):
        genitive, nominative = str(MONTHS_ALT[day.month]), str(MONTHS[day.month])
        weekday = str(WEEKDAYS[day.weekday()]).lower()
        assert day_month(day) == f"{weekday}, {day.day} {genitive}"
        assert genitive != nominative and nominative not in day_month(day)
        assert day_month(day, weekday=False) == f"{day.day} {genitive}"


@pytest.mark.parametrize(("language", "weekday_first"), [("nl", True), ("en", True), ("tr", True), ("ar", True)])
def test_other_languages_keep_their_usual_order(world, language, weekday_first):
    day = world.year_a.first_day
    with translation.override(language):
        assert day_month(day).startswith(str(WEEKDAYS[day.weekday()])) is weekday_first
        assert str(MONTHS[day.month]) in day_month(day)


def test_the_ukrainian_invitation_names_its_days_in_the_genitive(world):
    world.anna.language = "uk"
    world.anna.save(update_fields=["language"])
    round = make_round(world)
    text = invitation_text(round=round, guardian=world.anna, pupils=[world.pim], link="https://x.example/")
    with translation.override("uk"):
        assert day_month(round.first_day) in text and str(MONTHS[round.first_day.month]) not in text


@pytest.mark.parametrize(
    ("line", "expected"),
    [("We lezen over de herfst deze week", "We lezen over de herfst deze week."), ("Klaar!", "Klaar!"),
     ("Wat denk jij?", "Wat denk jij?"), ('Hij zei: "Goed zo."', 'Hij zei: "Goed zo."'), ("", "")],
)  # fmt: skip
def test_the_teachers_line_always_ends_a_sentence(line, expected):
    assert sentence(line) == expected


def test_the_progress_frame_reads_as_two_sentences():
    frame = "Deze week in de klas ({child}): {line} Vraag er thuis eens naar! {teacher}"
    text = fill(frame, {"child": "Pim", "line": "We lezen over de herfst deze week", "teacher": "Juf Tess"}, "nl")
    assert text == "Deze week in de klas (Pim): We lezen over de herfst deze week. Vraag er thuis eens naar! Juf Tess"
