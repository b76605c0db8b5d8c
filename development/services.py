"""Writes of development data. Each validates (Dutch ValidationError), writes in one transaction
and logs an AccessLogEntry (who changed what). Callers check access first (development.access).
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from conversations.models import RoundKind
from ouderbetrokkenheid.school.importing.errors import CellError, ImportFailed
from ouderbetrokkenheid.school.importing.reading import read_table
from ouderbetrokkenheid.school.models import Enrollment, SchoolYear, Staff

from . import rules
from .access import log_access
from .derived import LevelIndex
from .models import (
    AccessAction,
    Advice,
    AdviceKind,
    DevelopmentSettings,
    Domain,
    ExitPerspective,
    LevelTable,
    LevelTableRow,
    Phase,
    ResultSource,
    RouteTable,
    ShortTermGoal,
    TestResult,
    TestResultVersion,
)

RESULT_FIELDS = ("taken_on", "test_name", "ability_score", "level_reported", "level_band", "dle_reported")
SECOND_COLLEAGUE_KINDS = (AdviceKind.PROVISIONAL, AdviceKind.FINAL, AdviceKind.RECONSIDERED)
AFTER_TEST_KINDS = (AdviceKind.FINAL, AdviceKind.RECONSIDERED)


# -- test results --------------------------------------------------------------------------------


def _clean_result_values(values):
    errors = {}
    level = values.get("level_reported") or ""
    if level:
        parsed = rules.parse_level(level)
        if parsed is None:
            errors["level_reported"] = f"'{level}' is geen geldig functioneringsniveau (bijvoorbeeld M5, <E3 of >E8)."
        else:
            values["level_reported"] = parsed.label
    band = (values.get("level_band") or "").strip().upper()
    if band and band not in ("I", "II", "III", "IV", "V", "A", "B", "C", "D", "E"):
        errors["level_band"] = f"'{band}' is geen niveau I–V of A–E."
    values["level_band"] = band
    if "test_name" in values and not (values["test_name"] or "").strip():
        errors["test_name"] = "Vul de naam van de toets in."
    taken_on = values.get("taken_on")
    if taken_on and taken_on > timezone.localdate():
        errors["taken_on"] = "De afnamedatum ligt in de toekomst."
    dle = values.get("dle_reported")
    if dle is not None and not 0 <= Decimal(dle) <= 80:
        errors["dle_reported"] = "De DLE ligt tussen 0 en 80."
    if "ability_score" in values and "level_reported" in values:
        if values.get("ability_score") is None and not level and dle is None:
            errors["level_reported"] = "Vul een vaardigheidsscore, een functioneringsniveau of een DLE in."
    if errors:
        raise ValidationError(errors)
    return values


def result_record(
    *,
    by: Staff,
    pupil,
    domain: str,
    year_level: int,
    phase: str,
    taken_on: datetime.date,
    test_name: str,
    ability_score: int | None = None,
    level_reported: str = "",
    level_band: str = "",
    dle_reported=None,
) -> TestResult:
    """Enter one result by hand."""
    if domain not in Domain.values or phase not in Phase.values or not 3 <= year_level <= 8:
        raise ValidationError("Kies een domein en een toetsmoment van groep 3 tot en met 8.")
    values = _clean_result_values(
        {
            "taken_on": taken_on,
            "test_name": test_name.strip(),
            "ability_score": ability_score,
            "level_reported": level_reported,
            "level_band": level_band,
            "dle_reported": dle_reported,
        }
    )
    result = TestResult(
        pupil=pupil, domain=domain, year_level=year_level, phase=phase, source=ResultSource.MANUAL, changed_by=by,
        **values,
    )  # fmt: skip
    result.level_derived = LevelIndex.for_school(pupil.school).derive(result)
    try:
        with transaction.atomic():
            result.save()
            log_access(actor=by, pupil=pupil, action=AccessAction.CHANGE, what=f"toetsresultaat {result.pk} ingevoerd")
    except IntegrityError:
        raise ValidationError(
            "Voor deze leerling staat deze toets op dit toetsmoment al; corrigeer dat resultaat."
        ) from None
    return result


def result_correct(*, by: Staff, result_id: int, reason: str, **changes) -> TestResult:
    """Correct a result; the old values are kept as a TestResultVersion with the reason.

    The row is locked (select_for_update) so two corrections at the same time both land in the
    history, one after the other, each recording the values it replaced."""
    if not (reason or "").strip():
        raise ValidationError({"reason": "Geef een reden voor de correctie."})
    unknown = set(changes) - set(RESULT_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    with transaction.atomic():
        result = TestResult.objects.select_for_update().select_related("pupil__school").get(pk=result_id)
        values = _clean_result_values({**{name: getattr(result, name) for name in RESULT_FIELDS}, **changes})
        changed = {name: value for name, value in values.items() if getattr(result, name) != value}
        if not changed:
            return result
        old = {name: _json(getattr(result, name)) for name in changed}
        TestResultVersion.objects.create(result=result, values=old, reason=reason.strip()[:300], changed_by=by)
        for name, value in changed.items():
            setattr(result, name, value)
        result.level_derived = LevelIndex.for_school(result.pupil.school).derive(result)
        result.source, result.changed_by, result.changed_at = ResultSource.MANUAL, by, timezone.now()
        try:
            with transaction.atomic():
                result.save()
        except IntegrityError:
            raise ValidationError("Voor deze leerling staat deze toets op dit toetsmoment al.") from None
        log_access(
            actor=by, pupil=result.pupil, action=AccessAction.CHANGE, what=f"toetsresultaat {result.pk} gecorrigeerd"
        )
    return result


def _json(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


# -- level tables --------------------------------------------------------------------------------


def _level_rows(data):
    table = read_table(
        data,
        columns=("score_min", "score_max", "niveau"),
        required=("score_min", "score_max", "niveau"),
        label="omrekentabel",
    )
    rows, errors = [], []
    for row in table.rows:
        try:
            low, high = _int(row.cells["score_min"], "score_min"), _int(row.cells["score_max"], "score_max")
            level = rules.parse_level(row.cells["niveau"])
            if level is None:
                raise CellError(f"niveau: '{row.cells['niveau']}' is geen geldig functioneringsniveau")
            if high < low:
                raise CellError(f"score_max {high} is lager dan score_min {low}")
        except CellError as error:
            errors.append(f"regel {row.line}, {error}")
            continue
        rows.append((row.line, low, high, level.label))
    rows.sort(key=lambda r: r[1])
    for (line_a, _low_a, high_a, _), (line_b, low_b, _high_b, _) in zip(rows, rows[1:], strict=False):
        if low_b <= high_a:
            errors.append(f"regel {line_b}: de scores overlappen met regel {line_a}")
    if not rows and not errors:
        errors.append("De omrekentabel bevat geen regels.")
    return rows, errors


def _int(value, column):
    try:
        return int(value)
    except ValueError:
        raise CellError(f"{column}: '{value}' is geen heel getal") from None


def _results_for_table(school, test_name, domain):
    return TestResult.objects.filter(pupil__school=school, test_name__iexact=test_name, domain=domain)


def level_table_upload(*, by: Staff, school, test_name: str, domain: str, data: bytes) -> tuple[LevelTable, int]:
    """Replace the school's table for (test, domain) and derive the levels of matching results.
    Raises ImportFailed with every line error; then nothing is written. Returns (table, changed)."""
    test_name = test_name.strip()
    if not test_name or domain not in Domain.values:
        raise ImportFailed("Kies een toets en een domein.")
    rows, errors = _level_rows(data)
    if errors:
        raise ImportFailed("; ".join(errors))
    with transaction.atomic():
        LevelTable.objects.filter(school=school, test_name__iexact=test_name, domain=domain).delete()
        table = LevelTable.objects.create(school=school, test_name=test_name, domain=domain, uploaded_by=by)
        LevelTableRow.objects.bulk_create(
            LevelTableRow(table=table, score_min=low, score_max=high, level=level) for _, low, high, level in rows
        )
        changed = _rederive(school, test_name, domain)
        log_access(
            actor=by, pupil=None, school=school, action=AccessAction.IMPORT, what=f"omrekentabel {test_name} {domain}"
        )
    return table, changed


def _rederive(school, test_name, domain) -> int:
    index = LevelIndex.for_school(school)
    results = list(_results_for_table(school, test_name, domain).select_for_update())
    changed = []
    for result in results:
        derived = index.derive(result)
        if derived != result.level_derived:
            result.level_derived = derived
            changed.append(result)
    TestResult.objects.bulk_update(changed, ["level_derived"])
    return len(changed)


def level_table_remove(*, by: Staff, table: LevelTable) -> int:
    """Remove a table; the derived levels it gave are cleared (the reported levels stay)."""
    with transaction.atomic():
        school, test_name, domain = table.school, table.test_name, table.domain
        table.delete()
        cleared = _results_for_table(school, test_name, domain).exclude(level_derived="").update(level_derived="")
        log_access(
            actor=by,
            pupil=None,
            school=school,
            action=AccessAction.CHANGE,
            what=f"omrekentabel {test_name} {domain} verwijderd",
        )
    return cleared


# -- routes and settings -------------------------------------------------------------------------


def routes_for(school) -> tuple[str, dict, bool]:
    """(name, boundaries, is_default): the school's route table or the app's default."""
    table = RouteTable.objects.filter(school=school).first()
    if table is None:
        return str(rules.DEFAULT_ROUTES_NAME), dict(rules.DEFAULT_ROUTES), True
    return table.name, table.boundaries, False


def route_table_save(*, by: Staff, school, name: str, boundaries: dict) -> RouteTable:
    errors = rules.validate_routes(boundaries)
    if not (name or "").strip():
        errors.insert(0, "Geef de tabel een naam (bijvoorbeeld 'Afspraak samenwerkingsverband 2025').")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        table, _ = RouteTable.objects.update_or_create(
            school=school,
            defaults={"name": name.strip(), "boundaries": {k: boundaries[k] for k in rules.ROUTE_KEYS},
                      "changed_by": by, "changed_at": timezone.now()},
        )  # fmt: skip
        log_access(actor=by, pupil=None, school=school, action=AccessAction.CHANGE, what="routetabel")
    return table


def route_table_reset(*, by: Staff, school) -> None:
    with transaction.atomic():
        RouteTable.objects.filter(school=school).delete()
        log_access(actor=by, pupil=None, school=school, action=AccessAction.CHANGE, what="routetabel: standaard")


def settings_for(school_year: SchoolYear) -> DevelopmentSettings:
    """The year's settings; made with the law's advice timeline as default on first use."""
    settings = DevelopmentSettings.objects.filter(school_year=school_year).first()
    if settings is not None:
        return settings
    defaults = rules.default_advice_timeline(school_year.first_day, school_year.last_day)
    settings, _ = DevelopmentSettings.objects.get_or_create(school_year=school_year, defaults=defaults)
    return settings


SETTINGS_FIELDS = (
    "perspective_from_year_level", "middle_offset_months", "begin_offset_months", "groep7_advice",
    "groep7_advice_by", "provisional_advice_by", "transfer_test_from", "transfer_test_until", "final_advice_by",
)  # fmt: skip


def settings_save(*, by: Staff, school_year: SchoolYear, **values) -> DevelopmentSettings:
    errors = {}
    if not 1 <= values.get("perspective_from_year_level", 6) <= 8:
        errors["perspective_from_year_level"] = "Kies een groep van 1 tot en met 8."
    if not 0 <= values.get("middle_offset_months", 5) <= 10 or not 0 <= values.get("begin_offset_months", 0) <= 10:
        errors["middle_offset_months"] = "Een toetsmoment ligt 0 tot 10 maanden na de start van het schooljaar."
    start, end = values.get("transfer_test_from"), values.get("transfer_test_until")
    if start and end and end < start:
        errors["transfer_test_until"] = "De doorstroomtoets eindigt na de start."
    final, provisional = values.get("final_advice_by"), values.get("provisional_advice_by")
    if provisional and start and provisional > start:
        errors["provisional_advice_by"] = "Het voorlopig advies komt vóór de doorstroomtoets."
    if final and end and final < end:
        errors["final_advice_by"] = "Het definitief advies komt na de doorstroomtoets."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        settings = settings_for(school_year)
        for name in SETTINGS_FIELDS:
            if name in values:
                setattr(settings, name, values[name])
        settings.save()
        log_access(
            actor=by,
            pupil=None,
            school=school_year.school,
            action=AccessAction.CHANGE,
            what="instellingen ontwikkeling",
        )
    return settings


def current_year_level(pupil, day=None) -> int | None:
    enrollment = Enrollment.objects.current(day or timezone.localdate()).filter(pupil=pupil).first()
    return enrollment.year_level if enrollment else None


# -- exit perspective, goals, advice -------------------------------------------------------------


def exit_perspective_record(
    *, by: Staff, pupil, track: str, reasoning: str, supporting: str = "", hindering: str = ""
) -> ExitPerspective:
    """Record the expected exit profile; only from the school's perspective_from_year_level (groep 6)."""
    year = SchoolYear.objects.running_or_next(pupil.school_id, timezone.localdate())
    from_level = settings_for(year).perspective_from_year_level if year else 6
    level = current_year_level(pupil)
    if level is None or level < from_level:
        raise ValidationError(
            f"Een uitstroomperspectief wordt vastgelegd vanaf groep {from_level}; "
            f"{pupil.first_name} zit {'niet in een groep' if level is None else f'in groep {level}'}."
        )
    if track not in rules.TRACKS:
        raise ValidationError({"track": "Kies een uitstroomprofiel."})
    if not (reasoning or "").strip():
        raise ValidationError({"reasoning": "Onderbouw het uitstroomperspectief."})
    with transaction.atomic():
        perspective = ExitPerspective.objects.create(
            pupil=pupil, track=track, reasoning=reasoning.strip(), supporting=supporting.strip(),
            hindering=hindering.strip(), recorded_by=by,
        )  # fmt: skip
        log_access(actor=by, pupil=pupil, action=AccessAction.CHANGE, what="uitstroomperspectief")
    return perspective


def short_term_goal_record(
    *, by: Staff, pupil, domain: str, target_level: str, target_moment: str, evaluation_date, note: str = ""
) -> ShortTermGoal:
    errors = {}
    level = rules.parse_level(target_level)
    moment = rules.parse_moment(target_moment)
    if domain not in Domain.values:
        errors["domain"] = "Kies een domein."
    if level is None:
        errors["target_level"] = f"'{target_level}' is geen geldig functioneringsniveau (bijvoorbeeld M5)."
    if moment is None:
        errors["target_moment"] = f"'{target_moment}' is geen geldig toetsmoment (bijvoorbeeld M6)."
    if evaluation_date is None:
        errors["evaluation_date"] = "Kies een evaluatiedatum."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        goal = ShortTermGoal.objects.create(
            pupil=pupil, domain=domain, target_level=level.label, target_moment=f"{moment[0]}{moment[1]}",
            evaluation_date=evaluation_date, note=(note or "").strip()[:500], recorded_by=by,
        )  # fmt: skip
        log_access(
            actor=by, pupil=pupil, action=AccessAction.CHANGE, what=f"kortetermijndoel {goal.get_domain_display()}"
        )
    return goal


def short_term_goal_review(*, by: Staff, goal_id: int, outcome: str, note: str = "") -> ShortTermGoal:
    if outcome not in ShortTermGoal.Outcome.values or not outcome:
        raise ValidationError({"outcome": "Kies of het doel gehaald is."})
    with transaction.atomic():
        goal = ShortTermGoal.objects.select_for_update().select_related("pupil").get(pk=goal_id)
        goal.outcome, goal.reviewed_at = outcome, timezone.now()
        if note:
            goal.note = note.strip()[:500]
        goal.save(update_fields=["outcome", "reviewed_at", "note"])
        log_access(actor=by, pupil=goal.pupil, action=AccessAction.CHANGE, what="kortetermijndoel geëvalueerd")
    return goal


def advice_give(
    *,
    by: Staff,
    pupil,
    kind: str,
    track: str,
    given_on: datetime.date,
    reasoning: str = "",
    second_track: str = "",
    second_colleague: Staff | None = None,
    transfer_test_track: str = "",
    record=None,
    school_year: SchoolYear | None = None,
) -> Advice:
    """Record an advice. Provisional, final and reconsidered advice need a second colleague of the
    school (not the giver). After the transfer test (final, reconsidered) an advice is never lower
    than the provisional/earlier advice, and it is only raised when the test result is higher."""
    errors = {}
    if kind not in AdviceKind.values:
        errors["kind"] = "Kies de soort advies."
    for name, value in (("track", track), ("second_track", second_track), ("transfer_test_track", transfer_test_track)):
        if value and value not in rules.TRACKS:
            errors[name] = "Kies een schoolsoort."
    if not track:
        errors["track"] = "Kies het advies."
    if second_track and track and rules.track_rank(second_track) != rules.track_rank(track) + 1:
        errors["second_track"] = "Een dubbel advies is twee opeenvolgende schoolsoorten, de laagste eerst."
    if kind in SECOND_COLLEAGUE_KINDS:
        if second_colleague is None:
            errors["second_colleague"] = "Bij dit advies is een tweede collega aanwezig; kies wie."
        elif second_colleague.pk == by.pk or second_colleague.school_id != pupil.school_id:
            errors["second_colleague"] = "De tweede collega is iemand anders van dezelfde school."
    if errors:
        raise ValidationError(errors)
    school_year = school_year or SchoolYear.objects.running(pupil.school_id, given_on)
    if school_year is None:
        raise ValidationError("Er is geen schooljaar voor deze datum.")
    with transaction.atomic():
        earlier = (
            Advice.objects.select_for_update()
            .filter(pupil=pupil, school_year=school_year, kind__in=[AdviceKind.PROVISIONAL, *AFTER_TEST_KINDS])
            .order_by("-given_on", "-pk")
            .first()
        )
        if kind in AFTER_TEST_KINDS and earlier is not None:
            _check_raise_only(earlier, track, transfer_test_track)
        advice = Advice.objects.create(
            pupil=pupil, school_year=school_year, kind=kind, track=track, second_track=second_track,
            reasoning=(reasoning or "").strip(), given_on=given_on, given_by=by, second_colleague=second_colleague,
            transfer_test_track=transfer_test_track, record=record,
        )  # fmt: skip
        log_access(
            actor=by, pupil=pupil, action=AccessAction.CHANGE, what=f"schooladvies ({advice.get_kind_display()})"
        )
    return advice


# -- the advice of an advice conversation --------------------------------------------------------

# The register's field names → the conversation record's.
RECORD_FIELDS = {"track": "advice_track", "second_track": "advice_second_track", "second_colleague": "second_staff"}


def advice_kind(record) -> str:
    """The register's kind for the advice of this record: final in a final advice round; in a
    provisional round the provisional advice for groep 8, and the school's groep-7 advice below."""
    booking = record.booking
    if booking.round.kind == RoundKind.ADVICE_FINAL:
        return AdviceKind.FINAL
    if current_year_level(booking.pupil, record.advice_date) == 8:
        return AdviceKind.PROVISIONAL
    settings = DevelopmentSettings.objects.filter(school_year_id=booking.round.school_year_id).first()
    return settings.groep7_advice if settings else DevelopmentSettings.Groep7Advice.EXPECTED_TEST


def advice_from_record(record) -> Advice | None:
    """The advice of a saved advice-conversation record lands in the register, through
    `advice_give`, so the register's rules hold for it too: a second colleague, a double advice of
    two adjacent tracks, and after the transfer test only raised, never lowered. An edited record
    replaces its advice. conversations.records.record_save calls this (settings.RECORD_ADVICE_SERVICE)
    inside its transaction; a refusal is a ValidationError naming the record's own fields, and
    record_save lets it through, so the record is not saved either. Other records: nothing, None."""
    booking = record.booking
    if not record.advice_track or record.advice_date is None or not booking.round.needs_second_staff:
        return None
    Advice.objects.filter(record=record).delete()  # an edited record replaces its advice
    # The transfer test result, as entered in the register (an advice is only raised above it).
    tested = (
        Advice.objects.filter(pupil=booking.pupil, school_year=booking.round.school_year)
        .exclude(transfer_test_track="")
        .order_by("-given_on", "-pk")
        .values_list("transfer_test_track", flat=True)
        .first()
    )
    try:
        return advice_give(
            by=record.author or booking.slot.staff,
            pupil=booking.pupil,
            kind=advice_kind(record),
            track=record.advice_track,
            second_track=record.advice_second_track,
            given_on=record.advice_date,
            second_colleague=record.second_staff,
            transfer_test_track=tested or "",
            record=record,
            school_year=booking.round.school_year,
        )
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError(
            {RECORD_FIELDS.get(field, field): messages for field, messages in error.message_dict.items()}
        ) from None


def _check_raise_only(earlier, track, transfer_test_track):
    if not rules.advice_change_allowed(earlier.track, track, after_transfer_test=True):
        raise ValidationError(
            {
                "track": "Na de doorstroomtoets kan het advies alleen omhoog, nooit omlaag "
                f"(eerder: {earlier.get_track_display()})."
            }
        )
    if rules.track_rank(track) > rules.track_rank(earlier.track):
        if not transfer_test_track or rules.track_rank(transfer_test_track) <= rules.track_rank(earlier.track):
            raise ValidationError(
                {
                    "track": "Het advies gaat alleen omhoog als de uitslag van de doorstroomtoets hoger is "
                    "dan het eerdere advies."
                }
            )
