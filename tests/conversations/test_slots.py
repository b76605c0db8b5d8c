import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from conversations.models import Slot
from conversations.slots import coverage, second_staff_set, slots_generate
from tests import factories as f

from .test_rounds_support import DAY, available, make_round, t, with_slots

pytestmark = pytest.mark.django_db


def local_times(round, staff):
    from ouderbetrokkenheid.school.clock import AMSTERDAM

    return [s.starts_at.astimezone(AMSTERDAM).strftime("%H:%M") for s in Slot.objects.filter(round=round, staff=staff)]


def test_slots_fill_the_spans_and_a_break_is_the_gap_between_them(world):
    round = make_round(world)
    available(round, world.tess, t(15), t(16))
    available(round, world.tess, t(16, 30), t(17, 10))  # break 16:00-16:30; 17:00-17:10 too short
    changes = slots_generate(round=round)
    assert changes.created == 6
    assert local_times(round, world.tess) == ["15:00", "15:15", "15:30", "15:45", "16:30", "16:45"]


def test_generating_twice_changes_nothing(world):
    round = with_slots(make_round(world), (world.tess, t(15), t(16)))
    again = slots_generate(round=round)
    assert (again.created, again.removed, again.kept) == (0, 0, 4)
    assert Slot.objects.filter(round=round).count() == 4


def test_slots_on_the_dst_day_follow_real_time(world):
    day = datetime.date(2026, 10, 25)  # clocks go back at 03:00 → 02:00
    round = make_round(world, first_day=day, last_day=day)
    available(round, world.tess, t(1, 30, day), t(3, 30, day))  # three real hours
    available(round, world.tess, t(16, 30, day), t(17, 30, day), protect=True)
    slots_generate(round=round)
    slots = list(Slot.objects.filter(round=round, staff=world.tess))
    night = [s for s in slots if s.starts_at < t(12, 0, day)]
    assert len(night) == 12
    assert all(s.ends_at - s.starts_at == datetime.timedelta(minutes=15) for s in slots)
    evening = [s for s in slots if s.starts_at >= t(12, 0, day)]
    assert [s.protected for s in evening] == [False, False, True, True]  # 17:00 Amsterdam = 16:00 UTC


def test_evening_slots_are_protected_only_in_spans_marked_so(world):
    round = make_round(world)
    with_slots(round, (world.tess, t(17), t(18), True), (world.otto, t(17), t(18)))
    assert Slot.objects.filter(round=round, staff=world.tess, protected=True).count() == 4
    assert Slot.objects.filter(round=round, staff=world.otto, protected=True).count() == 0


def test_postgres_refuses_overlapping_slots_for_one_teacher(world):
    round = make_round(world)
    Slot.objects.create(round=round, staff=world.tess, starts_at=t(15), ends_at=t(15, 15))
    with pytest.raises(IntegrityError), transaction.atomic():
        Slot.objects.create(round=round, staff=world.tess, starts_at=t(15, 10), ends_at=t(15, 25))
    Slot.objects.create(round=round, staff=world.otto, starts_at=t(15, 10), ends_at=t(15, 25))


def test_availability_is_refused_outside_the_round_or_overlapping(world):
    round = make_round(world)
    available(round, world.tess, t(15), t(16))
    with pytest.raises(ValidationError):
        available(round, world.tess, t(15, 30), t(16, 30))
    with pytest.raises(ValidationError):
        available(
            round, world.tess, t(15, day=DAY - datetime.timedelta(days=1)), t(16, day=DAY - datetime.timedelta(days=1))
        )
    with pytest.raises(ValidationError):
        available(round, world.sven, t(15), t(16))


def test_a_duo_teacher_owns_the_slots_of_the_day_they_work(world):
    duo = f.StaffFactory(school=world.school_a, is_teacher=True, first_name="Dirk")
    world.group_3.teachers.add(duo)
    tuesday = DAY + datetime.timedelta(days=1)
    round = with_slots(make_round(world), (world.tess, t(15), t(16)), (duo, t(15, day=tuesday), t(16, day=tuesday)))
    assert {s.staff_id for s in Slot.objects.filter(round=round, starts_at__date=tuesday)} == {duo.pk}
    row = next(r for r in coverage(round=round).groups if r.group == world.group_3)
    assert row.free_slots == 8


def test_advice_rounds_take_a_second_staff_member(world):
    round = with_slots(make_round(world, kind="advice_final", year_levels=[8]), (world.tess, t(15), t(16)))
    assert second_staff_set(round=round, staff=world.tess, second_staff=world.iris) == 4
    with pytest.raises(ValidationError):
        second_staff_set(round=round, staff=world.tess, second_staff=world.tess)
    with pytest.raises(ValidationError):
        second_staff_set(round=round, staff=world.tess, second_staff=world.lars)


def test_coverage_counts_pupils_against_free_slots_per_group(world, django_assert_max_num_queries):
    for _n in range(3):
        pupil = f.PupilFactory(school=world.school_a)
        f.EnrollmentFactory(pupil=pupil, group=world.group_3, year_level=3)
    round = with_slots(make_round(world), (world.tess, t(15), t(15, 30)), (world.otto, t(15), t(16), True))
    with django_assert_max_num_queries(8):
        result = coverage(round=round)
    rows = {r.group.name: r for r in result.groups}
    assert (rows["3"].pupils, rows["3"].free_slots, rows["3"].short) == (4, 2, 2)
    assert (rows["5/6"].pupils, rows["5/6"].free_slots, rows["5/6"].short) == (1, 4, 0)
    assert (result.pupils, result.needed, result.free_slots) == (5, 5, 6)
