"""A year of parent activity on top of the demo school, seeded: sessions invited through the
real invitations_send, answers, attendance, walk-ins and teachers' priority marks; a conversation
round with bookings (some cancelled) and records; delivered and undelivered messages over the
weeks (also in a holiday week, in the current week and to another school)."""

import datetime
import random
import secrets

import time_machine
from django.utils import timezone

from conversations.models import (
    Attendance,
    Booking,
    BookingGuardian,
    BookingStatus,
    Record,
    Round,
    RoundKind,
    Slot,
)
from meetings.invitations import invitations_send
from meetings.models import Invitation, ProgrammeItem, Response, Session, WalkIn
from meetings.priority import MANUAL
from meetings.programme import programme_install
from messaging.models import DeliveryStatus, Message, Purpose, Status
from ouderbetrokkenheid.school.clock import at_local
from ouderbetrokkenheid.school.models import Enrollment, Guardian, Staff

LEVELS = ([1, 2, 3], [4, 5, 6], [6])  # groups 7 and 8 not invited this autumn


def sessions_with_answers(year, rng):
    programme_install(school=year.school)
    items = list(ProgrammeItem.objects.filter(school=year.school).order_by("number"))
    sessions = []
    for index, item in enumerate(items):
        starts_at = at_local(year.first_day + datetime.timedelta(days=15 + 21 * index), datetime.time(19, 30))
        session = Session.objects.create(item=item, school_year=year, year_levels=LEVELS[index % 3],
                                         starts_at=starts_at, lateral_entrants=index == 0)  # fmt: skip
        invited = at_local(year.first_day + datetime.timedelta(days=1), datetime.time(9, 0))
        with time_machine.travel(invited, tick=False):  # invitations go out at least a week ahead
            invitations_send(session=session, day=year.first_day + datetime.timedelta(days=1))
        sessions.append(session)
    invitations = list(Invitation.objects.filter(session__in=sessions).order_by("pk"))
    for invitation in invitations:
        invitation.response = rng.choices(Response.values, weights=[4, 4, 1, 1])[0]
        invitation.attended = True if invitation.response == Response.COMING and rng.random() < 0.7 else None
        if rng.random() < 0.05:
            invitation.priority_reasons = [*invitation.priority_reasons, MANUAL]
    Invitation.objects.bulk_update(invitations, ["response", "attended", "priority_reasons"])
    for invitation in rng.sample(invitations, 5):
        if not invitation.attended:
            WalkIn.objects.create(session=invitation.session, name="binnenloper", guardian=invitation.guardian)
    return sessions


def conversations(year, rng):
    first = year.first_day + datetime.timedelta(days=40)
    round = Round.objects.create(school_year=year, kind=RoundKind.START, title="Startgesprekken",
                                 year_levels=list(range(1, 9)), first_day=first, last_day=first,
                                 forms=["at_school"])  # fmt: skip
    enrollments = Enrollment.objects.filter(group__school_year=year).select_related("pupil").order_by("pk")
    teacher = Staff.objects.filter(school=year.school, is_teacher=True).order_by("pk").first()
    begin = at_local(first, datetime.time(8, 0))
    for number, enrollment in enumerate(e for e in enrollments if rng.random() < 0.5):
        starts = begin + datetime.timedelta(minutes=10 * number)
        slot = Slot.objects.create(round=round, staff=teacher, starts_at=starts,
                                   ends_at=starts + datetime.timedelta(minutes=10))  # fmt: skip
        cancelled = rng.random() < 0.1
        booking = Booking.objects.create(
            round=round,
            slot=slot,
            pupil=enrollment.pupil,
            status=BookingStatus.CANCELLED if cancelled else BookingStatus.CONFIRMED,
        )
        guardians = Guardian.objects.filter(children_links__pupil=enrollment.pupil).order_by("pk")
        for guardian in guardians[:1] if rng.random() < 0.5 else guardians:
            BookingGuardian.objects.create(
                booking=booking,
                guardian=guardian,
                round=round,
                pupil=enrollment.pupil,
                starts_at=slot.starts_at,
                ends_at=slot.ends_at,
                active=not cancelled,
            )
        if not cancelled and rng.random() < 0.8:
            came = rng.random() < 0.8
            Record.objects.create(booking=booking, attendance=Attendance.CAME if came else Attendance.NO_SHOW)


def messages(school, other_school, rng, *, until):
    rows = []
    guardians = list(Guardian.objects.filter(school=school).order_by("pk"))
    guardians += list(Guardian.objects.filter(school=other_school).order_by("pk")[:3])
    for guardian in guardians:
        day = school.years.get().first_day - datetime.timedelta(days=3)
        while day <= until:
            if rng.random() < 0.55:
                sent = at_local(day, datetime.time(rng.choice([8, 12, 18, 23]), 30))  # 23:30 = next day in UTC
                delivered = rng.random() < 0.85
                rows.append(Message(
                    school_id=guardian.school_id, guardian=guardian, purpose=Purpose.NOTICE, day=day,
                    channel="email", scheduled_at=sent, status=Status.SENT, sent_at=sent,
                    delivery_status=DeliveryStatus.DELIVERED if delivered else DeliveryStatus.UNDELIVERED,
                    idempotency_key=f"test:{secrets.token_hex(8)}",
                ))  # fmt: skip
            day += datetime.timedelta(days=rng.choice([2, 3, 4, 5]))
    Message.objects.bulk_create(rows)


def build(year, other_year, *, today, seed=7):
    rng = random.Random(seed)
    sessions_with_answers(year, rng)
    conversations(year, rng)
    messages(year.school, other_year.school, rng, until=today)
    return timezone.now()
