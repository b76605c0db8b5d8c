"""Reach per session, year level and group, overall and for priority parents; "attended none"."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings import reach
from meetings.models import WalkIn
from tests import factories as f
from tests.meetings.test_attendance import invite, make_session


@pytest.fixture
def filled(world):
    """Session 1 with: Anna (Pim, groep 3) coming and came; Bert (Bo, groep 5/6) priority, no answer;
    Carla (priority, siblings in groep 3 and 5/6) not coming; Dirk (groep 3) maybe."""
    session = make_session(world.year_a, days=-1)
    carla = f.GuardianFactory(school=world.school_a, first_name="Carla", last_name="Cor")
    dirk = f.GuardianFactory(school=world.school_a, first_name="Dirk", last_name="Dam")
    sib3, sib6, dirks = (f.PupilFactory(school=world.school_a) for _ in range(3))
    f.EnrollmentFactory(pupil=sib3, group=world.group_3, year_level=3)
    f.EnrollmentFactory(pupil=sib6, group=world.group_56, year_level=5)
    f.EnrollmentFactory(pupil=dirks, group=world.group_3, year_level=3)
    invite(session, world.anna, world.pim, response="coming", attended=True)
    invite(session, world.bert, world.bo, priority=["new_to_system"])
    invite(session, carla, sib3, sib6, priority=["little_dutch"], response="not_coming")
    invite(session, dirk, dirks, response="maybe")
    return session


def numbers(row):
    return tuple(row[f"n_{m}"] for m in reach.MEASURES), tuple(row[f"p_{m}"] for m in reach.MEASURES)


def test_reach_numbers_match_a_hand_count(filled):
    report = reach.session_reach(session=filled)
    assert numbers(report["totals"]) == ((4, 3, 1, 1), (2, 1, 0, 0))
    levels = {row["year_level"]: numbers(row) for row in report["by_year_level"]}
    assert levels == {3: ((3, 3, 1, 1), (1, 1, 0, 0)), 5: ((1, 1, 0, 0), (1, 1, 0, 0)), 6: ((1, 0, 0, 0), (1, 0, 0, 0))}
    groups = {row["group_name"]: numbers(row) for row in report["by_group"]}
    assert groups == {"3": ((3, 3, 1, 1), (1, 1, 0, 0)), "5/6": ((2, 1, 0, 0), (2, 1, 0, 0))}


def test_teacher_sees_only_the_parents_of_her_groups(world, filled):
    report = reach.session_reach(session=filled, groups=reach.teacher_groups(_actor(world.otto)))
    assert numbers(report["totals"]) == ((2, 1, 0, 0), (2, 1, 0, 0))
    assert [row["group_name"] for row in report["by_group"]] == ["5/6"]


def _actor(staff):
    from ouderbetrokkenheid.accounts.access import Actor

    return Actor(staff.user)


def test_overview_counts_per_session(world, filled):
    WalkIn.objects.create(session=filled, name="Opa")
    (row,) = reach.sessions_reach(school_year=world.year_a)
    assert numbers(row.__dict__) == ((4, 3, 1, 1), (2, 1, 0, 0)) and row.walk_in_count == 1
    (mine,) = reach.sessions_reach(school_year=world.year_a, groups=reach.teacher_groups(_actor(world.tess)))
    assert numbers(mine.__dict__) == ((3, 3, 1, 1), (1, 1, 0, 0))


def test_guardians_attending_none(world, filled):
    later = make_session(world.year_a, "work_attitude", days=-0.5, year_levels=(3,))
    invite(later, world.bert, world.bo, priority=["new_to_system"], attended=True)
    future = make_session(world.year_a, "school_system", days=10)
    invite(future, world.anna, world.pim)
    names = [g.first_name for g in reach.guardians_attending_none(school_year=world.year_a)]
    assert names == ["Carla", "Dirk"]  # priority first; Anna came, Bert came to session 2


def test_walk_in_with_guardian_counts_as_attended(world, filled):
    WalkIn.objects.create(session=filled, name="Dirk", guardian=reach.Guardian.objects.get(first_name="Dirk"))
    assert [g.first_name for g in reach.guardians_attending_none(school_year=world.year_a)] == ["Bert", "Carla"]


def test_reach_pages_for_leadership_and_teachers(world, filled, login_as):
    page = login_as(world.lea).get(reverse("meetings:reach"))
    body = page.content.decode()
    assert page.status_code == 200 and 'data-measure="coming">1<' in body
    assert "3 ouders waren bij geen enkele bijeenkomst" in body
    assert login_as(world.lea).get(reverse("meetings:attended_none")).status_code == 200
    assert login_as(world.tess).get(reverse("meetings:attended_none")).status_code == 403
    assert login_as(world.tess).get(reverse("meetings:reach_session", args=[filled.pk])).status_code == 200
    assert login_as(world.lars).get(reverse("meetings:reach_session", args=[filled.pk])).status_code == 404


def _grow(world, session, families):
    for n in range(families):
        guardian = f.GuardianFactory(school=world.school_a, first_name=f"G{n}", last_name="Test")
        pupil = f.PupilFactory(school=world.school_a)
        f.EnrollmentFactory(pupil=pupil, group=(world.group_3, world.group_56)[n % 2], year_level=3 + 3 * (n % 2))
        invite(session, guardian, pupil, priority=["x"] if n % 3 == 0 else [], response=("", "coming")[n % 2])


def _queries(world, session, login_as):
    client = login_as(world.lea)
    counts = []
    for url in (reverse("meetings:reach"), reverse("meetings:reach_session", args=[session.pk]),
                reverse("meetings:attendance", args=[session.pk]), reverse("meetings:followup", args=[session.pk]),
                reverse("meetings:attended_none")):  # fmt: skip
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    return counts


def test_query_counts_are_bounded_and_equal_for_a_small_and_a_4x_session(world, login_as):
    small, big = make_session(world.year_a, days=-1), make_session(world.year_a, "work_attitude", days=-1)
    _grow(world, small, 5)
    _grow(world, big, 20)
    small_counts, big_counts = _queries(world, small, login_as), _queries(world, big, login_as)
    assert small_counts == big_counts
    assert max(big_counts) <= 12
