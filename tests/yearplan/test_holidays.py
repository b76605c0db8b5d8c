"""Official school holidays per region, public holidays, the open-data import, and the demo calendar."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from ouderbetrokkenheid.school import demo_calendar, holidays
from ouderbetrokkenheid.school.models import CalendarPeriod, OfficialHoliday, PeriodKind
from ouderbetrokkenheid.school.services import school_year_create_from_region
from tests import factories as f

D = datetime.date.fromisoformat
SHARED = json.loads(holidays.DATA_FILE.read_text())
CASES = [(year, region) for year in (2025, 2026, 2027) for region in ("noord", "midden", "zuid")]


@pytest.mark.django_db
@pytest.mark.parametrize(("start_year", "region"), CASES)
def test_every_region_and_year_of_the_data_file_is_shipped_and_used(start_year, region):
    rows = SHARED["schoolyears"][f"{start_year}-{start_year + 1}"]
    periods = holidays.official_holidays(start_year, region)
    assert [(p.start_date, p.end_date) for p in periods] == sorted((D(r[region][0]), D(r[region][1])) for r in rows)
    advice = {p.kind for p in periods if p.is_advice}
    assert advice == {"herfstvakantie", "voorjaarsvakantie"}
    first_day, last_day = holidays.year_bounds(start_year, region)
    assert first_day.weekday() == 0 and last_day.weekday() == 4
    summer = next(r for r in rows if r["type"] == "zomervakantie")
    assert last_day == D(summer[region][0]) - datetime.timedelta(days=1)
    if start_year == 2025:
        assert first_day == D(SHARED["summer_2025_ended"][region]) + datetime.timedelta(days=1)
    # the school year built from the region has them all, with the school days in between
    school = f.SchoolFactory(region=region)
    year = school_year_create_from_region(school=school, start_year=start_year)
    assert (year.first_day, year.last_day) == (first_day, last_day)
    official = year.periods.filter(kind=PeriodKind.HOLIDAY, source="official").exclude(name=holidays.SECOND_MAY_WEEK)
    assert official.count() == 5
    assert all(p.is_day_off for p in official)


def test_the_app_ships_its_own_copy_of_the_official_data():
    shared = json.loads(open("/work/shared/data/school-holidays-nl.json").read())  # noqa: SIM115
    assert SHARED == shared
    assert "shared" not in str(holidays.DATA_FILE)


@pytest.mark.django_db
def test_carnaval_in_the_south_is_the_spring_holiday_and_advice():
    south = holidays.official_holidays(2026, "zuid")
    spring = next(p for p in south if p.kind == "voorjaarsvakantie")
    assert spring.name == "Voorjaarsvakantie (carnaval)" and spring.is_advice
    assert spring.start_date == D("2027-02-13")  # carnaval 2027: 7–9 February… the south's week


def test_public_holidays_2027_with_lustrum_and_sunday_kings_day():
    days = {h.name: h for h in holidays.dutch_public_holidays(2027)}
    assert days["Eerste Paasdag"].day == D("2027-03-28")
    assert days["Goede Vrijdag"].day == D("2027-03-26") and days["Goede Vrijdag"].school_choice
    assert not days["Goede Vrijdag"].day_off
    assert days["Hemelvaartsdag"].day == D("2027-05-06")
    assert days["Vrijdag na Hemelvaart"].day == D("2027-05-07") and not days["Vrijdag na Hemelvaart"].day_off
    assert days["Tweede Pinksterdag"].day == D("2027-05-17")
    assert not days["Bevrijdingsdag"].day_off  # 2027 is no lustrum year
    assert holidays.kings_day_of(2025) == D("2025-04-26")  # 27 April 2025 was a Sunday
    lustrum = {h.name: h for h in holidays.dutch_public_holidays(2030)}
    assert lustrum["Bevrijdingsdag"].day_off and lustrum["Bevrijdingsdag"].school_choice


@pytest.mark.django_db
def test_school_year_from_region_has_public_holidays_and_the_schools_choices():
    school = f.SchoolFactory(region="midden")
    year = school_year_create_from_region(school=school, start_year=2026)
    public = {p.name: p for p in year.periods.filter(kind=PeriodKind.PUBLIC_HOLIDAY)}
    # in the May holiday (24 April – 2 May 2027) King's Day is stored too: it stays off whatever
    # happens to the holiday around it (issue 14, point 10)
    assert public["Koningsdag"].start_date == D("2027-04-27") and public["Koningsdag"].day_off
    assert public["Goede Vrijdag"].start_date == D("2027-03-26") and not public["Goede Vrijdag"].day_off
    assert public["Tweede Paasdag"].day_off and public["Tweede Pinksterdag"].day_off
    assert public["Nieuwjaarsdag"].day_off and public["Eerste Kerstdag"].day_off  # in the Christmas holiday
    second = year.periods.get(name=holidays.SECOND_MAY_WEEK)
    assert (second.start_date, second.end_date) == (D("2027-05-03"), D("2027-05-09")) and second.is_advice
    assert public["Hemelvaartsdag"].start_date == D("2027-05-06") and public["Hemelvaartsdag"].day_off
    assert not public["Bevrijdingsdag"].day_off  # no lustrum year: off only inside the May week
    without = school_year_create_from_region(
        school=f.SchoolFactory(region="midden"), start_year=2027, second_may_week=False
    )
    assert not without.periods.filter(name=holidays.SECOND_MAY_WEEK).exists()


@pytest.mark.django_db
def test_second_may_week_comes_before_when_kings_day_lies_before_the_official_week():
    may = next(p for p in holidays.official_holidays(2027, "midden") if p.kind == "meivakantie")
    assert may.start_date == D("2028-04-29")
    assert holidays.second_may_week(may) == (D("2028-04-22"), D("2028-04-28"))


@pytest.mark.django_db
def test_unknown_year_gives_a_dutch_error_and_writes_nothing():
    school = f.SchoolFactory(region="noord")
    with pytest.raises(ValidationError, match="niet bekend"):
        school_year_create_from_region(school=school, start_year=2031)
    assert not school.years.exists() and not CalendarPeriod.objects.exists()


OPEN_DATA = {
    "id": "schoolvakanties-2028-2029",
    "type": "Schoolvakanties",
    "content": [
        {
            "title": "Schoolvakanties 2028-2029",
            "schoolyear": "2028-2029 ",
            "vacations": [
                {
                    "type": "Herfstvakantie ",
                    "compulsorydates": "false",
                    "regions": [
                        {
                            "region": "noord",
                            "startdate": "2028-10-13T22:00:00.000Z",
                            "enddate": "2028-10-22T22:00:00.000Z",
                        },
                        {"region": "midden", "startdate": "2028-10-14", "enddate": "2028-10-22"},
                        {"region": "zuid", "startdate": "2028-10-21", "enddate": "2028-10-29"},
                    ],
                },
                {
                    "type": "Kerstvakantie",
                    "compulsorydates": "true",
                    "regions": [{"region": "heel Nederland", "startdate": "2028-12-23", "enddate": "2029-01-07"}],
                },
                {
                    "type": "Voorjaarsvakantie",
                    "compulsorydates": "false",
                    "regions": [
                        {"region": "noord", "startdate": "2029-02-17", "enddate": "2029-02-25"},
                        {"region": "midden", "startdate": "2029-02-10", "enddate": "2029-02-18"},
                        {"region": "zuid", "startdate": "2029-02-10", "enddate": "2029-02-18"},
                    ],
                },
                {
                    "type": "Meivakantie",
                    "compulsorydates": "true",
                    "regions": [{"region": "heel Nederland", "startdate": "2029-04-28", "enddate": "2029-05-06"}],
                },
                {
                    "type": "Zomervakantie ",
                    "compulsorydates": "true",
                    "regions": [
                        {"region": "noord", "startdate": "2029-07-07", "enddate": "2029-08-19"},
                        {"region": "midden", "startdate": "2029-07-21", "enddate": "2029-09-02"},
                        {"region": "zuid", "startdate": "2029-07-14", "enddate": "2029-08-26"},
                    ],
                },
            ],
        }
    ],
}


@pytest.mark.django_db
def test_open_data_file_is_imported_and_the_next_year_can_be_created(tmp_path):
    path = tmp_path / "schoolvakanties.json"
    path.write_text(json.dumps(OPEN_DATA))
    call_command("import_school_holidays", str(path))
    assert OfficialHoliday.objects.count() == 15
    noord = holidays.official_holidays(2028, "noord")
    # a UTC timestamp of Amsterdam midnight is that Amsterdam date
    assert (noord[0].start_date, noord[0].end_date) == (D("2028-10-14"), D("2028-10-23"))
    assert noord[0].is_advice and not noord[1].is_advice
    school = f.SchoolFactory(region="midden")
    year = school_year_create_from_region(school=school, start_year=2028)
    assert year.first_day == D("2028-08-21")  # after the shipped summer 2028 (midden: until 20 August)
    assert year.last_day == D("2029-07-20")
    assert 2028 in holidays.known_start_years()
    # importing again replaces, never duplicates
    result = holidays.import_open_data(json.dumps(OPEN_DATA))
    assert (result.created, result.updated) == (0, 15)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("niet json", "geen JSON"),
        (json.dumps({"content": []}), "geen schoolvakanties"),
        (json.dumps({"content": [{"schoolyear": "2028", "vacations": []}]}), "Onbekend schooljaar"),
        (
            json.dumps(
                {"content": [{"schoolyear": "2028-2029", "vacations": [{"type": "Suikerfeest", "regions": []}]}]}
            ),
            "onbekende vakantie",
        ),
        (
            json.dumps(
                {
                    "content": [
                        {
                            "schoolyear": "2028-2029",
                            "vacations": [
                                {
                                    "type": "Herfstvakantie",
                                    "regions": [{"region": "oost", "startdate": "2028-10-14", "enddate": "2028-10-22"}],
                                }
                            ],
                        }
                    ]
                }
            ),
            "onbekende regio",
        ),
        (
            json.dumps(
                {
                    "content": [
                        {
                            "schoolyear": "2028-2029",
                            "vacations": [
                                {
                                    "type": "Herfstvakantie",
                                    "regions": [
                                        {"region": "noord", "startdate": "2028-10-22", "enddate": "2028-10-14"}
                                    ],
                                }
                            ],
                        }
                    ]
                }
            ),
            "vóór de begindatum",
        ),
        (
            json.dumps(
                {
                    "content": [
                        {
                            "schoolyear": "2028-2029",
                            "vacations": [
                                {
                                    "type": "Herfstvakantie",
                                    "regions": [
                                        {"region": "noord", "startdate": "2028-13-01", "enddate": "2028-10-14"}
                                    ],
                                }
                            ],
                        }
                    ]
                }
            ),
            "geen geldige datum",
        ),
    ],
)
def test_bad_open_data_gives_a_dutch_error_and_imports_nothing(raw, message):
    with pytest.raises(ValidationError, match=message):
        holidays.import_open_data(raw)
    assert not OfficialHoliday.objects.exists()


@pytest.mark.django_db
def test_a_file_with_one_bad_row_imports_nothing_at_all():
    bad = json.loads(json.dumps(OPEN_DATA))
    bad["content"][0]["vacations"][-1]["regions"][-1]["enddate"] = "2029-01-01"
    with pytest.raises(ValidationError):
        holidays.import_open_data(json.dumps(bad))
    assert not OfficialHoliday.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("region", ["noord", "midden", "zuid"])
def test_demo_calendar_reads_the_official_data_for_every_region(region):
    first_day, last_day, rows = demo_calendar.school_year(2026, region)
    assert (first_day, last_day) == holidays.year_bounds(2026, region)
    assert [(s, e) for _n, s, e in rows] == [
        (p.start_date, p.end_date) for p in holidays.official_holidays(2026, region)
    ]


@pytest.mark.django_db
def test_demo_calendar_keeps_its_midden_dates():
    first_day, last_day, rows = demo_calendar.school_year(2025)
    assert (first_day, last_day) == (D("2025-09-01"), D("2026-07-17"))
    assert rows[0] == ("Herfstvakantie", D("2025-10-18"), D("2025-10-26"))
    first_day, last_day, rows = demo_calendar.school_year(2030)  # unknown year: usual bounds, no holidays
    assert rows == [] and first_day.weekday() == 0 and last_day.weekday() == 4


@pytest.mark.django_db
def test_the_command_refuses_a_bad_file_in_dutch(tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "kapot.json"
    path.write_text('{"content": [{"schoolyear": "2028-2029", "vacations": [{"type": "Paasvakantie"}]}]}')
    with pytest.raises(CommandError, match="onbekende vakantie"):
        call_command("import_school_holidays", str(path))
    with pytest.raises(CommandError, match="Kan .* niet lezen"):
        call_command("import_school_holidays", str(tmp_path / "bestaat-niet.json"))
    assert not OfficialHoliday.objects.exists()
