"""The record: saving with agreements, advice rules, publishing to every guardian with authority,
the evaluation reminder, the follow-up appointment and the agreements of the last conversation."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conversations.models import Attendance, Booking, Record, RoundKind
from conversations.records import followup_booking, last_agreements, record_publish, record_save
from messaging.models import Message, Purpose
from ouderbetrokkenheid.school.clock import at_local
from tests import factories as f

from .test_records_support import book, held, make_round, soon

AGREEMENTS = [
    {
        "who": "Ouders",
        "what": "Elke avond 10 minuten samen lezen",
        "when": "dagelijks",
        "how": "om de beurt een bladzijde",
        "why": "leesplezier",
    },
    {"who": "Leerkracht", "what": "Extra leesbegeleiding", "when": "dinsdag", "how": "in een groepje",
     "why": "leestempo omhoog"},
]  # fmt: skip


@pytest.fixture
def booking(world):
    return book(make_round(world), world.tess, world.pim, [world.anna], topics="Lezen", starts_at=held())


def test_teacher_saves_record_with_agreements(world, booking):
    record = record_save(booking=booking, by=world.tess, agreements=AGREEMENTS, going_well="Rekenen",
                         attendance=Attendance.CAME, pupil_present=True,
                         evaluation_date=timezone.localdate() + datetime.timedelta(days=30))  # fmt: skip
    assert record.author == world.tess
    assert [a.who for a in record.agreements.all()] == ["Ouders", "Leerkracht"]
    record_save(booking=booking, by=world.tess, agreements=AGREEMENTS[:1])
    assert record.agreements.count() == 1
    assert Record.objects.get(pk=record.pk).going_well == "Rekenen"


def test_agreement_needs_who_and_what(world, booking):
    with pytest.raises(ValidationError):
        record_save(booking=booking, by=world.tess, agreements=[{"who": "Ouders", "what": ""}])


@pytest.mark.parametrize("who", ["otto", "sven", "bert"])
def test_only_teachers_of_the_pupil_may_write(world, booking, who):
    staff = getattr(world, who) if who != "bert" else None
    with pytest.raises(ValidationError):
        record_save(booking=booking, by=staff, goal="x")


def test_ib_and_leadership_of_the_school_may_write(world, booking):
    assert record_save(booking=booking, by=world.iris, goal="IB").pk
    assert record_save(booking=booking, by=world.lea, goal="Directie").goal == "Directie"


def test_advice_record_refused_without_second_staff_and_track(world):
    round = make_round(world, kind=RoundKind.ADVICE_PROVISIONAL, levels=(6,))
    booking = book(round, world.otto, world.bo, [world.bert], starts_at=held())
    with pytest.raises(ValidationError) as refused:
        record_save(booking=booking, by=world.otto, attendance=Attendance.CAME)
    assert set(refused.value.message_dict) == {"second_staff", "advice_track", "advice_date"}
    with pytest.raises(ValidationError) as refused:
        record_save(booking=booking, by=world.otto, second_staff=world.iris, advice_date=timezone.localdate())
    assert set(refused.value.message_dict) == {"advice_track"}
    with pytest.raises(ValidationError):  # a colleague of another school is no second staff member
        record_save(booking=booking, by=world.otto, second_staff=world.sven, advice_track="havo",
                    advice_date=timezone.localdate())  # fmt: skip
    record = record_save(booking=booking, by=world.otto, second_staff=world.iris, advice_track="havo",
                         advice_second_track="vwo", advice_date=timezone.localdate())  # fmt: skip
    assert record.advice_track == "havo"
    assert not Record.objects.filter(booking=booking).exclude(pk=record.pk).exists()


def test_publish_informs_all_guardians_with_authority_at_once(world):
    pim_dad = f.GuardianFactory(school=world.school_a, first_name="Piet", last_name="Prins", email="piet@example.nl")
    stepmother = f.GuardianFactory(school=world.school_a, first_name="Sara", last_name="Smit", email="sara@example.nl")
    f.GuardianOfFactory(guardian=pim_dad, pupil=world.pim, invite_separately=True)
    f.GuardianOfFactory(guardian=stepmother, pupil=world.pim, has_parental_authority=False)
    booking = book(make_round(world), world.tess, world.pim, [world.anna], starts_at=held())
    record = record_save(booking=booking, by=world.tess, agreements=AGREEMENTS,
                         evaluation_date=timezone.localdate() + datetime.timedelta(days=42))  # fmt: skip
    assert not Message.objects.exists()
    record_publish(record=record, by=world.tess)
    notices = Message.objects.filter(
        purpose=Purpose.NOTICE, parts__source=f"conversations.record:{record.pk}:published"
    )
    assert {m.guardian for m in notices} == {world.anna, pim_dad}
    assert len({m.scheduled_at for m in notices}) == 1
    record_publish(record=record, by=world.tess)  # twice informs once
    assert notices.count() == 2
    assert Record.objects.get(pk=record.pk).published_at is not None


def test_publish_refused_for_teacher_of_another_group(world, booking):
    record = record_save(booking=booking, by=world.tess)
    with pytest.raises(ValidationError):
        record_publish(record=record, by=world.otto)
    assert Record.objects.get(pk=record.pk).published_at is None


def test_evaluation_date_becomes_reminder_for_guardians(world, booking):
    day = timezone.localdate() + datetime.timedelta(days=20)
    record = record_save(booking=booking, by=world.tess, evaluation_date=day, agreements=AGREEMENTS)
    record_publish(record=record, by=world.tess)
    reminder = Message.objects.get(
        purpose=Purpose.REMINDER, parts__source=f"conversations.record:{record.pk}:evaluation"
    )
    assert reminder.guardian == world.anna
    assert reminder.scheduled_at == at_local(day, datetime.time(10, 0))
    later = day + datetime.timedelta(days=7)
    record_save(booking=booking, by=world.tess, evaluation_date=later)
    moved = Message.objects.filter(parts__source=f"conversations.record:{record.pk}:evaluation", status="pending")
    assert [m.scheduled_at for m in moved] == [at_local(later, datetime.time(10, 0))]


def test_last_agreements_start_the_next_conversation(world, booking):
    record_save(booking=booking, by=world.tess, agreements=AGREEMENTS)
    later = book(make_round(world, kind=RoundKind.DEVELOPMENT_2), world.tess, world.pim, [world.anna],
                 starts_at=soon(10))  # fmt: skip
    assert [a.what for a in last_agreements(pupil=world.pim, before=later.slot.starts_at)] == [
        AGREEMENTS[0]["what"], AGREEMENTS[1]["what"]
    ]  # fmt: skip
    assert last_agreements(pupil=world.bo) == []


def test_followup_appointment_booked_from_the_record_in_one_step(world, booking):
    record = record_save(booking=booking, by=world.tess)
    followup = followup_booking(record=record, starts_at=soon(3, 16), by=world.tess, minutes=30)
    assert followup.pupil == world.pim and followup.status == "confirmed"
    assert list(followup.guardians.all()) == [world.anna]
    assert followup.round.kind == RoundKind.AD_HOC
    assert (followup.slot.ends_at - followup.slot.starts_at) == datetime.timedelta(minutes=30)
    with pytest.raises(ValidationError):  # Tess already has that time
        followup_booking(record=record, starts_at=soon(3, 16), by=world.tess)
    assert Booking.objects.filter(pupil=world.pim).count() == 2


def test_a_conversation_cannot_be_marked_held_before_it_starts(world):
    booking = book(make_round(world), world.tess, world.pim, [world.anna], starts_at=soon(5))
    with pytest.raises(ValidationError) as refused:
        record_save(booking=booking, by=world.tess, attendance=Attendance.CAME, agreements=AGREEMENTS)
    assert "begint pas op" in str(refused.value)
    assert not Record.objects.filter(booking=booking).exists()  # nothing half-written


def test_a_record_is_prepared_before_but_shared_only_from_the_start_time_on(world, clock):
    booking = book(make_round(world), world.tess, world.pim, [world.anna], starts_at=soon(1, 15))
    record = record_save(booking=booking, by=world.tess, agreements=AGREEMENTS,
                         evaluation_date=timezone.localdate() + datetime.timedelta(days=30))  # fmt: skip
    with pytest.raises(ValidationError):
        record_publish(record=record, by=world.tess)
    assert not Message.objects.exists()
    clock.move_to(booking.slot.starts_at)
    record = record_save(booking=booking, by=world.tess, attendance=Attendance.CAME)
    record_publish(record=record, by=world.tess)
    assert Record.objects.get(pk=record.pk).published_at is not None
