"""Mid-year is normal for rounds too (issue 13, point 3): a school that plans in December gets its
start conversations on the earliest good days with the card's advice as a warning; in September the
card is followed without one."""

import datetime

from django.utils import timezone

from conversations.models import Round, RoundKind
from ouderbetrokkenheid.school.holidays import running_or_next_start_year
from ouderbetrokkenheid.school.services import school_year_create_from_region
from tests import factories as f
from tests.plugins.clock import AMSTERDAM
from yearplan.planning import plan_year


def year_at(clock, month, day):
    school = f.SchoolFactory(region="midden")
    start_year = running_or_next_start_year(timezone.localdate(), "midden")
    clock.move_to(datetime.datetime(start_year if month >= 8 else start_year + 1, month, day, 10, tzinfo=AMSTERDAM))
    return school_year_create_from_region(school=school, start_year=start_year)


def test_in_december_the_start_round_gets_the_earliest_good_days_with_a_warning(db, clock):
    year = year_at(clock, 12, 1)
    report = plan_year(school_year=year)
    start = Round.objects.get(school_year=year, kind=RoundKind.START)
    assert start.first_day >= timezone.localdate() + datetime.timedelta(days=7)
    assert start.first_day <= timezone.localdate() + datetime.timedelta(days=10)
    [warning] = [line for line in report.warnings if line.title == start.title]
    assert "de kaart raadt" in warning.reason
    assert "Startgesprekken" not in {line.title for line in report.unplaced}


def test_in_september_the_start_round_follows_the_card(db, clock):
    year = year_at(clock, 9, 1)
    report = plan_year(school_year=year)
    start = Round.objects.get(school_year=year, kind=RoundKind.START)
    week_one = year.first_day - datetime.timedelta(days=year.first_day.weekday())
    assert week_one + datetime.timedelta(weeks=2) <= start.first_day < week_one + datetime.timedelta(weeks=4)
    assert not [line for line in report.warnings if line.what == "round"]
