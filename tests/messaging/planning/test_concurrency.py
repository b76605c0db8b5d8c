"""Two planners approve the plans of two groups that share sibling guardians at the same moment,
each on its own PostgreSQL connection: every guardian ends with exactly one message per kind for
the week, holding both children's parts (the cap holds under concurrency)."""

import threading
import time

import pytest
from django.db import connection, connections

from messaging.models import Kind, Message
from messaging.planning import week_plan_approve
from tests import factories as f

from .conftest import WEEK
from .helpers import ALL_KINDS, messages_of, plan_week

FAMILIES = 12


def run_at_once(*calls):
    """Run each call in its own thread (its own database connection), released by one barrier;
    returns the results and each call's (start, end) on the monotonic clock."""
    barrier = threading.Barrier(len(calls))
    results, spans, errors = [None] * len(calls), [None] * len(calls), []

    def worker(index, call):
        try:
            barrier.wait(timeout=10)
            start = time.monotonic()
            results[index] = call()
            spans[index] = (start, time.monotonic())
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results, spans


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_two_planners_approving_groups_with_shared_siblings_at_once_keep_the_cap(world, library, attempt):
    families = []
    for n in range(FAMILIES):
        older = f.PupilFactory(school=world.school_a, first_name=f"Oud{n}")
        younger = f.PupilFactory(school=world.school_a, first_name=f"Jong{n}")
        f.EnrollmentFactory(pupil=younger, group=world.group_3, year_level=3)
        f.EnrollmentFactory(pupil=older, group=world.group_56, year_level=6)
        parents = [f.GuardianFactory(school=world.school_a) for _ in range(2)]
        for parent in parents:
            f.GuardianOfFactory(guardian=parent, pupil=older)
            f.GuardianOfFactory(guardian=parent, pupil=younger)
        families.append((younger, older, parents))
    lines_3 = {younger.pk: f"Regel {younger.first_name}" for younger, _, _ in families}
    lines_56 = {older.pk: f"Regel {older.first_name}" for _, older, _ in families}
    plan_3 = plan_week(world.group_3, WEEK, world.tess, lines_3)
    plan_56 = plan_week(world.group_56, WEEK, world.otto, lines_56)
    assert connection.vendor == "postgresql"

    results, [(start_3, end_3), (start_56, end_56)] = run_at_once(
        lambda: week_plan_approve(plan=plan_3, by=world.tess),
        lambda: week_plan_approve(plan=plan_56, by=world.otto),
    )

    assert start_3 < end_56 and start_56 < end_3, "the two approvals ran at the same time"
    assert all(result.plan.approved_at for result in results)
    for younger, older, parents in families:
        for parent in parents:
            messages = messages_of(parent, WEEK)
            assert set(messages) == ALL_KINDS
            for kind, message in messages.items():
                assert {p.pupil_id for p in message.parts.all()} == {younger.pk, older.pk}, (parent, kind)
            progress = messages[Kind.PROGRESS].text
            assert f"Regel {younger.first_name}" in progress and f"Regel {older.first_name}" in progress
    shared = sum(len(parents) for _, _, parents in families)
    engagement = Message.objects.filter(purpose="engagement", week=WEEK).exclude(status="cancelled")
    assert engagement.count() == 3 * shared + 2 * 2  # plus Anna (Pim) and Bert (Bo): no line, tip + encouragement
