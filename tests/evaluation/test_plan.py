"""Freezing the plan: the lottery (reproducible from its seed, siblings never split), the wait-list
rows, the canonical JSON and its fingerprint, and a frozen plan that nothing can change."""

import datetime

import pytest
from django.db import IntegrityError, InternalError, transaction

from evaluation import services
from evaluation.models import Arm, Assignment, Design, Evaluation, FrozenPlanError
from ouderbetrokkenheid.school.interventions import delayed_guardian_ids
from ouderbetrokkenheid.school.models import GuardianOf, InterventionDelay

from .conftest import enrol_last_year, make_evaluation


def test_freezing_draws_a_lottery_by_family_that_never_splits_siblings(study):
    evaluation = services.freeze(make_evaluation(study), by=study.world.lea.user)
    arm = dict(evaluation.assignments.values_list("pupil_id", "arm"))
    assert len(arm) == len(study.pupils) == 48
    assert study.siblings
    for older, younger in study.siblings:
        assert arm[older.pk] == arm[younger.pk]
        assert older.group_id != younger.group_id  # the family spans two groups, and still one unit
    units = evaluation.plan["units"]
    assert len(units) == 48 - len(study.siblings)
    later = sum(1 for u in units.values() if u["arm"] == "later")
    assert later == round(len(units) / 2)
    assert set(arm.values()) == {Arm.NOW, Arm.LATER}


def test_the_lottery_is_reproducible_from_the_recorded_seed(study):
    evaluation = services.freeze(make_evaluation(study), by=study.world.lea.user)
    assert evaluation.seed is not None and evaluation.plan["seed"] == evaluation.seed
    recorded = {unit: u["arm"] for unit, u in evaluation.plan["units"].items()}
    assert services.redraw(evaluation.plan) == recorded
    # and the same seed on a fresh evaluation of the same school draws the same arms
    again = services.freeze(make_evaluation(study), by=study.world.lea.user, seed=evaluation.seed)
    assert {u: x["arm"] for u, x in again.plan["units"].items()} == recorded
    other = services.freeze(make_evaluation(study), by=study.world.lea.user, seed=evaluation.seed + 1)
    assert {u: x["arm"] for u, x in other.plan["units"].items()} != recorded


def test_a_group_lottery_keeps_each_group_whole(study):
    evaluation = services.freeze(make_evaluation(study, design=Design.GROUP), by=study.world.lea.user)
    by_group = {}
    for pupil in study.pupils:
        by_group.setdefault(pupil.group_id, set()).add(evaluation.assignments.get(pupil=pupil).arm)
    assert all(len(arms) == 1 for arms in by_group.values())
    assert len(evaluation.plan["units"]) == 8


def test_the_later_families_guardians_wait_until_the_later_start(study):
    evaluation = services.freeze(make_evaluation(study), by=study.world.lea.user)
    later_pupils = set(evaluation.assignments.filter(arm=Arm.LATER).values_list("pupil_id", flat=True))
    later_guardians = set(GuardianOf.objects.filter(pupil_id__in=later_pupils).values_list("guardian_id", flat=True))
    delays = InterventionDelay.objects.filter(evaluation_ref=f"evaluation:{evaluation.pk}")
    assert set(delays.values_list("guardian_id", flat=True)) == later_guardians
    assert set(delays.values_list("until", flat=True)) == {evaluation.start + datetime.timedelta(weeks=12)}
    school = study.world.school_a
    assert delayed_guardian_ids(school, "weekly_messages", evaluation.start) == later_guardians
    assert delayed_guardian_ids(school, "weekly_messages", evaluation.later_start) == set()


def test_the_plan_is_canonical_json_with_its_sha256_fingerprint(study):
    import hashlib
    import json

    evaluation = services.freeze(make_evaluation(study), by=study.world.lea.user)
    canonical = json.dumps(evaluation.plan, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert evaluation.fingerprint == hashlib.sha256(canonical.encode()).hexdigest()
    assert services.fingerprint_holds(evaluation)
    for key in ("question", "outcome", "design", "analysis", "min_effect", "seed", "units", "outcome_window"):
        assert key in evaluation.plan
    assert evaluation.plan["min_effect"] == "0.30"


def test_a_frozen_plan_cannot_be_edited_by_the_model_nor_behind_its_back(study):
    evaluation = services.freeze(make_evaluation(study), by=study.world.lea.user)
    evaluation.question = "Iets anders?"
    with pytest.raises(FrozenPlanError):
        evaluation.save()
    # the database refuses too, whatever code tries (a queryset update skips save())
    for change in ({"question": "Iets anders?"}, {"min_effect": "0.10"}, {"frozen_at": None}, {"seed": 1}):
        with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
            Evaluation.objects.filter(pk=evaluation.pk).update(**change)
    assignment = evaluation.assignments.filter(arm=Arm.LATER).first()
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        Assignment.objects.filter(pk=assignment.pk).update(arm=Arm.NOW)
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        Assignment.objects.create(evaluation=evaluation, pupil=study.pupils[0], unit="x", cluster="x", arm="this_year")
    evaluation.refresh_from_db()
    assert evaluation.question.startswith("Groeien") and services.fingerprint_holds(evaluation)
    with pytest.raises(FrozenPlanError):
        services.freeze(evaluation, by=study.world.lea.user)


def test_a_draft_can_change_and_a_plan_is_frozen_only_before_its_start(study, clock):
    evaluation = make_evaluation(study)
    evaluation.question = "Een betere vraag?"
    evaluation.save()
    clock.move_to(datetime.datetime.combine(study.start + datetime.timedelta(days=1), datetime.time(10)))
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.freeze(evaluation, by=study.world.lea.user)
    assert not Evaluation.objects.get(pk=evaluation.pk).is_frozen


def test_without_lottery_last_years_cohort_is_the_comparison(study):
    world = study.world
    enrol_last_year(study, 12)
    evaluation = services.freeze(make_evaluation(study, design=Design.LAST_YEAR), by=world.lea.user)
    assert evaluation.seed is None
    arms = list(evaluation.assignments.values_list("arm", flat=True))
    assert arms.count(Arm.THIS_YEAR) == 48 and arms.count(Arm.LAST_YEAR) == 12
    assert not InterventionDelay.objects.exists()  # nobody waits without a lottery
    assert len(evaluation.plan["last_year_cohort"]) == 12
