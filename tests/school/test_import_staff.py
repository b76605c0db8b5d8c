"""Staff: logins, roles, groups taught; staff missing from the file are reported, not removed."""

import datetime

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ouderbetrokkenheid.school.models import Group, Staff
from tests import factories as f

from .conftest import TODAY
from .exports import staff, staff_csv
from .test_import_pupils import writes

TEAM = [
    staff(email="J.deVries@School.nl", groepen="5/6b;7"),
    staff(email="ib@school.nl", voornaam="Ingrid", achternaam="Boer", rollen="ib, leerkracht"),
    staff(
        email="directie@school.nl", voornaam="Dick", tussenvoegsel="de", achternaam="Graaf", rollen="directie,beheer"
    ),
]


def test_staff_get_a_login_without_password_roles_and_groups(run_import, school):
    report = run_import(staff=staff_csv(TEAM))
    jan = Staff.objects.get(user__email="j.devries@school.nl")
    assert not jan.user.has_usable_password()
    assert (jan.school, jan.is_teacher, jan.is_ib) == (school, True, False)
    assert sorted(jan.groups.values_list("name", flat=True)) == ["5/6b", "7"]
    ingrid = Staff.objects.get(user__email="ib@school.nl")
    assert (ingrid.is_ib, ingrid.is_teacher, ingrid.is_leadership) == (True, True, False)
    dick = Staff.objects.get(user__email="directie@school.nl")
    assert (dick.infix, dick.is_leadership, dick.is_admin) == ("de", True, True)
    assert report.count(report.new, "staff") == 3


def test_reimporting_staff_writes_nothing(run_import):
    run_import(staff=staff_csv(TEAM))
    with CaptureQueriesContext(connection) as queries:
        report = run_import(staff=staff_csv(TEAM))
    assert not report.has_changes
    assert writes(queries.captured_queries) == []


def test_changed_roles_names_and_groups_are_updated_and_reported(run_import, school):
    run_import(staff=staff_csv(TEAM))
    team = [dict(row) for row in TEAM]
    team[0].update(groepen="7;8", achternaam="de Vries-Jansen", rollen="leerkracht,ib")
    report = run_import(staff=staff_csv(team))
    jan = Staff.objects.get(user__email="j.devries@school.nl")
    assert (jan.last_name, jan.is_ib) == ("de Vries-Jansen", True)
    assert sorted(jan.groups.values_list("name", flat=True)) == ["7", "8"]
    text = str(report.changed[0])
    assert "geeft les aan groep 8" in text and "geeft geen les meer aan groep 5/6b" in text
    assert "intern begeleider: nee → ja" in text


def test_staff_no_longer_in_the_file_are_reported_but_kept(run_import, school):
    run_import(staff=staff_csv(TEAM))
    report = run_import(staff=staff_csv(TEAM[1:]))
    jan = Staff.objects.get(user__email="j.devries@school.nl")
    assert jan.user.is_active and jan.groups.count() == 2
    assert [str(entry) for entry in report.not_in_file] == ["Jan de Vries (j.devries@school.nl)"]
    assert not report.has_changes


def test_an_account_of_another_school_is_not_taken_over(run_import, school):
    other = f.StaffFactory(user__email="j.devries@school.nl")
    report = run_import(staff=staff_csv(TEAM))
    assert [(r.line, r.column) for r in report.rejected] == [(2, "email")]
    other.refresh_from_db()
    assert other.school != school
    assert Staff.objects.filter(school=school).count() == 2


def test_bad_staff_rows_are_rejected_with_line_column_and_reason(run_import, school):
    rows = TEAM + [
        staff(email="x@school.nl", rollen="conciërge"),
        staff(email="ib@school.nl", voornaam="Dubbel"),
        staff(email="geen-adres"),
        staff(email="y@school.nl", voornaam="=1+1"),
    ]
    report = run_import(staff=staff_csv(rows))
    assert [(r.line, r.column) for r in report.rejected] == [(5, "rollen"), (6, "email"), (7, "email"), (8, "voornaam")]
    assert str(report.rejected[0]) == (
        "regel 5, rollen: 'conciërge' is geen rol (kies uit leerkracht, ib, directie, beheer)"
    )
    assert "staat al op regel 3" in report.rejected[1].reason
    assert Staff.objects.filter(school=school).count() == 3


def test_staff_and_pupils_together_share_the_groups(run_import, school):
    from .exports import pupil, to_csv

    run_import(to_csv([pupil(groep="7", leerjaar="7")]), staff_csv(TEAM))
    assert Group.objects.filter(school_year__school=school, name="7").count() == 1
    assert get_user_model().objects.filter(email="j.devries@school.nl").exists()


def test_groups_of_other_years_are_left_alone(run_import, school):
    run_import(staff=staff_csv(TEAM))
    jan = Staff.objects.get(user__email="j.devries@school.nl")
    old_year = f.SchoolYearFactory(
        school=school, first_day=datetime.date(2025, 8, 18), last_day=datetime.date(2026, 7, 10)
    )
    old_group = f.GroupFactory(school_year=old_year, name="4")
    old_group.teachers.add(jan)
    run_import(staff=staff_csv(TEAM), today=TODAY + datetime.timedelta(days=1))
    assert jan.groups.filter(pk=old_group.pk).exists()
