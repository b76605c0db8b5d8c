"""The demo as it stands today (`make run`, simulation/demo.py): loaded as the import the week before
the first school day and simulated up to yesterday; loaded once (a second run keeps what a user did);
in the summer holiday the coming year as planned. The small demo school is the simulated one here
(the same code path as De Regenboog, a seventh of the families)."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from conversations.models import ACTIVE, Booking, FollowUp, Record, Round
from meetings.models import Invitation, Session
from messaging.models import LibraryEntry, LibraryText, Message, Status
from ouderbetrokkenheid.school import models as m
from ouderbetrokkenheid.school.clock import at_local
from ouderbetrokkenheid.school.demo import SMALL, demo_exports
from ouderbetrokkenheid.school.importing import import_export
from simulation.demo import load_demo_today
from yearplan.publishing import last_publication

D = datetime.date.fromisoformat
# A Wednesday of 2026-27 (official holidays ship with the app), after the sessions and the start
# round, before the autumn holiday: seven weeks to simulate keep the test short.
MID_YEAR = D("2026-10-14")
SUMMER = D("2027-07-20")  # the summer holiday after it


def counts(school):
    return {
        "pupils": m.Pupil.objects.filter(school=school).count(),
        "enrollments": m.Enrollment.objects.filter(pupil__school=school).count(),
        "guardians": m.Guardian.objects.filter(school=school).count(),
        "messages": Message.objects.filter(school=school).count(),
        "bookings": Booking.objects.filter(round__school_year__school=school).count(),
        "invitations": Invitation.objects.filter(session__school_year__school=school).count(),
    }


@pytest.fixture
def mid_year(db, clock):
    clock.move_to(at_local(MID_YEAR, datetime.time(10, 0)))
    return load_demo_today(specs=(SMALL,))


def test_mid_year_the_demo_is_the_year_so_far_and_loads_once(mid_year):
    assert mid_year.end == MID_YEAR - datetime.timedelta(days=1) and mid_year.start < mid_year.simulation.year.first_day
    assert not mid_year.simulation.violations, mid_year.simulation.violations[:5]
    year, now = mid_year.simulation.year, timezone.now()

    held = Session.objects.filter(school_year=year, starts_at__lt=now)
    assert held.exists()
    invitations = Invitation.objects.filter(session__in=held)
    assert invitations.filter(responded_at__isnull=False).exists()  # RSVPs
    assert invitations.filter(attended=True).exists()  # the presenter's register
    assert not invitations.filter(invited_at__isnull=False, attended__isnull=True).exists()

    today = timezone.localdate()
    open_round = Round.objects.get(school_year=year, invited_at__isnull=False, one_off=False, last_day__gte=today)
    assert open_round.first_day > today and open_round.slots.exists()
    assert Booking.objects.filter(ACTIVE, round=open_round).exists()

    assert Record.objects.filter(booking__round__school_year=year, published_at__isnull=False).exists()
    assert FollowUp.objects.filter(round__school_year=year).exists()
    sent = Message.objects.filter(school=year.school, status=Status.SENT)
    weeks = {timezone.localdate(moment).isocalendar()[:2] for moment in sent.values_list("sent_at", flat=True)}
    assert len(weeks) >= 6  # every week since the first school week
    assert not sent.filter(sent_at__gt=now).exists()  # nothing from the future
    assert last_publication(year) is not None
    # the message library is loaded, translations approved, so teachers can plan and parents read
    library = LibraryEntry.objects.filter(school=year.school)
    assert library.filter(kind="tip").exists() and library.filter(kind="encouragement").exists()
    assert LibraryText.objects.filter(entry__school=year.school, language="ar", approved_at__isnull=False).exists()

    # A second load (every `make run`) changes nothing, not even over the user's own import.
    school = mid_year.demo.schools[0]
    pupils, staff = demo_exports(SMALL, first_day=mid_year.simulation.year.first_day)
    lines = pupils.decode().splitlines()
    mine = "\n".join([lines[0], *lines[1:6]]).encode()  # the user imports their own (smaller) export
    preview = import_export(school=school, pupils=mine, staff=staff, dry_run=True, today=timezone.localdate())
    confirmed = preview.leavers_to_confirm or None  # ending the others' enrollments is confirmed, as the user would
    import_export(
        school=school, pupils=mine, staff=staff, dry_run=False, today=timezone.localdate(), confirm_leavers=confirmed
    )
    before = counts(school)

    assert load_demo_today(specs=(SMALL,)) is None
    call_command("demo_school", stdout=io.StringIO())  # what `make run` runs every time
    assert counts(school) == before


def test_in_the_summer_holiday_the_demo_is_the_coming_year_as_planned(db, clock):
    clock.move_to(at_local(SUMMER, datetime.time(10, 0)))
    loaded = load_demo_today(specs=(SMALL,))
    assert loaded.simulation is None and loaded.end is None
    school = loaded.demo.schools[0]
    year = m.SchoolYear.objects.get(school=school)
    assert year.first_day > SUMMER  # the coming year 2027-28
    sessions = Session.objects.filter(school_year=year)
    assert sessions.exists() and not sessions.filter(starts_at__lt=timezone.now()).exists()
    assert Round.objects.filter(school_year=year, invited_at__isnull=True).exists()
    assert last_publication(year) is not None
    assert not Message.objects.filter(school=school, status=Status.SENT).exists()
    assert not Booking.objects.filter(round__school_year=year).exists()
