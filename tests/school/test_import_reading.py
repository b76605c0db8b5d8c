"""Reading what spreadsheet programs write, and parsing single cells."""

import datetime

import pytest

from ouderbetrokkenheid.school.importing import ImportFailed, fields
from ouderbetrokkenheid.school.importing.errors import CellError
from ouderbetrokkenheid.school.importing.reading import read_table
from ouderbetrokkenheid.school.models import Guardian, Pupil

from .exports import pupil, to_csv

COLUMNS = ("leerlingnummer", "roepnaam", "datum_inschrijving")


def table(data, required=("leerlingnummer",)):
    return read_table(data, columns=COLUMNS, required=required, label="leerlingenbestand")


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252", "utf-16"])
@pytest.mark.parametrize("bom", [False, True])
def test_reads_utf8_with_and_without_bom_windows_1252_and_utf16(encoding, bom):
    data = "leerlingnummer;roepnaam\n1;Zoë\n".encode(encoding)
    if bom and encoding == "utf-8":
        data = b"\xef\xbb\xbf" + data
    rows = table(data).rows
    assert rows[0].cells == {"leerlingnummer": "1", "roepnaam": "Zoë"}


@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_sniffs_the_separator(separator):
    data = (
        separator.join(["leerlingnummer", "roepnaam", "datum_inschrijving"]) + "\n" + separator.join(["1", "Jan", ""])
    )
    assert table(data.encode()).rows[0].cells == {"leerlingnummer": "1", "roepnaam": "Jan", "datum_inschrijving": ""}


@pytest.mark.parametrize(
    "header", ["LeerlingNummer;Roepnaam;Datum inschrijving", " LEERLINGNUMMER ; roepnaam ;DATUM_INSCHRIJVING"]
)
def test_header_names_in_any_case_with_spaces_or_underscores(header):
    assert table(f"{header}\n1;Jan;01-09-2024\n".encode()).columns == set(COLUMNS)


def test_cells_are_stripped_and_unknown_columns_ignored():
    row = table(b"leerlingnummer;opmerking;roepnaam\n  12 ; x ;\xc2\xa0Jan  \n").rows[0]
    assert row.cells == {"leerlingnummer": "12", "roepnaam": "Jan"}


def test_line_numbers_count_file_lines_with_header_as_line_one():
    data = b'leerlingnummer;roepnaam\n1;Jan\n\n2;"Piet\nJan"\n3;Kees\n'
    assert [row.line for row in table(data).rows] == [2, 4, 6]


def test_short_rows_get_empty_cells():
    assert table(b"leerlingnummer;roepnaam\n1\n").rows[0].cells == {"leerlingnummer": "1", "roepnaam": ""}


def test_missing_required_column_fails_with_a_dutch_message():
    with pytest.raises(ImportFailed, match="In het leerlingenbestand ontbreekt de kolom 'roepnaam'"):
        table(b"leerlingnummer\n1\n", required=("leerlingnummer", "roepnaam"))


@pytest.mark.parametrize("data", [b"", b"\n\n", b";;\n"])
def test_empty_file_fails(data):
    with pytest.raises(ImportFailed, match="leeg"):
        table(data)


def test_binary_garbage_fails():
    with pytest.raises(ImportFailed, match="geen tekstbestand"):
        table(b"\x81\x8d\x8f\x90\x9d" * 10)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03-07-2018", datetime.date(2018, 7, 3)),
        ("2018-07-03", datetime.date(2018, 7, 3)),
        ("3-7-2018", datetime.date(2018, 7, 3)),
    ],
)
def test_dates_in_both_formats(text, expected):
    assert fields.date(text) == expected


def test_impossible_date_is_rejected_in_dutch():
    with pytest.raises(CellError, match="'31-02-2019' is geen geldige datum"):
        fields.date("31-02-2019")


@pytest.mark.parametrize(("text", "expected"), [("ja", True), ("Nee", False), ("", None), ("J", True)])
def test_yes_no(text, expected):
    assert fields.yes_no(text) is expected


def test_yes_no_rejects_other_words():
    with pytest.raises(CellError, match="'misschien' is geen ja of nee"):
        fields.yes_no("misschien")


@pytest.mark.parametrize("text", ["0", "9", "groep", "5a", ""])
def test_year_level_must_be_1_to_8(text):
    with pytest.raises(CellError):
        fields.year_level(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("06-12345678", "+31612345678"),
        (" 06 12 34 56 78 ", "+31612345678"),
        ("0031612345678", "+31612345678"),
        ("+31 6 1234 5678", "+31612345678"),
        ("+32 470 12 34 56", "+32470123456"),
        ("", ""),
    ],
)
def test_phone_numbers_become_e164(text, expected):
    assert fields.mobile(text) == expected


@pytest.mark.parametrize("text", ["06-1234", "bel me", "+31 6 1234 5678 9"])
def test_bad_phone_numbers_are_rejected(text):
    with pytest.raises(CellError, match="is geen geldig telefoonnummer"):
        fields.mobile(text)


def test_email_is_lowercased_and_may_have_non_ascii_letters():
    assert fields.email("S.ElIdrissi@Example.NL") == "s.elidrissi@example.nl"
    assert fields.email("frank.wiśniewska6@school.example.nl") == "frank.wiśniewska6@school.example.nl"


@pytest.mark.parametrize("text", ["ouder@@example", "ouder@example", "geen-adres", "=cmd@example.nl", "a b@example.nl"])
def test_malformed_email_is_rejected(text):
    with pytest.raises(CellError, match="is geen geldig e-mailadres"):
        fields.email(text)


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+SUM(A1)", "-2+3", "@cmd"])
def test_formula_like_names_are_rejected_without_echoing_them(text):
    with pytest.raises(CellError, match="spreadsheetformule") as error:
        fields.text(text, max_length=100)
    assert text not in str(error.value)


def test_language_codes():
    assert fields.language("") == "nl"
    assert fields.language("AR") == "ar"
    assert fields.language("Turks") == "tr"
    with pytest.raises(CellError, match="geen taalcode"):
        fields.language("Klingon")


@pytest.mark.parametrize(
    ("separator", "encoding", "bom"), [(",", "cp1252", False), ("\t", "utf-8", True), (";", "utf-16", False)]
)
def test_a_whole_export_in_other_encodings_and_separators_imports(run_import, school, separator, encoding, bom):
    data = to_csv([pupil(roepnaam="Zoë", email="ZOË.MAMA@EXAMPLE.NL")], separator=separator, encoding=encoding, bom=bom)
    report = run_import(data)
    assert report.rejected == []
    assert Pupil.objects.get(school=school).first_name == "Zoë"
    assert Guardian.objects.get(school=school).email == "zoë.mama@example.nl"


def test_a_file_part_utf8_part_windows_1252_is_refused_naming_the_lines():
    lines = ["leerlingnummer;roepnaam", "1;Zoë", "2;Noël", "3;Jan", "4;Anaïs"]
    encodings = [None, "utf-8", "cp1252", "ascii", "cp1252"]
    data = b"\r\n".join(line.encode(encoding or "ascii") for line, encoding in zip(lines, encodings, strict=True))
    with pytest.raises(ImportFailed) as refused:
        table(data)  # was: read as Windows-1252, "ZoÃ«"
    message = str(refused.value)
    assert "Het leerlingenbestand mengt twee tekencoderingen: regel 2 in UTF-8 en regel 3, 5 in Windows-1252" in message
    assert "CSV UTF-8" in message


def test_many_mixed_lines_are_named_in_short():
    rows = [f"{i};Zoë".encode("utf-8" if i % 2 else "cp1252") for i in range(30)]
    with pytest.raises(ImportFailed, match=r"regel 3, 5, 7, 9, 11, 13, 15, 17, 19, 21 en nog 5 in UTF-8"):
        table(b"\n".join([b"leerlingnummer;roepnaam", *rows]))


def test_a_file_wholly_in_windows_1252_is_still_read():
    assert table("leerlingnummer;roepnaam\n1;Zoë\n2;Noël\n".encode("cp1252")).rows[1].cells["roepnaam"] == "Noël"


def xlsx_bytes():
    """A zip archive that looks like a workbook but has none (no xl/workbook.xml)."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet/>" * 50)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        bytes(range(256)) * 4,
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,
    ],
    ids=["xls", "pdf", "bytes", "png"],
)
def test_a_binary_file_is_not_a_text_file_rather_than_missing_columns(data):
    with pytest.raises(ImportFailed, match=r"Het leerlingenbestand is geen tekstbestand \(CSV\)"):
        table(data)


def test_a_zip_that_is_no_workbook_is_named_so():
    with pytest.raises(ImportFailed, match=r"is een zip-bestand, maar geen leesbare Excel-werkmap"):
        table(xlsx_bytes())
