"""Leadership withdraws a frozen evaluation before its start: status withdrawn, the plan, fingerprint
and lottery kept exactly as frozen, the wait-list released; not after the start, not by others."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from evaluation import services
from evaluation.models import Evaluation
from ouderbetrokkenheid.school.interventions import Intervention, delayed_guardian_ids
from ouderbetrokkenheid.school.models import InterventionDelay
from tests.evaluation.conftest import make_evaluation


@pytest.fixture
def frozen(study):
    return services.freeze(make_evaluation(study), by=study.world.lea.user, seed=5)


def snapshot(evaluation):
    evaluation.refresh_from_db()
    return (evaluation.plan, evaluation.fingerprint, evaluation.seed, evaluation.frozen_at,
            sorted(evaluation.assignments.values_list("pupil_id", "unit", "arm")))  # fmt: skip


def test_withdrawing_keeps_the_plan_and_releases_the_wait_list(study, frozen):
    school = study.world.school_a
    before = snapshot(frozen)
    waiting = delayed_guardian_ids(school, Intervention.WEEKLY_MESSAGES, frozen.start)
    assert waiting
    other = InterventionDelay.objects.create(school=school, intervention=Intervention.WEEKLY_MESSAGES,
                                             guardian=study.world.anna, until=frozen.later_start,
                                             evaluation_ref="evaluation:other")  # fmt: skip

    released = services.withdraw(frozen, by=study.world.lea.user)

    assert released == len(waiting)
    frozen.refresh_from_db()
    assert frozen.is_withdrawn and frozen.withdrawn_by == study.world.lea.user
    assert snapshot(frozen) == before
    assert services.fingerprint_holds(frozen)
    assert list(InterventionDelay.objects.all()) == [other]  # another evaluation's wait-list stays
    assert not services.result_due(frozen, frozen.outcome_end + datetime.timedelta(days=1))
    with pytest.raises(ValidationError):
        services.compute_result(frozen, today=frozen.outcome_end + datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="al ingetrokken"):
        services.withdraw(frozen, by=study.world.lea.user)


def test_only_before_the_start_and_only_a_frozen_plan(study, frozen, clock):
    draft = make_evaluation(study)
    with pytest.raises(ValidationError, match="vastgelegd plan"):
        services.withdraw(draft, by=study.world.lea.user)
    with pytest.raises(ValidationError, match="vóór de start"):
        services.withdraw(frozen, by=study.world.lea.user, today=frozen.start)
    assert InterventionDelay.objects.filter(evaluation_ref=f"evaluation:{frozen.pk}").exists()
    # The database refuses a withdrawn draft too.
    with pytest.raises(IntegrityError), transaction.atomic():
        Evaluation.objects.filter(pk=draft.pk).update(withdrawn_at=timezone.now())


def test_leadership_withdraws_on_the_page_others_may_not(study, frozen, login_as):
    world = study.world
    url = reverse("evaluation:withdraw", args=[frozen.pk])
    page = login_as(world.lea).get(reverse("evaluation:detail", args=[frozen.pk])).content.decode()
    assert "Onderzoek intrekken" in page
    assert login_as(world.bea).post(url).status_code == 403  # the board sees it but does not withdraw
    assert login_as(world.lars).post(url).status_code in (403, 404)  # another school's leadership
    frozen.refresh_from_db()
    assert not frozen.is_withdrawn

    response = login_as(world.lea).post(url)
    assert response.status_code == 302
    page = login_as(world.lea).get(reverse("evaluation:detail", args=[frozen.pk])).content.decode()
    assert 'data-testid="withdrawn"' in page and "Onderzoek intrekken" not in page
    assert frozen.fingerprint in page or "Vingerafdruk klopt met het plan" in page
    listing = login_as(world.lea).get(reverse("evaluation:list")).content.decode()
    assert "ingetrokken" in listing
    assert not InterventionDelay.objects.filter(evaluation_ref=f"evaluation:{frozen.pk}").exists()


def test_the_page_offers_no_withdrawal_after_the_start(study, frozen, login_as, clock):
    clock.move_to(datetime.datetime.combine(frozen.start, datetime.time(12), tzinfo=timezone.get_current_timezone()))
    page = login_as(study.world.lea).get(reverse("evaluation:detail", args=[frozen.pk])).content.decode()
    assert "Onderzoek intrekken" not in page
    login_as(study.world.lea).post(reverse("evaluation:withdraw", args=[frozen.pk]))
    frozen.refresh_from_db()
    assert not frozen.is_withdrawn
