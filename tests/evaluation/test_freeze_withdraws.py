"""Freezing an evaluation withdraws what was already planned for the "later" families (issue 19).

A week approved before the freeze has pending weekly messages for every guardian; the freeze puts
the "later" families' guardians on the wait-list and, in the same transaction, cancels their
pending parts; the send engine then claims only the other guardians' messages."""

import datetime

import pytest

from evaluation import services
from evaluation.models import Arm
from messaging import engine
from messaging.models import Message, Status
from ouderbetrokkenheid.school.clock import at_local
from tests.evaluation.conftest import make_evaluation
from tests.messaging.planning.conftest import WEEK, frozen_now, library  # noqa: F401
from tests.messaging.planning.helpers import ALL_KINDS, approve_week, messages_of

pytestmark = pytest.mark.usefixtures("library")

FRIDAY_NOON = at_local(WEEK + datetime.timedelta(days=4), datetime.time(12))  # Friday of WEEK, noon in Amsterdam


def weekly(study, **fields):
    values = {"intervention": "weekly_messages", "start": WEEK, "weeks_later": 12, "outcome_start": WEEK,
              "outcome_end": WEEK + datetime.timedelta(weeks=10)}  # fmt: skip
    return make_evaluation(study, **{**values, **fields})


def seed_splitting_group_3(study, evaluation):
    """A seed (found by redrawing, not by chance) that puts Pim's family later and another family of groep 3 now."""
    members = services.population(evaluation)
    unit_of = {m.pupil_id: m.unit for m in members}
    group_3 = [p for p in study.pupils if p.group_id == study.world.group_3.pk and p.pk != study.world.pim.pk]
    for seed in range(500):
        arms = services.draw(evaluation, members, seed)
        if arms[unit_of[study.world.pim.pk]] == Arm.LATER and any(arms[unit_of[p.pk]] == Arm.NOW for p in group_3):
            return seed
    raise AssertionError("no seed splits groep 3")


def test_freezing_cancels_the_later_guardians_approved_messages_and_leaves_the_others(study):
    world = study.world
    approve_week(world.group_3, WEEK, world.tess, {world.pim.pk: "Goed geoefend"})
    evaluation = weekly(study)
    seed = seed_splitting_group_3(study, evaluation)
    before = {m.guardian_id: m.pk for m in Message.objects.filter(week=WEEK, status=Status.PENDING)}
    assert world.anna.pk in before

    evaluation = services.freeze(evaluation, by=world.lea.user, seed=seed)

    arms = dict(evaluation.assignments.values_list("pupil_id", "arm"))
    later_guardians = {p.guardian.pk for p in study.pupils if arms[p.pk] == Arm.LATER}
    now_guardians = {p.guardian.pk for p in study.pupils if arms[p.pk] == Arm.NOW} - later_guardians
    in_week = set(before)
    assert world.anna.pk in later_guardians and in_week & now_guardians
    # The delayed guardians' parts are cancelled; everybody else's messages stay exactly as they were.
    for guardian_id in in_week & later_guardians:
        assert not Message.objects.filter(guardian_id=guardian_id, week=WEEK).exclude(status=Status.CANCELLED)
    for guardian_id in in_week & now_guardians:
        kept = Message.objects.filter(guardian_id=guardian_id, week=WEEK, status=Status.PENDING)
        assert before[guardian_id] in set(kept.values_list("pk", flat=True))
    assert set(messages_of(world.anna, WEEK)) == set()

    # The send engine on Friday of that week claims no message of a delayed guardian.
    claimed = engine.claim_due(now=FRIDAY_NOON, limit=1000)
    claimed_for = set(Message.objects.filter(pk__in=claimed).values_list("guardian_id", flat=True))
    assert claimed_for and claimed_for <= now_guardians
    assert not claimed_for & later_guardians


def test_the_other_families_keep_every_kind(study):
    world = study.world
    approve_week(world.group_3, WEEK, world.tess, {world.pim.pk: "Goed geoefend"})
    evaluation = weekly(study)
    seed = seed_splitting_group_3(study, evaluation)
    evaluation = services.freeze(evaluation, by=world.lea.user, seed=seed)
    arms = dict(evaluation.assignments.values_list("pupil_id", "arm"))
    now_in_group_3 = [p for p in study.pupils if p.group_id == world.group_3.pk and arms[p.pk] == Arm.NOW]
    for pupil in now_in_group_3:
        assert set(messages_of(pupil.guardian, WEEK)) >= ALL_KINDS - {"progress"}


def test_an_evaluation_of_another_intervention_withdraws_no_weekly_message(study):
    world = study.world
    approve_week(world.group_3, WEEK, world.tess, {world.pim.pk: "Goed geoefend"})
    before = set(Message.objects.filter(week=WEEK, status=Status.PENDING).values_list("pk", flat=True))
    services.freeze(weekly(study, intervention="buddies"), by=world.lea.user, seed=1)
    assert set(Message.objects.filter(week=WEEK, status=Status.PENDING).values_list("pk", flat=True)) == before


def test_a_freeze_that_fails_withdraws_nothing(study):
    world = study.world
    approve_week(world.group_3, WEEK, world.tess, {world.pim.pk: "Goed geoefend"})
    before = set(Message.objects.filter(week=WEEK, status=Status.PENDING).values_list("pk", flat=True))
    evaluation = services.freeze(weekly(study), by=world.lea.user, seed=3)
    pending = set(Message.objects.filter(week=WEEK, status=Status.PENDING).values_list("pk", flat=True))
    with pytest.raises(Exception):  # noqa: B017 (already frozen)
        services.freeze(evaluation, by=world.lea.user, seed=3)
    assert set(Message.objects.filter(week=WEEK, status=Status.PENDING).values_list("pk", flat=True)) == pending
    assert pending < before
