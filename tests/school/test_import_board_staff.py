"""Staff who work at several schools of one board (issue 14, point 4): importing the second school
of a board gives its IB and leadership a membership of that school on their one account, with
the roles of that school's file; across boards the import (and the database) still refuses."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from ouderbetrokkenheid.school.importing.history import last_import, undo_import
from ouderbetrokkenheid.school.models import BoardAdmin, Staff
from tests import factories as f

from .exports import read_rows, staff, staff_csv
from .test_import_pupils import writes

OTHER_BOARD = "dit e-mailadres hoort bij een medewerker van een school van een ander bestuur"

TEAM_A = [
    staff(email="j.devries@school.nl", groepen="5/6b"),
    staff(email="ib@stichting.nl", voornaam="Ingrid", achternaam="Boer", rollen="ib,leerkracht", groepen="7"),
    staff(email="directie@stichting.nl", voornaam="Dick", tussenvoegsel="de", achternaam="Graaf", rollen="directie"),
]
TEAM_B = [
    staff(email="m.yilmaz@kompas.nl", voornaam="Merve", achternaam="Yilmaz", groepen="3"),
    staff(email="IB@stichting.nl", voornaam="Ingrid", achternaam="Boer", rollen="ib"),
    staff(email="directie@stichting.nl", voornaam="Dick", tussenvoegsel="de", achternaam="Graaf", rollen="directie"),
]


@pytest.fixture
def school_b(school):
    """A second school of the same board, with the same school year."""
    other = f.SchoolFactory(board=school.board, brin="44DD00", name="Het Kompas")
    year = school.years.get()
    f.SchoolYearFactory(school=other, first_day=year.first_day, last_day=year.last_day)
    return other


@pytest.fixture
def other_board_school(school):
    other = f.SchoolFactory(brin="55EE00", name="De Esch")  # a board of its own
    year = school.years.get()
    f.SchoolYearFactory(school=other, first_day=year.first_day, last_day=year.last_day)
    return other


def test_importing_the_second_school_of_a_board_gives_the_ib_and_leadership_a_membership(run_import, school, school_b):
    run_import(staff=staff_csv(TEAM_A))
    report = run_import(staff=staff_csv(TEAM_B), target=school_b)
    assert not report.rejected
    ingrid = get_user_model().objects.get(email="ib@stichting.nl")
    memberships = {m.school: m for m in Staff.objects.filter(user=ingrid)}
    assert set(memberships) == {school, school_b}  # one account, a membership per school
    at_a, at_b = memberships[school], memberships[school_b]
    assert (at_a.is_ib, at_a.is_teacher, sorted(at_a.groups.values_list("name", flat=True))) == (True, True, ["7"])
    assert (at_b.is_ib, at_b.is_teacher, list(at_b.groups.all())) == (True, False, [])  # B's own roles
    assert get_user_model().objects.filter(email__in=["ib@stichting.nl", "directie@stichting.nl"]).count() == 2
    assert Staff.objects.filter(school=school_b).count() == 3
    new = [str(entry) for entry in report.new]
    assert any("Ingrid Boer (ib@stichting.nl)" in text and "ook medewerker van De Vlinder" in text for text in new)
    with CaptureQueriesContext(connection) as queries:
        again = run_import(staff=staff_csv(TEAM_B), target=school_b)
    assert not again.has_changes and writes(queries.captured_queries) == []


def test_undoing_the_second_schools_import_removes_the_membership_not_the_account(run_import, school, school_b):
    run_import(staff=staff_csv(TEAM_A))
    run_import(staff=staff_csv(TEAM_B), target=school_b)
    undo_import(run=last_import(school_b), user=None)
    ingrid = get_user_model().objects.get(email="ib@stichting.nl")
    assert [m.school for m in Staff.objects.filter(user=ingrid)] == [school]
    assert not get_user_model().objects.filter(email="m.yilmaz@kompas.nl").exists()  # B's own new login goes
    assert Staff.objects.filter(school=school).count() == 3


def test_an_account_of_another_board_is_refused_with_a_dutch_reason_and_nothing_written(
    run_import, school, other_board_school
):
    run_import(staff=staff_csv(TEAM_A))
    report = run_import(staff=staff_csv(TEAM_B), target=other_board_school)
    assert [(r.line, r.column) for r in report.rejected] == [(3, "email"), (4, "email")]
    assert report.rejected[0].reason.startswith(OTHER_BOARD)
    assert not Staff.objects.filter(school=other_board_school, user__email="ib@stichting.nl").exists()
    assert Staff.objects.filter(user__email="ib@stichting.nl").count() == 1
    assert Staff.objects.filter(school=other_board_school).count() == 1  # Merve, the good row


def test_a_board_admin_or_other_account_is_still_not_taken_over(run_import, school):
    board_admin = f.UserFactory(email="ib@stichting.nl")
    BoardAdmin.objects.create(user=board_admin, board=school.board)
    report = run_import(staff=staff_csv(TEAM_A))
    assert [(r.line, r.reason) for r in report.rejected] == [
        (3, "dit e-mailadres hoort bij een account dat geen medewerker van deze school is")
    ]
    assert not Staff.objects.filter(user=board_admin).exists()


def test_the_database_refuses_a_membership_at_another_boards_school(school, school_b, other_board_school):
    user = f.UserFactory(email="ib@stichting.nl")
    f.StaffFactory(user=user, school=school)
    f.StaffFactory(user=user, school=school_b)  # same board: fine
    with pytest.raises(IntegrityError, match="another board"), transaction.atomic():
        Staff.objects.create(user=user, school=other_board_school, first_name="Ingrid", last_name="Boer")
    with pytest.raises(IntegrityError), transaction.atomic():  # one membership per school
        Staff.objects.create(user=user, school=school, first_name="Ingrid", last_name="Boer")
    with pytest.raises(IntegrityError, match="another board"), transaction.atomic():  # nor by moving the school
        type(school_b).objects.filter(pk=school_b.pk).update(board=other_board_school.board)
    membership = Staff(user=user, school=other_board_school, first_name="Ingrid", last_name="Boer")
    with pytest.raises(ValidationError) as refused:  # what the admin shows
        membership.full_clean()
    assert "ander bestuur" in str(refused.value.message_dict["school"])


@pytest.mark.django_db(transaction=True)
def test_two_memberships_of_two_boards_made_at_once_leave_one(school, other_board_school):
    """A login with no membership yet, given one at a school of each board at the same moment (a
    few times over): the trigger's lock on the login queues the second, which is refused."""
    for attempt in range(4):
        user = f.UserFactory(email=f"wissel{attempt}@stichting.nl")
        barrier, outcomes = threading.Barrier(2), {}

        def add(target, user=user, barrier=barrier, outcomes=outcomes):
            try:
                with transaction.atomic():
                    barrier.wait(timeout=30)
                    Staff.objects.create(user=user, school=target, first_name="Ingrid", last_name="Boer")
                outcomes[target.pk] = "made"
            except IntegrityError as error:
                outcomes[target.pk] = error
            finally:
                connection.close()

        threads = [threading.Thread(target=add, args=(s,)) for s in (school, other_board_school)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert sorted(str(o) == "made" for o in outcomes.values()) == [False, True], outcomes
        assert Staff.objects.filter(user=user).count() == 1


def test_the_shared_sample_schools_ib_gets_a_membership_of_a_second_school(shared_dir, run_import, school, school_b):
    """The sample school's staff export as school A; school B's file lists the same IB and
    leadership (with B's roles) beside a teacher of its own."""
    team_a = (shared_dir / "data" / "sample-school" / "medewerkers.csv").read_bytes()
    assert not run_import(staff=team_a).rejected
    shared = [row for row in read_rows(team_a) if "ib" in row["rollen"] or "directie" in row["rollen"]]
    team_b = [dict(row, groepen="", rollen=row["rollen"].replace(",leerkracht", "")) for row in shared]
    team_b.append(staff(email="m.yilmaz@kompas.nl", voornaam="Merve", achternaam="Yilmaz", groepen="3"))
    report = run_import(staff=staff_csv(team_b), target=school_b)
    assert not report.rejected and report.count(report.new, "staff") == len(team_b)
    for row in shared:
        schools = set(Staff.objects.filter(user__email=row["email"]).values_list("school", flat=True))
        assert schools == {school.pk, school_b.pk}, row["email"]
