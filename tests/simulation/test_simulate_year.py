"""The simulated year of the small demo school: every invariant holds every day, things really
happened through the apps, the report is readable; with each fault injected the rules still hold
and the report says what was late. The year is the one the demo made for the suite's day."""

import datetime

import pytest
from django.core.management import call_command

from conversations.models import Booking, FollowUp, Record
from meetings.models import Invitation
from messaging.models import Message, Status
from simulation.report import html_report, lateness, text_report
from simulation.simulator import simulate


def assert_holds(result):
    assert not result.violations, "\n".join(map(str, result.violations[:20]))
    assert all(n > 0 for n in result.checks.values())


def test_a_whole_year_holds_every_rule(small_school, sim_year):
    result = simulate(school=small_school, seed=7)
    assert_holds(result)
    assert result.start < sim_year.first_day and result.end > sim_year.last_day  # the import week to the summer
    counts = result.journal.counts
    for done in ("week_plans", "session_invited", "round_invited", "rsvp", "booked", "records", "followups"):
        assert counts.get(done, 0) > 0, done
    assert Message.objects.filter(school=small_school, status=Status.SENT, kind="tip").count() > 100
    assert Booking.objects.filter(round__school_year=sim_year).exists()
    assert Record.objects.filter(booking__round__school_year=sim_year, published_at__isnull=False).exists()
    assert FollowUp.objects.filter(round__school_year=sim_year).exists()
    assert Invitation.objects.filter(session__school_year=sim_year, responded_at__isnull=False).exists()
    summer = Message.objects.filter(school=small_school, status=Status.SENT, sent_at__date__gt=sim_year.last_day)
    assert summer.filter(kind="tip").exists()  # the summer reading programme ran
    text = text_report(result)
    assert "total" in text and "Hoogstens 3 berichten per ouder per week" in text
    assert (
        sum(week.sent for week in result.weeks)
        == Message.objects.filter(school=small_school, status=Status.SENT).count()
    )
    html = html_report(result)
    assert "<svg" in html and "Berichten en afspraken per week" in html


def test_with_every_fault_the_rules_still_hold(small_school, sim_year):
    from simulation.faults import FAULTS

    result = simulate(school=small_school, seed=11, faults=FAULTS, end=sim_year.last_day)
    assert_holds(result)
    by_name = {fault.name: fault for fault in result.faults}
    assert set(by_name) == set(FAULTS)
    rows = {row["fault"].name: row for row in lateness(result)}

    worker = by_name["worker-down"]
    assert result.journal.counts["moments_without_worker"] > 0
    assert rows["worker-down"]["late"] > 0  # the day's messages went out the next morning
    assert rows["worker-down"]["max"] < datetime.timedelta(hours=24)
    late = Message.objects.filter(
        school=small_school, scheduled_at__gte=worker.window[0], scheduled_at__lt=worker.window[1], status=Status.SENT
    )
    assert all(m.sent_at.date() > worker.day or m.sent_at >= worker.window[1] for m in late)

    sms = by_name["sms-timeout"]
    assert rows["sms-timeout"]["timeouts"] > 0  # SMS timed out; the engine retried, then fell back or gave up
    unsent = Message.objects.filter(
        school=small_school,
        scheduled_at__gte=sms.window[0],
        scheduled_at__lt=sms.window[1],
        status__in=(Status.PENDING, Status.SENDING),
    )
    assert not unsent.exists()

    export = by_name["late-export"]
    assert export.details["leavers"] and export.details["moves"]
    assert "days late" in export.notes[0]

    holiday = by_name["moved-holiday"]
    assert holiday.details and result.year.periods.filter(kind="study_day", start_date=holiday.details["now"]).exists()
    text = text_report(result)
    for name in FAULTS:
        assert name in text


@pytest.mark.parametrize(
    "fault", ["worker-down", "sms-timeout", "late-export", "moved-holiday", "sms-slow", "sms-dropped", "email-bounce"]
)
def test_the_command_runs_a_fault_over_its_weeks(small_school, sim_year, fault, tmp_path, capsys):
    from simulation.context import YearContext
    from simulation.faults import plan_faults

    day = plan_faults(
        YearContext(school=small_school, year=sim_year), [fault], start=sim_year.first_day, end=sim_year.last_day
    )[0].day
    from simulation.providers import world

    world.reset()
    report = tmp_path / "verslag.html"
    start, end = day - datetime.timedelta(days=10), day + datetime.timedelta(days=4)
    call_command(
        "simulate_year", school=small_school.brin, start=start, end=end, seed=5, fault=[fault], report=str(report)
    )
    out = capsys.readouterr().out
    assert fault in out and "Regels" in out
    assert "<svg" in report.read_text()
