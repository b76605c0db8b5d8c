"""Outcome measures per pupil from the app's own data, with a bounded number of queries."""

import datetime

import pytest
from django.utils import timezone

from conversations.models import Preference
from evaluation.outcomes import OUTCOMES, measure
from meetings.models import WalkIn
from tests import factories as f
from tests.conversations.test_booking import book, make_round, make_slots
from tests.development.data_helpers import result
from tests.meetings.test_attendance import invite, make_session

D = datetime.date.fromisoformat
DAY = datetime.timedelta(days=1)


def window(days_before=5, days_after=40):
    today = timezone.localdate()
    return today - days_before * DAY, today + days_after * DAY


def test_every_outcome_has_a_dutch_label_and_a_direction():
    assert set(OUTCOMES) == {"test_growth", "session_attendance", "answers", "bookings", "reached"}
    assert str(OUTCOMES["test_growth"].label) == "Groei in toetsresultaten"
    assert all(o.higher_is_better for o in OUTCOMES.values())


# -- test growth ----------------------------------------------------------------------------------


def test_growth_in_dle_between_the_two_moments_per_domain(world):
    start, end = D("2025-01-31"), D("2025-07-15")
    result(world.pim, domain="maths", moment="E3", level="M3", taken_on=D("2024-06-10"))  # older baseline
    result(world.pim, domain="maths", moment="M4", level="E3", taken_on=D("2025-01-20"))  # baseline: 10
    result(world.pim, domain="maths", moment="E4", level="M5", taken_on=D("2025-06-10"))  # after: 25
    result(world.pim, domain="spelling", moment="M4", level="M4", taken_on=D("2025-01-20"))  # 15
    result(world.pim, domain="spelling", moment="E4", level="E4", taken_on=D("2025-06-12"))  # 20
    result(world.bo, domain="maths", moment="M6", level="M6", taken_on=D("2025-01-20"))  # no second moment
    ids = [world.pim.pk, world.bo.pk]
    assert measure("test_growth", school=world.school_a, pupil_ids=ids, start=start, end=end, domain="maths") == {
        world.pim.pk: 15.0
    }
    assert measure("test_growth", school=world.school_a, pupil_ids=ids, start=start, end=end) == {
        world.pim.pk: 10.0  # the mean of maths (15) and spelling (5)
    }


def test_growth_uses_the_school_tables_level_and_a_reported_dle(world):
    start, end = D("2025-01-31"), D("2025-07-15")
    result(world.pim, moment="M4", level="E3", level_derived="M4", taken_on=D("2025-01-20"))  # table: 15
    result(world.pim, moment="E4", level="", dle_reported=21.4, taken_on=D("2025-06-10"))  # DLE 21
    got = measure("test_growth", school=world.school_a, pupil_ids=[world.pim.pk], start=start, end=end)
    assert got == {world.pim.pk: 6.0}


def test_another_schools_pupils_are_dropped(world):
    start, end = D("2025-01-31"), D("2025-07-15")
    result(world.kai, moment="M4", level="E3", taken_on=D("2025-01-20"))
    result(world.kai, moment="E4", level="M5", taken_on=D("2025-06-10"))
    assert measure("test_growth", school=world.school_a, pupil_ids=[world.kai.pk], start=start, end=end) == {}
    assert measure("bookings", school=world.school_a, pupil_ids=[world.kai.pk], start=start, end=end) == {}


def test_unknown_key_or_domain_is_refused(world):
    with pytest.raises(ValueError):
        measure("happiness", school=world.school_a, pupil_ids=[world.pim.pk], start=D("2025-01-01"),
                end=D("2025-02-01"))  # fmt: skip
    with pytest.raises(ValueError):
        measure("test_growth", school=world.school_a, pupil_ids=[world.pim.pk], start=D("2025-01-01"),
                end=D("2025-02-01"), domain="music")  # fmt: skip


# -- sessions, answers, bookings, reached ---------------------------------------------------------


@pytest.fixture
def activity(world):
    """Pim: two sessions (Anna present at one, answered both); a conversation round booked.
    Bo: one session, not answered, absent; a round without an answer. A session outside the window."""
    s1 = make_session(world.year_a, days=3)
    s2 = make_session(world.year_a, days=10)
    outside = make_session(world.year_a, days=90)
    invite(s1, world.anna, world.pim, response="coming", attended=True)
    invite(s2, world.anna, world.pim, response="not_coming", attended=False)
    invite(outside, world.anna, world.pim, response="coming", attended=True)
    invite(s1, world.bert, world.bo)
    rnd = make_round(world, days_ahead=12)
    [slot, _other] = make_slots(rnd, world.tess, 2)
    book(rnd, slot, world.pim, world.anna)
    return {"s1": s1, "s2": s2, "round": rnd}


def test_session_attendance_is_the_share_of_invited_sessions_attended(world, activity):
    start, end = window()
    ids = [world.pim.pk, world.bo.pk, world.kai.pk]
    got = measure("session_attendance", school=world.school_a, pupil_ids=ids, start=start, end=end)
    assert got == {world.pim.pk: 0.5, world.bo.pk: 0.0}  # Kai: another school
    WalkIn.objects.create(session=activity["s1"], name="Bert Bakker", guardian=world.bert)
    got = measure("session_attendance", school=world.school_a, pupil_ids=ids, start=start, end=end)
    assert got[world.bo.pk] == 1.0  # walked in


def test_answers_count_session_invitations_and_conversation_rounds(world, activity):
    start, end = window()
    ids = [world.pim.pk, world.bo.pk]
    got = measure("answers", school=world.school_a, pupil_ids=ids, start=start, end=end)
    assert got == {world.pim.pk: 1.0, world.bo.pk: 0.0}  # Pim: 2 sessions + round; Bo: 1 session + round
    Preference.objects.create(round=activity["round"], guardian=world.bert)
    got = measure("answers", school=world.school_a, pupil_ids=ids, start=start, end=end)
    assert got[world.bo.pk] == 0.5


def test_bookings_count_confirmed_conversations_in_the_window(world, activity):
    start, end = window()
    got = measure("bookings", school=world.school_a, pupil_ids=[world.pim.pk, world.bo.pk], start=start, end=end)
    assert got == {world.pim.pk: 1.0, world.bo.pk: 0.0}
    early = measure("bookings", school=world.school_a, pupil_ids=[world.pim.pk], start=start, end=start + DAY)
    assert early == {world.pim.pk: 0.0}


def test_reached_follows_the_reach_rule(world, activity):
    start, end = window()
    sam = f.PupilFactory(school=world.school_a, first_name="Sam")
    f.EnrollmentFactory(pupil=sam, group=world.group_3, year_level=3)
    ids = [world.pim.pk, world.bo.pk, sam.pk]
    got = measure("reached", school=world.school_a, pupil_ids=ids, start=start, end=end)
    assert got == {world.pim.pk: 1.0, world.bo.pk: 0.0, sam.pk: 0.0}


@pytest.mark.parametrize("key", ["test_growth", "session_attendance", "answers", "bookings", "reached"])
def test_queries_do_not_grow_with_the_school(world, activity, key, django_assert_max_num_queries):
    start, end = window()
    budget = {"test_growth": 2, "session_attendance": 2, "answers": 6, "bookings": 2, "reached": 3}[key]
    pupils = [world.pim.pk, world.bo.pk]
    for i in range(12):
        pupil = f.PupilFactory(school=world.school_a, first_name=f"Kind{i}")
        f.EnrollmentFactory(pupil=pupil, group=world.group_3, year_level=3)
        guardian = f.GuardianFactory(school=world.school_a)
        f.GuardianOfFactory(guardian=guardian, pupil=pupil)
        invite(activity["s1"], guardian, pupil, response="coming")
        result(pupil, moment="M3", level="M3", taken_on=start - 30 * DAY)
        result(pupil, moment="E3", level="E3", taken_on=start + 10 * DAY)
        pupils.append(pupil.pk)
    with django_assert_max_num_queries(budget):
        got = measure(key, school=world.school_a, pupil_ids=pupils, start=start, end=end)
    assert len(got) >= 12
