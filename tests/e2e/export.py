"""A school's administration export (see ../shared/IMPORT.md) for browser tests.

Uses ../shared/data/sample-school when it is there; else makes a small equivalent export,
so the tests never depend on ../shared.
"""

import csv
import io
from dataclasses import dataclass
from pathlib import Path

SAMPLE_DIR = Path(__file__).resolve().parents[3] / "shared" / "data" / "sample-school"

PUPIL_COLUMNS = (
    "leerlingnummer;roepnaam;tussenvoegsel;achternaam;geboortedatum;groep;leerjaar;datum_inschrijving;"
    "zij_instromer;verzorgernummer;verzorger_voornaam;verzorger_tussenvoegsel;verzorger_achternaam;relatie;"
    "gezag;email;mobiel;taal;tolk_nodig;eenvoudig_nederlands;apart_uitnodigen"
).split(";")
STAFF_COLUMNS = ["email", "voornaam", "tussenvoegsel", "achternaam", "rollen", "groepen"]

# (number, first name, infix, last name, birth date, group, year level, guardian number, guardian, e-mail, mobile)
PUPILS = [
    ("20101", "Daan", "", "Smit", "12-03-2019", "3", "3", "60101", "Linda", "linda.smit@example.nl", "0612345601"),
    ("20102", "Sara", "de", "Boer", "01-11-2018", "3", "3", "60102", "Youssef", "y.deboer@example.nl", "0612345602"),
    ("20103", "Noah", "", "Mulder", "23-06-2016", "5/6", "5", "60103", "Ilse", "ilse.mulder@example.nl", ""),
    ("20104", "Mila", "van", "Dijk", "14-09-2015", "5/6", "6", "60104", "Piotr", "", "+48601234567"),
    ("20105", "Finn", "", "Mulder", "30-01-2018", "4", "4", "60103", "Ilse", "ilse.mulder@example.nl", ""),
]
STAFF = [
    ("juf.anne@school.example.nl", "Anne", "", "Jansen", "leerkracht", "3"),
    ("meester.bas@school.example.nl", "Bas", "van", "Leeuwen", "leerkracht", "5/6"),
    ("ib.carla@school.example.nl", "Carla", "", "Vos", "ib", ""),
]


@dataclass(frozen=True)
class Export:
    pupils: bytes
    staff: bytes
    source: str

    @property
    def pupil_names(self):
        """{leerlingnummer: roepnaam} of the distinct pupils in the file."""
        rows = csv.DictReader(io.StringIO(self.pupils.decode("utf-8-sig")), delimiter=";")
        return {row["leerlingnummer"].strip(): row["roepnaam"].strip() for row in rows}


def csv_bytes(header, rows):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def generated_export():
    pupil_rows = [
        (num, first, infix, last, born, group, level, "", "nee", g_num, g_first, "", last, "moeder", "ja", email,
         mobile, "", "nee", "nee", "nee")
        for num, first, infix, last, born, group, level, g_num, g_first, email, mobile in PUPILS
    ]  # fmt: skip
    return Export(csv_bytes(PUPIL_COLUMNS, pupil_rows), csv_bytes(STAFF_COLUMNS, STAFF), source="generated")


def sample_export():
    pupils, staff = SAMPLE_DIR / "leerlingen.csv", SAMPLE_DIR / "medewerkers.csv"
    if pupils.is_file() and staff.is_file():
        return Export(pupils.read_bytes(), staff.read_bytes(), source=str(SAMPLE_DIR))
    return generated_export()
