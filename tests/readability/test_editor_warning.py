"""Where school staff write parent texts, the readability check warns (never refuses) and marks the
long sentences and hard words: the message library, the handout texts, the programme's session
titles and topics, and a conversation round's title, goal and invitation text."""

import datetime
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from conversations.models import Round
from meetings.handouts.install import handout_texts_install
from meetings.models import HandoutText
from meetings.programme import programme_install
from messaging.library.install import library_install
from messaging.library.shipped import LANGUAGES
from messaging.models import LibraryEntry, LibraryText
from ouderbetrokkenheid import readability
from tests.conversations.test_rounds_support import DAY

LONG = (Path(__file__).resolve().parent / "fixtures" / "long_sentence.txt").read_text(encoding="utf-8")
HARD = "Wij verwachten gedifferentieerde instructie en onderwijsinhoudelijke verantwoording."
PLAIN = "Lees samen een boek. Praat erover met {child}."
WARNING = "data-readability-warning"
SENTENCE_MARK = f'<mark class="{readability.SENTENCE_CLASS}">'
WORD_MARK = f'<mark class="{readability.WORD_CLASS}">'


def flashes(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def warning_html(page):
    """The warning block of a page (so that marks elsewhere on the page do not count)."""
    start = page.index(WARNING)
    return page[start : page.index("</div>\n</div>", start)]


# --- the message library ------------------------------------------------------------------------


@pytest.fixture
def tip(world):
    library_install(school=world.school_a)
    return LibraryEntry.objects.get(school=world.school_a, key="tip-g3-m10-1")


def library_form(entry, **changes):
    texts = {t.language: t.text for t in entry.texts.all()}
    return {f"text_{code}": texts.get(code, "") for code in LANGUAGES} | {"theme": "", "active": "on"} | changes


def test_library_save_of_a_hard_dutch_text_warns_but_saves(tip, world, login_as):
    client = login_as(world.tess)
    url = reverse("messaging:library_edit", args=[tip.pk])
    response = client.post(url, library_form(tip, text_nl=LONG))
    assert response.status_code == 302
    assert LibraryText.objects.get(entry=tip, language="nl").text == LONG.strip()
    [saved, warning] = flashes(response)
    assert saved == "Opgeslagen."
    assert warning.startswith("Let op: de tekst (Nederlands) is misschien te moeilijk voor ouders.")
    assert "1 zin is langer dan 15 woorden." in warning and "onderwijsprogramma" in warning

    page = client.get(url).content.decode()
    block = warning_html(page)
    assert "misschien te moeilijk voor ouders" in block
    assert SENTENCE_MARK in block and f"{WORD_MARK}onderwijsprogramma</mark>" in block


def test_library_preview_checks_without_saving(tip, world, login_as):
    client = login_as(world.tess)
    before = LibraryText.objects.get(entry=tip, language="nl").text
    response = client.post(reverse("messaging:library_edit", args=[tip.pk]),
                           library_form(tip, text_nl=HARD, preview="1"))  # fmt: skip
    assert response.status_code == 200
    block = warning_html(response.content.decode())
    for word in ("gedifferentieerde", "onderwijsinhoudelijke", "verantwoording"):
        assert f"{WORD_MARK}{word}</mark>" in block
    assert LibraryText.objects.get(entry=tip, language="nl").text == before


def test_library_plain_text_gets_no_warning(tip, world, login_as):
    client = login_as(world.tess)
    response = client.post(reverse("messaging:library_edit", args=[tip.pk]), library_form(tip, text_nl=PLAIN))
    assert flashes(response) == ["Opgeslagen."]
    assert WARNING not in client.get(reverse("messaging:library_edit", args=[tip.pk])).content.decode()


def test_library_warning_escapes_what_staff_typed(tip, world, login_as):
    text = "<script>alert(1)</script> " + LONG
    response = login_as(world.tess).post(reverse("messaging:library_edit", args=[tip.pk]),
                                         library_form(tip, text_nl=text, preview="1"))  # fmt: skip
    block = warning_html(response.content.decode())
    assert "<script>" not in block and "&lt;script&gt;" in block


# --- handout texts ------------------------------------------------------------------------------


def handout_url(language="nl"):
    return reverse("meetings:handout_text_edit") + f"?onderdeel=home_tips&leerjaar=3&taal={language}"


def test_handout_text_save_warns_and_the_editor_marks(world, login_as):
    client = login_as(world.lea)
    handout_texts_install(school=world.school_a)
    response = client.post(handout_url(), {"text": "- " + LONG.splitlines()[1]})
    assert response.status_code == 302
    assert "misschien te moeilijk voor ouders" in flashes(response)[-1]
    row = HandoutText.objects.get(school=world.school_a, section="home_tips", year_level=3, language="nl")
    assert row.text.startswith("- Omdat wij")
    block = warning_html(client.get(handout_url()).content.decode())
    assert SENTENCE_MARK in block


def test_handout_preview_does_not_save_and_translations_are_not_checked(world, login_as):
    client = login_as(world.lea)
    handout_texts_install(school=world.school_a)
    response = client.post(handout_url(), {"text": HARD, "preview": "1"})
    assert response.status_code == 200 and WARNING in response.content.decode()
    assert not HandoutText.objects.filter(text=HARD).exists()
    english = client.post(handout_url("en"), {"text": "Supercalifragilisticexpialidocious is a word."})
    assert english.status_code == 302 and len(flashes(english)) == 1  # Dutch rules for Dutch texts only
    assert WARNING not in client.get(handout_url("en")).content.decode()


def test_shipped_handout_texts_give_no_warning_in_the_editor(world, login_as):
    client = login_as(world.lea)
    handout_texts_install(school=world.school_a)
    for level in range(1, 9):
        url = reverse("meetings:handout_text_edit") + f"?onderdeel=home_tips&leerjaar={level}&taal=nl"
        assert WARNING not in client.get(url).content.decode(), level


# --- the programme (session titles and topics, printed in every invitation) ----------------------


def test_programme_item_warns_on_a_hard_title_and_marks_it(world, login_as):
    item = programme_install(school=world.school_a)[0]
    client = login_as(world.lea)
    url = reverse("meetings:programme_item", kwargs={"item_id": item.pk})
    assert WARNING not in client.get(url).content.decode()  # the default wording is plain
    data = {"title": "Onderwijsinhoudelijke verantwoording", "topics": "Lezen\nRekenen", "year_levels": ["3"],
            "duration_minutes": "60", "active": "on"}  # fmt: skip
    preview = client.post(url, data | {"preview": "1"})
    block = warning_html(preview.content.decode())
    assert "Titel: misschien te moeilijk voor ouders." in block and f"{WORD_MARK}Onderwijsinhoudelijke</mark>" in block
    item.refresh_from_db()
    assert item.title != data["title"]
    saved = client.post(url, data)
    assert saved.status_code == 302 and "Onderwijsinhoudelijke" in flashes(saved)[-1]
    item.refresh_from_db()
    assert item.title == data["title"]


def test_every_default_programme_item_opens_without_a_warning(world, login_as):
    """The topics are checked as a list of headings: the shipped ones are fine as they are."""
    client = login_as(world.lea)
    for item in programme_install(school=world.school_a):
        page = client.get(reverse("meetings:programme_item", kwargs={"item_id": item.pk})).content.decode()
        assert WARNING not in page, item.key


# --- conversation rounds (title, goal and invitation text) --------------------------------------


def test_round_form_warns_on_a_long_goal_but_creates_the_round(world, login_as):
    client = login_as(world.lea)
    data = {"kind": "start", "title": "Startgesprekken", "year_levels": ["3"], "first_day": DAY.isoformat(),
            "last_day": (DAY + datetime.timedelta(days=3)).isoformat(), "slot_minutes": "15",
            "family_gap_minutes": "5", "forms": ["at_school"],
            "booking_closes_hours_before": "24", "goal": LONG.splitlines()[1],
            "invitation_text": "Neem gerust een vraag mee."}  # fmt: skip
    preview = client.post(reverse("conversations:round_add"), data | {"preview": "1"})
    assert preview.status_code == 200 and not Round.objects.filter(title="Startgesprekken").exists()
    page = preview.content.decode()
    assert page.count(WARNING) == 1 and "Doel: misschien te moeilijk voor ouders." in page
    assert SENTENCE_MARK in warning_html(page)

    response = client.post(reverse("conversations:round_add"), data)
    round = Round.objects.get(title="Startgesprekken")
    assert response.status_code == 302 and round.goal.startswith("Omdat wij")
    assert flashes(response)[-1].startswith("Let op: de tekst (Doel)")
    edit = client.get(reverse("conversations:round_edit", kwargs={"round_id": round.pk})).content.decode()
    assert SENTENCE_MARK in warning_html(edit)


# --- the live check while typing (static/js/readability-check.js) ------------------------------


@pytest.mark.parametrize("persona", ["tess", "iris", "lea", "sven"])
def test_live_check_answers_staff_with_the_marked_warning_or_nothing(world, login_as, persona):
    client = login_as(getattr(world, persona))
    url = reverse("messaging:readability_check")
    hard = client.post(url, {"text": LONG})
    assert hard.status_code == 200
    body = hard.content.decode()
    assert WARNING in body and SENTENCE_MARK in body and "<html" not in body
    assert client.post(url, {"text": PLAIN}).content == b""
    assert client.post(url, {}).content == b""
    assert client.get(url).status_code == 405


def test_live_check_is_not_for_parents_or_visitors(world, login_as, client):
    url = reverse("messaging:readability_check")
    assert login_as(world.anna).post(url, {"text": LONG}).status_code == 403
    client.logout()
    assert client.post(url, {"text": LONG}).status_code == 302
