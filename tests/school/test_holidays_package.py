"""School holidays beyond the shipped file come from the `holidays` package (school/holidays.py):
its data equals the shipped file where both have dates, it reaches through the school year 2029-30,
and the government's file, once imported, still wins."""

import datetime
import json

import holidays as holidays_package
import pytest

from ouderbetrokkenheid.school import demo_calendar, holidays
from ouderbetrokkenheid.school.models import OfficialHoliday
from ouderbetrokkenheid.school.services import school_year_create_from_region
from tests import factories as f

D = datetime.date.fromisoformat
REGIONS = ("noord", "midden", "zuid")
SHIPPED = json.loads(holidays.DATA_FILE.read_text())


def test_the_pinned_package_version_is_the_one_checked():
    requirements = open("requirements.txt").read().split()  # noqa: SIM115
    assert f"holidays=={holidays_package.__version__}" in requirements


@pytest.mark.parametrize("start_year", [2025, 2026, 2027])
@pytest.mark.parametrize("region", REGIONS)
def test_the_package_equals_the_shipped_file(start_year, region):
    rows = SHIPPED["schoolyears"][holidays.label(start_year)]
    shipped = {row["type"]: (D(row[region][0]), D(row[region][1])) for row in rows}
    package = {p.kind: (p.start_date, p.end_date) for p in holidays.package_periods(start_year, region)}
    assert package == shipped
    advice = {p.kind for p in holidays.package_periods(start_year, region) if p.is_advice}
    assert advice == {row["type"] for row in rows if row["status"] == "advies"}


@pytest.mark.parametrize("region", REGIONS)
def test_the_summer_before_the_shipped_file_ends_as_the_file_says(region):
    summer = next(p for p in holidays.package_periods(2024, region) if p.kind == "zomervakantie")
    assert summer.end_date == D(SHIPPED["summer_2025_ended"][region])


@pytest.mark.django_db
@pytest.mark.parametrize("region", REGIONS)
def test_years_after_the_shipped_file_come_from_the_package(region):
    assert {2028, 2029} <= set(holidays.known_start_years())
    periods = holidays.official_holidays(2029, region)
    assert [p.kind for p in periods] == list(holidays.KINDS)
    package = sorted(holidays.package_periods(2029, region), key=lambda p: p.start_date)
    assert [(p.kind, p.start_date, p.end_date) for p in periods] == [
        (p.kind, p.start_date, p.end_date) for p in package
    ]
    first_day, last_day = holidays.year_bounds(2029, region)
    summer_2029 = next(p for p in holidays.official_holidays(2028, region) if p.kind == "zomervakantie")
    assert first_day == summer_2029.end_date + datetime.timedelta(days=1) and first_day.weekday() == 0
    assert last_day == periods[-1].start_date - datetime.timedelta(days=1) and last_day.weekday() == 4
    year = school_year_create_from_region(school=f.SchoolFactory(region=region), start_year=2029)
    assert year.periods.filter(source="official").count() == 6  # five holidays and the second May week


@pytest.mark.django_db
def test_a_year_the_package_does_not_know_fully_stays_unknown():
    assert holidays.package_periods(2030, "midden") == ()  # only its Christmas is in version 0.109
    assert 2030 not in holidays.known_start_years()
    with pytest.raises(LookupError):
        holidays.year_bounds(2030, "midden")


@pytest.mark.django_db
def test_the_government_file_overrides_the_package():
    holidays.import_open_data(
        json.dumps(
            {
                "schoolyears": {
                    "2029-2030": [
                        {"type": "herfstvakantie", "status": "advies", "midden": ["2029-10-13", "2029-10-21"]},
                        {"type": "zomervakantie", "status": "vast", "midden": ["2030-07-20", "2030-09-01"]},
                    ]
                }
            }
        )
    )
    assert OfficialHoliday.objects.count() == 2
    midden = holidays.official_holidays(2029, "midden")
    assert [(p.kind, p.start_date) for p in midden] == [
        ("herfstvakantie", D("2029-10-13")),
        ("zomervakantie", D("2030-07-20")),
    ]
    # other regions are not in the file: the package still answers for them
    assert len(holidays.official_holidays(2029, "noord")) == 5


def test_the_demo_calendar_reads_the_package_for_later_years():
    first_day, last_day, rows = demo_calendar.school_year(2029)
    assert [name for name, *_ in rows][0] == "Herfstvakantie" and len(rows) == 5
    assert (first_day, last_day) == holidays.year_bounds(2029, "midden", imported=False)


@pytest.mark.parametrize("year", range(2025, 2032))
def test_the_computed_public_holidays_agree_with_the_package(year):
    ours = {
        h.day
        for h in holidays.dutch_public_holidays(year)
        if h.name != "Vrijdag na Hemelvaart" and (h.name != "Bevrijdingsdag" or h.day_off)
    }
    assert ours == set(holidays_package.country_holidays("NL", years=year))
