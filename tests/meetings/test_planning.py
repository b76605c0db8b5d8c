"""Planning a school year: the rules checked independently of the planner, on several calendars."""

import datetime

import pytest
from django.utils import timezone

from meetings import planning
from meetings.models import Session
from ouderbetrokkenheid.school.models import PeriodKind

from .conftest import D, Family, demo_year, make_year

pytestmark = pytest.mark.django_db
EVENING = datetime.time(19, 30)


def day_of(session):
    return timezone.localtime(session.starts_at).date()


def days_off(year):
    off = set()
    for period in year.periods.all():
        if period.kind in (PeriodKind.HOLIDAY, PeriodKind.PUBLIC_HOLIDAY, PeriodKind.STUDY_DAY):
            day = period.start_date
            while day <= period.end_date:
                off.add(day)
                day += datetime.timedelta(days=1)
    return off


def assert_rules(year, sessions):
    """Every rule of issue 4, computed here from scratch."""
    off = days_off(year)
    monday = year.first_day - datetime.timedelta(days=year.first_day.weekday())
    for s in sessions:
        day = day_of(s)
        assert day.weekday() < 5, f"{s} on a weekend"
        assert day not in off, f"{s} on a day off"
        assert year.first_day <= day and (day - monday).days // 7 + 1 <= 9, f"{s} outside weeks 1–9"
    by_level = {}
    for level in range(1, 9):
        for lateral in (False, True):
            mine = sorted(
                (s for s in sessions if level in s.year_levels or (lateral and s.lateral_entrants)),
                key=lambda s: s.item.number,
            )
            assert [s.item.number for s in mine] == sorted({s.item.number for s in mine}), "one session per item"
            by_level[(level, lateral)] = mine
            for a, b in zip(mine, mine[1:], strict=False):
                gap = (day_of(b) - day_of(a)).days
                skipped = b.item.number - a.item.number - 1
                assert 14 <= gap <= 21 * (skipped + 1), f"groep {level} ({lateral}): {a} → {b} is {gap} days"
    # no guardian faces two sessions at once: at most one session per evening
    days = [day_of(s) for s in sessions]
    assert len(days) == len(set(days))
    # every audience has its sessions: session 1 for every level, 2 and 3 for groep 3 and lateral entrants
    assert [s.item.number for s in by_level[(3, False)]] == [1, 2, 3]
    assert [s.item.number for s in by_level[(5, True)]] == [1, 2, 3]
    assert [s.item.number for s in by_level[(8, False)]] == [1, 3]
    assert [s.item.number for s in by_level[(1, False)]] == [1]


def plan(year, **options):
    proposal = planning.programme_propose(school_year=year, time_of_day=EVENING, location="Aula", **options)
    return proposal, planning.programme_apply(school_year=year, proposal=proposal)


def test_demo_calendar_2026_with_autumn_holiday_in_the_first_nine_weeks(school, programme):
    year = demo_year(school, 2026)
    assert any(p.start_date == D("2026-10-17") for p in year.periods.all())  # herfstvakantie in week 8
    proposal, sessions = plan(year)
    assert proposal.unplaced == []
    assert len(sessions) == 6  # session 1 for 1/2, 3/4, 5/6, 7/8; sessions 2 and 3
    assert_rules(year, sessions)
    assert planning.session_conflicts(school_year=year) == []
    assert all(timezone.localtime(s.starts_at).time() == EVENING for s in sessions)
    assert {s.location for s in sessions} == {"Aula"}


def test_region_noord_year_starting_25_august_2025(school, programme):
    year = make_year(school, "2025-08-25", "2026-07-10", [
        (PeriodKind.HOLIDAY, "Herfstvakantie", "2025-10-18", "2025-10-26"),
        (PeriodKind.HOLIDAY, "Kerstvakantie", "2025-12-20", "2026-01-04"),
    ])  # fmt: skip
    proposal, sessions = plan(year)
    assert proposal.unplaced == []
    assert_rules(year, sessions)
    assert min(day_of(s) for s in sessions) >= D("2025-09-01")  # week 2 onwards: time to invite


def test_study_day_in_week_two_and_holiday_in_week_four_are_avoided(school, programme):
    year = make_year(school, "2027-08-30", "2028-07-07", [
        (PeriodKind.STUDY_DAY, "Studiedag", "2027-09-07", "2027-09-07"),
        (PeriodKind.STUDY_DAY, "Studiedag", "2027-09-09", "2027-09-09"),
        (PeriodKind.HOLIDAY, "Vroege vakantie", "2027-09-20", "2027-09-26"),
        (PeriodKind.PUBLIC_HOLIDAY, "Feestdag", "2027-10-07", "2027-10-07"),
    ])  # fmt: skip
    proposal, sessions = plan(year)
    assert proposal.unplaced == []
    assert_rules(year, sessions)
    assert D("2027-09-07") not in {day_of(s) for s in sessions}
    assert planning.session_conflicts(school_year=year) == []


def test_morning_sessions_after_drop_off(school, programme):
    year = demo_year(school, 2026)
    _proposal, sessions = plan(year, levels_per_evening=2)
    proposal = planning.programme_propose(school_year=year, time_of_day=datetime.time(8, 30))
    assert {timezone.localtime(p.starts_at).time() for p in proposal.sessions} == {datetime.time(8, 30)}


def test_fixed_sessions_never_move_and_the_rest_is_planned_around_them(school, programme):
    year = demo_year(school, 2026)
    _proposal, sessions = plan(year)
    session_two = next(s for s in sessions if s.item.number == 2)
    moved = session_two.starts_at + datetime.timedelta(days=1)
    Session.objects.filter(pk=session_two.pk).update(starts_at=moved, fixed=True)

    proposal, sessions = plan(year)

    kept = Session.objects.get(pk=session_two.pk)
    assert kept.starts_at == moved and kept.fixed
    assert [p for p in proposal.sessions if p.session is not None][0].session.pk == session_two.pk
    assert Session.objects.filter(school_year=year, item__number=2).count() == 1
    assert_rules(year, sessions)


def test_a_session_with_invitations_sent_is_not_moved(school, programme):
    year = demo_year(school, 2026)
    _proposal, sessions = plan(year)
    first = sessions[0]
    Session.objects.filter(pk=first.pk).update(invitations_sent_at=timezone.now())
    _proposal, again = plan(year, not_before=year.first_day + datetime.timedelta(weeks=2))
    assert Session.objects.get(pk=first.pk).starts_at == first.starts_at
    assert_rules(year, again)


def test_what_cannot_be_placed_is_reported_with_the_reason(school, programme):
    year = make_year(school, "2026-08-31", "2027-07-16", [
        (PeriodKind.HOLIDAY, "Verbouwing", "2026-09-12", "2026-11-01"),
    ])  # fmt: skip
    proposal = planning.programme_propose(school_year=year, time_of_day=EVENING)
    assert proposal.unplaced, "only weeks 1–2 are school weeks: 2 and 3 cannot follow 14 days later"
    assert {u.item.number for u in proposal.unplaced} >= {2, 3}
    assert all(u.reason for u in proposal.unplaced)
    assert all(day_of(p) < D("2026-09-12") for p in proposal.sessions)


def test_conflicts_are_shown_for_same_time_day_off_window_order_and_gap(school, programme):
    year = demo_year(school, 2026)
    family = Family(year)
    guardian = family.guardian(family.pupil("3", 3), family.pupil("8", 8))
    one, two, three = programme
    at = lambda day, time=EVENING: timezone.make_aware(datetime.datetime.combine(D(day), time))  # noqa: E731
    both = dict(school_year=year, lateral_entrants=False)
    s1 = Session.objects.create(item=one, year_levels=[3, 4], starts_at=at("2026-09-08"), **both)
    s3 = Session.objects.create(item=three, year_levels=[8], starts_at=at("2026-09-08"), **both)  # same time; before 1
    Session.objects.create(item=one, year_levels=[7, 8], starts_at=at("2026-10-05"), **both)  # study day, week 6
    Session.objects.create(item=two, year_levels=[3], starts_at=at("2026-11-10"), **both)  # week 11; gap > 21

    kinds = {c.kind for c in planning.session_conflicts(school_year=year)}

    assert {"same_time", "day_off", "window", "order", "gap"} <= kinds
    same_time = [c for c in planning.session_conflicts(school_year=year) if c.kind == "same_time"]
    assert {s.pk for s in same_time[0].sessions} == {s1.pk, s3.pk}
    assert "1 ouders" in same_time[0].message and guardian.pk


def test_chunks_pair_adjacent_year_levels():
    assert planning.chunks([1, 2, 3, 4, 5, 6, 7, 8], 2) == [(1, 2), (3, 4), (5, 6), (7, 8)]
    assert planning.chunks([1, 3, 4, 5], 2) == [(1,), (3, 4), (5,)]
