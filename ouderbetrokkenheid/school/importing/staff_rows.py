"""Read the staff export: one row per staff member, keyed by e-mail address."""

import re
from dataclasses import dataclass
from functools import partial

from django.utils.translation import gettext as _

from . import fields
from .errors import CellError
from .pupil_rows import parse
from .reading import read_table
from .report import Rejection

FILE = "medewerkers"
ROLES = {"leerkracht": "is_teacher", "ib": "is_ib", "directie": "is_leadership", "beheer": "is_admin"}
REQUIRED = ("email", "voornaam", "achternaam", "rollen")


def roles(value):
    names = [name for name in re.split(r"[\s,;/+]+", value.lower()) if name]
    if not names:
        raise CellError(_("ontbreekt"))
    unknown = [name for name in names if name not in ROLES]
    if unknown:
        raise CellError(
            _("%(value)s is geen rol (kies uit leerkracht, ib, directie, beheer)") % {"value": fields.shown(unknown[0])}
        )
    return {flag: any(ROLES[name] == flag for name in names) for flag in ROLES.values()}


def group_names(value):
    names = [name.strip() for name in re.split(r"[;,]", value) if name.strip()]
    return [fields.text(name, max_length=30) for name in dict.fromkeys(names)]


STAFF_FIELDS = (
    ("email", "email", partial(fields.email, required=True)),
    ("voornaam", "first_name", partial(fields.text, max_length=100, required=True)),
    ("tussenvoegsel", "infix", partial(fields.text, max_length=30)),
    ("achternaam", "last_name", partial(fields.text, max_length=100, required=True)),
    ("rollen", "roles", roles),
    ("groepen", "groups", group_names),
)
COLUMNS = tuple(column for column, _name, _parser in STAFF_FIELDS)


@dataclass
class StaffRecord:
    line: int
    email: str
    values: dict  # Staff model fields
    groups: list | None  # None when the file has no groepen column


@dataclass
class StaffFile:
    records: dict  # email -> StaffRecord
    rejections: list


def read_staff_file(data: bytes) -> StaffFile:
    table = read_table(data, columns=COLUMNS, required=REQUIRED, label=_("medewerkersbestand"))
    parsed = StaffFile(records={}, rejections=[])
    for row in table.rows:
        _add_row(parsed, row)
    return parsed


def _add_row(parsed, row):
    values, errors = parse(STAFF_FIELDS, row.cells, row.line)
    errors = [Rejection(r.line, r.column, r.reason, FILE) for r in errors]
    email = values.get("email")
    if not errors and email in parsed.records:
        reason = _("%(email)s staat al op regel %(line)d") % {"email": email, "line": parsed.records[email].line}
        errors = [Rejection(row.line, "email", reason, FILE)]
    if errors:
        parsed.rejections += errors
        return
    groups = values.pop("groups", None)
    values.pop("email")
    values |= values.pop("roles")
    parsed.records[email] = StaffRecord(row.line, email, values, groups)
