"""Import test results from the school's pupil monitoring system export (CSV).

    report = import_test_results(school=school, data=bytes, dry_run=True, by=staff)

Reading (encoding, separator, header names) is the pupil import's (school.importing.reading).
Columns: leerlingnummer, domein, toetsmoment, datum, toets, vaardigheidsscore,
functioneringsniveau, niveau, dle (common variants of the names are understood).

One code path for a dry run and an apply: the import runs inside one transaction, and a dry run
rolls it back. Any line error means nothing is written: the report lists every error by line.
A re-import of the same file changes nothing; a changed value keeps the old values as a
TestResultVersion. A result corrected by hand is not overwritten by an import (reported as kept).
"""

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from ouderbetrokkenheid.school.calendar import start_year_of
from ouderbetrokkenheid.school.importing import fields
from ouderbetrokkenheid.school.importing.errors import CellError, ImportFailed
from ouderbetrokkenheid.school.importing.reading import header_key, read_table

from . import rules
from .access import log_access
from .derived import LevelIndex
from .models import AccessAction, Domain, ResultSource, TestResult, TestResultVersion

__all__ = ["ImportFailed", "TestImport", "import_test_results", "apply_previewed", "parse_domain"]

# Canonical column → accepted header names (compared with reading.header_key).
COLUMNS = {
    "leerlingnummer": ("leerlingnummer", "leerlingnr", "leerling nummer", "leerling id", "leerlingid", "llnr"),
    "domein": ("domein", "vakgebied", "vak", "leergebied"),
    "toetsmoment": ("toetsmoment", "moment", "afnamemoment", "periode"),
    "datum": ("datum", "afnamedatum", "toetsdatum", "afname datum"),
    "toets": ("toets", "toetsnaam", "toetsversie", "naam toets"),
    "vaardigheidsscore": ("vaardigheidsscore", "score", "vs", "ruwe vaardigheidsscore"),
    "functioneringsniveau": ("functioneringsniveau", "fn", "niveau lvs", "functioneringsniveau lvs"),
    "niveau": ("niveau", "niveaugroep", "niveauwaarde", "i-v", "a-e"),
    "dle": ("dle", "didactische leeftijdsequivalent"),
}
REQUIRED = ("leerlingnummer", "domein", "toetsmoment", "datum", "toets")
LABELS = {
    "leerlingnummer": "leerlingnummer", "domein": "domein", "toetsmoment": "toetsmoment", "datum": "datum",
    "toets": "toets", "vaardigheidsscore": "vaardigheidsscore", "functioneringsniveau": "functioneringsniveau",
    "niveau": "niveau", "dle": "DLE",
}  # fmt: skip

DOMAIN_NAMES = {
    Domain.MATHS: ("rekenen-wiskunde", "rekenen wiskunde", "rekenen en wiskunde", "rekenen/wiskunde", "rekenen",
                   "wiskunde", "rw", "rekenen-wiskunde 3.0", "maths", "math"),
    Domain.READING_COMPREHENSION: ("begrijpend lezen", "bl", "begrijpend lezen 3.0", "lezen met begrip",
                                   "begrijpend leesvaardigheid", "reading comprehension"),
    Domain.TECHNICAL_READING: ("technisch lezen", "tl", "dmt", "drie minuten toets", "avi", "avi-dmt",
                               "technical reading"),
    Domain.SPELLING: ("spelling", "spellen", "sp", "spelling 3.0", "taalverzorging"),
}  # fmt: skip
_DOMAIN_INDEX = {re.sub(r"[^a-z0-9]", "", name): domain for domain, names in DOMAIN_NAMES.items() for name in names}
BANDS = ("I", "II", "III", "IV", "V", "A", "B", "C", "D", "E")
COMPARED = ("taken_on", "ability_score", "level_reported", "level_band", "dle_reported")


def parse_domain(value: str) -> str:
    key = re.sub(r"[^a-z0-9]", "", value.lower())
    if not key:
        raise CellError("ontbreekt")
    domain = _DOMAIN_INDEX.get(key)
    if domain is None:
        raise CellError(
            f"{fields.shown(value)} is geen bekend domein "
            "(Rekenen-wiskunde, Begrijpend lezen, Technisch lezen, Spelling)"
        )
    return str(domain)


def parse_moment(value: str) -> tuple[str, int]:
    if not value:
        raise CellError("ontbreekt")
    moment = rules.parse_moment(value)
    if moment is None:
        raise CellError(f"{fields.shown(value)} is geen geldig toetsmoment (bijvoorbeeld M5, E4 of B6)")
    if moment[1] < rules.FIRST_YEAR_LEVEL:
        raise CellError(f"{fields.shown(value)}: toetsen tellen vanaf groep 3")
    return moment


def parse_level_text(value: str) -> str:
    if not value:
        return ""
    level = rules.parse_level(value)
    if level is None:
        raise CellError(f"{fields.shown(value)} is geen geldig functioneringsniveau (bijvoorbeeld M5, <E3 of >E8)")
    return level.label


def parse_score(value: str) -> int | None:
    if not value:
        return None
    try:
        number = Decimal(value.replace(",", "."))
    except InvalidOperation:
        number = None
    if number is None or number != number.to_integral_value() or not -1000 <= number <= 10000:
        raise CellError(f"{fields.shown(value)} is geen geldige vaardigheidsscore (een heel getal)")
    return int(number)


def parse_band(value: str) -> str:
    band = value.strip().upper()
    if not band:
        return ""
    if band not in BANDS:
        raise CellError(f"{fields.shown(value)} is geen niveau I–V of A–E")
    return band


def parse_dle(value: str) -> Decimal | None:
    if not value:
        return None
    try:
        number = Decimal(value.replace(",", "."))
    except InvalidOperation:
        number = None
    if number is None or not 0 <= number <= 80:
        raise CellError(f"{fields.shown(value)} is geen geldige DLE (een getal van 0 tot 80)")
    return number.quantize(Decimal("0.1"))


def parse_date(value: str, today: datetime.date) -> datetime.date:
    day = fields.date(value, required=True)
    if day > today:
        raise CellError(f"{fields.shown(value)} ligt in de toekomst")
    if day.year < 2000:
        raise CellError(f"{fields.shown(value)} is geen geldige afnamedatum")
    return day


@dataclass
class TestImport:
    """What an import did (or in a dry run would do)."""

    __test__ = False

    dry_run: bool
    new: list = field(default_factory=list)  # "Pim Prins (1001): Rekenen-wiskunde M5 (Cito) M5"
    changed: list = field(default_factory=list)
    kept: list = field(default_factory=list)  # corrected by hand: not overwritten
    unchanged: int = 0
    errors: list = field(default_factory=list)  # "regel 7, toetsmoment: 'X9' is geen geldig toetsmoment"

    @property
    def ok(self):
        return not self.errors

    @property
    def has_changes(self):
        return bool(self.new or self.changed)

    def summary(self) -> str:
        if self.errors:
            return f"{len(self.errors)} fout(en): er is niets ingelezen"
        return f"{len(self.new)} nieuw, {len(self.changed)} gewijzigd, {self.unchanged} ongewijzigd" + (
            f", {len(self.kept)} handmatig gecorrigeerd en niet overschreven" if self.kept else ""
        )

    def fingerprint(self) -> str:
        text = "\n".join(["N", *self.new, "C", *self.changed, "K", *self.kept, "E", *self.errors])
        return hashlib.sha256(text.encode()).hexdigest()


def _read(data: bytes):
    known = {alias: canonical for canonical, aliases in COLUMNS.items() for alias in aliases}
    table = read_table(data, columns=tuple(known), required=(), label="toetsbestand")
    by_key = {header_key(alias): canonical for alias, canonical in known.items()}
    present = {by_key[header_key(name)] for name in table.columns}
    missing = [name for name in REQUIRED if name not in present]
    if missing:
        raise ImportFailed("In het toetsbestand ontbreekt de kolom " + ", ".join(f"'{m}'" for m in missing) + ".")
    if not present & {"vaardigheidsscore", "functioneringsniveau", "dle"}:
        raise ImportFailed("Het toetsbestand heeft geen kolom vaardigheidsscore, functioneringsniveau of DLE.")
    rows = []
    for row in table.rows:
        cells = {}
        for name, value in row.cells.items():
            canonical = by_key[header_key(name)]
            cells[canonical] = cells.get(canonical) or value
        rows.append((row.line, cells))
    return rows


def _parse_row(cells, today):
    """(values, errors) for one row; errors are (column, reason)."""
    parsers = {
        "leerlingnummer": lambda v: fields.text(v, max_length=40, required=True),
        "domein": parse_domain,
        "toetsmoment": parse_moment,
        "datum": lambda v: parse_date(v, today),
        "toets": lambda v: fields.text(v, max_length=100, required=True),
        "vaardigheidsscore": parse_score,
        "functioneringsniveau": parse_level_text,
        "niveau": parse_band,
        "dle": parse_dle,
    }
    values, errors = {}, []
    for name, parse in parsers.items():
        try:
            values[name] = parse(cells.get(name, ""))
        except CellError as error:
            errors.append((name, str(error)))
    if not errors and values["vaardigheidsscore"] is None and not values["functioneringsniveau"]:
        if values["dle"] is None:
            errors.append(("functioneringsniveau", "geen vaardigheidsscore, functioneringsniveau of DLE ingevuld"))
    return values, errors


def _describe(pupil, values):
    domain = Domain(values["domain"]).label
    level = values["level_reported"] or (
        f"score {values['ability_score']}" if values["ability_score"] is not None else ""
    )
    return (
        f"{pupil.full_name} ({pupil.external_id}): {domain} "
        f"{values['phase']}{values['year_level']}, {values['test_name']}" + (f" – {level}" if level else "")
    )


def _shown(value):
    return "leeg" if value in (None, "") else str(value)


class _Run:
    def __init__(self, *, school, by, dry_run, today):
        self.school, self.by, self.today = school, by, today
        self.report = TestImport(dry_run=dry_run)
        self.pupils = {p.external_id: p for p in school.pupils.all()}
        self.existing = {
            (r.pupil_id, r.domain, r.school_year_start, r.year_level, r.phase, r.test_name.lower()): r
            for r in TestResult.objects.filter(pupil__school=school).select_for_update()
        }
        self.levels = LevelIndex.for_school(school)
        self.seen = {}
        self.new, self.versions, self.updated = [], [], []

    def add(self, line, cells):
        values, errors = _parse_row(cells, self.today)
        pupil = self.pupils.get(values.get("leerlingnummer") or "")
        if values.get("leerlingnummer") and pupil is None:
            errors.append(
                ("leerlingnummer", f"{fields.shown(values['leerlingnummer'])} is geen leerling van deze school")
            )
        for column, reason in errors:
            self.report.errors.append(f"regel {line}, {LABELS[column]}: {reason}")
        if errors:
            return
        phase, year_level = values["toetsmoment"]
        result_values = {
            "domain": values["domein"],
            "year_level": year_level,
            "phase": phase,
            "test_name": values["toets"],
            "taken_on": values["datum"],
            "ability_score": values["vaardigheidsscore"],
            "level_reported": values["functioneringsniveau"],
            "level_band": values["niveau"],
            "dle_reported": values["dle"],
        }
        start = start_year_of(result_values["taken_on"])
        key = (pupil.pk, result_values["domain"], start, year_level, phase, result_values["test_name"].lower())
        if key in self.seen:
            self.report.errors.append(
                f"regel {line}, toetsmoment: dezelfde toets staat al op regel {self.seen[key]} voor deze leerling"
            )
            return
        self.seen[key] = line
        self._apply(pupil, key, result_values)

    def _apply(self, pupil, key, values):
        result = self.existing.get(key)
        if result is None:
            result = TestResult(pupil=pupil, source=ResultSource.IMPORT, changed_by=self.by, **values)
            result.school_year_start = key[2]
            result.level_derived = self.levels.derive(result)
            self.new.append(result)
            self.report.new.append(_describe(pupil, values))
            return
        changes = {name: values[name] for name in COMPARED if getattr(result, name) != values[name]}
        if not changes:
            self.report.unchanged += 1
            return
        details = ", ".join(f"{name}: {_shown(getattr(result, name))} → {_shown(new)}" for name, new in changes.items())
        if result.source == ResultSource.MANUAL:
            self.report.kept.append(f"{_describe(pupil, values)} ({details})")
            return
        old = {name: _json(getattr(result, name)) for name in changes}
        self.versions.append(TestResultVersion(result=result, values=old, reason="import", changed_by=self.by))
        for name, value in changes.items():
            setattr(result, name, value)
        result.level_derived = self.levels.derive(result)
        result.changed_by, result.changed_at = self.by, timezone.now()
        self.updated.append(result)
        self.report.changed.append(f"{_describe(pupil, values)} ({details})")

    def save(self):
        TestResult.objects.bulk_create(self.new)
        if self.updated:
            TestResult.objects.bulk_update(self.updated, [*COMPARED, "level_derived", "changed_by", "changed_at"])
        TestResultVersion.objects.bulk_create(self.versions)
        touched = {r.pupil_id: r.pupil for r in [*self.new, *self.updated]}
        for pupil in touched.values():
            log_access(actor=self.by, pupil=pupil, action=AccessAction.IMPORT, what="toetsresultaten (import)")


def _json(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def import_test_results(*, school, data: bytes, dry_run: bool, by=None, today=None) -> TestImport:
    """Bring the school's test results in step with the file. Raises ImportFailed when the file
    cannot be read at all; line errors are in report.errors and then nothing is written."""
    rows = _read(data)
    if not rows:
        raise ImportFailed("Het toetsbestand bevat geen regels met toetsresultaten.")
    with transaction.atomic():
        run = _Run(school=school, by=by, dry_run=dry_run, today=today or timezone.localdate())
        for line, cells in rows:
            run.add(line, cells)
        if run.report.ok:
            run.save()
        if dry_run or not run.report.ok:
            transaction.set_rollback(True)
    return run.report


def apply_previewed(*, school, data: bytes, fingerprint: str, by=None, today=None) -> tuple[bool, TestImport]:
    """Apply only if the outcome equals the preview with `fingerprint`; else roll back."""
    with transaction.atomic():
        report = import_test_results(school=school, data=data, dry_run=False, by=by, today=today)
        if report.fingerprint() != fingerprint or not report.ok:
            transaction.set_rollback(True)
            report.dry_run = True
            return False, report
    return True, report
