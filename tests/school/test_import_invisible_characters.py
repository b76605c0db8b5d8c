"""Bidi controls and other invisible format characters never reach a stored name (issue 17, point 9)."""

from ouderbetrokkenheid.school.models import Guardian, Pupil, Staff
from ouderbetrokkenheid.school.text import strip_invisible

from .exports import STAFF_HEADER, pupil, staff, to_csv

SPOOF = "Ann\u202egnp.exe"  # shows as 'Annexe.png'


def test_import_strips_bidi_controls_from_pupil_and_guardian_names(run_import, school):
    row = pupil(roepnaam=SPOOF, achternaam="\ufeffEl\u00adIdrissi\u200b", verzorger_voornaam="\u2067Sara\u2069",
                verzorger_achternaam="\u200fEl Idrissi\u200e")  # fmt: skip
    report = run_import(to_csv([row]))
    assert report.rejected == []
    child = Pupil.objects.get(school=school)
    guardian = Guardian.objects.get(school=school)
    assert (child.first_name, child.last_name) == ("Anngnp.exe", "ElIdrissi")
    assert (guardian.first_name, guardian.last_name) == ("Sara", "El Idrissi")
    assert not any(unicodedata_cf(name) for name in (child.first_name, guardian.first_name, guardian.last_name))


def test_import_keeps_the_zero_width_non_joiner_a_persian_name_needs(run_import, school):
    run_import(to_csv([pupil(roepnaam="\u200cمهر\u200cناز\u200d")]))
    assert Pupil.objects.get(school=school).first_name == "مهر\u200cناز"  # kept between letters only


def test_import_strips_them_from_staff_names(run_import, school):
    run_import(staff=to_csv([staff(voornaam=SPOOF)], header=STAFF_HEADER))
    assert Staff.objects.get(school=school).first_name == "Anngnp.exe"


def test_a_name_of_invisible_characters_only_is_missing_not_empty(run_import, school):
    report = run_import(to_csv([pupil(roepnaam="\u202e\u200b")]))
    assert not Pupil.objects.filter(school=school).exists()
    assert [r.reason for r in report.rejected] == ["ontbreekt"]


def unicodedata_cf(text):
    import unicodedata

    return [c for c in text if unicodedata.category(c) == "Cf"]


def test_strip_invisible_leaves_ordinary_names_alone():
    for name in ("Anna", "Çağla", "Zoë", "محمد", "Олена", "Żaneta"):
        assert strip_invisible(name) == name
