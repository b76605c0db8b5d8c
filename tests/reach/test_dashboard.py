"""The reach dashboard: with the demo school and a seeded year of activity, every figure matches
a hand count made here with plain ORM loops (per year level, group and support need); bounded
queries; the not-reached list with follow-up; CSV export; leadership and IB of the school only."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conversations.models import BookingGuardian, BookingStatus, Record
from meetings.models import FollowUp as SessionFollowUp
from meetings.models import Invitation, WalkIn
from meetings.priority import MANUAL
from messaging.models import Message
from ouderbetrokkenheid.school import demo
from ouderbetrokkenheid.school.clock import AMSTERDAM
from ouderbetrokkenheid.school.models import CalendarPeriod, Enrollment, Guardian, GuardianOf, School
from reach import selectors
from reach.models import ReachFollowUp
from tests import factories as f
from tests.reach import demo_activity
from tests.reach.support import walk_pair

MEASURES = ("invited", "answered", "attended", "booked", "held")


@pytest.fixture
def regenboog(db):
    demo.load_demo()
    school = School.objects.get(brin=demo.MAIN.brin)
    other = School.objects.get(brin="99ZZ01")
    year, other_year = school.years.get(), other.years.get()
    today = year.first_day + datetime.timedelta(weeks=12, days=2)  # a Wednesday in late November
    demo_activity.build(year, other_year, today=today)
    return school, year, today


# -- the hand count (plain loops, one guardian at a time) -----------------------------------------


def hand_weeks(year, today):
    off = set()
    for period in CalendarPeriod.objects.filter(school_year=year):
        if period.kind in ("holiday", "study_day") or (period.kind == "public_holiday" and period.day_off):
            for n in range((period.end_date - period.start_date).days + 1):
                off.add(period.start_date + datetime.timedelta(days=n))
    mondays = []
    day = year.first_day - datetime.timedelta(days=year.first_day.weekday())
    while day + datetime.timedelta(days=6) < today and day <= year.last_day:
        school_days = [
            day + datetime.timedelta(days=n)
            for n in range(5)
            if year.first_day <= day + datetime.timedelta(days=n) <= year.last_day
            and day + datetime.timedelta(days=n) not in off
        ]
        if school_days:
            mondays.append(day)
        day += datetime.timedelta(days=7)
    return mondays


def hand_count(school, year, today):
    weeks = hand_weeks(year, today)
    families = []
    for guardian in Guardian.objects.filter(school=school).order_by("pk"):
        enrollments = []
        for link in GuardianOf.objects.filter(guardian=guardian, receives_information=True):
            enrollments += list(Enrollment.objects.filter(pupil=link.pupil, group__school_year=year))
        if not enrollments:
            continue
        invitations = [i for i in Invitation.objects.filter(guardian=guardian) if i.session.school_year_id == year.pk]
        walk_ins = [w for w in WalkIn.objects.filter(guardian=guardian) if w.session.school_year_id == year.pk]
        bookings = [
            bg.booking
            for bg in BookingGuardian.objects.filter(guardian=guardian)
            if bg.active and bg.round.school_year_id == year.pk and bg.booking.status == BookingStatus.CONFIRMED
        ]
        did = {
            "invited": bool(invitations),
            "answered": any(i.response for i in invitations),
            "attended": any(i.attended for i in invitations) or bool(walk_ins),
            "booked": bool(bookings),
            "held": any(Record.objects.filter(booking=b, attendance="came").exists() for b in bookings),
        }
        reached = set()
        for message in Message.objects.filter(guardian=guardian, delivery_status="delivered"):
            local = message.sent_at.astimezone(AMSTERDAM).date()
            monday = local - datetime.timedelta(days=local.weekday())
            if monday in weeks:
                reached.add(monday)
        lateral = any(e.is_lateral_entrant for e in enrollments)
        basic = {
            "language": guardian.language != "nl",
            "interpreter": guardian.needs_interpreter,
            "simple_dutch": guardian.prefers_simple_dutch,
            "no_email": guardian.email == "",
            "no_mobile": guardian.mobile == "",
            "lateral": lateral,
        }
        marked = any(MANUAL in i.priority_reasons for i in invitations)
        basic["priority"] = (
            basic["language"] or basic["interpreter"] or basic["simple_dutch"] or lateral
            or (guardian.email == "" and guardian.mobile == "") or marked
        )  # fmt: skip
        families.append({
            "pk": guardian.pk, "did": did, "needs": {k for k, v in basic.items() if v}, "weeks": reached,
            "levels": {e.year_level for e in enrollments}, "groups": {e.group.name for e in enrollments},
        })  # fmt: skip
    return families, weeks


def expected_row(families, weeks):
    counts = {m: sum(1 for fam in families if fam["did"][m]) for m in MEASURES}
    weekly = None
    if weeks and families:
        shares = [100 * sum(1 for fam in families if w in fam["weeks"]) / len(families) for w in weeks]
        weekly = round(sum(shares) / len(weeks), 1)
    return len(families), counts, weekly


def actual_row(row):
    return row.total, dict(row.counts), row.reached_weekly


# -- figures ----------------------------------------------------------------------------------------


def test_figures_match_a_hand_count_per_year_level_group_and_support_need(regenboog):
    school, year, today = regenboog
    families, weeks = hand_count(school, year, today)
    data = selectors.dashboard(year=year, today=today)

    assert data.weeks == weeks and len(weeks) >= 8  # the autumn holiday week does not count
    assert datetime.date(2026, 10, 19) not in weeks or year.first_day.year != 2026
    assert actual_row(data.total) == expected_row(families, weeks)
    for row in data.by_level:
        assert actual_row(row) == expected_row([x for x in families if row.key in x["levels"]], weeks), row.label
    assert {row.key for row in data.by_level} == {lvl for x in families for lvl in x["levels"]}
    for row in data.by_group:
        assert actual_row(row) == expected_row([x for x in families if row.key in x["groups"]], weeks), row.label
    assert {row.key for row in data.by_group} == {name for x in families for name in x["groups"]}
    for row in data.by_need:
        members = [x for x in families if row.key in x["needs"]]
        assert members, f"the demo has no guardian with need {row.key}: the check would prove nothing"
        assert actual_row(row) == expected_row(members, weeks), row.label
    not_reached = {
        x["pk"] for x in families if not (x["did"]["answered"] or x["did"]["attended"] or x["did"]["booked"])
    }
    assert {fam.guardian.pk for fam in data.not_reached} == not_reached


def test_the_figures_are_not_trivial(regenboog):
    school, year, today = regenboog
    data = selectors.dashboard(year=year, today=today)
    total = data.total
    assert 200 < total.total == len(data.families)
    for measure in MEASURES:
        assert 0 < total.counts[measure] < total.total, measure
    assert 0 < total.reached_weekly < 100
    assert data.not_reached


def test_a_parent_who_only_walked_in_counts_as_attended(regenboog):
    school, year, today = regenboog
    walk_in = WalkIn.objects.filter(session__school_year=year, guardian__isnull=False).first()
    data = selectors.dashboard(year=year, today=today)
    family = next(fam for fam in data.families if fam.guardian.pk == walk_in.guardian_id)
    assert "attended" in family.measures


def test_the_page_states_the_definitions_and_shows_the_chart_in_text(regenboog, client, clock):
    school, year, today = regenboog
    from ouderbetrokkenheid.school.models import Staff

    clock.move_to(datetime.datetime.combine(today, datetime.time(10), tzinfo=datetime.UTC))  # the activity's day

    client.force_login(Staff.objects.get(school=school, is_leadership=True).user)
    body = client.get(reverse("reach:dashboard_year", args=[year.pk])).content.decode()
    assert "Bereikt per week: in die week (maandag tot en met zondag) minstens één bericht" in body
    assert 'id="weeks-table"' in body and "Thuistaal niet Nederlands" in body and 'id="niet-bereikt"' in body


# -- bounded queries --------------------------------------------------------------------------------


def families_of(world, n):
    from tests.meetings.test_attendance import invite, make_session

    session = make_session(world.year_a, days=-3)
    for i in range(n):
        pupil = f.PupilFactory(school=world.school_a)
        f.EnrollmentFactory(pupil=pupil, group=world.group_3 if i % 2 else world.group_56, year_level=3 + i % 4,
                            is_lateral_entrant=i % 3 == 0)  # fmt: skip
        guardian = f.GuardianFactory(school=world.school_a, language=["nl", "ar", "tr"][i % 3], email="",
                                     needs_interpreter=i % 2 == 0)  # fmt: skip
        f.GuardianOfFactory(guardian=guardian, pupil=pupil)
        invitation = invite(session, guardian, pupil, response="coming" if i % 2 else "")
        SessionFollowUp.objects.create(invitation=invitation, outcome="called", by=world.tess)
        ReachFollowUp.objects.create(school_year=world.year_a, guardian=guardian, outcome="home_visit", by=world.iris)
        sent = timezone.now() - datetime.timedelta(days=7 + i)
        Message.objects.create(school=world.school_a, guardian=guardian, purpose="notice", day=sent.date(),
                               channel="email", scheduled_at=sent, status="sent", sent_at=sent,
                               delivery_status="delivered", idempotency_key=f"q:{guardian.pk}")  # fmt: skip


def test_dashboard_costs_the_same_queries_for_four_times_the_data(world, login_as, django_assert_max_num_queries):
    walk_pair(world)
    families_of(world, 3)
    client = login_as(world.iris)
    url = reverse("reach:dashboard_year", args=[world.year_a.pk])
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    families_of(world, 9)  # 3 → 12 families
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as csv_small:
        client.get(reverse("reach:not_reached_csv", args=[world.year_a.pk]))
    families_of(world, 36)
    with django_assert_max_num_queries(len(csv_small.captured_queries)):
        client.get(reverse("reach:not_reached_csv", args=[world.year_a.pk]))


# -- not reached and follow-up ----------------------------------------------------------------------


def test_ib_records_a_follow_up_and_sees_the_newest_with_the_buddy(world, login_as):
    from tests.meetings.test_attendance import invite, make_session

    invitation = invite(make_session(world.year_a, days=-3), world.anna, world.pim)
    SessionFollowUp.objects.create(invitation=invitation, outcome="no_answer", by=world.tess,
                                   at=timezone.now() - datetime.timedelta(days=2))  # fmt: skip
    walk_pair(world)
    client = login_as(world.iris)
    response = client.post(reverse("reach:followup_add", args=[world.year_a.pk, world.anna.pk]),
                           {"outcome": "home_visit", "note": "met tolk"})  # fmt: skip
    assert response.status_code == 302
    follow_up = ReachFollowUp.objects.get()
    assert (follow_up.guardian, follow_up.by, follow_up.outcome, follow_up.note) == (
        world.anna,
        world.iris,
        "home_visit",
        "met tolk",
    )
    page = " ".join(client.get(reverse("reach:dashboard_year", args=[world.year_a.pk])).content.decode().split())
    assert "Huisbezoek (" in page and "maatje: Bert Bakker" in page


def test_follow_up_with_a_bad_outcome_or_for_another_school_writes_nothing(world, login_as):
    client = login_as(world.iris)
    client.post(reverse("reach:followup_add", args=[world.year_a.pk, world.anna.pk]), {"outcome": "magic"})
    response = client.post(reverse("reach:followup_add", args=[world.year_a.pk, world.karel.pk]),
                           {"outcome": "called"})  # fmt: skip
    assert response.status_code == 404
    assert login_as(world.lars).post(reverse("reach:followup_add", args=[world.year_a.pk, world.anna.pk]),
                                     {"outcome": "called"}).status_code == 404  # fmt: skip
    assert not ReachFollowUp.objects.exists()


# -- CSV --------------------------------------------------------------------------------------------


def test_csv_is_utf8_with_bom_semicolons_dutch_headers_and_no_formulas(world, login_as):
    world.anna.first_name, world.anna.last_name = '=HYPERLINK("http://x")', "Ünal"
    world.anna.save()
    client = login_as(world.lea)
    response = client.get(reverse("reach:not_reached_csv", args=[world.year_a.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw = response.content
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Ouder", "Kinderen", "Groepen"]
    anna = next(r for r in rows if "Ünal" in r[0])
    assert anna[0].startswith("'=HYPERLINK") and anna[1] == "Pim"
    figures = client.get(reverse("reach:dashboard_csv", args=[world.year_a.pk])).content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(figures), delimiter=";"))
    assert table[0][:4] == ["Indeling", "Rij", "Ouders", "Uitgenodigd (aantal)"]
    assert table[1][:3] == ["Totaal", "Hele school", "2"]  # Anna and Bert
    assert any(r[:2] == ["Groep", "groep 5/6"] for r in table)


# -- access -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["tess", "otto", "anna", "bea"])
def test_dashboard_is_refused_to_teachers_parents_and_the_board(world, login_as, persona):
    client = login_as(getattr(world, persona))
    for url in (reverse("reach:dashboard"), reverse("reach:dashboard_csv", args=[world.year_a.pk])):
        assert client.get(url).status_code == 403


@pytest.mark.parametrize("persona", ["lea", "iris"])
def test_leadership_and_ib_see_their_school(world, login_as, persona):
    body = login_as(getattr(world, persona)).get(reverse("reach:dashboard")).content.decode()
    assert "Anna Prins" in body and "Karel" not in body


def test_staff_of_another_school_never_see_this_schools_data(world, login_as):
    client = login_as(world.lars)
    assert client.get(reverse("reach:dashboard_year", args=[world.year_a.pk])).status_code == 404
    assert client.get(reverse("reach:not_reached_csv", args=[world.year_a.pk])).status_code == 404
    body = client.get(reverse("reach:dashboard")).content.decode()
    assert "Anna" not in body and "Karel Kok" in body
