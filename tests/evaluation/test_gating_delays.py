"""Writing and releasing an evaluation's wait-list (school.interventions)."""

import datetime

import pytest

from ouderbetrokkenheid.school.interventions import (
    Intervention,
    delayed_guardian_ids,
    intervention_delays_clear,
    intervention_delays_set,
)
from ouderbetrokkenheid.school.models import InterventionDelay

DAY = datetime.timedelta(days=1)
D = datetime.date.fromisoformat


def test_setting_replaces_the_evaluations_own_rows_and_ignores_other_schools(world):
    until = D("2027-03-01")
    written = intervention_delays_set(school=world.school_a, intervention=Intervention.SUMMER_READING,
                                      guardian_ids=[world.anna.pk, world.bert.pk, world.karel.pk], until=until,
                                      evaluation_ref="evaluation:1")  # fmt: skip
    assert written == 2  # Karel is of school B
    assert delayed_guardian_ids(world.school_a, Intervention.SUMMER_READING, until - DAY) == {
        world.anna.pk,
        world.bert.pk,
    }
    intervention_delays_set(school=world.school_a, intervention=Intervention.SUMMER_READING,
                            guardian_ids=[world.anna.pk], until=until + 7 * DAY,
                            evaluation_ref="evaluation:1")  # fmt: skip
    assert delayed_guardian_ids(world.school_a, Intervention.SUMMER_READING, until) == {world.anna.pk}
    assert InterventionDelay.objects.count() == 1
    # Another evaluation's rows are its own.
    intervention_delays_set(school=world.school_a, intervention=Intervention.SUMMER_READING,
                            guardian_ids=[world.bert.pk], until=until, evaluation_ref="evaluation:2")  # fmt: skip
    assert intervention_delays_clear(evaluation_ref="evaluation:1") == 1
    assert list(InterventionDelay.objects.values_list("guardian_id", flat=True)) == [world.bert.pk]


def test_an_unknown_intervention_is_refused(world):
    with pytest.raises(ValueError):
        intervention_delays_set(school=world.school_a, intervention="reminders", guardian_ids=[world.anna.pk],
                                until=D("2027-03-01"), evaluation_ref="evaluation:1")  # fmt: skip
