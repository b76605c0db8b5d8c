"""School-written texts reach the parent in their language only when a translation was approved;
otherwise the parent gets the plain Dutch text, never an empty or half-translated one (issue 8,
item 1). And a handout PDF prints every script: Arabic, Turkish, Polish and Ukrainian.

Kinds of school-written text and how they carry translations:
- the message library (LibraryText per language, approved_at; Dutch counts as approved);
- the handout texts (HandoutText per section, year level and language, approved_at) with the
  session's title and topics (translated only while the school keeps the default wording);
- the session's and round's own words (title, topics, goal, invitation text): the school writes
  them in Dutch only; they have no translations, so they reach every parent in Dutch, whole.
"""

import datetime
import shutil
import subprocess

import pytest
from django.utils import timezone

from conversations.invitations import invitation_text as round_invitation_text
from conversations.rounds import round_create
from meetings.handouts.content import handout_content
from meetings.handouts.install import handout_texts_install
from meetings.handouts.render import handout_html, handout_pdf
from meetings.handouts.texts import handout_text_approve
from meetings.invitations import invitation_text as session_invitation_text
from meetings.models import HandoutText
from meetings.programme import programme_item_update
from meetings.shipped import handout_labels, home_tip_tags
from messaging.library.install import library_install
from messaging.library.render import library_render
from messaging.library.services import library_text_approve, library_text_save
from messaging.library.shipped import shipped_entries
from messaging.models import LibraryEntry, LibraryText
from tests.conversations.test_rounds_support import DAY
from tests.meetings.test_attendance import make_session

NEW_LANGUAGES = ("tr", "pl", "uk")
HANDOUT_LANGUAGES = ("ar", *NEW_LANGUAGES)  # every year-level handout text is shipped in these
CONTEXT = {"child": "Pim", "theme": "de herfst", "teacher": "juf Tess", "date": datetime.date(2026, 11, 25)}


def pdf_text(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF")
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


# --- the message library ------------------------------------------------------------------------


@pytest.fixture
def library(world):
    library_install(school=world.school_a)
    return LibraryEntry.objects.get(school=world.school_a, key="tip-g3-any-1")


@pytest.mark.parametrize("language", NEW_LANGUAGES)
def test_library_text_waits_for_approval_and_parents_get_dutch_meanwhile(world, library, language):
    shipped = next(e for e in shipped_entries() if e.key == library.key)
    dutch = shipped.texts["nl"].replace("{child}", "Pim")
    assert library_render(entry=library, language=language, context=CONTEXT) == (dutch, "nl")

    library_text_approve(text=LibraryText.objects.get(entry=library, language=language), by=world.tess)
    text, used = library_render(entry=library, language=language, context=CONTEXT)
    assert used == language and text == shipped.texts[language].replace("{child}", "Pim")


@pytest.mark.parametrize("language", NEW_LANGUAGES)
def test_library_text_changed_after_approval_sends_dutch_again(world, library, language):
    library_text_save(entry=library, language=language, text="{child}", by=world.tess, approve=True)
    assert library_render(entry=library, language=language, context=CONTEXT)[1] == language
    library_text_save(entry=library, language=language, text="{child} !", by=world.tess)
    assert library_render(entry=library, language=language, context=CONTEXT)[1] == "nl"


@pytest.mark.parametrize("language", NEW_LANGUAGES)
def test_removed_or_blank_translation_gives_dutch_not_an_empty_message(world, library, language):
    library_text_save(entry=library, language=language, text="", by=world.tess)
    assert not LibraryText.objects.filter(entry=library, language=language).exists()
    text, used = library_render(entry=library, language=language, context=CONTEXT)
    assert used == "nl" and text.startswith("Spreekt u thuis een andere taal?")
    LibraryText.objects.create(entry=library, language=language, text="   ", approved_at=timezone.now())
    text, used = library_render(entry=library, language=language, context=CONTEXT)
    assert used == "nl" and text.strip()


def test_shipped_library_has_every_translation_for_every_text():
    """So a school can approve tr/pl/uk just as en/ar: none of them is missing (decision: all shipped)."""
    for entry in shipped_entries():
        assert all(entry.texts.get(language, "").strip() for language in ("en", "ar", *NEW_LANGUAGES)), entry.key


# --- handouts -----------------------------------------------------------------------------------


def approve_all(school, language, by, *, except_section=None):
    rows = HandoutText.objects.filter(school=school, language=language)
    if except_section:
        rows = rows.exclude(section=except_section)
    for row in rows:
        handout_text_approve(text=row, by=by)


@pytest.mark.parametrize("language", HANDOUT_LANGUAGES)
def test_unapproved_handout_translation_gives_the_whole_handout_in_dutch(world, language):
    session = make_session(world.year_a)
    handout_texts_install(school=world.school_a)
    handout = handout_content(session=session, year_level=3, language=language)
    assert handout.language == "nl" and handout.labels == handout_labels("nl")
    assert handout.title == "Leermijlpalen en thuis oefenen"
    approve_all(world.school_a, language, world.lea, except_section="home_tips")
    assert handout_content(session=session, year_level=3, language=language).language == "nl"


@pytest.mark.parametrize("language", HANDOUT_LANGUAGES)
def test_approved_handout_is_entirely_in_the_parents_language(world, language):
    session = make_session(world.year_a)
    handout_texts_install(school=world.school_a)
    approve_all(world.school_a, language, world.lea)
    html = handout_html(session=session, year_level=3, language=language)
    assert f'lang="{language}"' in html
    for dutch in (
        "Uw kind",
        "Tips voor thuis",
        "Wanneer",
        "Leermijlpalen",
        home_tip_tags("nl")["for_all"]["library_visit"],
    ):
        assert dutch not in html, dutch


@pytest.mark.parametrize("language", HANDOUT_LANGUAGES)
def test_school_edit_of_the_session_title_makes_the_handout_dutch(world, language):
    """The school's own wording has no translation: the handout stays whole, in Dutch."""
    session = make_session(world.year_a)
    handout_texts_install(school=world.school_a)
    approve_all(world.school_a, language, world.lea)
    programme_item_update(item=session.item, title="Lezen en rekenen thuis")
    session.item.refresh_from_db()
    handout = handout_content(session=session, year_level=3, language=language)
    assert handout.language == "nl" and handout.title == "Lezen en rekenen thuis"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
@pytest.mark.parametrize(
    ("language", "key", "expected", "font"),
    [
        ("ar", "work_attitude", ["كن قدوة حسنة", "تشجيع موقف جيد"], "Noto-Sans-Arabic"),
        ("ar", "milestones", ["أهداف التعلم والتمرين في البيت", "يعرف طفلك كل الحروف"], "Noto-Sans-Arabic"),
        ("tr", "milestones", ["Öğrenme hedefleri", "ğ", "ş", "ı", "başka dilde kitaplar"], "Noto-Sans"),
        ("pl", "milestones", ["Dziecko pisze krótkie słowa", "także ui", "ł", "ż"], "Noto-Sans"),
        ("uk", "milestones", ["Навчальні цілі та вправи вдома", "Дитина рахує до 100."], "Noto-Sans"),
    ],
)
def test_handout_pdf_prints_every_script(world, tmp_path, language, key, expected, font):
    session = make_session(world.year_a, key, year_levels=(3,))
    handout_texts_install(school=world.school_a)
    approve_all(world.school_a, language, world.lea)
    pdf = handout_pdf(session=session, year_level=3, language=language, use_cache=False)
    text = pdf_text(pdf)
    for piece in expected:
        assert piece in text, piece
    assert "Uw kind" not in text
    if shutil.which("pdffonts"):
        path = tmp_path / f"handout-{language}.pdf"
        path.write_bytes(pdf)
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True).stdout.decode()
        # The glyphs come from an embedded font that has them (a missing glyph would still extract as text).
        embedded = [line for line in fonts.splitlines() if font in line]
        assert embedded and all(" yes yes yes " in line for line in embedded), fonts


# --- the session's and round's own words --------------------------------------------------------


@pytest.mark.parametrize("language", NEW_LANGUAGES)
def test_session_invitation_in_a_language_carries_the_schools_dutch_words_whole(world, language):
    session = make_session(world.year_a)
    # The school's own wording, with no approved translation (the shipped default wording has one).
    programme_item_update(item=session.item, title="Leermijlpalen en thuis oefenen in groep 3")
    world.anna.language = language
    text = session_invitation_text(session=session, guardian=world.anna, pupils=[world.pim], link="https://x/1")
    assert "Leermijlpalen en thuis oefenen in groep 3" in text  # the school's title: Dutch, not dropped or cut
    assert all(topic in text for topic in session.item.topic_list)
    assert "https://x/1" in text and "Pim" in text
    assert "Uitnodiging:" not in text and "Wanneer:" not in text  # the app's own words are translated


@pytest.mark.parametrize("language", NEW_LANGUAGES)
def test_round_invitation_carries_the_schools_goal_and_text_whole(world, language):
    round = round_create(school_year=world.year_a, kind="development_1", title="Eerste ontwikkelingsgesprek",
                         year_levels=[3], first_day=DAY, last_day=DAY + datetime.timedelta(days=4),
                         goal="We praten over hoe het gaat met lezen.",
                         invitation_text="Neem gerust een vraag mee.")  # fmt: skip
    world.anna.language = language
    text = round_invitation_text(round=round, guardian=world.anna, pupils=[world.pim], link="https://x/2")
    assert "We praten over hoe het gaat met lezen." in text and "Neem gerust een vraag mee." in text
    assert "Kies hier een tijd" not in text and "https://x/2" in text
