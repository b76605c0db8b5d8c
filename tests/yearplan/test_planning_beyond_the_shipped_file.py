"""Planning does not go blind after summer 2028: the school year 2029-30 gets its holidays from the
`holidays` package (school/holidays.py) and the whole year plans by the same rules."""

import datetime

import pytest

from meetings import planning
from meetings.models import Session
from meetings.programme import programme_install
from ouderbetrokkenheid.school.models import PeriodKind
from ouderbetrokkenheid.school.services import school_year_create_from_region
from tests import factories as f
from tests.meetings.conftest import demo_year
from tests.meetings.test_planning import assert_rules
from tests.yearplan.test_planning import assert_round_rules
from yearplan.planning import plan_year

pytestmark = pytest.mark.django_db
D = datetime.date.fromisoformat


def test_the_demo_year_2029_30_plans_sessions_rounds_and_messages():
    school = f.SchoolFactory(name="Basisschool 2029", region="midden")
    programme_install(school=school)
    year = demo_year(school, 2029)
    assert (year.first_day, year.last_day) == (D("2029-08-20"), D("2030-07-12"))
    holidays = {p.name: p.start_date for p in year.periods.filter(kind=PeriodKind.HOLIDAY)}
    assert holidays["Herfstvakantie"] == D("2029-10-20") and holidays["Kerstvakantie"] == D("2029-12-22")
    report = plan_year(school_year=year, today=D("2029-08-10"))
    assert report.ok, report.unplaced
    sessions = list(Session.objects.filter(school_year=year).select_related("item"))
    assert len(sessions) == 6
    assert_rules(year, sessions)
    assert planning.session_conflicts(school_year=year) == []
    assert_round_rules(year)
    assert D("2029-10-22") in report.quiet_weeks  # the package's autumn holiday


@pytest.mark.parametrize("region", ["noord", "midden", "zuid"])
def test_a_region_year_2029_30_gets_a_sessions_proposal_without_holidays(region):
    school = f.SchoolFactory(region=region)
    programme_install(school=school)
    year = school_year_create_from_region(school=school, start_year=2029)
    proposal = planning.programme_propose(school_year=year, time_of_day=datetime.time(19, 30), location="Aula")
    assert proposal.unplaced == []
    sessions = planning.programme_apply(school_year=year, proposal=proposal)
    assert_rules(year, sessions)
