"""Build export files in the tests: CSV bytes in any encoding and separator, Excel workbooks, EDEXML."""

import csv
import datetime
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


GUARDIAN_PRESENCE = ("verzorgernummer", "verzorger_voornaam", "verzorger_achternaam", "email", "mobiel")
TYPED_COLUMNS = {"leerlingnummer", "leerjaar", "verzorgernummer"}
DATE_COLUMNS = {"geboortedatum", "datum_inschrijving"}


def to_xlsx(rows, *, header=PUPIL_HEADER, typed=True, with_header=True):
    """An Excel workbook with the rows on its first sheet, as a spreadsheet program stores them:
    with `typed`, whole numbers are numbers, dates are dates and ja/nee in 'gezag' is TRUE/FALSE."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    if with_header:
        sheet.append(list(header))
    for row in rows:
        sheet.append([_typed(column, row.get(column, "")) if typed else row.get(column, "") for column in header])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _typed(column, value):
    if not value:
        return None
    if column in TYPED_COLUMNS and value.isdigit():
        return int(value)
    if column in DATE_COLUMNS:
        return _date(value)
    if column == "gezag" and value in ("ja", "nee"):
        return value == "ja"
    return value


PUPIL_ELEMENTS = (("achternaam", "achternaam"), ("voorvoegsel", "tussenvoegsel"), ("roepnaam", "roepnaam"))


def _date(value):
    """A date as the contract writes it (dd-mm-jjjj, also jjjj-mm-dd)."""
    pattern = "%Y-%m-%d" if value[4:5] == "-" else "%d-%m-%Y"
    return datetime.datetime.strptime(value, pattern).date()


def _iso(value):
    return _date(value).isoformat() if value else ""


def to_edexml(rows, *, declaration=True):
    """An EDEXML 2.1 document with the pupils (and their contacts) of CSV-contract rows."""
    from xml.etree import ElementTree as ET

    root = ET.Element("EDEX")
    school = ET.SubElement(root, "school")
    ET.SubElement(school, "brincode").text = "33CC"
    groups = {}
    for row in rows:
        groups.setdefault(row["groep"], (f"G{len(groups) + 1}", row["leerjaar"]))
    group_list = ET.SubElement(root, "groepen")
    for name, (key, level) in groups.items():
        group = ET.SubElement(group_list, "groep", key=key)
        ET.SubElement(group, "naam").text = name
        ET.SubElement(group, "jaargroep").text = level
    pupils, elements = ET.SubElement(root, "leerlingen"), {}
    for row in rows:
        number = row["leerlingnummer"]
        if number not in elements:
            element = elements[number] = ET.SubElement(pupils, "leerling", key=number)
            for tag, column in PUPIL_ELEMENTS:
                ET.SubElement(element, tag).text = row.get(column, "")
            ET.SubElement(element, "geboortedatum").text = _iso(row["geboortedatum"])
            ET.SubElement(element, "jaargroep").text = row["leerjaar"]
            ET.SubElement(element, "instroomdatum").text = _iso(row.get("datum_inschrijving", ""))
            ET.SubElement(element, "groep", key=groups[row["groep"]][0])
        if any(row.get(column) for column in GUARDIAN_PRESENCE):
            contacts = elements[number].find("contactpersonen")
            if contacts is None:
                contacts = ET.SubElement(elements[number], "contactpersonen")
            contact = ET.SubElement(contacts, "contactpersoon", key=row.get("verzorgernummer", ""))
            for tag, column in (
                ("achternaam", "verzorger_achternaam"),
                ("voorvoegsel", "verzorger_tussenvoegsel"),
                ("roepnaam", "verzorger_voornaam"),
                ("relatie", "relatie"),
                ("gezag", "gezag"),
                ("emailadres", "email"),
            ):
                ET.SubElement(contact, tag).text = row.get(column, "")
            phones = ET.SubElement(contact, "telefoonnummers")
            phone = ET.SubElement(phones, "telefoonnummer", type="mobiel")
            ET.SubElement(phone, "nummer").text = row.get("mobiel", "")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=declaration)
