"""Build export files in the tests: CSV bytes in any encoding and separator."""

import csv
import io

PUPIL_HEADER = (
    "leerlingnummer roepnaam tussenvoegsel achternaam geboortedatum groep leerjaar datum_inschrijving zij_instromer "
    "verzorgernummer verzorger_voornaam verzorger_tussenvoegsel verzorger_achternaam relatie gezag email mobiel taal "
    "tolk_nodig eenvoudig_nederlands apart_uitnodigen"
).split()
STAFF_HEADER = ["email", "voornaam", "tussenvoegsel", "achternaam", "rollen", "groepen"]

PUPIL_DEFAULTS = {
    "leerlingnummer": "10001",
    "roepnaam": "Fatima",
    "achternaam": "Bakker",
    "geboortedatum": "03-07-2018",
    "groep": "5/6b",
    "leerjaar": "5",
    "datum_inschrijving": "21-08-2023",
    "zij_instromer": "nee",
    "verzorgernummer": "55120",
    "verzorger_voornaam": "Samira",
    "verzorger_achternaam": "El Idrissi",
    "relatie": "moeder",
    "gezag": "ja",
    "email": "s.elidrissi@example.nl",
    "mobiel": "06-12345678",
}


def pupil(**values):
    """One pupil × guardian row as a dict; pass guardian=False for a row without guardian."""
    row = dict(PUPIL_DEFAULTS)
    if values.pop("guardian", True) is False:
        for column in PUPIL_HEADER[PUPIL_HEADER.index("verzorgernummer") :]:
            row.pop(column, None)
    row.update(values)
    return row


def staff(**values):
    row = {"email": "j.devries@school.nl", "voornaam": "Jan", "achternaam": "de Vries", "rollen": "leerkracht"}
    row.update(values)
    return row


def to_csv(rows, *, header=PUPIL_HEADER, separator=";", encoding="utf-8", bom=False, line_end="\r\n"):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator=line_end)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    data = out.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def staff_csv(rows, **kwargs):
    return to_csv(rows, header=STAFF_HEADER, **kwargs)


def read_rows(data: bytes):
    """Rows of an export as dicts (for deriving an updated export from a sample)."""
    text = data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
