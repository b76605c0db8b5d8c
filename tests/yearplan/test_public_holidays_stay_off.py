"""Issue 14, point 10: public holidays are days off whatever happens to the holidays around them.
Removing the optional second May week used to make Ascension Day a school day, because public
holidays inside a holiday were not stored."""

import datetime

import pytest
from django.urls import reverse

from ouderbetrokkenheid.school import holidays
from ouderbetrokkenheid.school.calendar import SchoolCalendar
from ouderbetrokkenheid.school.models import PeriodKind
from ouderbetrokkenheid.school.services import school_year_create_from_region
from tests import factories as f
from yearplan.periods import period_delete, period_move

pytestmark = pytest.mark.django_db
CASES = [(year, region) for year in (2025, 2026, 2027) for region in ("noord", "midden", "zuid")]
ALWAYS_OFF = ("Koningsdag", "Hemelvaartsdag", "Tweede Pinksterdag")


def year_of(start_year, region):
    return school_year_create_from_region(school=f.SchoolFactory(region=region), start_year=start_year)


def public_holidays_of(year):
    """The year's public holidays on weekdays that are days off by default: name → day."""
    return {
        h.name: h.day
        for h in holidays.public_holidays_between(year.first_day, year.last_day)
        if h.day.weekday() < 5 and h.day_off
    }


def off(year, day):
    return SchoolCalendar.of(year).day_off_reason(day) is not None


def second_may_week(year):
    return year.periods.get(name=holidays.SECOND_MAY_WEEK)


def ascension_in_second_may_week(start_year, region):
    year = year_of(start_year, region)
    week = second_may_week(year)
    return week.start_date <= public_holidays_of(year)["Hemelvaartsdag"] <= week.end_date


def test_the_defect_case_exists_ascension_inside_the_second_may_week():
    assert any(ascension_in_second_may_week(y, r) for y, r in CASES)


@pytest.mark.parametrize(("start_year", "region"), CASES)
def test_removing_the_second_may_week_leaves_every_public_holiday_off(start_year, region):
    year = year_of(start_year, region)
    days = public_holidays_of(year)

    period_delete(period=second_may_week(year))

    for name in ALWAYS_OFF:
        assert off(year, days[name]), f"{name} ({days[name]}) became a school day"
    assert all(off(year, day) for day in days.values())


@pytest.mark.parametrize(("start_year", "region"), CASES)
def test_public_holidays_inside_a_holiday_are_stored(start_year, region):
    year = year_of(start_year, region)
    stored = set(year.periods.filter(kind=PeriodKind.PUBLIC_HOLIDAY).values_list("name", "start_date"))
    assert set(public_holidays_of(year).items()) <= stored


def test_the_friday_after_ascension_stays_the_schools_choice():
    year = year_of(2026, "midden")  # second May week 3–9 May 2027, Ascension Thursday 6 May
    friday = public_holidays_of(year)["Hemelvaartsdag"] + datetime.timedelta(days=1)

    period_delete(period=second_may_week(year))

    assert not off(year, friday)  # a school day unless the school chooses it off
    choice = year.periods.get(kind=PeriodKind.PUBLIC_HOLIDAY, name="Vrijdag na Hemelvaart")
    assert choice.start_date == friday and not choice.day_off


def test_moving_the_second_may_week_off_ascension_keeps_ascension_off():
    year = year_of(2026, "midden")
    ascension = public_holidays_of(year)["Hemelvaartsdag"]
    week = second_may_week(year)
    later = datetime.timedelta(days=14)

    period_move(period=week, start_date=week.start_date + later, end_date=week.end_date + later)

    assert off(year, ascension) and off(year, public_holidays_of(year)["Koningsdag"])


def test_a_calendar_made_before_the_fix_gets_its_public_holidays_back_when_the_week_goes():
    year = year_of(2026, "midden")
    week = second_may_week(year)
    # as calendars were stored before: no public holidays inside a holiday
    for holiday in year.periods.filter(kind=PeriodKind.HOLIDAY):
        year.periods.filter(
            kind=PeriodKind.PUBLIC_HOLIDAY, start_date__gte=holiday.start_date, start_date__lte=holiday.end_date
        ).delete()
    ascension = public_holidays_of(year)["Hemelvaartsdag"]
    assert week.start_date <= ascension <= week.end_date

    period_delete(period=week)

    assert off(year, ascension)
    restored = year.periods.get(kind=PeriodKind.PUBLIC_HOLIDAY, name="Hemelvaartsdag")
    assert restored.start_date == ascension and restored.day_off


def test_leadership_removes_the_may_week_in_the_browser_and_ascension_stays_off(login_as):
    year = year_of(2027, "midden")  # a school of its own: no running year of the suite's day in the way
    leader = f.StaffFactory(school=year.school, is_leadership=True, is_teacher=False)
    week = second_may_week(year)
    ascension = public_holidays_of(year)["Hemelvaartsdag"]

    response = login_as(leader).post(
        reverse("yearplan:setup_year", kwargs={"year_id": year.pk}),
        {"action": "delete", "period_id": week.pk},
        follow=True,
    )

    assert response.status_code == 200
    assert not year.periods.filter(name=holidays.SECOND_MAY_WEEK).exists()
    assert off(year, ascension) and off(year, public_holidays_of(year)["Koningsdag"])
