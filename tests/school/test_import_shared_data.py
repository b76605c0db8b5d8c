"""The import on the exports in ../shared/data (skipped when ../shared is absent)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ouderbetrokkenheid.school.models import Enrollment, Guardian, Pupil, Staff

from .conftest import TODAY
from .exports import PUPIL_HEADER, read_rows, to_csv
from .test_import_pupils import writes

BAD_ROWS = {
    (18, "leerjaar"),
    (19, "mobiel"),
    (24, "roepnaam"),
    (26, "geboortedatum"),
    (33, "leerlingnummer"),
    (39, "email"),
}


def sample(shared_dir, name, file):
    return (shared_dir / "data" / name / file).read_bytes()


@pytest.fixture
def good(shared_dir):
    return sample(shared_dir, "sample-school", "leerlingen.csv"), sample(shared_dir, "sample-school", "medewerkers.csv")


def test_every_sample_file_can_be_read(shared_dir, run_import):
    for path in sorted((shared_dir / "data").glob("*/*.csv")):
        kind = "staff" if "medewerkers" in path.name else "pupils"
        report = run_import(**{kind: path.read_bytes()}, dry_run=True)
        assert report.has_changes, path


def test_sample_school_imports_cleanly(good, run_import, school):
    report = run_import(*good)
    assert report.rejected == []
    assert Pupil.objects.filter(school=school).count() == 48
    assert Enrollment.objects.filter(pupil__school=school, end_date=None).count() == 48
    assert Staff.objects.filter(school=school).count() == 9
    assert report.count(report.new, "pupil") == 48
    # siblings share guardians: matched on number, e-mail and mobile
    assert Guardian.objects.get(school=school, email="ingrid.vries72@gmail.com").children_links.count() == 2
    assert Guardian.objects.get(school=school, mobile="+31649131677").children_links.count() == 2
    assert Guardian.objects.get(school=school, external_id="50526").children_links.count() == 4
    assert not Guardian.objects.filter(school=school, email__regex="[A-Z]").exists()


def test_sample_school_reimport_changes_nothing(good, run_import):
    run_import(*good)
    with CaptureQueriesContext(connection) as queries:
        report = run_import(*good, today=TODAY + datetime.timedelta(days=1))
    assert not report.has_changes and report.rejected == []
    assert writes(queries.captured_queries) == []


def test_sample_school_updated_export_applies_changes(good, run_import, school):
    run_import(*good)
    rows = read_rows(good[0])
    leavers = ["10176", "10203"]
    rows = [row for row in rows if row["leerlingnummer"] not in leavers]
    for row in rows:
        if row["leerlingnummer"] == "10182":
            row.update(groep="4/5", leerjaar="4")
        if row["email"].lower() == "kevin.ylmaz86@ziggo.nl":
            row["email"] = "kevin.yilmaz@example.nl"
    later = TODAY + datetime.timedelta(days=14)
    report = run_import(to_csv(rows, header=PUPIL_HEADER), today=later)

    assert report.rejected == []
    assert sorted(e.subject for e in report.ended) == ["Sem Visser (10203)", "Sophie Jansen (10176)"]
    for number in leavers:
        assert Enrollment.objects.get(pupil__external_id=number).end_date == later
    lucas = Enrollment.objects.filter(pupil__external_id="10182").order_by("start_date")
    assert [(e.group.name, e.end_date) for e in lucas] == [("3", later), ("4/5", None)]
    assert Guardian.objects.get(school=school, external_id="50515").email == "kevin.yilmaz@example.nl"
    changed = "\n".join(str(e) for e in report.changed)
    assert "groep: 3 → 4/5" in changed and "kevin.yilmaz@example.nl" in changed
    assert Pupil.objects.filter(school=school).count() == 48


def test_sample_school_bad_rejects_exactly_its_six_bad_rows(shared_dir, run_import, school):
    report = run_import(
        sample(shared_dir, "sample-school-bad", "leerlingen.csv"),
        sample(shared_dir, "sample-school-bad", "medewerkers.csv"),
    )
    assert {(r.line, r.column) for r in report.rejected} == BAD_ROWS
    assert len(report.rejected) == 6
    reasons = {r.line: str(r) for r in report.rejected}
    assert reasons[18] == "regel 18, leerjaar: '9' is geen leerjaar van 1 tot en met 8"
    assert reasons[19] == "regel 19, mobiel: '06-1234' is geen geldig telefoonnummer"
    assert reasons[26] == "regel 26, geboortedatum: '31-02-2019' is geen geldige datum (dd-mm-jjjj)"
    assert reasons[33] == "regel 33, leerlingnummer: ontbreekt"
    assert reasons[39] == "regel 39, email: 'ouder@@example' is geen geldig e-mailadres"
    assert "spreadsheetformule" in reasons[24]
    assert not Pupil.objects.filter(school=school, external_id__in=["99001", "99002", "99005"]).exists()
    assert not Pupil.objects.filter(school=school, first_name__startswith="=").exists()
