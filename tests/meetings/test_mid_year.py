"""Mid-year is normal (issue 13, point 3): after weeks 1–9 the planner proposes the earliest good
dates with the card's advice as a warning, and leadership adds a session on any school day."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from meetings import planning
from meetings.models import Session
from ouderbetrokkenheid.school.clock import at_local
from ouderbetrokkenheid.school.demo import current_start_year
from ouderbetrokkenheid.school.models import PeriodKind
from tests.plugins.clock import AMSTERDAM

from .conftest import demo_year

EVENING = datetime.time(19, 30)


def running_year_at(clock, school, month, day=8):
    """The demo calendar of the running school year, the clock on `day` `month` of it at 10:00."""
    start_year = current_start_year(timezone.localdate())
    clock.move_to(datetime.datetime(start_year if month >= 8 else start_year + 1, month, day, 10, tzinfo=AMSTERDAM))
    return demo_year(school, start_year)


def test_in_december_the_planner_proposes_the_earliest_good_dates_with_a_warning(clock, school, programme):
    year = running_year_at(clock, school, 12)
    proposal = planning.programme_propose(school_year=year, time_of_day=EVENING, today=timezone.localdate())
    assert proposal.sessions and not proposal.unplaced
    horizon = timezone.localdate() + datetime.timedelta(days=7)
    days = sorted(timezone.localtime(p.starts_at).date() for p in proposal.sessions)
    assert days[0] >= horizon and days[0] < horizon + datetime.timedelta(days=21)  # the earliest, not any
    calendar = planning.PlanningCalendar.of(year)
    assert all(calendar.day_off_reason(day) is None for day in days)
    assert len(proposal.warnings) == len(proposal.sessions)
    assert all("De kaart raadt week 1–9 aan" in text for text in proposal.warnings)
    sessions = planning.programme_apply(school_year=year, proposal=proposal)
    for level in (3,):  # the programme's order and gaps still hold for each audience
        mine = sorted((s for s in sessions if level in s.year_levels), key=lambda s: s.item.number)
        gaps = [(b.starts_at - a.starts_at).days for a, b in zip(mine, mine[1:], strict=False)]
        assert [s.item.number for s in mine] == [1, 2, 3] and all(14 <= gap <= 21 for gap in gaps)


def test_in_september_the_card_is_followed_without_warnings(clock, school, programme):
    year = running_year_at(clock, school, 9, day=1)
    proposal = planning.programme_propose(school_year=year, time_of_day=EVENING, today=timezone.localdate())
    calendar = planning.PlanningCalendar.of(year)
    assert proposal.sessions and not proposal.warnings
    assert all(calendar.in_window(timezone.localtime(p.starts_at).date()) for p in proposal.sessions)


def next_school_day(calendar, day):
    while calendar.day_off_reason(day):
        day += datetime.timedelta(days=1)
    return day


def test_leadership_adds_a_session_on_a_school_day_of_its_choice(clock, school, programme):
    year = running_year_at(clock, school, 12)
    calendar = planning.PlanningCalendar.of(year)
    day = next_school_day(calendar, timezone.localdate() + datetime.timedelta(days=8))
    added = planning.session_add(school_year=year, item=programme[1], year_levels=[5, 6],
                                 starts_at=at_local(day, EVENING), location="Aula")  # fmt: skip
    assert added.session.fixed and added.session.year_levels == [5, 6]
    assert added.session.duration_minutes == programme[1].duration_minutes
    assert [w for w in added.warnings if "De kaart raadt week 1–9 aan" in w]
    # a new proposal plans around it and keeps it
    proposal = planning.programme_propose(school_year=year, time_of_day=EVENING, today=timezone.localdate())
    assert any(p.session == added.session for p in proposal.sessions)


def test_a_session_on_a_day_off_or_in_the_past_is_refused_and_nothing_is_written(clock, school, programme):
    year = running_year_at(clock, school, 12)
    holiday = year.periods.filter(kind=PeriodKind.HOLIDAY, start_date__gt=timezone.localdate()).earliest("start_date")
    weekday = holiday.start_date + datetime.timedelta(days=max(0, 7 - holiday.start_date.weekday()) % 7)
    with pytest.raises(ValidationError) as refused:
        planning.session_add(school_year=year, item=programme[0], year_levels=[3],
                             starts_at=at_local(weekday, EVENING))  # fmt: skip
    assert "geen school" in refused.value.messages[0] and holiday.name in refused.value.messages[0]
    yesterday = next_school_day(planning.PlanningCalendar.of(year), timezone.localdate() - datetime.timedelta(days=7))
    with pytest.raises(ValidationError, match="al voorbij"):
        planning.session_add(
            school_year=year, item=programme[0], year_levels=[3], starts_at=at_local(yesterday, EVENING)
        )
    later = at_local(timezone.localdate() + datetime.timedelta(days=9), EVENING)
    with pytest.raises(ValidationError, match="Kies een of meer groepen"):
        planning.session_add(school_year=year, item=programme[0], year_levels=[], starts_at=later)
    assert not Session.objects.exists()


def test_the_add_page_for_leadership_only_and_not_for_another_school(world, login_as, django_assert_max_num_queries):
    from meetings.programme import programme_install

    items = programme_install(school=world.school_a)
    url = reverse("meetings:session_add", kwargs={"school_year_id": world.year_a.pk})
    assert login_as(world.tess).get(url).status_code == 403
    assert login_as(world.lars).get(url).status_code == 404
    client = login_as(world.lea)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
    calendar = planning.PlanningCalendar.of(world.year_a)
    day = next_school_day(calendar, timezone.localdate() + datetime.timedelta(days=10))
    data = {"item": items[0].pk, "year_levels": ["3", "4"], "day": day.isoformat(), "time": "19:30", "location": "Aula"}
    response = client.post(url, data)
    session = Session.objects.get(school_year=world.year_a)
    assert response.status_code == 302 and response.url == reverse("meetings:session", args=[session.pk])
    weekend = day + datetime.timedelta(days=(5 - day.weekday()) % 7)
    refused = client.post(url, data | {"day": weekend.isoformat()})
    assert refused.status_code == 200 and "Kies een schooldag" in refused.content.decode()
    assert Session.objects.count() == 1
