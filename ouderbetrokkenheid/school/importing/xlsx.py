"""Read the first sheet of an Excel workbook (.xlsx) into lines of text cells, as the CSV reader does.

Cells hold what Excel stored, not what it showed: numbers and dates are turned into the text
the CSV contract expects, so the same field parsers apply. A whole number stays a whole number
("10234", not "10234.0"; a phone number that lost its leading 0 is "612345678", which reads as
a Dutch mobile number), a date becomes dd-mm-jjjj, TRUE/FALSE become ja/nee. The line number of
a row is its row number in the sheet, as Excel shows it.

A file that starts like a zip archive but is no readable workbook is refused with a Dutch
reason; so is a workbook that unpacks to more than MAX_UNPACKED bytes (a zip bomb) and one
whose XML parts declare a DOCTYPE or ENTITY, which Excel never writes (openpyxl parses with
the standard library's expat, which fetches no external entities and limits entity expansion
since 2.4; this check keeps entity tricks out altogether).
"""

import datetime
import io
import zipfile

from django.utils.translation import gettext as _

from .errors import ImportFailed

MAX_UNPACKED = 100 * 1024 * 1024
MAX_ROWS = 100_000
PROLOG_BYTES = 64 * 1024


def read_lines(data: bytes, label: str):
    """(line, cells) for the rows of the first sheet; cells are strings."""
    workbook = _open(data, label)
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some programs store a wrong used range (A1:A1); read what is there
        lines = []
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if line > MAX_ROWS:
                raise ImportFailed(_("Het %(label)s heeft meer dan 100.000 regels.") % {"label": label})
            lines.append((line, [as_text(value) for value in values]))
        return lines
    finally:
        workbook.close()


def _open(data, label):
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_archive(archive, label)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        if not workbook.worksheets:
            raise ImportFailed(_not_a_workbook(label))
        return workbook
    except ImportFailed:
        raise
    except Exception:  # openpyxl raises many kinds (KeyError, zipfile.BadZipFile, XML errors) on a broken file
        raise ImportFailed(_not_a_workbook(label)) from None


def _check_archive(archive, label):
    if "xl/workbook.xml" not in archive.namelist():
        raise ImportFailed(_not_a_workbook(label))
    if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED:
        raise ImportFailed(_("Het %(label)s is uitgepakt groter dan 100 MB.") % {"label": label})
    for name in archive.namelist():
        if name.endswith((".xml", ".rels")):
            with archive.open(name) as part:
                head = part.read(PROLOG_BYTES)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise ImportFailed(_not_a_workbook(label))


def _not_a_workbook(label):
    return _(
        "Het %(label)s is een zip-bestand, maar geen leesbare Excel-werkmap (.xlsx). Open het in het "
        "spreadsheetprogramma en sla het op als 'Excel-werkmap (.xlsx)' of als 'CSV UTF-8', en kies dat bestand."
    ) % {"label": label or _("bestand")}


def as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"  # data for the yes/no parser, not interface text
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
