"""The handout PDF: content checked on text extracted from the PDF (pdftotext, poppler-utils)."""

import subprocess

import pytest
from django.urls import reverse

from meetings.handouts.install import handout_texts_install
from meetings.handouts.render import handout_html, handout_pdf
from meetings.handouts.texts import handout_text_approve, handout_text_save
from meetings.models import HandoutText
from tests.meetings.test_attendance import invite, make_session


def pdf_text(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF")
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


def test_session_1_handout_holds_title_date_topics_and_the_year_levels_milestones(world):
    session = make_session(world.year_a)
    text = pdf_text(handout_pdf(session=session, year_level=3, language="nl", use_cache=False))
    assert "Leermijlpalen en thuis oefenen" in text
    assert "De Regenboog" in text and "Groep 3" in text and "Aula" in text
    assert f"{session.starts_at.astimezone().day}" in text
    from django.utils import formats, timezone

    assert formats.date_format(timezone.localtime(session.starts_at), "j F Y") in text
    assert "Uw kind rekent plus en min tot 20." in text  # groep 3 maths
    assert "Uw kind kent alle letters en klanken" in text  # groep 3 reading
    assert "Ga samen naar de bibliotheek" in text  # home tips
    assert "tafels van 1 tot en met 10" not in text  # groep 5, not 3


def test_school_edit_of_a_milestone_text_is_printed(world):
    session = make_session(world.year_a)
    handout_text_save(school=world.school_a, section="reading", year_level=3, language="nl",
                      text="- Pim leest elke dag tien minuten.", by=world.lea)  # fmt: skip
    text = pdf_text(handout_pdf(session=session, year_level=3, language="nl", use_cache=False))
    assert "Pim leest elke dag tien minuten." in text


def test_session_3_handout_has_school_system_and_advice_timeline(world):
    session = make_session(world.year_a, "school_system", year_levels=(3, 8))
    text = pdf_text(handout_pdf(session=session, year_level=8, language="nl", use_cache=False))
    assert "Werkwijze school en onderwijssysteem" in text
    assert "praktijkonderwijs" in text.lower() and "havo" in text.lower()
    assert "Uiterlijk 24 maart" in text and "doorstroomtoets" in text
    assert "Uw kind rekent" not in text


def test_unapproved_translation_falls_back_to_dutch_entirely(world):
    session = make_session(world.year_a)
    handout_texts_install(school=world.school_a)  # English arrives unapproved
    html = handout_html(session=session, year_level=3, language="en")
    assert 'lang="nl"' in html and "Your child" not in html and "Uw kind kent alle letters" in html


def test_approved_english_is_used_for_an_english_guardian(world, login_as):
    session = make_session(world.year_a)
    handout_texts_install(school=world.school_a)
    for row in HandoutText.objects.filter(school=world.school_a, language="en"):
        handout_text_approve(text=row, by=world.lea)
    invite(session, world.anna, world.pim)
    world.anna.language = "en"
    world.anna.save(update_fields=["language"])
    response = login_as(world.anna).get(reverse("meetings:handout_guardian", args=[session.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Learning milestones and practising at home" in text
    assert "Your child knows all letters and sounds" in text and "When" in text
    assert "Uw kind" not in text and "Wanneer" not in text


def test_one_missing_approved_section_keeps_the_whole_handout_dutch(world):
    session = make_session(world.year_a)
    handout_texts_install(school=world.school_a)
    for row in HandoutText.objects.filter(school=world.school_a, language="en").exclude(section="home_tips"):
        handout_text_approve(text=row, by=world.lea)
    html = handout_html(session=session, year_level=3, language="en")
    assert 'lang="nl"' in html and "Your child" not in html


def test_arabic_handout_renders_right_to_left(world):
    session = make_session(world.year_a, "work_attitude", year_levels=(3,))
    handout_texts_install(school=world.school_a)
    handout_text_approve(text=HandoutText.objects.get(school=world.school_a, section="work_attitude", language="ar"),
                         by=world.lea)  # fmt: skip
    html = handout_html(session=session, year_level=3, language="ar")
    assert 'dir="rtl"' in html
    text = pdf_text(handout_pdf(session=session, year_level=3, language="ar", use_cache=False))
    assert any("\u0600" <= ch <= "\u06ff" for ch in text)
    assert "كن قدوة حسنة" in text or "قدوة" in text


def test_saving_a_translation_again_needs_new_approval(world):
    row = handout_text_save(school=world.school_a, section="work_attitude", year_level=0, language="en",
                            text="Be a role model.", by=world.lea)  # fmt: skip
    handout_text_approve(text=row, by=world.iris)
    row = handout_text_save(school=world.school_a, section="work_attitude", year_level=0, language="en",
                            text="Be a good role model.", by=world.lea)  # fmt: skip
    assert row.approved_at is None


def test_install_is_idempotent_and_keeps_school_edits(world):
    assert handout_texts_install(school=world.school_a) > 50
    row = HandoutText.objects.get(school=world.school_a, section="maths", year_level=4, language="nl")
    row.text = "Eigen tekst"
    row.save(update_fields=["text"])
    assert handout_texts_install(school=world.school_a) == 0
    row.refresh_from_db()
    assert row.text == "Eigen tekst"


def test_texts_editor_only_for_leadership_and_ib(world, login_as):
    assert login_as(world.tess).get(reverse("meetings:handout_texts")).status_code == 403
    client = login_as(world.lea)
    client.post(reverse("meetings:handout_texts"))
    url = reverse("meetings:handout_text_edit") + "?onderdeel=reading&leerjaar=3&taal=nl"
    assert client.get(url).status_code == 200
    client.post(url, {"text": "- Nieuwe mijlpaal"})
    assert HandoutText.objects.get(school=world.school_a, section="reading", year_level=3, language="nl").text == (
        "- Nieuwe mijlpaal"
    )


@pytest.mark.parametrize("persona,status", [("tess", 200), ("sven", 404), ("anna", 403)])
def test_staff_handout_download(world, login_as, persona, status):
    session = make_session(world.year_a)
    response = login_as(getattr(world, persona)).get(reverse("meetings:handout", args=[session.pk]) + "?leerjaar=3")
    assert response.status_code == status


def test_guardian_gets_only_handouts_of_sessions_she_was_invited_to(world, login_as):
    session = make_session(world.year_a)
    invite(session, world.anna, world.pim)
    assert login_as(world.bert).get(reverse("meetings:handout_guardian", args=[session.pk])).status_code == 404
    response = login_as(world.anna).get(reverse("meetings:handout_guardian", args=[session.pk]))
    assert response.status_code == 200 and "Groep 3" in pdf_text(response.content)
