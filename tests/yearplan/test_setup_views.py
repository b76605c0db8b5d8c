"""Leadership's setup pages: who may use them, creating a year from the region, editing periods and
advice dates, roll-over, "Plan het jaar", the conflicts page, and bad input (Dutch, nothing written)."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conversations.models import Round
from development.models import DevelopmentSettings
from meetings.models import Session
from meetings.programme import programme_install
from ouderbetrokkenheid.school.clock import at_local
from ouderbetrokkenheid.school.models import CalendarPeriod, OfficialHoliday, PeriodKind
from ouderbetrokkenheid.school.services import school_year_create_from_region
from tests import factories as f

from .test_holidays import OPEN_DATA

pytestmark = pytest.mark.django_db
D = datetime.date.fromisoformat


@pytest.fixture(autouse=True)
def in_the_2026_27_year(clock):
    """These tests set up the 2027-28 year from the shipped holiday data: they run on a day of the
    2026-27 year, whatever day the suite runs on (the world is made after this)."""
    clock.move_to(datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.UTC))


@pytest.fixture
def next_year(world):
    """School A's 2027-28 year, built from region midden."""
    return school_year_create_from_region(school=world.school_a, start_year=2027)


def url(name, year=None):
    return reverse(f"yearplan:{name}", kwargs={"year_id": year.pk} if year else None)


def post(client, year, **data):
    return client.post(url("setup_year", year), data, follow=True)


def texts(response):
    return [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize("who", ["tess", "iris", "anna", "bea", "sven"])
def test_only_leadership_of_the_school_may_set_up(world, next_year, login_as, who):
    client = login_as(getattr(world, who))
    assert client.get(url("setup")).status_code == 403
    assert client.get(url("setup_year", next_year)).status_code == 403
    assert client.post(url("plan_year", next_year)).status_code == 403


def test_leadership_of_another_school_gets_404(world, next_year, login_as):
    client = login_as(world.lars)
    assert client.get(url("setup_year", next_year)).status_code == 404
    assert client.get(url("conflicts", next_year)).status_code == 404
    assert client.post(url("plan_year", next_year)).status_code == 404
    response = client.post(
        url("setup_year", next_year), {"action": "add", "kind": "study_day", "name": "X", "start_date": "2027-10-06"}
    )
    assert response.status_code == 404 and not CalendarPeriod.objects.filter(name="X").exists()


def test_teachers_may_read_the_conflicts(world, next_year, login_as):
    study = CalendarPeriod.objects.create(
        school_year=next_year,
        kind=PeriodKind.STUDY_DAY,
        name="Studiedag",
        start_date=D("2027-09-15"),
        end_date=D("2027-09-15"),
    )
    item = programme_install(school=world.school_a)[0]
    Session.objects.create(
        item=item, school_year=next_year, year_levels=[3], starts_at=at_local(study.start_date, datetime.time(19))
    )
    page = login_as(world.tess).get(url("conflicts", next_year))
    assert page.status_code == 200
    assert "valt op woensdag 15 september 2027: Studiedag" in page.content.decode()


def test_leadership_creates_the_next_year_from_the_region(world, login_as):
    client = login_as(world.lea)
    page = client.get(url("setup"))
    assert page.status_code == 200
    choices = [value for value, _label in page.context["form"].fields["start_year"].choices]
    assert 2027 in choices and 2026 not in choices  # 2026-27 exists already
    response = client.post(url("setup"), {"start_year": "2027", "second_may_week": "on"})
    year = world.school_a.years.get(first_day=D("2027-08-30"))
    assert response.status_code == 302 and response["Location"] == url("setup_year", year)
    assert year.periods.filter(kind=PeriodKind.HOLIDAY).count() == 6  # five official + the second May week
    page = client.get(url("setup_year", year))
    assert "Herfstvakantie" in page.content.decode() and "advies: school mag verschuiven" in page.content.decode()


def test_creating_a_year_twice_is_refused(world, login_as, next_year):
    client = login_as(world.lea)
    response = client.post(url("setup"), {"start_year": "2027"})
    assert response.status_code == 200 and response.context["form"].errors
    assert world.school_a.years.count() == 2


def test_editing_periods(world, next_year, login_as):
    client = login_as(world.lea)
    response = post(
        client, next_year, action="add", kind="study_day", name="Studiedag team", start_date="2027-10-06", fixed="on"
    )
    assert "Studiedag team is toegevoegd." in texts(response)
    study = next_year.periods.get(name="Studiedag team")
    assert study.fixed and study.source == "manual" and study.end_date == study.start_date
    spring = next_year.periods.get(name="Voorjaarsvakantie")
    response = post(
        client, next_year, action="move", period_id=spring.pk, start_date="2028-02-19", end_date="2028-02-27"
    )
    spring.refresh_from_db()
    assert (spring.start_date, spring.fixed) == (D("2028-02-19"), True)
    good_friday = next_year.periods.get(name="Goede Vrijdag")
    assert not good_friday.day_off
    post(client, next_year, action="day_off", period_id=good_friday.pk, day_off="1")
    good_friday.refresh_from_db()
    assert good_friday.day_off
    post(client, next_year, action="fix", period_id=study.pk, fixed="0")
    post(client, next_year, action="delete", period_id=study.pk)
    assert not next_year.periods.filter(name="Studiedag team").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {
                "action": "add",
                "kind": "test_period",
                "name": "Toetsen",
                "start_date": "2028-01-20",
                "end_date": "2028-01-10",
            },
            "De einddatum ligt vóór de begindatum.",
        ),
        (
            {"action": "add", "kind": "holiday", "name": "Extra", "start_date": "2028-01-20"},
            "Selecteer een geldige keuze",
        ),
        (
            {"action": "add", "kind": "study_day", "name": "Studiedag", "start_date": "2029-01-20"},
            "De datums vallen buiten het schooljaar.",
        ),
        ({"action": "add", "kind": "study_day", "name": "Studiedag", "start_date": "morgen"}, "geldige datum"),
        (
            {"action": "move", "period": "Kerstvakantie", "start_date": "2027-12-18", "end_date": "2028-01-02"},
            "Kerstvakantie heeft vaste datums van de overheid en kan niet verschuiven.",
        ),
        ({"action": "delete", "period": "Zomervakantie"}, "Officiële vakanties en feestdagen blijven in de kalender."),
        ({"action": "day_off", "period": "Herfstvakantie", "day_off": "0"}, "Alleen bij een feestdag"),
        (
            {
                "action": "timeline",
                "groep7_advice_by": "2028-07-07",
                "provisional_advice_by": "2028-03-01",
                "transfer_test_from": "2028-02-01",
                "transfer_test_until": "2028-02-29",
                "final_advice_by": "2028-03-24",
            },
            "De volgorde moet zijn",
        ),
        ({"action": "timeline", "groep7_advice_by": "2028-07-07"}, "Vul bij elke adviesdatum een geldige datum in."),
        ({"action": "rollover"}, "Er is geen vorig schooljaar om over te nemen."),
        ({"action": "weg"}, "Onbekende actie."),
    ],
)
def test_bad_input_gives_a_dutch_error_and_writes_nothing(world, login_as, data, message):
    year = school_year_create_from_region(school=f.SchoolFactory(region="midden"), start_year=2027)
    world.lea.school = year.school
    world.lea.save()
    if "period" in data:
        data["period_id"] = year.periods.get(name=data.pop("period")).pk
    before = sorted(CalendarPeriod.objects.values_list("pk", "start_date", "end_date", "day_off", "fixed"))
    response = post(login_as(world.lea), year, **data)
    assert any(message in text for text in texts(response)), texts(response)
    assert sorted(CalendarPeriod.objects.values_list("pk", "start_date", "end_date", "day_off", "fixed")) == before
    assert not DevelopmentSettings.objects.exists()


def test_a_period_of_another_school_cannot_be_edited(world, next_year, login_as):
    other = school_year_create_from_region(school=world.school_b, start_year=2027)
    theirs = other.periods.get(name="Goede Vrijdag")
    response = post(login_as(world.lea), next_year, action="day_off", period_id=theirs.pk, day_off="1")
    assert "Deze periode hoort niet bij dit schooljaar." in texts(response)
    theirs.refresh_from_db()
    assert not theirs.day_off


def test_the_advice_timeline_is_saved_on_the_development_settings(world, next_year, login_as):
    client = login_as(world.lea)
    form = client.get(url("setup_year", next_year)).context["timeline_form"]
    assert form.initial["provisional_advice_by"] == D("2028-01-31")  # the law's default
    post(
        client,
        next_year,
        action="timeline",
        groep7_advice_by="2028-06-30",
        provisional_advice_by="2028-01-21",
        transfer_test_from="2028-02-01",
        transfer_test_until="2028-02-29",
        final_advice_by="2028-03-17",
    )
    settings = DevelopmentSettings.objects.get(school_year=next_year)
    assert (settings.provisional_advice_by, settings.final_advice_by) == (D("2028-01-21"), D("2028-03-17"))


def test_plan_the_year_shows_the_report_and_the_conflicts_follow(world, next_year, login_as):
    programme_install(school=world.school_a)
    client = login_as(world.lea)
    page = client.post(url("plan_year", next_year))
    assert page.status_code == 200
    report = page.context["report"]
    assert report.placed and Session.objects.filter(school_year=next_year).exists()
    assert Round.objects.filter(school_year=next_year).count() == 4  # no report date yet: development unplaced
    assert any("rapportdatum" in line.reason for line in report.unplaced)
    assert "Niet te plaatsen" in page.content.decode()
    # leadership moves a session onto a study day: the conflict shows; moving it back clears it
    session = Session.objects.filter(school_year=next_year).order_by("starts_at").first()
    day = at_local(session.starts_at.date(), datetime.time(12)).date()
    post(client, next_year, action="add", kind="study_day", name="Studiedag", start_date=day.isoformat())
    page = client.get(url("setup_year", next_year))
    assert any(c.kind == "day_off" for c in page.context["conflicts"])
    post(client, next_year, action="delete", period_id=next_year.periods.get(name="Studiedag").pk)
    page = client.get(url("setup_year", next_year))
    assert not any(c.kind == "day_off" for c in page.context["conflicts"])


def test_rollover_from_the_page(world, login_as):
    old = world.year_a
    CalendarPeriod.objects.create(
        school_year=old,
        kind=PeriodKind.STUDY_DAY,
        name="Studiedag",
        source="manual",
        start_date=D("2026-10-07"),
        end_date=D("2026-10-07"),
    )
    new = school_year_create_from_region(school=world.school_a, start_year=2027)
    response = post(login_as(world.lea), new, action="rollover")
    assert any("overgenomen" in text for text in texts(response))
    assert new.periods.filter(source="rollover", name="Studiedag").exists()
    response = post(login_as(world.lea), new, action="rollover")
    assert "Dit schooljaar is al overgenomen van een vorig jaar." in texts(response)
    assert new.periods.filter(source="rollover").count() == 1


def test_importing_the_open_data_file(world, login_as):
    client = login_as(world.lea)
    upload = SimpleUploadedFile("vakanties.json", json.dumps(OPEN_DATA).encode(), "application/json")
    response = client.post(url("holidays_import"), {"file": upload}, follow=True)
    assert any("2028-2029" in text for text in texts(response))
    assert OfficialHoliday.objects.count() == 15
    choices = [value for value, _label in response.context["form"].fields["start_year"].choices]
    assert 2028 in choices


def test_a_bad_open_data_file_is_refused_in_dutch(world, login_as):
    client = login_as(world.lea)
    upload = SimpleUploadedFile("vakanties.json", b"<html>geen json</html>", "application/json")
    response = client.post(url("holidays_import"), {"file": upload}, follow=True)
    assert "Dit is geen JSON-bestand van de schoolvakanties." in texts(response)
    assert not OfficialHoliday.objects.exists()
    assert login_as(world.tess).post(url("holidays_import"), {}).status_code == 403


def test_the_setup_page_has_bounded_queries(world, next_year, login_as):
    client = login_as(world.lea)
    item = programme_install(school=world.school_a)[0]

    def grow(n, offset):
        for i in range(n):
            group = f.GroupFactory(school_year=next_year, name=f"g{offset + i}")
            pupil = f.PupilFactory(school=world.school_a)
            f.EnrollmentFactory(pupil=pupil, group=group, year_level=3, start_date=next_year.first_day)
            f.GuardianOfFactory(guardian=f.GuardianFactory(school=world.school_a), pupil=pupil)
            Session.objects.create(
                item=item,
                school_year=next_year,
                year_levels=[3],
                starts_at=at_local(D("2027-09-06") + datetime.timedelta(days=offset + i), datetime.time(19)),
            )

    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url("setup_year", next_year)).status_code == 200
        return len(context.captured_queries)

    grow(1, 0)
    small = count()
    grow(3, 1)
    assert count() == small
