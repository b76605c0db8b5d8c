"""Turn the bytes a spreadsheet program wrote into rows of stripped cells keyed by canonical header.

Accepted: UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text") and
Windows-1252; `;`, `,` or tab as separator; header names in any case, with spaces,
underscores or hyphens. Every row keeps its file line number (the header is line 1).

An Excel workbook (.xlsx) is read from its first sheet with the same header rules (xlsx.py);
an EDEXML document is read by the caller's `edexml` reader, which gives rows with the same
canonical columns (edexml.py). The format is detected from the content (formats.py).

Refused with a Dutch reason: another binary file (an old .xls, a PDF, an image …), and a
file that is part UTF-8 and part Windows-1252 (rows pasted together from two exports),
whose lines are named: read as Windows-1252 it would turn "Zoë" into "ZoÃ«" silently.
"""

import csv
import io
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from . import formats, xlsx
from .errors import ImportFailed

MAX_BYTES = 5 * 1024 * 1024
SEPARATORS = (";", ",", "\t")


@dataclass(frozen=True)
class Row:
    line: int
    cells: dict


@dataclass(frozen=True)
class Table:
    columns: frozenset
    rows: list


BINARY_STARTS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF", b"\x89PNG", b"\xff\xd8\xff")
TEXT_CONTROLS = frozenset(b"\t\n\r\x0c\x1a")
SHOWN_LINES = 10


def decode(data: bytes, label: str = "") -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_as(data, "utf-16")
    if _looks_binary(data):
        raise ImportFailed(_not_text(label))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    _refuse_mixed(data, label)
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportFailed(_not_text(label)) from None


def _not_text(label):
    return _(
        "Het %(label)s is geen tekstbestand (CSV), geen Excel-werkmap (.xlsx) en geen EDEXML: het is "
        "bijvoorbeeld een oud Excel-bestand (.xls) of een PDF. Sla het in het spreadsheetprogramma op als "
        "'CSV UTF-8' of als 'Excel-werkmap (.xlsx)' en kies dat bestand."
    ) % {"label": label or _("bestand")}


def _looks_binary(data):
    head = data[:8192]
    controls = sum(1 for byte in head if byte < 32 and byte not in TEXT_CONTROLS)
    return head.startswith(BINARY_STARTS) or b"\x00" in head or controls > len(head) // 100


def _refuse_mixed(data, label):
    """Refuse a file with both UTF-8 lines (with letters outside ASCII) and lines that are not UTF-8."""
    utf8, other = [], []
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            other.append(number)
        else:
            utf8.append(number)
    if utf8 and other:
        raise ImportFailed(
            _(
                "Het %(label)s mengt twee tekencoderingen: regel %(utf8)s in UTF-8 en regel %(other)s in "
                "Windows-1252 (ANSI). Letters als ë en é zouden dan verkeerd worden ingelezen (ZoÃ« in plaats "
                "van Zoë). Sla het bestand in één keer op als 'CSV UTF-8' en kies het opnieuw."
            )
            % {"label": label or _("bestand"), "utf8": _lines(utf8), "other": _lines(other)}
        )


def _lines(numbers):
    shown = ", ".join(str(n) for n in numbers[:SHOWN_LINES])
    if len(numbers) > SHOWN_LINES:
        shown += " " + _("en nog %(count)d") % {"count": len(numbers) - SHOWN_LINES}
    return shown


def _decode_as(data, encoding):
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise ImportFailed(_("Het bestand is geen leesbaar tekstbestand (CSV).")) from None


def sniff_separator(text: str) -> str:
    header = next((line for line in text.splitlines() if line.strip()), "")
    return max(SEPARATORS, key=header.count)


def header_key(name: str) -> str:
    """'Datum inschrijving', 'DATUM_INSCHRIJVING' and 'datum-inschrijving' are one column."""
    return re.sub(r"[\s_\-]+", "", name.strip().lower())


def clean(cell: str) -> str:
    return cell.replace("\u00a0", " ").strip()


def read_table(data: bytes, *, columns: tuple, required: tuple, label: str, edexml=None) -> Table:
    """Read `data`; `columns` are the canonical names known, `required` those that must be present.

    `edexml(data, label)` reads an EDEXML document into a Table; without it EDEXML is refused."""
    if len(data) > MAX_BYTES:
        raise ImportFailed(_("Het %(label)s is groter dan 5 MB.") % {"label": label})
    kind = formats.detect(data)
    if kind == formats.EDEXML:
        if edexml is None:
            raise ImportFailed(
                _("Het %(label)s is een XML-bestand (EDEXML). EDEXML kan alleen als leerlingenbestand worden gekozen.")
                % {"label": label}
            )
        return edexml(data, label)
    lines = iter(xlsx.read_lines(data, label) if kind == formats.XLSX else _csv_lines(data, label))
    header = _read_header(lines, label)
    index = _column_index(header, columns)
    _check_required(index, required, label)
    return Table(columns=frozenset(index), rows=list(_rows(lines, index)))


class _Unreadable(ImportFailed):
    pass


def _csv_lines(data, label):
    """(first line, cells) for every CSV record; a record may span lines (a quoted line break)."""
    text = decode(data, label)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_separator(text))
    line = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            message = _("Regel %(line)d kan niet gelezen worden: %(error)s") % {"line": line + 1, "error": error}
            raise _Unreadable(message) from None
        yield line + 1, cells
        line = reader.line_num


def _read_header(lines, label):
    try:
        for _line, cells in lines:
            if any(clean(c) for c in cells):
                return cells
    except _Unreadable:
        pass
    raise ImportFailed(_("Het %(label)s is leeg of heeft geen kopregel.") % {"label": label})


def _column_index(header, columns):
    known = {header_key(name): name for name in columns}
    index = {}
    for position, cell in enumerate(header):
        name = known.get(header_key(cell))
        if name and name not in index:
            index[name] = position
    return index


def _check_required(index, required, label):
    missing = [name for name in required if name not in index]
    if missing:
        raise ImportFailed(
            _("In het %(label)s ontbreekt de kolom %(columns)s.")
            % {"label": label, "columns": ", ".join(f"'{name}'" for name in missing)}
        )


def _rows(lines, index):
    for line, cells in lines:
        if any(clean(c) for c in cells):
            yield Row(line, {name: clean(cells[i]) if i < len(cells) else "" for name, i in index.items()})
