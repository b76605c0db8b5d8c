"""Imports never end enrollments by accident: header-only and cut-off files, the leavers guard."""

import io

import pytest
from django.core.management import CommandError, call_command

from ouderbetrokkenheid.school.importing import ImportFailed, LeaversNotConfirmed
from ouderbetrokkenheid.school.models import Enrollment, ImportRun, Pupil

from .conftest import TODAY
from .exports import PUPIL_HEADER, pupil, to_csv


def rows(n, start=0):
    return [
        pupil(leerlingnummer=str(i), roepnaam=f"Kind{i}", verzorgernummer=f"g{i}", email=f"m{i}@example.nl", mobiel="")
        for i in range(start, start + n)
    ]


def running(school):
    return Enrollment.objects.filter(pupil__school=school, end_date=None).count()


@pytest.fixture
def forty(run_import, school):
    run_import(to_csv(rows(40)))
    assert running(school) == 40
    return school


def test_a_header_only_pupils_file_ends_nothing(run_import, forty):
    with pytest.raises(ImportFailed, match="alleen een kopregel en geen leerlingen. Er is niets veranderd"):
        run_import(to_csv([]), confirm_leavers=40)
    assert running(forty) == 40


def test_an_empty_line_after_the_header_is_still_header_only(run_import, forty):
    with pytest.raises(ImportFailed, match="alleen een kopregel"):
        run_import(";".join(PUPIL_HEADER).encode() + b"\r\n;;;\r\n\r\n")
    assert running(forty) == 40


def test_a_cut_off_file_stops_and_writes_nothing(run_import, forty):
    cut = rows(10)
    cut[0]["roepnaam"] = "Nieuwe naam"  # a change that must not be written either
    with pytest.raises(LeaversNotConfirmed) as stopped:
        run_import(to_csv(cut))
    assert stopped.value.count == 30
    assert "schrijft 30 van de 40 ingeschreven leerlingen uit" in str(stopped.value)
    assert "Bevestig het aantal (30)" in str(stopped.value) and "Er is niets opgeslagen." in str(stopped.value)
    assert running(forty) == 40
    assert Pupil.objects.get(external_id="0").first_name == "Kind0"
    assert not ImportRun.objects.filter(school=forty).count() > 1  # only the first import


def test_a_wrong_number_is_not_a_confirmation(run_import, forty):
    with pytest.raises(LeaversNotConfirmed, match="U bevestigde 29; dat is niet hetzelfde aantal"):
        run_import(to_csv(rows(10)), confirm_leavers=29)
    assert running(forty) == 40


def test_the_confirmed_number_ends_the_leavers(run_import, forty):
    report = run_import(to_csv(rows(10)), confirm_leavers=30)
    assert len(report.ended) == 30
    assert running(forty) == 10


def test_a_dry_run_names_the_number_to_confirm(run_import, forty):
    report = run_import(to_csv(rows(10)), dry_run=True)
    assert report.leavers_to_confirm == 30
    assert "schrijft 30 van de 40" in report.as_text()
    assert running(forty) == 40


def test_a_few_leavers_need_no_confirmation(run_import, forty):
    report = run_import(to_csv(rows(36)))  # 4 of 40 = 10 %: not more than the share
    assert (len(report.ended), report.leavers_to_confirm) == (4, 0)
    assert running(forty) == 36


def test_more_than_twenty_leavers_need_confirmation_whatever_the_share(run_import, school):
    run_import(to_csv(rows(250)))
    with pytest.raises(LeaversNotConfirmed):
        run_import(to_csv(rows(229)))  # 21 of 250 = 8.4 %
    assert running(school) == 250
    report = run_import(to_csv(rows(230)))  # 20: allowed
    assert len(report.ended) == 20


def test_the_limits_are_settings(run_import, forty, settings):
    settings.IMPORT_MAX_LEAVERS_SHARE = 0.8
    settings.IMPORT_MAX_LEAVERS = 35
    report = run_import(to_csv(rows(10)))
    assert len(report.ended) == 30


def test_rejected_pupils_count_as_present(run_import, forty):
    bad = rows(40)
    for row in bad[:30]:
        row["geboortedatum"] = "morgen"
    report = run_import(to_csv(bad))
    assert report.ended == [] and len(report.rejected) == 30
    assert running(forty) == 40


def command(*args):
    out = io.StringIO()
    call_command("import_school", *args, "--today", TODAY.isoformat(), stdout=out)
    return out.getvalue()


def test_the_command_stops_without_confirmation_and_goes_on_with_it(forty, tmp_path):
    cut = tmp_path / "leerlingen.csv"
    cut.write_bytes(to_csv(rows(10)))
    with pytest.raises(CommandError, match="schrijft 30 van de 40"):
        command("--pupils", str(cut), "--school", forty.brin)
    assert running(forty) == 40
    with pytest.raises(CommandError, match="U bevestigde 3; dat is niet hetzelfde aantal"):
        command("--pupils", str(cut), "--school", forty.brin, "--confirm-leavers", "3")
    assert "Bevestig het aantal (30)" in command("--pupils", str(cut), "--school", forty.brin, "--dry-run")
    output = command("--pupils", str(cut), "--school", forty.brin, "--confirm-leavers", "30")
    assert "30 inschrijvingen beëindigd" in output
    assert running(forty) == 10


def test_the_command_refuses_a_header_only_file(forty, tmp_path):
    empty = tmp_path / "leerlingen.csv"
    empty.write_bytes(to_csv([]))
    with pytest.raises(CommandError, match="alleen een kopregel"):
        command("--pupils", str(empty), "--school", forty.brin, "--confirm-leavers", "40")
    assert running(forty) == 40
