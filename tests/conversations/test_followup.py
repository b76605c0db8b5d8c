"""Follow-up of non-responders: N school days after the invitation (weekends and holidays
skipped), the outcome recorded, and leadership's overview per round and group."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conversations.followup import families_not_reached, followup_record, non_responders, school_days_after
from conversations.models import FollowUp
from ouderbetrokkenheid.school.clock import at_local
from ouderbetrokkenheid.school.models import CalendarPeriod
from tests import factories as f
from tests.plugins.clock import TODAY

from .test_records_support import book, make_round, soon

# A Monday in the autumn of the personas' school year (the suite's day may lie before or after it).
MONDAY = f.school_year_bounds(TODAY)[0] + datetime.timedelta(weeks=11, days=-f.school_year_bounds(TODAY)[0].weekday())


@pytest.fixture
def round(world):
    CalendarPeriod.objects.create(school_year=world.year_a, kind="study_day", name="Studiedag",
                                  start_date=MONDAY + datetime.timedelta(days=3),
                                  end_date=MONDAY + datetime.timedelta(days=3))  # fmt: skip
    return make_round(world, invited_at=at_local(MONDAY, datetime.time(9)), followup_after_school_days=3)


def test_school_days_skip_weekends_and_study_days(world, round):
    # Mon → Tue, Wed, (Thu study day), Fri = 3rd school day; 5 school days → the next Tuesday.
    assert school_days_after(school_year=world.year_a, day=MONDAY, count=3) == MONDAY + datetime.timedelta(days=4)
    assert school_days_after(school_year=world.year_a, day=MONDAY, count=5) == MONDAY + datetime.timedelta(days=8)


def test_non_responders_after_n_school_days_skipping_a_holiday(world, round):
    assert non_responders(round=round, today=MONDAY + datetime.timedelta(days=3)) == []
    rows = non_responders(round=round, today=MONDAY + datetime.timedelta(days=4))
    assert {(r.guardian, r.pupil) for r in rows} == {(world.anna, world.pim), (world.bert, world.bo)}


def test_a_booking_takes_the_family_off_the_list(world, round):
    book(round, world.tess, world.pim, [world.anna], starts_at=soon())
    rows = non_responders(round=round, today=MONDAY + datetime.timedelta(days=10))
    assert [r.guardian for r in rows] == [world.bert]


def test_a_separately_invited_parent_must_book_their_own(world, round):
    dad = f.GuardianFactory(school=world.school_a, first_name="Piet", last_name="Prins")
    f.GuardianOfFactory(guardian=dad, pupil=world.pim, invite_separately=True)
    book(round, world.tess, world.pim, [world.anna], starts_at=soon())
    rows = non_responders(round=round, today=MONDAY + datetime.timedelta(days=10), staff=world.tess)
    assert [r.guardian for r in rows] == [dad]


def test_teacher_sees_only_her_groups(world, round):
    rows = non_responders(round=round, today=MONDAY + datetime.timedelta(days=10), staff=world.tess)
    assert [r.guardian for r in rows] == [world.anna]


def test_followup_outcome_recorded(world, round):
    follow_up = followup_record(round=round, guardian=world.anna, outcome="called", note="Komt dinsdag", by=world.tess)
    assert follow_up.by == world.tess
    rows = non_responders(round=round, today=MONDAY + datetime.timedelta(days=10), staff=world.tess)
    assert rows[0].follow_ups == [follow_up]
    with pytest.raises(ValidationError):
        followup_record(round=round, guardian=world.anna, outcome="called", by=world.otto)
    with pytest.raises(ValidationError):
        followup_record(round=round, guardian=world.anna, outcome="nonsense", by=world.tess)


def test_families_not_reached_per_round_and_group(world, round):
    followup_record(round=round, guardian=world.bert, outcome="no_answer", by=world.otto)
    overview = families_not_reached(school_year=world.year_a, today=MONDAY + datetime.timedelta(days=10))
    assert [(i.round, i.group.name, len(i.rows), i.followed_up) for i in overview] == [
        (round, "3", 1, 0), (round, "5/6", 1, 1)
    ]  # fmt: skip


def test_followup_page_records_outcome(world, round, login_as, settings, clock):
    clock.move_to(at_local(MONDAY + datetime.timedelta(days=10), datetime.time(10)))  # past the follow-up day
    client = login_as(world.tess)
    url = reverse("conversations:followup", args=[round.pk])
    assert "Anna" in client.get(url).content.decode()
    response = client.post(url, {"guardian": world.anna.pk, "outcome": "home_visit", "note": "Met tolk"})
    assert response.status_code == 302
    assert FollowUp.objects.get().outcome == "home_visit"
    client.post(url, {"guardian": world.bert.pk, "outcome": "called"})  # not Tess's family
    assert FollowUp.objects.count() == 1


def test_not_reached_page_for_leadership(world, round, login_as):
    assert login_as(world.lea).get(reverse("conversations:not_reached")).status_code == 200
    assert login_as(world.tess).get(reverse("conversations:not_reached")).status_code == 403
