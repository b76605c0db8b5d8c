"""The planning page and the counts pages take as many queries for a small school as for one 4× as big."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings import planning
from meetings.invitations import invitations_send
from meetings.programme import programme_install
from tests import factories as f

pytestmark = pytest.mark.django_db


def grow(world, per_level):
    """Add `per_level` families per year level (one lateral entrant each) to school A."""
    suffix = f.GroupFactory._meta.model.objects.count()
    groups = {level: f.GroupFactory(school_year=world.year_a, name=f"g{level}-{suffix}") for level in range(1, 9)}
    for level, group in groups.items():
        for i in range(per_level):
            pupil = f.PupilFactory(school=world.school_a)
            f.EnrollmentFactory(pupil=pupil, group=group, year_level=level, is_lateral_entrant=(i == 0 and level > 2))
            for _ in range(2):
                f.GuardianOfFactory(guardian=f.GuardianFactory(school=world.school_a), pupil=pupil)


def invite_all(world):
    """Invite for every session as leadership would: more than a week before the first one."""
    sessions = list(world.year_a.sessions.order_by("starts_at"))
    today = timezone.localdate()
    with time_machine.travel(sessions[0].starts_at - datetime.timedelta(days=10), tick=True):
        for session in sessions:
            invitations_send(session=session, by=None, day=today)


def count(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


def measure(world, client):
    plan = reverse("meetings:plan", kwargs={"school_year_id": world.year_a.pk})
    session = world.year_a.sessions.order_by("starts_at").first()
    return {
        "plan": count(client, plan, {"time_of_day": "19:30"}),
        "sessions": count(client, reverse("meetings:sessions")),
        "session": count(client, reverse("meetings:session", kwargs={"session_id": session.pk})),
    }


def test_planning_and_counts_pages_have_bounded_queries(world, login_as, django_assert_max_num_queries):
    programme_install(school=world.school_a)
    proposal = planning.programme_propose(school_year=world.year_a, time_of_day=planning.datetime.time(19, 30))
    planning.programme_apply(school_year=world.year_a, proposal=proposal)
    grow(world, 2)
    invite_all(world)
    client = login_as(world.lea)
    small = measure(world, client)

    grow(world, 6)
    invite_all(world)
    big = measure(world, client)
    session = world.year_a.sessions.order_by("starts_at").first()
    with django_assert_max_num_queries(small["session"]):
        client.get(reverse("meetings:session", kwargs={"session_id": session.pk}))
    with django_assert_max_num_queries(small["sessions"]):
        client.get(reverse("meetings:sessions"))

    assert big == small, (small, big)
    assert max(small.values()) <= 15, small
