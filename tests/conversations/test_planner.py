import datetime

import pytest

from conversations.models import Booking, BookingStatus, Slot
from conversations.planner import plan_apply, plan_round
from conversations.preferences import preference_save
from tests import factories as f

from .test_rounds_support import make_round, t, with_slots

pytestmark = pytest.mark.django_db
MIN = datetime.timedelta(minutes=1)


def window(start, end):
    return {"start": start.isoformat(), "end": end.isoformat()}


def child_of(guardian, group, level, name="Sara", **link):
    pupil = f.PupilFactory(school=group.school_year.school, first_name=name, last_name=guardian.last_name)
    f.EnrollmentFactory(pupil=pupil, group=group, year_level=level)
    f.GuardianOfFactory(guardian=guardian, pupil=pupil, **link)
    return pupil


def slots_of(result, pupil):
    ids = [a.slot_id for a in result.assignments if a.pupil_id == pupil.pk]
    return list(Slot.objects.filter(pk__in=ids).order_by("starts_at"))


def reasons(result):
    return {label: reason for label, reason in result.unplaced}


def test_siblings_in_different_groups_get_back_to_back_slots_with_the_gap(world):
    sara = child_of(world.anna, world.group_56, 5)
    round = make_round(world, family_gap_minutes=5)
    with_slots(round, (world.tess, t(15), t(16)), (world.otto, t(15, 20), t(16, 20)))
    result = plan_round(round=round)
    [pim_slot], [sara_slot] = slots_of(result, world.pim), slots_of(result, sara)
    first, second = sorted([pim_slot, sara_slot], key=lambda s: s.starts_at)
    assert second.starts_at - first.ends_at == 5 * MIN
    assert {pim_slot.staff_id, sara_slot.staff_id} == {world.tess.pk, world.otto.pk}
    assert not result.unplaced and not result.split
    assert slots_of(result, world.bo)  # Bert's family gets a slot too


def test_preference_windows_are_honoured(world):
    round = with_slots(make_round(world), (world.tess, t(15), t(17)))
    preference_save(round=round, guardian=world.anna, windows=[window(t(16, 15), t(16, 45))])
    [slot] = slots_of(plan_round(round=round), world.pim)
    assert t(16, 15) <= slot.starts_at and slot.ends_at <= t(16, 45)


def test_a_family_whose_windows_cannot_be_met_is_reported_with_the_reason(world):
    round = with_slots(make_round(world), (world.tess, t(15), t(16)), (world.otto, t(15), t(16)))
    preference_save(round=round, guardian=world.anna, windows=[window(t(19), t(20))])
    result = plan_round(round=round)
    assert not slots_of(result, world.pim)
    assert reasons(result) == {"Pim Prins (groep 3)": "geen tijd binnen de opgegeven voorkeuren"}


def test_too_few_slots_names_the_teacher(world):
    for name in ("Ali", "Eva"):
        child_of(f.GuardianFactory(school=world.school_a, last_name=name), world.group_3, 3, name=name)
    round = with_slots(make_round(world, year_levels=[3]), (world.tess, t(15), t(15, 30)))
    result = plan_round(round=round)
    assert len(result.assignments) == 2
    [(label, reason)] = result.unplaced
    assert reason == f"te weinig plekken bij leerkracht {world.tess.full_name}"


def separated_parents(world):
    piet = f.GuardianFactory(school=world.school_a, first_name="Piet", last_name="Prins")
    f.GuardianOfFactory(guardian=piet, pupil=world.pim, invite_separately=True)
    return piet


def test_separated_parents_get_one_joint_conversation_by_default(world):
    piet = separated_parents(world)
    round = with_slots(make_round(world, year_levels=[3]), (world.tess, t(15), t(16)))
    [assignment] = plan_round(round=round).assignments
    assert set(assignment.guardian_ids) == {world.anna.pk, piet.pk}


def test_separated_parents_get_a_conversation_each_when_one_chooses_so(world):
    piet = separated_parents(world)
    round = with_slots(make_round(world, year_levels=[3]), (world.tess, t(15), t(16)))
    preference_save(round=round, guardian=piet, windows=[window(t(15, 30), t(16))], joint=False)
    result = plan_round(round=round)
    by_guardian = {a.guardian_ids: Slot.objects.get(pk=a.slot_id) for a in result.assignments}
    assert set(by_guardian) == {(world.anna.pk,), (piet.pk,)}
    assert by_guardian[(piet.pk,)].starts_at >= t(15, 30)


def test_protected_evening_slots_go_to_evening_only_families_first(world):
    worker = f.GuardianFactory(school=world.school_a, last_name="Werk")
    evening_child = child_of(worker, world.group_3, 3, name="Eef")
    round = with_slots(make_round(world, year_levels=[3]), (world.tess, t(17), t(17, 15), True))
    preference_save(round=round, guardian=worker, windows=[window(t(17), t(18))])
    # Anna's windows are tighter (only the evening slot fits) but not evening-only.
    preference_save(round=round, guardian=world.anna, windows=[window(t(9), t(10)), window(t(17), t(18))])
    result = plan_round(round=round)
    assert slots_of(result, evening_child)[0].protected
    assert not slots_of(result, world.pim)
    assert "Pim Prins (groep 3)" in reasons(result)


def test_planning_is_deterministic(world):
    child_of(world.anna, world.group_56, 5)
    round = with_slots(make_round(world, family_gap_minutes=5), (world.tess, t(15), t(16)), (world.otto, t(15), t(16)))
    assert plan_round(round=round).assignments == plan_round(round=round).assignments


def test_applying_the_plan_writes_proposed_bookings_that_respect_every_constraint(world):
    pytest.importorskip("conversations.booking")
    sara = child_of(world.anna, world.group_56, 5)
    separated_parents(world)
    round = make_round(world, family_gap_minutes=5)
    with_slots(round, (world.tess, t(15), t(16)), (world.otto, t(15, 20), t(16, 20)))
    result = plan_round(round=round)
    outcome = plan_apply(round=round, result=result, by_staff=world.lea)
    assert not outcome.refused
    bookings = Booking.objects.filter(round=round)
    assert {b.pupil_id for b in bookings} == {world.pim.pk, sara.pk, world.bo.pk}
    assert {b.status for b in bookings} == {BookingStatus.PROPOSED}
    assert not plan_round(round=round).assignments  # everyone has a proposal now
