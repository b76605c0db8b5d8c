"""Personas (as in healthchecks' hc/test.py) shared by every test.

School A: teacher Tess (groep 3, pupil Pim, guardian Anna), teacher Otto (groep 5/6,
pupil Bo, guardian Bert), IB Iris, leadership Lea. School B (same board): teacher
Sven and leadership Lars. Board admin Bea. Guardian A and guardian B are different
families; Otto is "a teacher of another group"; Sven and Lars are "staff of another school".
"""

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests import factories as f

pytest_plugins = [
    "pytester",
    "tests.plugins.clock",
    "tests.plugins.celery_worker",
    "tests.plugins.messaging_worker",
    "tests.plugins.fake_twilio",
    "tests.plugins.mfa",
]

SHARED_DIR = Path(__file__).resolve().parent.parent.parent / "shared"


@dataclass
class World:
    board: object
    school_a: object
    school_b: object
    year_a: object
    year_b: object
    group_3: object
    group_56: object
    group_b: object
    tess: object  # teacher of groep 3 (school A)
    otto: object  # teacher of groep 5/6 (school A)
    iris: object  # IB (school A)
    lea: object  # leadership (school A)
    sven: object  # teacher (school B)
    lars: object  # leadership (school B)
    bea: object  # board admin
    pim: object  # pupil in groep 3
    bo: object  # pupil in groep 5/6
    kai: object  # pupil at school B
    anna: object  # guardian of Pim
    bert: object  # guardian of Bo
    karel: object  # guardian of Kai (school B)


@pytest.fixture
def world(db):
    from ouderbetrokkenheid.school.models import BoardAdmin

    board = f.BoardFactory(name="Stichting Samen")
    school_a = f.SchoolFactory(board=board, brin="11AA00", name="De Regenboog")
    school_b = f.SchoolFactory(board=board, brin="22BB00", name="Het Kompas")
    year_a = f.SchoolYearFactory(school=school_a)
    year_b = f.SchoolYearFactory(school=school_b)
    group_3 = f.GroupFactory(school_year=year_a, name="3")
    group_56 = f.GroupFactory(school_year=year_a, name="5/6")
    group_b = f.GroupFactory(school_year=year_b, name="3")

    def staff(school, email, first, **roles):
        roles.setdefault("is_teacher", False)
        return f.StaffFactory(school=school, user__email=email, first_name=first, **roles)

    tess = staff(school_a, "tess@a.example.nl", "Tess", is_teacher=True)
    otto = staff(school_a, "otto@a.example.nl", "Otto", is_teacher=True)
    iris = staff(school_a, "iris@a.example.nl", "Iris", is_ib=True)
    lea = staff(school_a, "lea@a.example.nl", "Lea", is_leadership=True)
    sven = staff(school_b, "sven@b.example.nl", "Sven", is_teacher=True)
    lars = staff(school_b, "lars@b.example.nl", "Lars", is_leadership=True)
    group_3.teachers.add(tess)
    group_56.teachers.add(otto)
    group_b.teachers.add(sven)
    bea = BoardAdmin.objects.create(user=f.UserFactory(email="bea@bestuur.example.nl"), board=board)

    pim = f.PupilFactory(school=school_a, first_name="Pim", last_name="Prins")
    bo = f.PupilFactory(school=school_a, first_name="Bo", last_name="Bakker")
    kai = f.PupilFactory(school=school_b, first_name="Kai", last_name="Kok")
    f.EnrollmentFactory(pupil=pim, group=group_3, year_level=3)
    f.EnrollmentFactory(pupil=bo, group=group_56, year_level=6)
    f.EnrollmentFactory(pupil=kai, group=group_b, year_level=3)
    anna = f.GuardianFactory(school=school_a, first_name="Anna", last_name="Prins", email="anna@example.nl")
    bert = f.GuardianFactory(school=school_a, first_name="Bert", last_name="Bakker", email="bert@example.nl")
    karel = f.GuardianFactory(school=school_b, first_name="Karel", last_name="Kok", email="karel@example.nl")
    f.GuardianOfFactory(guardian=anna, pupil=pim)
    f.GuardianOfFactory(guardian=bert, pupil=bo)
    f.GuardianOfFactory(guardian=karel, pupil=kai)
    return World(**{k: v for k, v in locals().items() if k in World.__dataclass_fields__})


def guardian_user(guardian):
    """The login user of a guardian (created as the magic-link login would)."""
    from django.contrib.auth import get_user_model

    if guardian.user_id is None:
        guardian.user = get_user_model().objects.create_user()
        guardian.save(update_fields=["user"])
    return guardian.user


@pytest.fixture
def login_as(client):
    """Log the test client in as a Staff, Guardian, BoardAdmin or User."""

    def _login(who):
        from ouderbetrokkenheid.school.models import Guardian

        user = guardian_user(who) if isinstance(who, Guardian) else getattr(who, "user", who)
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def shared_dir():
    if not SHARED_DIR.is_dir():
        pytest.skip("../shared is not present")
    return SHARED_DIR
