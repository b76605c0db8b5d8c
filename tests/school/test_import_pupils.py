"""Pupils with guardians: matching, re-imports, newer exports, dry runs and rejected rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ouderbetrokkenheid.school.importing import ImportFailed
from ouderbetrokkenheid.school.models import Enrollment, Group, Guardian, GuardianOf, Pupil
from tests import factories as f

from .conftest import TODAY
from .exports import pupil, to_csv

FIRST_DAY = datetime.date(2026, 8, 17)


def writes(queries):
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def family():
    """Two siblings; one guardian matched by number, one by e-mail (case-insensitive), one by mobile."""
    youssef = {"leerlingnummer": "2", "roepnaam": "Youssef", "groep": "3", "leerjaar": "3"}
    return [
        pupil(leerlingnummer="1"),
        pupil(leerlingnummer="1", verzorgernummer="", verzorger_voornaam="Karim", email="karim@example.nl", mobiel=""),
        pupil(leerlingnummer="1", verzorgernummer="", verzorger_voornaam="Oma", verzorger_achternaam="Smit",
              email="", mobiel="06 11 22 33 44", relatie="oma"),
        pupil(**youssef),
        pupil(**youssef, verzorgernummer="", verzorger_voornaam="Karim", email="KARIM@Example.nl", mobiel=""),
        pupil(**youssef, verzorgernummer="", verzorger_voornaam="Oma", verzorger_achternaam="Smit",
              email="", mobiel="+31611223344", relatie="oma"),
    ]  # fmt: skip


def test_new_pupil_gets_enrollment_guardian_and_link(run_import, school):
    report = run_import(to_csv([pupil(taal="AR", tolk_nodig="ja", apart_uitnodigen="ja")]))
    fatima = Pupil.objects.get(school=school, external_id="10001")
    enrollment = fatima.enrollments.get()
    guardian = Guardian.objects.get(school=school)
    link = GuardianOf.objects.get(pupil=fatima)
    assert (enrollment.group.name, enrollment.year_level, enrollment.end_date) == ("5/6b", 5, None)
    assert enrollment.group.school_year.first_day == FIRST_DAY
    assert (guardian.external_id, guardian.email, guardian.mobile) == (
        "55120",
        "s.elidrissi@example.nl",
        "+31612345678",
    )
    assert (guardian.language, guardian.needs_interpreter) == ("ar", True)
    assert (link.guardian, link.relationship, link.has_parental_authority, link.invite_separately) == (
        guardian, "moeder", True, True
    )  # fmt: skip
    assert report.summary().startswith("3 wijzigingen, 1 nieuwe leerling, 1 nieuwe verzorger, 1 nieuwe groep")


def test_siblings_share_guardians_matched_on_number_email_and_mobile(run_import, school):
    report = run_import(to_csv(family()))
    assert report.rejected == []
    assert Guardian.objects.filter(school=school).count() == 3
    for guardian in Guardian.objects.filter(school=school):
        assert guardian.children_links.count() == 2
    assert GuardianOf.objects.get(pupil__external_id="1", guardian__first_name="Oma").relationship == "anders"


def test_guardians_are_matched_within_the_school_only(run_import, school):
    other = f.GuardianFactory(external_id="55120", email="s.elidrissi@example.nl", mobile="+31612345678")
    run_import(to_csv([pupil()]))
    mine = Guardian.objects.get(school=school)
    assert mine != other
    assert not other.children_links.exists()


def test_existing_guardian_without_number_is_matched_on_email_and_gets_the_number(run_import, school):
    known = f.GuardianFactory(school=school, external_id="", email="s.elidrissi@example.nl", mobile="")
    report = run_import(to_csv([pupil()]))
    known.refresh_from_db()
    assert known.external_id == "55120"
    assert Guardian.objects.filter(school=school).count() == 1
    assert any("verzorgernummer" in str(entry) for entry in report.changed)


def test_guardian_with_another_number_is_not_matched_on_email(run_import, school):
    f.GuardianFactory(school=school, external_id="99999", email="s.elidrissi@example.nl")
    run_import(to_csv([pupil()]))
    assert Guardian.objects.filter(school=school, email="s.elidrissi@example.nl").count() == 2


def test_reimporting_the_same_file_changes_nothing_and_writes_nothing(run_import, school):
    data = to_csv(family() + [pupil(leerlingnummer="3", guardian=False)])
    run_import(data)
    with CaptureQueriesContext(connection) as queries:
        report = run_import(data)
    assert not report.has_changes
    assert report.summary() == "0 wijzigingen"
    assert writes(queries.captured_queries) == []


def test_dry_run_reports_everything_and_writes_nothing(run_import, school):
    data = to_csv(family())
    preview = run_import(data, dry_run=True)
    assert Pupil.objects.count() == Guardian.objects.count() == Group.objects.count() == 0
    assert "Proefimport" in preview.as_text()
    applied = run_import(data)
    assert preview.fingerprint() == applied.fingerprint()
    assert Pupil.objects.filter(school=school).count() == 2


def test_newer_export_updates_in_place_moves_and_ends_leavers(run_import, school):
    run_import(to_csv(family() + [pupil(leerlingnummer="3", roepnaam="Lotte", guardian=False)]))
    rows = family()
    for row in rows[0], rows[3]:
        row["email"] = "nieuw@example.nl"  # Samira's new e-mail
    for row in rows[3:]:
        row.update(groep="4", leerjaar="4", roepnaam="Youssef-Ali")
    del rows[5]  # Oma is no longer linked to Youssef
    later = TODAY + datetime.timedelta(days=7)
    report = run_import(to_csv(rows), today=later, confirm_leavers=1)  # Lotte, 1 of 3
    assert report.rejected == []

    samira = Guardian.objects.get(school=school, external_id="55120")
    assert samira.email == "nieuw@example.nl"
    youssef = Pupil.objects.get(school=school, external_id="2")
    assert youssef.first_name == "Youssef-Ali"
    old, new = youssef.enrollments.order_by("start_date")
    assert (old.group.name, old.end_date) == ("3", later)
    assert (new.group.name, new.year_level, new.start_date, new.end_date) == ("4", 4, later, None)
    assert not GuardianOf.objects.filter(pupil=youssef, guardian__first_name="Oma").exists()
    lotte = Pupil.objects.get(school=school, external_id="3")
    assert lotte.enrollments.get().end_date == later  # ended, not deleted
    changed = "\n".join(str(entry) for entry in report.changed)
    assert "groep: 3 → 4" in changed and "leerjaar: 3 → 4" in changed
    assert "e-mail: s.elidrissi@example.nl → nieuw@example.nl" in changed
    assert "verzorger Oma Smit ontkoppeld" in changed
    assert [str(entry) for entry in report.ended] == [
        f"Lotte Bakker (3): niet meer in het bestand; uitgeschreven per {later:%d-%m-%Y}"
    ]


def test_a_move_on_the_day_the_enrollment_started_updates_it_in_place(run_import, school):
    run_import(to_csv([pupil(datum_inschrijving="23-11-2026")]))
    run_import(to_csv([pupil(groep="6", leerjaar="6", datum_inschrijving="23-11-2026")]))
    enrollment = Enrollment.objects.get(pupil__school=school)
    assert (enrollment.group.name, enrollment.year_level) == ("6", 6)


def test_a_leaver_whose_enrollment_started_today_loses_the_empty_enrollment(run_import, school):
    run_import(to_csv([pupil(), pupil(leerlingnummer="2", guardian=False)]), today=FIRST_DAY)
    report = run_import(to_csv([pupil()]), today=FIRST_DAY, confirm_leavers=1)
    assert Pupil.objects.filter(external_id="2").exists()
    assert not Enrollment.objects.filter(pupil__external_id="2").exists()
    assert "nog niet begonnen" in str(report.ended[0])


def test_a_returning_pupil_starts_after_the_last_enrollment_ended(run_import, school):
    run_import(to_csv([pupil()]))
    run_import(
        to_csv([pupil(leerlingnummer="2", guardian=False)]), today=TODAY + datetime.timedelta(days=1), confirm_leavers=1
    )
    report = run_import(to_csv([pupil()]), today=TODAY + datetime.timedelta(days=5), confirm_leavers=1)
    first, second = Enrollment.objects.filter(pupil__external_id="10001").order_by("start_date")
    assert first.end_date == TODAY + datetime.timedelta(days=1)
    assert second.start_date == first.end_date
    assert "weer ingeschreven" in str(report.changed[0])


def test_a_running_enrollment_of_last_year_ends_after_that_year(run_import, school):
    last_year = f.SchoolYearFactory(
        school=school, first_day=datetime.date(2025, 8, 18), last_day=datetime.date(2026, 7, 10)
    )
    fatima = f.PupilFactory(school=school, external_id="10001", first_name="Fatima", last_name="Bakker")
    f.EnrollmentFactory(pupil=fatima, group=f.GroupFactory(school_year=last_year, name="4"), year_level=4)
    run_import(to_csv([pupil(geboortedatum="01-05-2018", datum_inschrijving="")]))
    old, new = fatima.enrollments.order_by("start_date")
    assert old.end_date == datetime.date(2026, 7, 11)
    assert (new.start_date, new.group.name) == (FIRST_DAY, "5/6b")


@pytest.mark.parametrize(
    ("enrolled", "start"),
    [("01-09-2020", FIRST_DAY), ("10-10-2026", datetime.date(2026, 10, 10)), ("01-01-2027", TODAY), ("", FIRST_DAY)],
)
def test_start_date_is_enrollment_date_within_the_year_and_never_after_today(run_import, enrolled, start):
    run_import(to_csv([pupil(datum_inschrijving=enrolled)]))
    assert Enrollment.objects.get().start_date == start


@pytest.mark.parametrize(
    ("level", "enrolled", "given", "lateral"),
    [
        ("5", "22-08-2022", "", False),  # entered in groep 1
        ("5", "03-04-2023", "", False),  # entered in groep 1, in the spring (on turning four)
        ("5", "21-08-2023", "", True),  # entered in groep 2: after the start of groep 1 (was: not derived)
        ("5", "21-08-2024", "", True),  # entered in groep 3
        ("6", "24-01-2026", "", True),  # entered in groep 5, last school year
        ("5", "", "", False),  # unknown: not derived
        ("5", "21-08-2023", "ja", True),  # the file wins
        ("5", "21-08-2025", "nee", False),
    ],
)
def test_lateral_entrant_from_the_file_or_derived(run_import, level, enrolled, given, lateral):
    run_import(to_csv([pupil(leerjaar=level, datum_inschrijving=enrolled, zij_instromer=given)]))
    assert Enrollment.objects.get().is_lateral_entrant is lateral


def test_explicit_lateral_change_updates_the_running_enrollment(run_import):
    run_import(to_csv([pupil(zij_instromer="nee")]))
    report = run_import(to_csv([pupil(zij_instromer="ja")]), today=TODAY + datetime.timedelta(days=3))
    assert Enrollment.objects.get().is_lateral_entrant is True
    assert "zij-instromer: nee → ja" in str(report.changed[0])


def test_a_pupil_with_a_pupil_level_error_is_rejected_entirely(run_import, school):
    rows = [pupil(), pupil(verzorgernummer="55121", email="b@example.nl", mobiel="", geboortedatum="31-02-2018")]
    report = run_import(to_csv(rows))
    assert not Pupil.objects.filter(school=school).exists()
    assert not Guardian.objects.filter(school=school).exists()
    assert [str(r) for r in report.rejected] == [
        "regel 2, leerlingnummer: leerling 10001 wordt niet ingelezen door de fout op regel 3",
        "regel 3, geboortedatum: '31-02-2018' is geen geldige datum (dd-mm-jjjj)",
    ]


def test_a_guardian_level_error_rejects_the_whole_pupil_and_says_so(run_import, school):
    rows = [pupil(), pupil(verzorgernummer="55121", email="", mobiel="06-1234")]
    report = run_import(to_csv(rows))
    assert [str(r) for r in report.rejected] == [
        "regel 2, leerlingnummer: leerling 10001 wordt niet ingelezen door de fout op regel 3",
        "regel 3, mobiel: '06-1234' is geen geldig telefoonnummer",
    ]
    assert not Pupil.objects.filter(school=school).exists()  # was: created with one guardian, unreported
    assert not Guardian.objects.filter(school=school).exists()
    assert not report.new


def test_a_known_pupil_with_a_bad_guardian_row_stays_as_it_was(run_import, school):
    rows = [pupil(), pupil(verzorgernummer="55121", email="b@example.nl", mobiel="")]
    run_import(to_csv(rows))
    rows[0]["roepnaam"] = rows[1]["roepnaam"] = "Fatma"
    rows[1]["email"] = "b@@example.nl"
    report = run_import(to_csv(rows), today=TODAY + datetime.timedelta(days=1))
    assert len(report.rejected) == 2 and not report.has_changes
    fatima = Pupil.objects.get(school=school)
    assert fatima.first_name == "Fatima"
    assert fatima.guardian_links.count() == 2
    assert fatima.enrollments.get().end_date is None


def test_conflicting_pupil_data_on_two_rows_rejects_the_pupil(run_import, school):
    rows = [pupil(), pupil(verzorgernummer="55121", email="b@example.nl", mobiel="", groep="7", leerjaar="7")]
    report = run_import(to_csv(rows))
    assert not Pupil.objects.filter(school=school).exists()
    assert {(r.line, r.column) for r in report.rejected} == {(2, "leerlingnummer"), (3, "groep")}
    assert "staat op regel 2 met een andere waarde" in report.rejected[1].reason


def test_conflicting_guardian_data_rejects_the_second_pupil(run_import, school):
    rows = [pupil(), pupil(leerlingnummer="2", verzorger_voornaam="Sami")]
    report = run_import(to_csv(rows))
    assert [(r.line, r.column) for r in report.rejected] == [(3, "verzorger_voornaam")]
    assert "verzorger Samira El Idrissi staat op regel 2 met andere gegevens" in report.rejected[0].reason
    assert Guardian.objects.get(school=school).first_name == "Samira"
    assert not Pupil.objects.filter(external_id="2").exists()
    assert Pupil.objects.get(external_id="10001").guardian_links.count() == 1


def test_conflicting_guardian_data_within_one_pupil_rejects_it_without_a_trace(run_import, school):
    rows = [
        pupil(verzorgernummer="", email="x@example.nl"),
        pupil(verzorgernummer="", email="x@example.nl", verzorger_voornaam="Anders"),
        pupil(leerlingnummer="2", verzorgernummer="7", email="y@example.nl"),
    ]
    report = run_import(to_csv(rows))
    assert [(r.line, r.column) for r in report.rejected] == [(2, "leerlingnummer"), (3, "verzorger_voornaam")]
    assert list(Pupil.objects.values_list("external_id", flat=True)) == ["2"]
    assert list(Guardian.objects.values_list("email", flat=True)) == ["y@example.nl"]


def test_a_rejected_pupil_already_known_is_not_ended(run_import, school):
    run_import(to_csv([pupil()]))
    report = run_import(to_csv([pupil(leerjaar="9")]), today=TODAY + datetime.timedelta(days=1))
    assert report.ended == []
    assert Enrollment.objects.get().end_date is None


def test_formula_like_values_are_never_written(run_import, school):
    rows = [pupil(roepnaam='=HYPERLINK("http://x")'), pupil(leerlingnummer="2", verzorger_achternaam="+cmd")]
    report = run_import(to_csv(rows))
    assert {(r.line, r.column) for r in report.rejected} == {(2, "roepnaam"), (3, "verzorger_achternaam")}
    for model, names in ((Pupil, ["first_name", "infix", "last_name"]), (Guardian, ["first_name", "last_name"])):
        for values in model.objects.values_list(*names):
            assert not any(v.startswith(("=", "+", "-", "@")) for v in values)


def test_columns_absent_from_the_file_are_left_alone(run_import, school):
    run_import(to_csv([pupil(taal="tr")]))
    header = [c for c in to_csv([]).decode().strip().split(";") if c not in ("taal", "datum_inschrijving")]
    report = run_import(to_csv([pupil()], header=header), today=TODAY + datetime.timedelta(days=1))
    assert not report.has_changes
    assert Guardian.objects.get(school=school).language == "tr"


def test_without_a_running_school_year_the_import_fails(run_import):
    with pytest.raises(ImportFailed, match="Er is geen schooljaar dat vandaag loopt; maak eerst het schooljaar aan."):
        run_import(to_csv([pupil()]), today=datetime.date(2027, 8, 1))


def test_missing_required_column_fails_before_anything_is_written(run_import):
    with pytest.raises(ImportFailed, match="'leerjaar'"):
        run_import(to_csv([pupil()], header=["leerlingnummer", "roepnaam", "achternaam", "geboortedatum", "groep"]))
    assert not Group.objects.exists()


def make_export(n):
    rows = []
    for i in range(n):
        rows += [
            pupil(leerlingnummer=str(i), verzorgernummer=f"g{i}", email=f"m{i}@example.nl", mobiel=""),
            pupil(leerlingnummer=str(i), verzorgernummer=f"h{i}", email=f"v{i}@example.nl", mobiel="", relatie="vader"),
        ]
    return to_csv(rows)


def test_query_count_does_not_grow_with_the_number_of_pupils(run_import, school):
    counts = []
    run_import(make_export(1))  # the group exists from here on
    for n in (5, 40):
        Pupil.objects.all().delete()
        Guardian.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            run_import(make_export(n), today=TODAY + datetime.timedelta(days=n))
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with CaptureQueriesContext(connection) as queries:
        run_import(make_export(40), today=TODAY + datetime.timedelta(days=40))
    assert len(queries) <= 20  # 12, and the import history reads the 8 tables an import can touch


def test_new_guardian_without_email_prefers_sms(run_import):
    run_import(to_csv([pupil(verzorgernummer="8001", email="", mobiel="06-12345678")]))
    assert Guardian.objects.get(external_id="8001").channel == "sms"
    run_import(to_csv([pupil(leerlingnummer="2", verzorgernummer="8002")]), confirm_leavers=1)
    assert Guardian.objects.get(external_id="8002").channel == "email"
