"""manage.py import_school."""

import io

import pytest
from django.core.management import CommandError, call_command

from ouderbetrokkenheid.school.models import Pupil, Staff

from .exports import pupil, staff, staff_csv, to_csv


def run(*args):
    out = io.StringIO()
    call_command("import_school", *args, "--today", "2026-11-23", stdout=out)
    return out.getvalue()


@pytest.fixture
def files(tmp_path):
    pupils, team = tmp_path / "leerlingen.csv", tmp_path / "medewerkers.csv"
    pupils.write_bytes(to_csv([pupil(), pupil(leerlingnummer="2", leerjaar="12")]))
    team.write_bytes(staff_csv([staff()]))
    return pupils, team


def test_command_imports_and_prints_the_report_in_dutch(school, files):
    output = run("--pupils", str(files[0]), "--staff", str(files[1]), "--school", school.brin)
    assert output.startswith("4 wijzigingen, 1 nieuwe leerling, 1 nieuwe verzorger, 1 nieuwe medewerker")
    assert "regel 3, leerjaar: '12' is geen leerjaar van 1 tot en met 8" in output
    assert Pupil.objects.filter(school=school).count() == 1


def test_command_accepts_one_file_alone_and_a_dry_run(school, files):
    output = run("--staff", str(files[1]), "--school", school.brin.lower(), "--dry-run")
    assert "Proefimport: er is niets opgeslagen." in output
    assert not Staff.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"leerlingnummer;roepnaam\n1;Jan\n", "ontbreekt de kolom"), (b"", "leeg")],
)
def test_command_fails_when_a_file_cannot_be_read(school, tmp_path, content, message):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run("--pupils", str(path), "--school", school.brin)


def test_command_fails_for_unknown_school_or_missing_file(school, tmp_path):
    with pytest.raises(CommandError, match="Er is geen school met BRIN 99ZZ99"):
        run("--pupils", str(tmp_path / "x.csv"), "--school", "99ZZ99")
    with pytest.raises(CommandError, match="kan niet gelezen worden"):
        run("--pupils", str(tmp_path / "bestaat-niet.csv"), "--school", school.brin)
    with pytest.raises(CommandError, match="Geef --pupils, --staff of allebei"):
        run("--school", school.brin)


def test_command_exits_non_zero_when_the_file_cannot_be_read(school, tmp_path):
    from django.core.management import ManagementUtility

    path = tmp_path / "x.csv"
    path.write_bytes(b"onzin\n")
    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(["manage.py", "import_school", "--pupils", str(path), "--school", school.brin]).execute()
    assert exit_info.value.code != 0
