"""The library pages: who may see, edit and approve; the SMS count; errors in Dutch."""

import pytest
from django.urls import reverse

from messaging.library.install import library_install
from messaging.library.shipped import LANGUAGES
from messaging.models import LibraryEntry, LibraryText


@pytest.fixture
def tip(world):
    library_install(school=world.school_a)
    return LibraryEntry.objects.get(school=world.school_a, key="tip-g3-m10-1")


def edit_url(entry):
    return reverse("messaging:library_edit", args=[entry.pk])


def form_data(entry, **changes):
    texts = {t.language: t.text for t in entry.texts.all()}
    data = {f"text_{code}": texts.get(code, "") for code in LANGUAGES} | {"theme": entry.theme, "active": "on"}
    return data | changes


def test_teacher_sees_the_list_with_translations_awaiting_approval(tip, login_as, django_assert_max_num_queries):
    client = login_as(tip.school.staff.get(first_name="Tess"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("messaging:library"), {"year_level": "3", "month": "10", "state": "waiting"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Zoek samen met {child} bekende letters" in body and "wacht op goedkeuring" in body


def test_list_filters_by_language_and_approval(tip, world, login_as):
    LibraryText.objects.filter(entry=tip, language="ar").update(approved_at="2026-10-01T10:00Z")
    client = login_as(world.tess)
    waiting = client.get(
        reverse("messaging:library"), {"language": "ar", "state": "waiting", "year_level": "3", "month": "10"}
    )
    approved = client.get(
        reverse("messaging:library"), {"language": "ar", "state": "approved", "year_level": "3", "month": "10"}
    )
    assert edit_url(tip) not in waiting.content.decode()
    assert edit_url(tip) in approved.content.decode()


def test_edit_page_shows_each_language_with_its_sms_count(tip, world, login_as):
    response = login_as(world.tess).get(edit_url(tip))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('data-sms-counter="sms-') == 6 and "js/sms-counter.js" in body
    assert "GSM-7" in body and "UCS-2" in body and 'dir="rtl"' in body
    assert body.count('name="approve"') == 5


def test_teacher_can_edit_and_approve_a_translation(tip, world, login_as):
    client = login_as(world.tess)
    response = client.post(edit_url(tip), form_data(tip, text_en="Count letters with {child}.", approve="en"))
    assert response.status_code == 302
    english = tip.texts.get(language="en")
    assert english.text == "Count letters with {child}."
    assert english.approved_by == world.tess and english.approved_at is not None
    assert "Goedgekeurd" in client.get(edit_url(tip)).content.decode()


def test_saving_a_changed_translation_without_approving_withdraws_approval(tip, world, login_as):
    client = login_as(world.iris)
    client.post(edit_url(tip), form_data(tip, approve="tr"))
    assert tip.texts.get(language="tr").approved_by == world.iris
    client.post(edit_url(tip), form_data(tip))  # nothing changed: approval stays
    assert tip.texts.get(language="tr").approved_by == world.iris
    client.post(edit_url(tip), form_data(tip, text_tr="Yeni {child}."))
    assert tip.texts.get(language="tr").approved_at is None


def test_unknown_placeholder_shows_a_dutch_error_and_writes_nothing(tip, world, login_as):
    before = {t.language: (t.text, t.approved_at) for t in tip.texts.all()}
    response = login_as(world.lea).post(
        edit_url(tip), form_data(tip, text_nl="Hoi {naam}!", text_en="Changed {child}", theme="Herfst", approve="en")
    )
    assert response.status_code == 200
    assert "Onbekende invulplek {naam}" in response.content.decode()
    assert {t.language: (t.text, t.approved_at) for t in tip.texts.all()} == before
    tip.refresh_from_db()
    assert tip.theme == ""


@pytest.mark.parametrize("persona", ["sven", "lars"])
def test_staff_of_another_school_get_404(tip, world, login_as, persona):
    client = login_as(getattr(world, persona))
    assert client.get(edit_url(tip)).status_code == 404
    assert client.post(edit_url(tip), form_data(tip, approve="en")).status_code == 404
    assert tip.texts.get(language="en").approved_at is None
    assert edit_url(tip) not in client.get(reverse("messaging:library")).content.decode()


def test_guardian_and_anonymous_are_kept_out(tip, world, client, login_as):
    response = client.get(edit_url(tip))
    assert response.status_code == 302 and "/login" in response.url
    guardian = login_as(world.anna)
    assert guardian.get(edit_url(tip)).status_code == 403
    assert guardian.get(reverse("messaging:library")).status_code == 403


def test_install_button_installs_for_the_staff_members_school(world, login_as):
    response = login_as(world.sven).post(reverse("messaging:library_install"))
    assert response.status_code == 302
    assert LibraryEntry.objects.filter(school=world.school_b).exists()
    assert not LibraryEntry.objects.filter(school=world.school_a).exists()


def test_install_command_for_one_school(world):
    from django.core.management import call_command

    call_command("library_install", "--school", world.school_b.brin)
    assert LibraryEntry.objects.filter(school=world.school_b).exists()
    assert not LibraryEntry.objects.filter(school=world.school_a).exists()
