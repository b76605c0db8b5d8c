"""Roll-over from 2025-26 to 2026-27: everything relative moves with the calendar (school week and
weekday), across ISO week 53 of 2026, the DST weekends, and a school that moves its spring holiday."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conversations.models import Round, RoundKind
from conversations.rounds import round_create
from meetings.models import Session
from meetings.programme import programme_install
from ouderbetrokkenheid.school.clock import at_local
from ouderbetrokkenheid.school.models import CalendarPeriod, PeriodKind
from ouderbetrokkenheid.school.services import school_year_create_from_region
from tests import factories as f
from yearplan.periods import period_add, period_move, public_holiday_choose
from yearplan.rollover import WeekMap, year_rollover

pytestmark = pytest.mark.django_db
D = datetime.date.fromisoformat
SEVEN = datetime.time(19, 0)


@pytest.fixture
def school():
    return f.SchoolFactory(region="midden")


@pytest.fixture
def years(school):
    old = school_year_create_from_region(school=school, start_year=2025, second_may_week=False)
    new = school_year_create_from_region(school=school, start_year=2026, second_may_week=False)
    return old, new


def add(year, kind, name, start, end=None):
    return period_add(school_year=year, kind=kind, name=name, start_date=D(start), end_date=D(end or start))


def moved(year, name):
    return year.periods.get(name=name, source="rollover")


def test_relative_periods_keep_their_school_week_and_weekday(years):
    old, new = years
    add(old, PeriodKind.STUDY_DAY, "Studiedag herfst", "2025-10-01")  # school week 5, Wednesday
    add(old, PeriodKind.REPORT_DATE, "Eerste rapport", "2026-02-13")  # school week 21, Friday
    add(old, PeriodKind.TEST_PERIOD, "Toetsen midden", "2026-01-19", "2026-01-30")
    add(old, PeriodKind.ACTIVITY, "Kerstviering", "2025-12-18")
    report = year_rollover(source=old, target=new)
    assert moved(new, "Studiedag herfst").start_date == D("2026-09-30")
    assert moved(new, "Eerste rapport").start_date == D("2027-02-12")
    tests = moved(new, "Toetsen midden")
    assert (tests.start_date, tests.end_date) == (D("2027-01-18"), D("2027-01-29"))  # keeps its 12 days
    assert moved(new, "Kerstviering").start_date == D("2026-12-17")
    assert len(report.moved) == 4 and report.unplaced == []


def test_the_first_week_after_christmas_maps_across_iso_week_53(years):
    old, new = years
    assert D("2026-12-28").isocalendar().week == 53  # 2026 has an ISO week 53, in the Christmas holiday
    old_map, new_map = WeekMap(old, list(old.periods.all())), WeekMap(new, list(new.periods.all()))
    assert old_map.position(D("2026-01-05")) == (16, 0)
    assert old_map.move(D("2026-01-05"), new_map) == D("2027-01-04")
    assert D("2026-12-28") not in new_map.weeks and D("2026-12-21") not in new_map.weeks


def test_a_fixed_session_keeps_19_00_local_across_the_dst_weekends(years, school):
    old, new = years
    item = programme_install(school=school)[0]
    before = Session.objects.create(
        item=item, school_year=old, year_levels=[3], fixed=True, starts_at=at_local(D("2026-03-26"), SEVEN)
    )  # before DST 29 March 2026
    after = Session.objects.create(
        item=item, school_year=old, year_levels=[4], fixed=True, starts_at=at_local(D("2026-04-02"), SEVEN)
    )  # after it
    Session.objects.create(item=item, school_year=old, year_levels=[5], starts_at=at_local(D("2026-04-09"), SEVEN))
    year_rollover(source=old, target=new)
    copies = {tuple(s.year_levels): s for s in Session.objects.filter(school_year=new)}
    assert set(copies) == {(3,), (4,)}  # only the hand-fixed sessions roll over
    first, second = timezone.localtime(copies[(3,)].starts_at), timezone.localtime(copies[(4,)].starts_at)
    assert (first.date(), first.time()) == (D("2027-03-25"), SEVEN)  # before DST 28 March 2027: CET
    assert (second.date(), second.time()) == (D("2027-04-01"), SEVEN)  # after it: CEST
    assert copies[(3,)].starts_at.utcoffset() is not None
    assert first.utcoffset() == datetime.timedelta(hours=1) and second.utcoffset() == datetime.timedelta(hours=2)
    assert all(s.fixed and s.invitations_sent_at is None for s in copies.values())
    assert before.starts_at.astimezone(datetime.UTC).hour == 18 and after.starts_at.astimezone(datetime.UTC).hour == 17


def test_a_day_that_lands_on_a_day_off_takes_the_next_school_day_of_that_week(years):
    old, new = years
    add(old, PeriodKind.ACTIVITY, "Sportdag", "2026-03-30")  # Monday of school week 27
    year_rollover(source=old, target=new)
    assert moved(new, "Sportdag").start_date == D("2027-03-30")  # 29 March 2027 is Easter Monday


def test_a_fixed_round_moves_with_the_calendar(years):
    old, new = years
    r = round_create(
        school_year=old,
        kind=RoundKind.START,
        title="Startgesprekken",
        year_levels=[1, 2, 3],
        first_day=D("2025-09-15"),
        last_day=D("2025-09-26"),
    )
    r.fixed = True
    r.save()
    year_rollover(source=old, target=new)
    copy = Round.objects.get(school_year=new)
    assert (copy.first_day, copy.last_day, copy.fixed) == (D("2026-09-14"), D("2026-09-25"), True)
    assert copy.year_levels == [1, 2, 3] and copy.invited_at is None


def test_a_school_that_moves_its_spring_holiday(years):
    old, new = years
    spring = new.periods.get(name="Voorjaarsvakantie")
    assert spring.is_advice and (spring.start_date, spring.end_date) == (D("2027-02-20"), D("2027-02-28"))
    period_move(period=spring, start_date=D("2027-02-06"), end_date=D("2027-02-14"))  # carnaval week
    spring.refresh_from_db()
    assert spring.fixed and spring.source == "manual"
    add(old, PeriodKind.REPORT_DATE, "Eerste rapport", "2026-02-13")  # school week 21
    year_rollover(source=old, target=new)
    # school week 21 of 2026-27 is now the week of 15 February (the week of 8 February is the holiday)
    assert moved(new, "Eerste rapport").start_date == D("2027-02-19")
    assert not new.periods.filter(kind=PeriodKind.HOLIDAY, start_date=D("2027-02-20")).exists()


def test_a_holiday_moved_last_year_is_reported_not_copied(years):
    old, new = years
    spring = old.periods.get(name="Voorjaarsvakantie")
    period_move(period=spring, start_date=D("2026-02-07"), end_date=D("2026-02-15"))
    report = year_rollover(source=old, target=new)
    assert any("voorjaarsvakantie" in note for note in report.notes)
    assert new.periods.get(name="Voorjaarsvakantie").start_date == D("2027-02-20")


def test_public_holiday_choices_roll_over(years):
    old, new = years
    public_holiday_choose(period=old.periods.get(name="Goede Vrijdag"), day_off=True)
    year_rollover(source=old, target=new)
    assert new.periods.get(name="Goede Vrijdag").day_off


def test_what_cannot_be_placed_is_reported(years):
    old, new = years
    assert len(WeekMap(old, list(old.periods.all())).weeks) == len(WeekMap(new, list(new.periods.all())).weeks) == 41
    # the new year loses a school week: a study week in June
    CalendarPeriod.objects.create(
        school_year=new,
        kind=PeriodKind.STUDY_DAY,
        name="Studieweek",
        start_date=D("2027-06-07"),
        end_date=D("2027-06-11"),
    )
    add(old, PeriodKind.ACTIVITY, "Afscheid groep 8", "2026-07-16")  # Thursday of school week 41 of 2025-26
    add(old, PeriodKind.STUDY_DAY, "Studiedag", "2025-10-01")
    report = year_rollover(source=old, target=new)
    assert [name for name, _day, _why in report.unplaced] == ["Afscheid groep 8"]
    assert "schoolweek" in report.unplaced[0][2]
    assert moved(new, "Studiedag").start_date == D("2026-09-30")


def test_bad_rollovers_are_refused_in_dutch_and_write_nothing(years, school):
    old, new = years
    add(old, PeriodKind.STUDY_DAY, "Studiedag", "2025-10-01")
    with pytest.raises(ValidationError, match="eerder schooljaar"):
        year_rollover(source=new, target=old)
    other = school_year_create_from_region(school=f.SchoolFactory(region="zuid"), start_year=2026)
    with pytest.raises(ValidationError, match="dezelfde school"):
        year_rollover(source=old, target=other)
    assert not CalendarPeriod.objects.filter(source="rollover").exists()
    year_rollover(source=old, target=new)
    with pytest.raises(ValidationError, match="al overgenomen"):
        year_rollover(source=old, target=new)
    assert CalendarPeriod.objects.filter(source="rollover").count() == 1


def test_period_edits_refuse_bad_input_in_dutch(years):
    old, new = years
    christmas = new.periods.get(name="Kerstvakantie")
    with pytest.raises(ValidationError, match="vaste datums"):
        period_move(period=christmas, start_date=D("2026-12-12"), end_date=D("2026-12-27"))
    spring = new.periods.get(name="Voorjaarsvakantie")
    with pytest.raises(ValidationError, match="even lang"):
        period_move(period=spring, start_date=D("2027-02-13"), end_date=D("2027-02-28"))
    with pytest.raises(ValidationError, match="vóór de begindatum"):
        add(new, PeriodKind.TEST_PERIOD, "Toetsen", "2027-01-20", "2027-01-10")
    with pytest.raises(ValidationError, match="buiten het schooljaar"):
        add(new, PeriodKind.STUDY_DAY, "Studiedag", "2027-08-02")
    with pytest.raises(ValidationError, match="studiedag, toetsperiode"):
        add(new, PeriodKind.HOLIDAY, "Extra vakantie", "2027-03-01")
    with pytest.raises(ValidationError, match="naam"):
        add(new, PeriodKind.STUDY_DAY, "  ", "2027-03-01")
    spring.refresh_from_db()
    christmas.refresh_from_db()
    assert (spring.start_date, christmas.start_date) == (D("2027-02-20"), D("2026-12-19"))
    assert not new.periods.filter(source="manual").exists()
