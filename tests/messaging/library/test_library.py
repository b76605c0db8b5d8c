"""Installing, picking and rendering library texts; saving and approving them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from messaging.library.install import library_install
from messaging.library.render import library_render
from messaging.library.select import library_pick
from messaging.library.services import library_text_approve, library_text_save
from messaging.library.shipped import shipped_entries
from messaging.models import LibraryEntry, LibraryText

CONTEXT = {"child": "Pim", "teacher": "juf Tess", "theme": "de herfst", "date": datetime.date(2026, 11, 25)}


@pytest.fixture
def installed(world):
    library_install(school=world.school_a)
    return world


def entry(school, key):
    return LibraryEntry.objects.prefetch_related("texts").get(school=school, key=key)


def test_install_creates_every_shipped_text_with_translations_unapproved(world):
    created = library_install(school=world.school_a)
    assert created == sum(len(s.texts) for s in shipped_entries())
    assert LibraryEntry.objects.filter(school=world.school_a).count() == len(shipped_entries())
    texts = LibraryText.objects.filter(entry__school=world.school_a)
    assert not texts.exclude(language="nl").filter(approved_at__isnull=False).exists()
    assert not LibraryEntry.objects.filter(school=world.school_b).exists()


def test_install_is_idempotent_and_keeps_what_the_school_edited(installed):
    world = installed
    tip = entry(world.school_a, "tip-g3-m10-1")
    library_text_save(entry=tip, language="nl", text="Onze eigen tip voor {child}.", by=world.tess)
    arabic = tip.texts.get(language="ar")
    library_text_approve(text=arabic, by=world.tess)
    tip.texts.filter(language="pl").delete()
    assert library_install(school=world.school_a) == 1  # only the deleted Polish text comes back
    assert library_install(school=world.school_a) == 0
    assert tip.texts.get(language="nl").text == "Onze eigen tip voor {child}."
    assert tip.texts.get(language="ar").approved_by == world.tess


def test_render_falls_back_to_dutch_until_the_translation_is_approved(installed):
    world = installed
    tip = entry(world.school_a, "tip-g3-m10-1")
    text, language = library_render(entry=tip, language="ar", context=CONTEXT)
    assert language == "nl" and "Pim" in text and "{" not in text
    library_text_approve(text=tip.texts.get(language="ar"), by=world.lea)
    text, language = library_render(entry=entry(world.school_a, "tip-g3-m10-1"), language="ar", context=CONTEXT)
    assert language == "ar" and "Pim" in text


def test_render_fills_the_date_in_the_language_used(installed):
    tip = LibraryEntry.objects.create(school=installed.school_a, kind="tip", year_level=3)
    LibraryText.objects.create(entry=tip, language="nl", text="Tot {date}, {teacher}.")
    assert library_render(entry=tip, language="en", context=CONTEXT) == ("Tot 25 november, juf Tess.", "nl")


def test_unknown_language_renders_dutch(installed):
    tip = entry(installed.school_a, "tip-g3-m10-1")
    assert library_render(entry=tip, language="so", context=CONTEXT)[1] == "nl"


def test_pick_rotates_by_week_and_consecutive_weeks_differ(installed):
    world = installed
    mondays = [datetime.date(2026, 9, 28) + datetime.timedelta(weeks=n) for n in range(30)]
    picks = [library_pick(school=world.school_a, kind="tip", year_level=3, day=day) for day in mondays]
    assert all(picks)
    assert all(a != b for a, b in zip(picks, picks[1:], strict=False))
    assert all(p.month in (None, day.month) and not p.summer_reading for p, day in zip(picks, mondays, strict=True))
    october = [p.key for p, day in zip(picks, mondays, strict=True) if day.month == 10]
    assert october[0] == "tip-g3-m10-1"  # the month's own tip leads the month
    assert library_pick(school=world.school_a, kind="tip", year_level=3, day=mondays[0]) == picks[0]


def test_pick_leaves_out_theme_texts_without_a_theme_and_prefers_a_theme_match(installed):
    world = installed
    day = datetime.date(2026, 11, 2)
    for week in range(8):
        picked = library_pick(school=world.school_a, kind="tip", year_level=4, day=day + datetime.timedelta(weeks=week))
        assert "{theme}" not in picked.texts.get(language="nl").text
    autumn = LibraryEntry.objects.create(school=world.school_a, kind="tip", year_level=4, theme="Herfst")
    LibraryText.objects.create(entry=autumn, language="nl", text="Zoek samen blaadjes.")
    picks = {
        library_pick(
            school=world.school_a, kind="tip", year_level=4, day=day + datetime.timedelta(weeks=w), theme="herfst"
        )
        for w in range(2)
    }
    assert autumn in picks


def test_pick_summer_uses_only_summer_reading_tips_and_skips_inactive(installed):
    world = installed
    day = datetime.date(2027, 7, 19)
    picks = [
        library_pick(
            school=world.school_a, kind="tip", year_level=5, day=day + datetime.timedelta(weeks=w), summer=True
        )
        for w in range(6)
    ]
    assert all(p.summer_reading for p in picks) and len(set(picks)) == 6
    LibraryEntry.objects.filter(school=world.school_a, kind="encouragement", year_level=2).update(active=False)
    assert library_pick(school=world.school_a, kind="encouragement", year_level=2, day=day) is None
    assert library_pick(school=world.school_b, kind="tip", year_level=2, day=day) is None


def test_saving_a_changed_translation_withdraws_its_approval_unless_approved_in_the_same_step(installed):
    world = installed
    tip = entry(world.school_a, "tip-g3-m10-1")
    turkish = library_text_save(entry=tip, language="tr", text="Yeni metin {child}.", by=world.tess, approve=True)
    assert turkish.approved_by == world.tess and turkish.approved_at is not None
    library_text_save(entry=tip, language="tr", text="Yeni metin {child}.", by=world.iris)
    turkish.refresh_from_db()
    assert turkish.approved_by == world.tess  # unchanged text: approval stays
    library_text_save(entry=tip, language="tr", text="Başka metin {child}.", by=world.iris)
    turkish.refresh_from_db()
    assert turkish.approved_by is None and turkish.approved_at is None


def test_unknown_placeholder_is_refused_in_dutch(installed):
    tip = entry(installed.school_a, "tip-g3-m10-1")
    with pytest.raises(ValidationError) as error:
        library_text_save(entry=tip, language="nl", text="Hallo {naam}!", by=installed.tess)
    assert "Onbekende invulplek {naam}" in str(error.value)
    assert tip.texts.get(language="nl").text != "Hallo {naam}!"


def test_line_only_in_progress_frames_and_required_there(installed):
    world = installed
    tip = entry(world.school_a, "tip-g3-m10-1")
    with pytest.raises(ValidationError):
        library_text_save(entry=tip, language="nl", text="{child}: {line}", by=world.tess)
    frame = entry(world.school_a, "progress-g3-1")
    with pytest.raises(ValidationError):
        library_text_save(entry=frame, language="nl", text="Over {child}.", by=world.tess)
    library_text_save(entry=frame, language="nl", text="Over {child}: {line}", by=world.tess)


def test_staff_of_another_school_cannot_save_or_approve(installed):
    tip = entry(installed.school_a, "tip-g3-m10-1")
    with pytest.raises(PermissionDenied):
        library_text_save(entry=tip, language="en", text="Hi {child}", by=installed.sven)
    with pytest.raises(PermissionDenied):
        library_text_approve(text=tip.texts.get(language="en"), by=installed.lars)


def test_an_empty_translation_is_removed_but_dutch_is_required(installed):
    tip = entry(installed.school_a, "tip-g3-m10-1")
    assert library_text_save(entry=tip, language="pl", text="  ", by=installed.tess) is None
    assert not tip.texts.filter(language="pl").exists()
    with pytest.raises(ValidationError):
        library_text_save(entry=tip, language="nl", text="", by=installed.tess)
