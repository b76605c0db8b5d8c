"""The same export as CSV, Excel workbook (.xlsx) and EDEXML goes through one pipeline with one outcome."""

import datetime
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from ouderbetrokkenheid.school.importing import ImportFailed, LeaversNotConfirmed
from ouderbetrokkenheid.school.importing.formats import CSV, EDEXML, XLSX, detect
from ouderbetrokkenheid.school.models import Enrollment, Guardian, GuardianOf, ImportRun, Pupil
from tests import factories as f

from .exports import PUPIL_DEFAULTS, PUPIL_HEADER, pupil, read_rows, staff, staff_csv, to_csv, to_edexml, to_xlsx

UPLOAD, APPLY = reverse("staffpages:import"), reverse("staffpages:import_apply")
WRITERS = {"csv": to_csv, "xlsx": to_xlsx, "edexml": to_edexml}


@pytest.fixture
def sample_rows(shared_dir):
    return read_rows((shared_dir / "data" / "sample-school" / "leerlingen.csv").read_bytes())


def another_school(school):
    other = f.SchoolFactory(board=school.board)
    year = school.years.get()
    f.SchoolYearFactory(school=other, first_day=year.first_day, last_day=year.last_day)
    return other


def outcome(school, *, edexml=False):
    """Pupils, enrollments, guardians and links of a school, without its ids. EDEXML holds no
    languages, interpreter needs, lateral-entrant flag or separate invitations, so those are
    left out when comparing with it."""
    pupils = Pupil.objects.filter(school=school)
    guardian = ["external_id", "first_name", "infix", "last_name", "email", "mobile", "channel"]
    link = ["pupil__external_id", "guardian__last_name", "guardian__email", "relationship", "has_parental_authority"]
    enrollment = ["pupil__external_id", "group__name", "year_level", "start_date", "end_date"]
    if not edexml:
        guardian += ["language", "needs_interpreter", "prefers_simple_dutch"]
        link += ["invite_separately"]
        enrollment += ["is_lateral_entrant"]
    return {
        "pupils": sorted(
            pupils.values_list("external_id", "first_name", "infix", "last_name", "date_of_birth", "enrolled_on")
        ),
        "enrollments": sorted(Enrollment.objects.filter(pupil__school=school).values_list(*enrollment)),
        "guardians": sorted(Guardian.objects.filter(school=school).values_list(*guardian)),
        "links": sorted(GuardianOf.objects.filter(pupil__school=school).values_list(*link)),
    }


def test_the_format_is_detected_from_the_content():
    assert detect(to_csv([pupil()])) == CSV
    assert detect(to_xlsx([pupil()])) == XLSX
    assert detect(to_edexml([pupil()])) == EDEXML
    assert detect(b"\xef\xbb\xbf\n  <EDEX></EDEX>") == EDEXML
    assert detect(b"%PDF-1.4") == CSV  # refused there as not a text file


@pytest.mark.parametrize("kind", ["xlsx", "edexml"])
def test_the_sample_school_imports_the_same_from_every_format(kind, sample_rows, run_import, school):
    from_csv = run_import(to_csv(sample_rows))
    other = another_school(school)
    report = run_import(WRITERS[kind](sample_rows), target=other)
    assert report.rejected == from_csv.rejected == []
    assert report.count(report.new, "pupil") == 48
    assert outcome(other, edexml=kind == "edexml") == outcome(school, edexml=kind == "edexml")
    assert Guardian.objects.get(school=other, external_id="50526").children_links.count() == 4


@pytest.mark.parametrize("kind", ["xlsx", "edexml"])
def test_reimporting_in_another_format_changes_nothing(kind, sample_rows, run_import):
    run_import(to_csv(sample_rows))
    report = run_import(WRITERS[kind](sample_rows), dry_run=True)
    assert report.rejected == [] and report.new == [] and report.ended == []
    if kind == "xlsx":
        assert not report.has_changes
    else:  # EDEXML holds no 'taal', 'apart uitnodigen' …: those may change; names, numbers and groups do not
        assert [entry for entry in report.changed if entry.kind in ("pupil", "group")] == []


def test_excel_cells_that_are_numbers_dates_or_booleans_read_as_the_csv_text(run_import, school):
    row = pupil(mobiel="612345678")  # Excel dropped the leading 0 of a number typed as a number
    data = to_xlsx([row])
    report = run_import(data)
    assert report.rejected == []
    child = Pupil.objects.get(school=school)
    as_in_csv = {
        column: datetime.datetime.strptime(PUPIL_DEFAULTS[column], "%d-%m-%Y").date()
        for column in ("geboortedatum", "datum_inschrijving")
    }  # the export's own dates (stored as date cells by to_xlsx), not the suite's day
    assert (child.external_id, child.date_of_birth, child.enrolled_on) == (
        "10001",
        as_in_csv["geboortedatum"],
        as_in_csv["datum_inschrijving"],
    )
    guardian = Guardian.objects.get(school=school)
    assert (guardian.external_id, guardian.mobile) == ("55120", "+31612345678")
    assert guardian.children_links.get().has_parental_authority is True
    assert Enrollment.objects.get(pupil=child).year_level == 5


def test_a_workbook_with_a_wrong_used_range_is_read_whole(run_import, school):
    data = to_xlsx([pupil(), pupil(leerlingnummer="10002", roepnaam="Daan", guardian=False)])
    wrong = with_sheet(data, lambda body: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:A1"', body))
    assert wrong != data
    assert run_import(wrong).rejected == []
    assert Pupil.objects.filter(school=school).count() == 2


def test_an_xlsx_row_is_reported_with_its_sheet_row_number_and_a_dutch_reason(run_import, school):
    rows = [pupil(), pupil(leerlingnummer="10002", geboortedatum="31-02-2018", guardian=False)]
    report = run_import(to_xlsx(rows, typed=False))
    assert [(r.line, r.column) for r in report.rejected] == [(3, "geboortedatum")]
    assert "'31-02-2018' is geen geldige datum" in report.rejected[0].reason
    assert Pupil.objects.filter(school=school).count() == 1


def nothing_written(school):
    return not Pupil.objects.filter(school=school).exists() and not ImportRun.objects.exists()


def zip_of(**files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def with_sheet(workbook, change):
    """The workbook with `change(bytes)` applied to the XML of its first sheet."""
    source, buffer = zipfile.ZipFile(io.BytesIO(workbook)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info in source.infolist():
            body = source.read(info.filename)
            archive.writestr(info, change(body) if info.filename == "xl/worksheets/sheet1.xml" else body)
    return buffer.getvalue()


def with_doctype(workbook):
    """The workbook with an entity declared in its sheet (openpyxl would expand it)."""
    return with_sheet(workbook, lambda body: b'<!DOCTYPE worksheet [<!ENTITY a "Fatima">]>' + body)


BAD_FILES = {
    "csv-missing-column": (
        to_csv([pupil()], header=[c for c in PUPIL_HEADER if c != "geboortedatum"]),
        "In het leerlingenbestand ontbreekt de kolom 'geboortedatum'.",
    ),
    "xlsx-missing-column": (
        to_xlsx([pupil()], header=[c for c in PUPIL_HEADER if c != "geboortedatum"]),
        "In het leerlingenbestand ontbreekt de kolom 'geboortedatum'.",
    ),
    "xlsx-without-header": (
        to_xlsx([pupil()], with_header=False),
        "In het leerlingenbestand ontbreekt de kolom 'leerlingnummer'",
    ),
    "xlsx-empty": (to_xlsx([], with_header=False), "Het leerlingenbestand is leeg of heeft geen kopregel."),
    "zip-not-xlsx": (
        zip_of(**{"leerlingen.csv": to_csv([pupil()]).decode()}),
        "Het leerlingenbestand is een zip-bestand, maar geen leesbare Excel-werkmap (.xlsx).",
    ),
    "xlsx-broken": (
        zip_of(**{"xl/workbook.xml": "<workbook", "[Content_Types].xml": "<Types/>"}),
        "Het leerlingenbestand is een zip-bestand, maar geen leesbare Excel-werkmap (.xlsx).",
    ),
    "xlsx-with-entities": (
        with_doctype(to_xlsx([pupil()])),
        "Het leerlingenbestand is een zip-bestand, maar geen leesbare Excel-werkmap (.xlsx).",
    ),
    "xml-malformed": (
        b'<?xml version="1.0"?>\n<EDEX>\n<leerlingen>\n<leerling key="1"></leerlingen>\n</EDEX>',
        "Het leerlingenbestand is geen geldig XML-bestand (fout op regel 4, kolom",
    ),
    "xml-not-edexml": (
        b'<?xml version="1.0"?><leerlingen><leerling key="1"/></leerlingen>',
        "is een XML-bestand, maar geen EDEXML: het begint met <leerlingen> in plaats van <EDEX>.",
    ),
    "edexml-without-pupils-part": (
        b'<?xml version="1.0"?><EDEX><school/></EDEX>',
        "In het leerlingenbestand (EDEXML) ontbreekt het onderdeel <leerlingen>.",
    ),
    "edexml-with-entities": (
        b'<?xml version="1.0"?>\n<!DOCTYPE EDEX [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n'
        b"<EDEX><leerlingen><leerling key='1'><roepnaam>&b;</roepnaam></leerling></leerlingen></EDEX>",
        "bevat een DOCTYPE- of ENTITY-declaratie",
    ),
    "edexml-external-entity": (
        b'<?xml version="1.0"?>\n<!DOCTYPE EDEX SYSTEM "file:///etc/passwd">\n<EDEX><leerlingen/></EDEX>',
        "bevat een DOCTYPE- of ENTITY-declaratie",
    ),
}


@pytest.mark.parametrize("data, message", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_file_in_any_format_gives_a_dutch_reason_and_writes_nothing(data, message, run_import, school):
    with pytest.raises(ImportFailed) as failed:
        run_import(data)
    assert message in str(failed.value)
    assert nothing_written(school)


def test_a_staff_file_may_be_a_workbook(run_import, school):
    from ouderbetrokkenheid.school.models import Staff

    from .exports import STAFF_HEADER

    report = run_import(staff=to_xlsx([staff(groepen="5/6b;7")], header=STAFF_HEADER))
    assert report.rejected == []
    member = Staff.objects.get(school=school)
    assert (member.user.email, member.is_teacher) == ("j.devries@school.nl", True)
    assert sorted(member.groups.values_list("name", flat=True)) == ["5/6b", "7"]


def test_an_edexml_document_is_not_a_staff_file(run_import, school):
    with pytest.raises(ImportFailed, match=r"EDEXML kan alleen als leerlingenbestand worden gekozen"):
        run_import(staff=to_edexml([pupil()]))


def test_edexml_rows_are_reported_with_their_line_in_the_document(run_import, school):
    rows = [pupil(), pupil(leerlingnummer="10002", roepnaam="Daan", email="geen-adres", verzorgernummer="7")]
    data = to_edexml(rows)
    report = run_import(data)
    line = next(n for n, text in enumerate(data.decode().splitlines(), 1) if 'contactpersoon key="7"' in text)
    assert [(r.line, r.column) for r in report.rejected] == [(line, "email")]
    assert "'geen-adres' is geen geldig e-mailadres" in report.rejected[0].reason
    assert list(Pupil.objects.filter(school=school).values_list("external_id", flat=True)) == ["10001"]


def test_edexml_contacts_by_reference_verzorgers_pupils_without_contacts_or_jaargroep(run_import, school):
    data = b"""<?xml version="1.0" encoding="UTF-8"?>
<EDEX>
  <groepen><groep key="g7"><naam>7a</naam><jaargroep>7</jaargroep></groep></groepen>
  <contactpersonen>
    <contactpersoon key="c1"><roepnaam>Samira</roepnaam><achternaam>El Idrissi</achternaam>
      <relatie>moeder</relatie><gezag>true</gezag><emailadres>S.Elidrissi@example.nl</emailadres></contactpersoon>
  </contactpersonen>
  <leerlingen>
    <leerling key="1"><roepnaam>Zo\xc3\xab</roepnaam><voorvoegsel>van der</voorvoegsel><achternaam>Berg</achternaam>
      <geboortedatum>2015-04-12</geboortedatum><jaargroep>7</jaargroep><groep key="g7"/>
      <contactpersonen><contactpersoon key="c1"/></contactpersonen></leerling>
    <leerling key="2"><roepnaam>Adam</roepnaam><achternaam>Berg</achternaam>
      <geboortedatum>2015-04-12</geboortedatum><jaargroep>7</jaargroep><groep key="g7"/>
      <verzorgers><verzorger key="c1"/><verzorger key="c2"><voornamen>Karim</voornamen>
        <achternaam>Berg</achternaam><relatie>vader</relatie><gezag>false</gezag>
        <mobiel>06-12345678</mobiel></verzorger></verzorgers></leerling>
    <leerling key="3"><roepnaam>Lina</roepnaam><achternaam>Smit</achternaam>
      <geboortedatum>2016-01-02</geboortedatum><groep key="g7"/></leerling>
  </leerlingen>
</EDEX>"""
    report = run_import(data)
    assert report.rejected == []
    zoe = Pupil.objects.get(school=school, external_id="1")
    assert (zoe.first_name, zoe.infix, zoe.last_name) == ("Zoë", "van der", "Berg")
    samira = Guardian.objects.get(school=school, external_id="c1")
    assert samira.email == "s.elidrissi@example.nl"
    assert sorted(samira.children_links.values_list("pupil__external_id", flat=True)) == ["1", "2"]
    karim = Guardian.objects.get(school=school, external_id="c2")
    assert (karim.first_name, karim.mobile) == ("Karim", "+31612345678")
    assert karim.children_links.get().has_parental_authority is False
    assert not GuardianOf.objects.filter(pupil__external_id="3").exists()
    assert set(Enrollment.objects.filter(pupil__school=school).values_list("group__name", "year_level")) == {("7a", 7)}


def test_an_edexml_document_in_windows_1252_is_read_as_it_declares(run_import, school):
    data = to_edexml([pupil(roepnaam="Zoë", verzorger_voornaam="Noël")], declaration=False).decode()
    data = '<?xml version="1.0" encoding="windows-1252"?>\n' + data
    assert run_import(data.encode("cp1252")).rejected == []
    assert Pupil.objects.get(school=school).first_name == "Zoë"
    assert Guardian.objects.get(school=school).first_name == "Noël"


@pytest.mark.parametrize("kind", ["xlsx", "edexml"])
def test_the_leavers_guard_applies_to_every_format(kind, run_import, school):
    rows = [
        pupil(leerlingnummer=str(i), roepnaam=f"Kind{i}", verzorgernummer=f"g{i}", email=f"m{i}@example.nl", mobiel="")
        for i in range(40)
    ]
    run_import(to_csv(rows))
    with pytest.raises(LeaversNotConfirmed) as stopped:
        run_import(WRITERS[kind](rows[:10]))
    assert stopped.value.count == 30
    assert Enrollment.objects.filter(pupil__school=school, end_date=None).count() == 40
    empty = {"xlsx": "alleen een kopregel en geen leerlingen", "edexml": r"\(EDEXML\) bevat geen leerlingen"}
    with pytest.raises(ImportFailed, match=empty[kind]):
        run_import(WRITERS[kind]([]), confirm_leavers=40)
    run_import(WRITERS[kind](rows[:10]), confirm_leavers=30)
    assert Enrollment.objects.filter(pupil__school=school, end_date=None).count() == 10


@pytest.mark.parametrize("kind, name", [("xlsx", "leerlingen.xlsx"), ("edexml", "leerlingen.xml")])
def test_the_browser_previews_and_applies_an_xlsx_or_edexml_file(kind, name, world, login_as):
    from .test_import_views import confirmed

    client = login_as(world.lea)
    rows = [pupil(leerlingnummer="70001", groep="3", leerjaar="3")]
    upload = {
        "pupils": SimpleUploadedFile(name, WRITERS[kind](rows)),
        "staff": SimpleUploadedFile("medewerkers.csv", staff_csv([staff()])),
    }
    preview = client.post(UPLOAD, upload)
    assert "Fatima Bakker (70001)" in preview.content.decode()
    assert not Pupil.objects.filter(external_id="70001").exists()
    result = client.post(APPLY, confirmed(preview))
    assert "De import is doorgevoerd" in result.content.decode()
    assert Pupil.objects.get(external_id="70001").school == world.school_a


@pytest.mark.parametrize("kind, suffix", [("xlsx", "xlsx"), ("edexml", "xml")])
def test_the_command_imports_xlsx_and_edexml(kind, suffix, school, tmp_path):
    path = tmp_path / f"leerlingen.{suffix}"
    path.write_bytes(WRITERS[kind]([pupil(), pupil(leerlingnummer="2", leerjaar="12")]))
    out = io.StringIO()
    call_command("import_school", "--pupils", str(path), "--school", school.brin, "--today", "2026-11-23", stdout=out)
    assert "1 nieuwe leerling" in out.getvalue()
    assert "leerjaar: '12' is geen leerjaar van 1 tot en met 8" in out.getvalue()
    assert Pupil.objects.filter(school=school).count() == 1


def test_the_command_names_a_zip_that_is_no_workbook(school, tmp_path):
    path = tmp_path / "leerlingen.zip"
    path.write_bytes(zip_of(**{"a.txt": "x"}))
    with pytest.raises(CommandError, match="geen leesbare Excel-werkmap"):
        call_command("import_school", "--pupils", str(path), "--school", school.brin, stdout=io.StringIO())
