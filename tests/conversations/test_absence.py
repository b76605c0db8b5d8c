"""A teacher drops out (issue 13, point 15): marked absent for (part of) a day in a round, their free
slots close, their bookings in that time are cancelled and each family gets one notice in its language
with the choice; coverage counts the closed slots no more; when the teacher is back, what can be
restored comes back."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from conversations.absence import absence_end, absence_start
from conversations.booking import BookingItem, bookings_create, free_slots
from conversations.models import ACTIVE, Absence, Booking, BookingStatus
from conversations.slots import coverage
from messaging.models import Message, Purpose
from tests import factories as f

from .test_rounds_support import DAY, make_round, t, with_slots


@pytest.fixture
def scene(world):
    """Group 3 has duo teachers Tess and Dirk; Anna has Pim and his sister Sara in group 3, both
    booked with Tess on DAY; Dirk has free times the same day."""
    dirk = f.StaffFactory(school=world.school_a, user__email="dirk@a.example.nl", first_name="Dirk", is_teacher=True)
    world.group_3.teachers.add(dirk)
    sara = f.PupilFactory(school=world.school_a, first_name="Sara", last_name="Prins")
    f.EnrollmentFactory(pupil=sara, group=world.group_3, year_level=3)
    f.GuardianOfFactory(guardian=world.anna, pupil=sara)
    world.anna.language = "ar"
    world.anna.save(update_fields=["language"])
    round = with_slots(make_round(world), (world.tess, t(13), t(15)), (dirk, t(13), t(15)))
    tess_slots = list(round.slots.filter(staff=world.tess).order_by("starts_at"))
    bookings = bookings_create(round=round, items=[
        BookingItem(slot=tess_slots[0], pupil=world.pim, guardians=[world.anna]),
        BookingItem(slot=tess_slots[2], pupil=sara, guardians=[world.anna]),
    ], by_staff=world.lea)  # fmt: skip
    Message.objects.all().delete()  # the confirmations: only the absence's messages count below
    return round, dirk, sara, bookings


def absence_notices():
    return Message.objects.filter(purpose=Purpose.NOTICE, parts__source__startswith="conversations.absence:")


def test_the_teachers_slots_close_and_each_family_gets_one_notice_with_the_choice(world, scene):
    round, dirk, sara, bookings = scene
    before = coverage(round=round)
    absence = absence_start(round=round, staff=world.tess, starts_at=t(0), ends_at=t(23, 59), by=world.lea)
    assert set(absence.cancelled.all()) == set(bookings)
    assert not Booking.objects.filter(ACTIVE, round=round).exists()
    # only the duo partner's times are left to choose from, for both children
    assert {s.staff for s in free_slots(round=round, pupil=world.pim)} == {dirk}
    assert coverage(round=round).free_slots == before.free_slots - (round.slots.filter(staff=world.tess).count() - 2)
    [notice] = absence_notices()  # one for the family, naming both children
    assert notice.guardian == world.anna
    assert "Pim" in notice.text and "Sara" in notice.text
    assert "/gesprekken/mijn/" in notice.text


def test_when_the_teacher_is_back_the_bookings_come_back_unless_the_family_chose_another(world, scene):
    round, dirk, sara, bookings = scene
    absence = absence_start(round=round, staff=world.tess, starts_at=t(0), ends_at=t(23, 59), by=world.tess)
    # meanwhile Anna chose Dirk's last time for Sara (not at the time of Pim's conversation)
    dirk_slot = free_slots(round=round, pupil=sara).last()
    bookings_create(round=round, items=[BookingItem(slot=dirk_slot, pupil=sara, guardians=[world.anna])],
                    by_staff=world.lea)  # fmt: skip
    restored, lost = absence_end(absence=absence, by=world.tess)
    assert [b.pupil for b in restored] == [world.pim] and [b.pupil for b in lost] == [sara]
    assert Booking.objects.get(pk=bookings[0].pk).status == BookingStatus.CONFIRMED
    assert Booking.objects.filter(ACTIVE, round=round, pupil=sara).get().slot == dirk_slot
    assert free_slots(round=round, pupil=world.pim).filter(staff=world.tess).exists()  # the slots reopened
    assert absence_notices().filter(parts__source__contains=":restored:").count() == 1
    assert absence_end(absence=absence, by=world.tess) == ([], [])  # twice changes nothing more


def test_bad_input_is_refused_in_dutch_and_nothing_changes(world, scene):
    round, dirk, sara, bookings = scene
    after_round = round.last_day + datetime.timedelta(days=3)
    with pytest.raises(ValidationError, match="gespreksdag van deze ronde"):
        absence_start(round=round, staff=world.tess, starts_at=t(9, day=after_round), ends_at=t(17, day=after_round),
                      by=world.lea)  # fmt: skip
    with pytest.raises(ValidationError, match="eindtijd"):
        absence_start(round=round, staff=world.tess, starts_at=t(15), ends_at=t(13), by=world.lea)
    with pytest.raises(PermissionDenied):  # a teacher reports only themself
        absence_start(round=round, staff=world.tess, starts_at=t(13), ends_at=t(15), by=dirk)
    pims = bookings[0].slot  # part of a day: only Pim's time
    absence_start(round=round, staff=world.tess, starts_at=pims.starts_at, ends_at=pims.ends_at, by=world.lea)
    with pytest.raises(ValidationError, match="al als afwezig"):
        absence_start(round=round, staff=world.tess, starts_at=t(13), ends_at=t(15), by=world.lea)
    assert Absence.objects.count() == 1
    assert Booking.objects.get(pk=bookings[1].pk).status == BookingStatus.CONFIRMED  # Sara's later time stays


def test_the_page_for_leadership_and_the_teacher_not_for_parents_or_another_school(
    world, scene, login_as, django_assert_max_num_queries
):
    round, dirk, sara, bookings = scene
    url = reverse("conversations:absences", args=[round.pk])
    assert login_as(world.anna).get(url).status_code == 403
    assert login_as(world.sven).get(url).status_code == 404
    client = login_as(world.lea)
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200
    response = client.post(url, {"staff": world.tess.pk, "day": DAY.isoformat(), "start": "07:00", "end": "22:00"})
    assert response.status_code == 302
    absence = Absence.objects.get()
    assert login_as(world.lars).post(reverse("conversations:absence_back", args=[absence.pk])).status_code == 404
    back = login_as(world.lea).post(reverse("conversations:absence_back", args=[absence.pk]), follow=True)
    assert "2 gesprekken staan weer" in back.content.decode()


def walk_absence(world):
    """An absence of Tess in the walk's round (the access walk's `absence_id`)."""
    from tests.conversations.test_rounds_support import walk_round

    round = walk_round(world)
    existing = Absence.objects.filter(round=round).first()
    return existing or Absence.objects.create(round=round, staff=world.tess, starts_at=t(8), ends_at=t(9),
                                              created_by=world.lea)  # fmt: skip
