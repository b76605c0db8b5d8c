"""One component for school-written text translated for parents (issue 18): one list of languages
with names and dir, one approval flow, one fallback, one loader of shipped texts, and the bulk
approval page showing every kind (library, rounds, programme items, handouts)."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from conversations.models import RoundTranslation
from conversations.texts import round_texts, round_translation_save
from meetings.handouts.install import handout_texts_install
from meetings.models import HandoutText, ProgrammeItemTranslation
from meetings.programme import programme_install
from meetings.shipped import handout_languages
from meetings.texts import item_texts, item_translation_save
from messaging.library.shipped import LANGUAGES as LIBRARY_LANGUAGES
from messaging.models import LibraryText
from ouderbetrokkenheid.school.languages import (
    LANGUAGE_CODES,
    PARENT_LANGUAGES,
    SOURCE_LANGUAGE,
    TRANSLATION_LANGUAGES,
    text_direction,
)
from ouderbetrokkenheid.school.models import Language
from ouderbetrokkenheid.school.translations import (
    REVIEW_KINDS,
    approved_in,
    approved_or_dutch,
    shipped_texts,
    translated,
    translated_whole,
    translation_save,
)
from tests.conversations.test_booking import make_round
from tests.messaging.library.test_bulk_approval import entry_with

pytestmark = pytest.mark.django_db


# --- one list of languages ----------------------------------------------------------------------


def test_every_list_of_parent_languages_is_the_one_list():
    assert LANGUAGE_CODES == ("nl", "en", "ar", "tr", "pl", "uk") and SOURCE_LANGUAGE == "nl"
    assert [code for code, _name in settings.LANGUAGES] == list(LANGUAGE_CODES)
    assert dict(settings.LANGUAGES) == {language.code: language.name for language in PARENT_LANGUAGES}
    assert Language.values == list(LANGUAGE_CODES) and Language.choices == settings.LANGUAGES
    assert TRANSLATION_LANGUAGES == LANGUAGE_CODES[1:]
    assert LIBRARY_LANGUAGES == LANGUAGE_CODES and handout_languages() == LANGUAGE_CODES


def test_only_arabic_is_right_to_left():
    assert {code: text_direction(code) for code in LANGUAGE_CODES} == {
        "nl": "ltr", "en": "ltr", "ar": "rtl", "tr": "ltr", "pl": "ltr", "uk": "ltr"
    }  # fmt: skip
    assert settings.LANGUAGES_BIDI == ["ar"]  # base.html's dir (get_current_language_bidi) reads the same list
    assert text_direction("ar-MA") == "rtl" and text_direction("") == "ltr" and text_direction(None) == "ltr"


# --- one loader of shipped texts ----------------------------------------------------------------


def test_shipped_texts_reads_one_json_file_per_language_dutch_first(tmp_path):
    (tmp_path / "ar.json").write_text(json.dumps({"a": "ب"}), encoding="utf-8")
    (tmp_path / "nl.json").write_text(json.dumps({"a": "b"}), encoding="utf-8")
    (tmp_path / "xx.json").write_text("{}", encoding="utf-8")  # not a parent language: not read
    assert list(shipped_texts(tmp_path).items()) == [("nl", {"a": "b"}), ("ar", {"a": "ب"})]


# --- one approval flow and one fallback, the same for every kind -------------------------------


def test_a_changed_translation_loses_its_approval_and_an_empty_one_is_removed(world):
    round = make_round(world, days_ahead=10)
    values = {"title": "عنوان", "goal": "", "invitation_text": ""}
    row = translation_save(RoundTranslation, owner={"round": round}, language="ar", values=values, by=world.lea,
                           approve=True)  # fmt: skip
    assert row.is_approved and row.approved_by == world.lea
    same = translation_save(RoundTranslation, owner={"round": round}, language="ar", values=values, by=world.lea)
    assert same.is_approved  # unchanged text: the approval stays
    changed = translation_save(RoundTranslation, owner={"round": round}, language="ar",
                               values={**values, "goal": "هدف"}, by=world.lea)  # fmt: skip
    assert not changed.is_approved and changed.approved_by is None
    empty = {"title": "", "goal": "", "invitation_text": ""}
    with pytest.raises(ValidationError):
        translation_save(RoundTranslation, owner={"round": round}, language="ar", values=empty, by=world.lea,
                         approve=True)  # fmt: skip
    assert translation_save(RoundTranslation, owner={"round": round}, language="ar", values=empty, by=world.lea) is None
    assert not RoundTranslation.objects.filter(round=round).exists()
    with pytest.raises(ValidationError):
        translation_save(RoundTranslation, owner={"round": round}, language="xx", values=values, by=world.lea)


def test_the_fallback_is_dutch_text_by_text_marked_nl(world):
    round = make_round(world, days_ahead=10)
    row = round_translation_save(round=round, language="ar", title="عنوان", goal="", invitation_text="", by=world.lea)
    assert approved_in(round.translations.all(), "ar") is None  # a draft: parents get Dutch
    texts = translated({"title": round.title, "goal": round.goal}, None, "ar")
    assert {name: (t.text, t.lang) for name, t in texts.items()} == {
        "title": (round.title, "nl"), "goal": (round.goal, "nl")
    }  # fmt: skip
    round_translation_save(round=round, language="ar", title="عنوان", goal="", invitation_text="", by=world.lea,
                           approve=True)  # fmt: skip
    row.refresh_from_db()
    texts = translated({"title": round.title, "goal": round.goal}, row, "ar")
    assert (texts["title"].text, texts["title"].lang) == ("عنوان", "ar")
    assert (texts["goal"].text, texts["goal"].lang) == (round.goal, "nl")
    round.refresh_from_db()
    words = round_texts(round, "ar")
    assert words.title == "عنوان" and not words.title_is_dutch and words.goal_is_dutch


def test_a_text_kept_beside_its_dutch_falls_back_to_the_dutch_row():
    now = timezone.now()
    dutch = LibraryText(language="nl", text="Lees samen.")
    draft = LibraryText(language="en", text="Read together.")
    approved = LibraryText(language="tr", text="Birlikte okuyun.", approved_at=now)
    rows = [draft, approved, dutch]
    assert approved_or_dutch(rows, "tr") is approved
    assert approved_or_dutch(rows, "en") is dutch  # a draft never reaches parents
    assert approved_or_dutch(rows, "pl") is dutch and approved_or_dutch(rows, "nl") is dutch
    assert approved_or_dutch([draft], "en") is None


def test_a_whole_document_is_all_in_the_language_or_all_dutch():
    parts = {"reading": ("Lezen", "Reading"), "maths": ("Rekenen", "Maths"), "words": (("Titel", []), ("Title", []))}
    assert translated_whole(parts, "en") == (
        "en", {"reading": "Reading", "maths": "Maths", "words": ("Title", [])}
    )  # fmt: skip
    parts["maths"] = ("Rekenen", None)  # one part without an approved translation: no mix
    assert translated_whole(parts, "en") == (
        "nl", {"reading": "Lezen", "maths": "Rekenen", "words": ("Titel", [])}
    )  # fmt: skip
    assert translated_whole({"reading": ("Lezen", "Lezen")}, "nl") == ("nl", {"reading": "Lezen"})
    assert translated_whole({}, "en") == ("en", {})


def test_the_library_and_the_handouts_keep_no_fallback_of_their_own():
    """Both choose between a translation and the Dutch through school.translations; the library
    keeps only its guard for an entry without Dutch (any approved text rather than nothing)."""
    root = Path(settings.BASE_DIR)
    handouts = (root / "meetings/handouts/content.py").read_text()
    assert "translated_whole(" in handouts and "is_approved" not in handouts and "approved_at" not in handouts
    library = (root / "messaging/library/render.py").read_text()
    assert "approved_or_dutch(" in library and library.count("is_approved") == 1


def test_every_kind_of_school_text_uses_the_one_model():
    from ouderbetrokkenheid.school.translations import ApprovedTranslation

    for model in (RoundTranslation, ProgrammeItemTranslation, LibraryText, HandoutText):
        assert issubclass(model, ApprovedTranslation), model
        names = {field.name for field in model._meta.get_fields()}
        assert {"language", "approved_by", "approved_at"} <= names


# --- one editor: every kind's translations through one include ---------------------------------


def test_rounds_and_programme_items_edit_translations_with_the_one_include(world, login_as):
    client = login_as(world.lea)
    round = make_round(world, days_ahead=10)
    item = programme_install(school=world.school_a)[0]
    pages = {
        "round": reverse("conversations:round_edit", kwargs={"round_id": round.pk}),
        "item": reverse("meetings:programme_item", kwargs={"item_id": item.pk}),
    }
    for kind, url in pages.items():
        response = client.get(url)
        used = {template.name for template in response.templates}
        assert {"school/_translations.html", "school/_translation_state.html"} <= used, kind
        html = response.content.decode()
        assert html.count('id="vertaling-') == len(TRANSLATION_LANGUAGES), kind
        assert 'id="title-ar" maxlength="200" lang="ar" dir="rtl"' in html, kind
    library = entry_with(world.school_a, 1)
    response = login_as(world.tess).get(reverse("messaging:library_edit", args=[library.entry_id]))
    assert "school/_translation_state.html" in {template.name for template in response.templates}


# --- the bulk approval page shows and approves every kind ---------------------------------------


def review_url(language="ar"):
    return reverse("messaging:library_review", args=[language])


@pytest.fixture
def waiting(world):
    """A waiting Arabic translation of each kind in school A (and a round's in school B)."""
    round = make_round(world, days_ahead=10)  # goal "Hoe gaat het met uw kind?"
    round_translation_save(round=round, language="ar", title="محادثات", goal="كيف حال طفلك؟", invitation_text="",
                           by=world.lea)  # fmt: skip
    item = programme_install(school=world.school_a)[0]
    item_translation_save(item=item, language="ar", title="أهداف التعلم", topics="القراءة", by=world.lea)
    handout_texts_install(school=world.school_a)
    library = entry_with(world.school_a, 1)
    return {
        "text": library,
        "round": RoundTranslation.objects.get(round=round, language="ar"),
        "item": ProgrammeItemTranslation.objects.get(item=item, language="ar"),
        "handout": HandoutText.objects.get(school=world.school_a, section="reading", year_level=3, language="ar"),
    }


def test_registered_kinds_are_the_three_feature_texts():
    assert set(REVIEW_KINDS) == {"round", "item", "handout"}


def test_leadership_sees_every_kind_waiting_and_approves_them_in_one_step(world, login_as, waiting,
                                                                          django_assert_max_num_queries):  # fmt: skip
    client = login_as(world.lea)
    with django_assert_max_num_queries(14):
        page = client.get(review_url()).content.decode()
    for field, row in waiting.items():
        assert f'name="{field}" value="{row.pk}"' in page, field
    assert "محادثات" in page and "Hoe gaat het met uw kind?" in page  # the round's translation beside its Dutch
    assert "أهداف التعلم" in page and "Leermijlpalen en thuis oefenen" in page
    assert waiting["handout"].text.splitlines()[0] in page
    assert 'data-check-all="text round item handout"' in page
    response = client.post(review_url(), {field: [row.pk] for field, row in waiting.items()})
    assert response.status_code == 302
    for field, row in waiting.items():
        row.refresh_from_db()
        assert row.is_approved and row.approved_by == world.lea, field
    words = item_texts(waiting["item"].item, "ar")
    assert words.title == "أهداف التعلم" and not words.title_is_dutch


def test_a_teacher_sees_and_approves_only_the_library(world, login_as, waiting):
    client = login_as(world.tess)
    page = client.get(review_url()).content.decode()
    assert f'name="text" value="{waiting["text"].pk}"' in page
    assert 'name="round"' not in page and 'name="item"' not in page and 'name="handout"' not in page
    client.post(review_url(), {"text": [waiting["text"].pk], "round": [waiting["round"].pk]})
    waiting["text"].refresh_from_db(), waiting["round"].refresh_from_db()
    assert waiting["text"].is_approved and not waiting["round"].is_approved  # a kind not on her page is ignored


def test_another_schools_translation_in_the_batch_approves_nothing(world, login_as, waiting):
    item_b = programme_install(school=world.school_b)[0]
    theirs = ProgrammeItemTranslation.objects.create(item=item_b, language="ar", title="أهداف")
    client = login_as(world.lea)
    response = client.post(review_url(), {"item": [waiting["item"].pk, theirs.pk]}, follow=True)
    assert "Er is niets goedgekeurd." in response.content.decode()
    assert not ProgrammeItemTranslation.objects.filter(approved_at__isnull=False).exists()
    assert "أهداف</span>" not in client.get(review_url()).content.decode()  # not shown either
