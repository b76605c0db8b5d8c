"""Read the pupil export (one row per pupil × guardian) into one record per pupil.

A pupil is imported with all its rows or not at all. Any error on one of its rows, in a
pupil column (pupil number, names, birth date, group, year level, enrollment date, lateral
entrant) or in a guardian column (guardian columns, relationship, authority, separate
invitations), rejects the pupil entirely: none of its rows is used, nothing about the
pupil changes (a known pupil keeps its data, guardians and enrollment), and the report
names every row of the pupil: the row with the error and, for the others, "wordt niet
ingelezen door de fout op regel N". A half-imported pupil (created without the guardian
whose row was bad) would go unnoticed. When one pupil number appears on two rows with
different pupil data, the pupil is rejected as well.

A guardian row needs a last name; a guardian with only a name (no number, e-mail or
mobile) is kept: the school cannot message them, so they show on the teachers' list of
parents who cannot be reached ("niet bereikbaar"), see guardians.py for how they are matched.
"""

from dataclasses import dataclass, field
from functools import partial

from django.utils.translation import gettext as _

from ouderbetrokkenheid.school.models import Relationship

from . import edexml, fields
from .errors import CellError, ImportFailed
from .reading import read_table
from .report import Rejection

FILE = "leerlingen"
PUPIL_FIELDS = (
    ("leerlingnummer", "external_id", partial(fields.text, max_length=40, required=True)),
    ("roepnaam", "first_name", partial(fields.text, max_length=100, required=True)),
    ("tussenvoegsel", "infix", partial(fields.text, max_length=30)),
    ("achternaam", "last_name", partial(fields.text, max_length=100, required=True)),
    ("geboortedatum", "date_of_birth", partial(fields.date, required=True)),
    ("datum_inschrijving", "enrolled_on", fields.date),
    ("groep", "group", partial(fields.text, max_length=30, required=True)),
    ("leerjaar", "year_level", fields.year_level),
    ("zij_instromer", "lateral", fields.yes_no),
)
GUARDIAN_FIELDS = (
    ("verzorgernummer", "external_id", partial(fields.text, max_length=40)),
    ("verzorger_voornaam", "first_name", partial(fields.text, max_length=100)),
    ("verzorger_tussenvoegsel", "infix", partial(fields.text, max_length=30)),
    ("verzorger_achternaam", "last_name", partial(fields.text, max_length=100, required=True)),
    ("email", "email", fields.email),
    ("mobiel", "mobile", fields.mobile),
    ("taal", "language", fields.language),
    ("tolk_nodig", "needs_interpreter", lambda v: bool(fields.yes_no(v))),
    ("eenvoudig_nederlands", "prefers_simple_dutch", lambda v: bool(fields.yes_no(v))),
)
LINK_FIELDS = (
    ("relatie", "relationship", lambda v: relationship(v)),
    ("gezag", "has_parental_authority", lambda v: fields.yes_no(v) is not False),
    ("apart_uitnodigen", "invite_separately", lambda v: bool(fields.yes_no(v))),
)
REQUIRED = ("leerlingnummer", "roepnaam", "achternaam", "geboortedatum", "groep", "leerjaar")
COLUMNS = tuple(column for column, _f, _p in PUPIL_FIELDS + GUARDIAN_FIELDS + LINK_FIELDS)
GUARDIAN_PRESENCE = ("verzorgernummer", "verzorger_voornaam", "verzorger_achternaam", "email", "mobiel")


def relationship(value):
    """Known relationships as written; anything else (oma, stiefvader …) becomes 'anders'."""
    value = fields.text(value.lower(), max_length=20)
    if not value:
        return Relationship.CARER
    return value if value in Relationship.values else Relationship.OTHER


@dataclass
class GuardianRow:
    line: int
    guardian: dict
    link: dict


@dataclass
class PupilRecord:
    line: int
    pupil: dict
    placement: dict
    guardians: list = field(default_factory=list)
    lines: list = field(default_factory=list)


@dataclass
class PupilFile:
    records: dict  # external_id -> PupilRecord, in file order
    rejected_numbers: set  # pupil numbers present in the file but rejected
    rejections: list
    columns: frozenset


def read_pupil_file(data: bytes) -> PupilFile:
    table = read_table(
        data, columns=COLUMNS, required=REQUIRED, label=_("leerlingenbestand"), edexml=edexml.read_pupils
    )
    if not table.rows:
        raise ImportFailed(
            _(
                "Het leerlingenbestand heeft alleen een kopregel en geen leerlingen. Er is niets veranderd: "
                "een leeg bestand schrijft nooit leerlingen uit. Maak de export opnieuw."
            )
        )
    parsed = PupilFile(records={}, rejected_numbers=set(), rejections=[], columns=table.columns)
    for row in table.rows:
        _add_row(parsed, row)
    for number in parsed.rejected_numbers:
        parsed.records.pop(number, None)
    return parsed


def parse(specs, row, line):
    """Values by model field for the columns present; rejections for cells that fail."""
    values, rejections = {}, []
    for column, name, parser in specs:
        if column in row:
            try:
                values[name] = parser(row[column])
            except CellError as error:
                rejections.append(Rejection(line, column, str(error), FILE))
    return values, rejections


def _add_row(parsed, row):
    pupil, errors = parse(PUPIL_FIELDS, row.cells, row.line)
    number = row.cells["leerlingnummer"]
    if errors:
        parsed.rejections += errors
        _reject_pupil(parsed, number, row.line)
        return
    if number in parsed.rejected_numbers:
        parsed.rejections.append(_left_out(row.line, number))
        return
    placement = {key: pupil.pop(key) for key in ("group", "year_level", "lateral") if key in pupil}
    record = parsed.records.get(number)
    if record is None:
        record = parsed.records[number] = PupilRecord(row.line, pupil, placement)
    elif (record.pupil, record.placement) != (pupil, placement):
        parsed.rejections.append(_conflict(row, record, pupil | placement))
        _reject_pupil(parsed, number, row.line)
        return
    record.lines.append(row.line)
    _add_guardian(parsed, record, row)


def _add_guardian(parsed, record, row):
    if not any(row.cells.get(column) for column in GUARDIAN_PRESENCE):
        return
    guardian, errors = parse(GUARDIAN_FIELDS, row.cells, row.line)
    link, link_errors = parse(LINK_FIELDS, row.cells, row.line)
    if errors or link_errors:
        parsed.rejections += errors + link_errors
        _reject_pupil(parsed, row.cells["leerlingnummer"], row.line)
        return
    if not guardian.get("external_id"):
        guardian.pop("external_id", None)  # a row without the number never clears a known number
    record.guardians.append(GuardianRow(row.line, guardian, link))


def _reject_pupil(parsed, number, line):
    """Reject every row of this pupil, including rows accepted before."""
    if not number or number in parsed.rejected_numbers:
        return
    parsed.rejected_numbers.add(number)
    record = parsed.records.get(number)
    for accepted in record.lines if record else ():
        if accepted != line:
            parsed.rejections.append(_left_out(accepted, number, because=line))


def left_out(record, *, because):
    """Rejections for the rows of a pupil left out because of the error on line `because`."""
    number = record.pupil["external_id"]
    return [_left_out(line, number, because=because) for line in record.lines if line != because]


def _left_out(line, number, because=None):
    if because is None:
        reason = _("leerling %(number)s wordt niet ingelezen door een fout op een andere regel") % {"number": number}
    else:
        reason = _("leerling %(number)s wordt niet ingelezen door de fout op regel %(line)d") % {
            "number": number,
            "line": because,
        }
    return Rejection(line, "leerlingnummer", reason, FILE)


def _conflict(row, record, values):
    first = record.pupil | record.placement
    name = next(name for name in values if values[name] != first.get(name))
    column = next(column for column, field_name, _p in PUPIL_FIELDS if field_name == name)
    reason = _("leerling %(number)s staat op regel %(line)d met een andere waarde in deze kolom") % {
        "number": row.cells["leerlingnummer"],
        "line": record.line,
    }
    return Rejection(row.line, column, reason, FILE)
