"""The demo school: realistic, complete, and loaded idempotently through the real import."""

import datetime
import io

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from ouderbetrokkenheid.school import demo
from ouderbetrokkenheid.school import models as m
from ouderbetrokkenheid.school.services import PeriodSpec, school_year_create
from tests.conftest import guardian_user

D = datetime.date.fromisoformat
COUNTED = [
    m.SchoolBoard, m.School, m.SchoolYear, m.CalendarPeriod, m.Group, m.Pupil, m.Enrollment, m.Guardian,
    m.GuardianOf, m.Staff, m.BoardAdmin,
]  # fmt: skip


def run_demo(*args):
    """The import only (--no-simulation: it loads again when the demo is there); the simulated
    demo of `make run` is tested in tests/simulation/test_demo_today.py."""
    out = io.StringIO()
    call_command("demo_school", "--no-simulation", *args, stdout=out)
    return out.getvalue()


def test_the_command_lives_with_the_simulation_it_loads():
    """`demo_school` imports simulation (the top layer), so it is simulation's command (issue 18)."""
    from django.core.management import get_commands

    assert get_commands()["demo_school"] == "simulation"


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture
def output(db):
    return run_demo()


@pytest.fixture
def regenboog(output):
    return m.School.objects.get(brin="99ZZ00")


def current(school):
    return m.Enrollment.objects.current(timezone.localdate()).filter(pupil__school=school)


def test_running_the_demo_twice_doubles_nothing(output):
    first = counts()
    run_demo()
    assert counts() == first
    assert first["Pupil"] > 200 and first["School"] == 2


def test_without_reset_an_existing_demo_school_is_left_as_it_is(output):
    first = counts()
    school = m.School.objects.get(brin="99ZZ00")
    m.School.objects.filter(pk=school.pk).update(name="Onze eigen school")  # the user's own change
    out = io.StringIO()
    call_command("demo_school", stdout=out)  # what `make run` runs every time
    assert "bestaat al" in out.getvalue() and demo.DEMO_PASSWORD in out.getvalue()
    assert counts() == first
    assert m.School.objects.get(pk=school.pk).name == "Onze eigen school"


def test_reset_recreates_the_same_demo(output):
    first, old_pk = counts(), m.School.objects.get(brin="99ZZ00").pk
    run_demo("--reset")
    assert counts() == first
    assert m.School.objects.get(brin="99ZZ00").pk != old_pk


def test_demo_board_has_two_schools_and_a_board_admin(regenboog):
    board = regenboog.board
    assert board.name == "Stichting Demo"
    names = sorted(board.schools.values_list("name", flat=True))
    assert names == ["Basisschool De Regenboog", "Basisschool De Zonnewijzer"]
    assert (regenboog.brin, regenboog.region) == ("99ZZ00", "midden")
    assert m.BoardAdmin.objects.get(user__email=demo.BOARD_ADMIN_EMAIL).board == board


def test_regenboog_has_about_200_pupils_in_8_year_levels_with_a_combination_group(regenboog):
    enrollments = current(regenboog)
    assert 190 <= enrollments.count() <= 210
    assert set(enrollments.values_list("year_level", flat=True)) == set(range(1, 9))
    levels_per_group = enrollments.values("group__name").annotate(levels=Count("year_level", distinct=True))
    assert {row["group__name"] for row in levels_per_group if row["levels"] > 1} >= {"1/2a", "1/2b", "5/6"}
    assert enrollments.filter(is_lateral_entrant=True).count() >= 3


def test_regenboog_has_siblings_separated_parents_and_many_languages(regenboog):
    guardians = m.Guardian.objects.filter(school=regenboog)
    siblings = guardians.annotate(
        children=Count("children_links"),
        groups=Count("children_links__pupil__enrollments__group", distinct=True),
    ).filter(children__gte=2, groups__gte=2)
    assert siblings.count() >= 10
    separated = m.Pupil.objects.filter(school=regenboog).annotate(
        apart=Count("guardian_links", filter=Q(guardian_links__invite_separately=True))
    )
    assert separated.filter(apart=2).exists()
    assert set(guardians.values_list("language", flat=True)) >= {"nl", "ar", "tr", "pl", "uk", "en"}
    assert guardians.filter(needs_interpreter=True).exists() and guardians.filter(prefers_simple_dutch=True).exists()
    assert guardians.filter(email="").exclude(mobile="").count() >= 3
    assert guardians.filter(email="", mobile="").count() == 1


def test_the_school_year_runs_today_and_has_the_real_holidays(regenboog):
    today = timezone.localdate()
    year = m.SchoolYear.objects.running_or_next(regenboog, today)  # in the summer holiday: the coming year
    assert year.last_day >= today and (year.first_day <= today or today.month in (7, 8))
    kinds = set(year.periods.values_list("kind", flat=True))
    assert kinds >= {"holiday", "study_day", "test_period", "report_date"}
    assert year.periods.filter(kind="study_day").count() == 2
    assert regenboog.staff.filter(is_teacher=True, groups__school_year=year).exists()


def test_2026_27_calendar_uses_the_official_midden_holidays():
    first_day, last_day, periods = demo.demo_year_periods(2026)
    assert (first_day, last_day) == (D("2026-08-31"), D("2027-07-16"))
    holidays = {(p.name, p.start_date, p.end_date) for p in periods if p.kind == "holiday"}
    assert holidays == {
        ("Herfstvakantie", D("2026-10-17"), D("2026-10-25")),
        ("Kerstvakantie", D("2026-12-19"), D("2027-01-03")),
        ("Voorjaarsvakantie", D("2027-02-20"), D("2027-02-28")),
        ("Meivakantie", D("2027-04-24"), D("2027-05-02")),
        ("Zomervakantie", D("2027-07-17"), D("2027-08-29")),
    }
    school_days = [p for p in periods if p.kind in ("study_day", "report_date")]
    assert all(p.start_date.weekday() < 5 for p in school_days)


def test_a_year_without_official_dates_still_gets_late_august_to_mid_july():
    first_day, last_day, periods = demo.demo_year_periods(2031)
    assert first_day.month == 8 and first_day.weekday() == 0 and last_day.month == 7 and last_day.weekday() == 4
    assert not [p for p in periods if p.kind == "holiday"]


def test_demo_exports_are_deterministic():
    first_day = D("2026-08-31")
    assert demo.demo_exports(first_day=first_day) == demo.demo_exports(first_day=first_day)


def test_the_printed_logins_work(output, client):
    assert demo.DEMO_PASSWORD in output and demo.SUPERUSER_EMAIL in output
    logins = dict(demo.demo_logins(m.School.objects.get(brin="99ZZ00")))
    for role in ("Directie", "Intern begeleider", "Leerkracht groep 3", "Bestuursbeheerder (beide scholen)"):
        assert logins[role] in output
        assert authenticate(email=logins[role], password=demo.DEMO_PASSWORD) is not None, role
    superuser = authenticate(email=demo.SUPERUSER_EMAIL, password=demo.DEMO_PASSWORD)
    assert superuser.is_superuser
    client.force_login(authenticate(email=logins["Leerkracht groep 3"], password=demo.DEMO_PASSWORD))
    assert "Groep 3" in client.get(reverse("staffpages:home")).content.decode()


def test_the_printed_parent_has_two_children_in_the_portal(output, client):
    email = dict(demo.demo_logins(m.School.objects.get(brin="99ZZ00")))["Ouder met twee kinderen (inloglink)"]
    assert email in output
    guardian = m.Guardian.objects.get(email=email)
    client.force_login(guardian_user(guardian))
    children = client.get(reverse("portal:home")).context["children"]
    assert len(children) == 2


def test_school_year_create_writes_the_year_with_its_calendar(db):
    from tests.factories import SchoolFactory

    school = SchoolFactory()
    first_day, last_day, periods = demo.demo_year_periods(2026)
    year = school_year_create(school=school, first_day=first_day, last_day=last_day, periods=periods)
    assert year.periods.count() == len(periods)
    assert year.periods.get(name="Zomervakantie").end_date == D("2027-08-29")


@pytest.mark.parametrize(
    "first_day, last_day, period_day",
    [
        ("2027-03-01", "2027-07-16", "2027-04-01"),  # overlaps the existing year
        ("2027-08-30", "2028-07-07", "2028-08-01"),  # period long after the last day
        ("2027-08-30", "2027-08-01", "2027-09-01"),  # ends before it starts
    ],
)
def test_school_year_create_refuses_a_bad_year_and_writes_nothing(db, first_day, last_day, period_day):
    from tests.factories import SchoolFactory

    school = SchoolFactory()
    school_year_create(school=school, first_day=D("2026-08-31"), last_day=D("2027-07-16"))
    period = PeriodSpec(m.PeriodKind.STUDY_DAY, "Studiedag", D(period_day), D(period_day))
    with pytest.raises(ValidationError):
        school_year_create(school=school, first_day=D(first_day), last_day=D(last_day), periods=[period])
    assert school.years.count() == 1 and m.CalendarPeriod.objects.count() == 0
