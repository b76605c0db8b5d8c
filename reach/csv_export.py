"""CSV export of the reach dashboard: UTF-8 with BOM (Excel opens it with the right characters),
`;` as separator (Dutch Excel), Dutch headers; values that a spreadsheet would read as a formula
(starting with = + - @, a tab or a carriage return) are prefixed with an apostrophe."""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone

from ouderbetrokkenheid.school.languages import language_name

from .selectors import MEASURE_LABELS, MEASURES

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def response(rows, filename) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
    reply = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    reply["Content-Disposition"] = f'attachment; filename="{filename}"'
    return reply


def _kind(row):
    return {"total": "Totaal", "level": "Leerjaar", "group": "Groep", "need": "Ondersteuningsbehoefte"}[row.kind]


def figures_rows(data):
    header = ["Indeling", "Rij", "Ouders"]
    for measure in MEASURES:
        header += [f"{MEASURE_LABELS[measure]} (aantal)", f"{MEASURE_LABELS[measure]} (%)"]
    header += ["Bereikt per week (gemiddeld aantal)", "Bereikt per week (gemiddeld %)"]
    yield header
    for row in [data.total, *data.by_level, *data.by_group, *data.by_need]:
        values = [_kind(row), str(row.label), row.total]
        for _measure, count, share in row.cells:
            values += [count, "" if share is None else share]
        weekly = row.reached_weekly
        values += ["" if weekly is None else str(row.reached_weekly_count).replace(".", ","),
                   "" if weekly is None else str(weekly).replace(".", ",")]  # fmt: skip
        yield values


def not_reached_rows(data):
    yield ["Ouder", "Kinderen", "Groepen", "Telefoon", "E-mail", "Taal", "Tolk nodig", "Uitgenodigd",
           "Weken bereikt", "Laatste opvolging", "Datum opvolging", "Maatje"]  # fmt: skip
    for family in data.not_reached:
        g = family.guardian
        follow_up = family.follow_up
        yield [
            g.full_name,
            ", ".join(name for _pk, name in family.children),
            ", ".join(sorted(name for name, _pk in family.groups)),
            g.mobile,
            g.email,
            language_name(g.language),  # for people in a spreadsheet: "Arabisch", not "ar"
            "ja" if g.needs_interpreter else "nee",
            "ja" if "invited" in family.measures else "nee",
            len(family.weeks),
            follow_up[1] if follow_up else "",
            f"{timezone.localtime(follow_up[0]):%d-%m-%Y}" if follow_up else "",
            family.buddy.full_name if family.buddy else "",
        ]
