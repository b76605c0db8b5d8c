"""Test-result import from the school's CSV export: good and bad files, dry run, re-import, history."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from development import services
from development.importing import ImportFailed, apply_previewed, import_test_results
from development.models import AccessAction, AccessLogEntry, ResultSource, TestResult, TestResultVersion
from tests.development.data_helpers import HEADER, csv_file

TODAY = datetime.date(2026, 3, 1)


def good_file(pim, bo, **kw):
    return csv_file(
        f"{pim.external_id};Rekenen-wiskunde;E3;12-06-2025;Cito LOVS;128;E3;III;",
        f"{pim.external_id};Begrijpend lezen;M4;20-01-2026;Cito LOVS;;M4;B;",
        f"{bo.external_id};Technisch lezen;B6;15-09-2025;DMT;44;<E3;V;8,5",
        f"{bo.external_id};SPELLING;m5;22-01-2025;Cito 3.0;210;>E8;I;",
        **kw,
    )


def import_(world, data, dry_run=False):
    return import_test_results(school=world.school_a, data=data, dry_run=dry_run, by=world.iris, today=TODAY)


def test_good_file_is_imported(world):
    report = import_(world, good_file(world.pim, world.bo))
    assert report.ok, report.errors
    assert len(report.new) == 4 and not report.changed
    rows = {
        (r.pupil_id, r.domain, r.moment): r
        for r in TestResult.objects.filter(pupil__school=world.school_a).order_by("pk")
    }
    maths = rows[(world.pim.pk, "maths", "E3")]
    assert (maths.ability_score, maths.level_reported, maths.level_band, maths.taken_on) == (
        128,
        "E3",
        "III",
        datetime.date(2025, 6, 12),
    )
    assert maths.source == ResultSource.IMPORT and maths.changed_by == world.iris
    reading = rows[(world.bo.pk, "technical_reading", "B6")]
    assert reading.level_reported == "<E3" and reading.dle_reported == Decimal("8.5")
    assert rows[(world.bo.pk, "spelling", "M5")].level_reported == "E8+"
    logged = AccessLogEntry.objects.filter(action=AccessAction.IMPORT, staff=world.iris)
    assert {e.pupil_id for e in logged} == {world.pim.pk, world.bo.pk}


def test_dry_run_writes_nothing_and_shows_the_same_report(world):
    preview = import_(world, good_file(world.pim, world.bo), dry_run=True)
    assert len(preview.new) == 4
    assert not TestResult.objects.exists() and not AccessLogEntry.objects.exists()
    applied = import_(world, good_file(world.pim, world.bo))
    assert applied.fingerprint() == preview.fingerprint()


@pytest.mark.parametrize(
    "encoding_sep",
    [("utf-8-sig", ";"), ("cp1252", ";"), ("utf-16", "\t"), ("utf-8", ",")],
)
def test_encodings_and_separators(world, encoding_sep):
    encoding, sep = encoding_sep
    data = csv_file(
        f"{world.pim.external_id};Rekenen-wiskunde;M4;20-01-2026;Cito LOVS;140;M4;II;",
        header="Leerlingnummer;Domein;Toetsmoment;Datum;Toets;Vaardigheidsscore;Functioneringsniveau;Niveau;DLE",
        encoding=encoding,
        sep=sep,
    )
    report = import_(world, data)
    assert report.ok, report.errors
    assert TestResult.objects.get().level_reported == "M4"


def test_header_variants_are_understood(world):
    data = csv_file(
        f"{world.bo.external_id};Rekenen;M5;2025-01-20;Cito;150;M5",
        header="LEERLING_NR;Vakgebied;Moment;Afnamedatum;Toetsnaam;Score;FN",
    )
    report = import_(world, data)
    assert report.ok, report.errors
    assert TestResult.objects.get().domain == "maths"


def test_bad_file_reports_every_line_in_dutch_and_writes_nothing(world):
    pim = world.pim.external_id
    data = csv_file(
        f"{pim};Rekenen-wiskunde;E3;12-06-2025;Cito LOVS;128;E3;III;",  # fine (line 2)
        f"{pim};Rekenen-wiskunde;X9;12-06-2025;Cito LOVS;128;E3;III;",  # line 3: moment
        f"{pim};Aardrijkskunde;M4;12-06-2025;Cito LOVS;128;E3;III;",  # line 4: domain
        f"{pim};Spelling;M4;31-02-2025;Cito LOVS;12a;Q7;VI;",  # line 5: date, score, level, band
        "99999;Spelling;M4;12-06-2025;Cito LOVS;100;M4;;",  # line 6: unknown pupil
        f"{world.kai.external_id};Spelling;M4;12-06-2025;Cito LOVS;100;M4;;",  # line 7: other school
        f"{pim};Spelling;M4;12-06-2099;Cito LOVS;100;M4;;",  # line 8: future
        f"{pim};Rekenen-wiskunde;E3;13-06-2025;cito lovs;129;E3;III;",  # line 9: twice in file
        f"{pim};Spelling;M2;12-06-2025;Cito LOVS;100;M4;;",  # line 10: before groep 3
        f"{pim};Spelling;E4;12-06-2025;Cito LOVS;;;;",  # line 11: no score/level/DLE
        f"{pim};Spelling;E5;12-06-2025;=HYPERLINK(1);100;M4;;",  # line 12: formula
    )
    report = import_(world, data)
    assert not report.ok
    errors = "\n".join(report.errors)
    assert "regel 3, toetsmoment: 'X9' is geen geldig toetsmoment" in errors
    assert "regel 4, domein: 'Aardrijkskunde' is geen bekend domein" in errors
    assert "regel 5, datum: '31-02-2025' is geen geldige datum" in errors
    assert "regel 5, vaardigheidsscore: '12a' is geen geldige vaardigheidsscore" in errors
    assert "regel 5, functioneringsniveau: 'Q7' is geen geldig functioneringsniveau" in errors
    assert "regel 5, niveau: 'VI' is geen niveau I–V of A–E" in errors
    assert "regel 6, leerlingnummer: '99999' is geen leerling van deze school" in errors
    assert f"regel 7, leerlingnummer: '{world.kai.external_id}' is geen leerling van deze school" in errors
    assert "regel 8, datum: '12-06-2099' ligt in de toekomst" in errors
    assert "regel 9, toetsmoment: dezelfde toets staat al op regel 2" in errors
    assert "regel 10, toetsmoment: 'M2': toetsen tellen vanaf groep 3" in errors
    assert "regel 11, functioneringsniveau: geen vaardigheidsscore, functioneringsniveau of DLE" in errors
    assert "regel 12, toets:" in errors and "spreadsheetformule" in errors
    assert "niets ingelezen" in report.summary()
    assert not TestResult.objects.exists() and not AccessLogEntry.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "leeg"),
        (b"leerlingnummer;domein;toetsmoment;datum\n1;Spelling;M4;01-01-2025\n", "'toets'"),
        (
            b"leerlingnummer;domein;toetsmoment;datum;toets\n1;Spelling;M4;01-01-2025;X\n",
            "geen kolom vaardigheidsscore",
        ),
        ((HEADER + "\n").encode(), "geen regels"),
        (b"\x00\x81\xff" * 10, "tekstbestand"),
    ],
)
def test_unreadable_files_fail_as_a_whole(world, data, message):
    with pytest.raises(ImportFailed, match=message):
        import_(world, data)
    assert not TestResult.objects.exists()


def test_reimport_of_the_same_file_changes_nothing(world):
    import_(world, good_file(world.pim, world.bo))
    before = list(TestResult.objects.order_by("pk").values())
    again = import_(world, good_file(world.pim, world.bo))
    assert again.ok and not again.has_changes and again.unchanged == 4
    assert list(TestResult.objects.order_by("pk").values()) == before
    assert not TestResultVersion.objects.exists()


def test_a_changed_value_keeps_the_old_values_as_a_version(world):
    import_(world, good_file(world.pim, world.bo))
    changed = csv_file(f"{world.pim.external_id};Rekenen-wiskunde;E3;12-06-2025;Cito LOVS;131;M4;II;")
    report = import_(world, changed)
    assert len(report.changed) == 1 and "ability_score: 128 → 131" in report.changed[0]
    result = TestResult.objects.get(pupil=world.pim, domain="maths")
    assert (result.ability_score, result.level_reported, result.level_band) == (131, "M4", "II")
    version = result.versions.get()
    assert version.values == {"ability_score": 128, "level_reported": "E3", "level_band": "III"}
    assert version.reason == "import"


def test_import_does_not_overwrite_a_manual_correction(world):
    import_(world, good_file(world.pim, world.bo))
    result = TestResult.objects.get(pupil=world.pim, domain="maths")
    services.result_correct(by=world.tess, result_id=result.pk, reason="LVS-fout", level_reported="M4")
    report = import_(world, good_file(world.pim, world.bo))
    assert len(report.kept) == 1 and not report.changed
    result.refresh_from_db()
    assert result.level_reported == "M4"


def test_apply_previewed_refuses_when_data_changed_since_preview(world):
    data = good_file(world.pim, world.bo)
    preview = import_(world, data, dry_run=True)
    services.result_record(
        by=world.tess,
        pupil=world.pim,
        domain="maths",
        year_level=3,
        phase="E",
        taken_on=datetime.date(2025, 6, 12),
        test_name="Cito LOVS",
        level_reported="M3",
    )
    applied, report = apply_previewed(
        school=world.school_a, data=data, fingerprint=preview.fingerprint(), by=world.iris, today=TODAY
    )
    assert not applied and report.dry_run
    assert TestResult.objects.count() == 1
    applied, _ = apply_previewed(
        school=world.school_a, data=data, fingerprint=report.fingerprint(), by=world.iris, today=TODAY
    )
    assert applied and TestResult.objects.count() == 4


def test_import_derives_levels_from_a_school_table(world):
    services.level_table_upload(
        by=world.iris,
        school=world.school_a,
        test_name="Cito LOVS",
        domain="maths",
        data=b"score_min;score_max;niveau\n100;129;M3\n130;160;E3\n",
    )
    import_(world, good_file(world.pim, world.bo))
    result = TestResult.objects.get(pupil=world.pim, domain="maths")
    assert (result.level_reported, result.level_derived) == ("E3", "M3")


def test_management_command(world, tmp_path):
    path = tmp_path / "toetsen.csv"
    path.write_bytes(good_file(world.pim, world.bo))
    out = io.StringIO()
    call_command("import_test_results", file=str(path), school="11AA00", dry_run=True, stdout=out)
    assert "4 nieuw" in out.getvalue() and "Proef (er is niets opgeslagen)" in out.getvalue()
    assert not TestResult.objects.exists()
    call_command("import_test_results", file=str(path), school="11AA00", stdout=out)
    assert TestResult.objects.count() == 4
    bad = tmp_path / "fout.csv"
    bad.write_bytes(csv_file(f"{world.pim.external_id};Rekenen;X9;12-06-2025;Cito;1;M3;;"))
    with pytest.raises(CommandError, match="regel 2, toetsmoment"):
        call_command("import_test_results", file=str(bad), school="11AA00", stdout=out)
    with pytest.raises(CommandError, match="Geen school"):
        call_command("import_test_results", file=str(path), school="00XX00", stdout=out)


def test_a_repeated_year_has_the_same_moment_in_two_school_years(world):
    data = csv_file(
        f"{world.bo.external_id};Rekenen-wiskunde;M4;20-01-2023;Cito LOVS;110;M3;IV;",
        f"{world.bo.external_id};Rekenen-wiskunde;M4;22-01-2024;Cito LOVS;125;M4;III;",
    )
    report = import_(world, data)
    assert report.ok and len(report.new) == 2
    assert sorted(TestResult.objects.values_list("school_year_start", flat=True)) == [2022, 2023]
    assert import_(world, data).unchanged == 2
