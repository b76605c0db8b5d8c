"""The advice given in an advice conversation lands in the advice register, under its rules."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conversations.models import Record, RoundKind
from conversations.records import record_save
from development.models import Advice, AdviceKind, DevelopmentSettings
from development.services import advice_give
from tests.conversations.test_records_support import book, held, make_round


@pytest.fixture
def groep8(world):
    """Bo in groep 8 this year (the world has him in 5/6: a new enrollment from today)."""
    enrollment = world.bo.enrollments.get()
    enrollment.year_level = 8
    enrollment.save(update_fields=["year_level"])
    return world.bo


def advice_record(world, kind, **fields):
    round = make_round(world, kind=kind, levels=(8,))
    booking = book(round,
                   world.otto, world.bo, [world.bert], starts_at=held())  # fmt: skip
    values = {"second_staff": world.iris, "advice_date": timezone.localdate(), **fields}
    return booking, record_save(booking=booking, by=world.otto, **values)


def test_provisional_advice_conversation_registers_the_advice(world, groep8):
    booking, record = advice_record(world, RoundKind.ADVICE_PROVISIONAL, advice_track="havo",
                                    advice_second_track="vwo")  # fmt: skip

    advice = Advice.objects.get(record=record)
    assert (advice.kind, advice.track, advice.second_track) == (AdviceKind.PROVISIONAL, "havo", "vwo")
    assert (advice.given_by, advice.second_colleague, advice.pupil) == (world.otto, world.iris, world.bo)

    record_save(booking=booking, by=world.otto, advice_track="vmbo_gt", advice_second_track="havo")
    assert Advice.objects.filter(pupil=world.bo).count() == 1  # an edit replaces, never doubles
    assert Advice.objects.get(record=record).track == "vmbo_gt"


def test_groep7_conversation_gives_the_schools_groep7_advice(world):
    DevelopmentSettings.objects.create(school_year=world.year_a, groep7_advice="indicative")
    _booking, record = advice_record(world, RoundKind.ADVICE_PROVISIONAL, advice_track="havo")

    assert Advice.objects.get(record=record).kind == AdviceKind.INDICATIVE  # Bo is not in groep 8


def test_final_advice_lower_than_provisional_is_refused_and_nothing_is_saved(world, groep8):
    advice_give(by=world.otto, pupil=world.bo, kind=AdviceKind.PROVISIONAL, track="havo",
                given_on=timezone.localdate(), second_colleague=world.iris)  # fmt: skip

    with pytest.raises(ValidationError) as refused:
        advice_record(world, RoundKind.ADVICE_FINAL, advice_track="vmbo_gt")

    assert "advice_track" in refused.value.message_dict  # named as the record's own field
    assert not Record.objects.filter(booking__pupil=world.bo).exists()
    assert list(Advice.objects.filter(pupil=world.bo).values_list("kind", flat=True)) == [AdviceKind.PROVISIONAL]


def test_final_advice_raised_only_above_a_higher_transfer_test_result(world, groep8):
    advice_give(by=world.otto, pupil=world.bo, kind=AdviceKind.PROVISIONAL, track="vmbo_gt",
                given_on=timezone.localdate(), second_colleague=world.iris)  # fmt: skip
    booking = book(
        make_round(world, kind=RoundKind.ADVICE_FINAL, levels=(8,)),
        world.otto,
        world.bo,
        [world.bert],
        starts_at=held(),
    )
    final = {"second_staff": world.iris, "advice_date": timezone.localdate(), "advice_track": "havo"}
    with pytest.raises(ValidationError):  # no higher test result known yet
        record_save(booking=booking, by=world.otto, **final)

    Advice.objects.filter(pupil=world.bo).update(transfer_test_track="havo")  # the test result, entered
    record = record_save(booking=booking, by=world.otto, **final)
    assert Advice.objects.get(record=record).kind == AdviceKind.FINAL


def test_other_conversations_register_nothing(world):
    round = make_round(world, kind=RoundKind.START, levels=(5, 6))
    booking = book(round,
                   world.otto, world.bo, [world.bert], starts_at=held())  # fmt: skip
    record_save(booking=booking, by=world.otto, goal="Kennismaken", advice_track="havo")
    assert not Advice.objects.exists()


def test_the_register_follows_the_record_service_not_a_save_signal(world, groep8):
    """The flow is explicit: record_save calls the register's service; a record written another
    way (here straight into the table) does not reach the register behind the code's back."""
    round = make_round(world, kind=RoundKind.ADVICE_PROVISIONAL, levels=(8,))
    booking = book(round,
                   world.otto, world.bo, [world.bert], starts_at=held())  # fmt: skip
    Record.objects.create(booking=booking, author=world.otto, second_staff=world.iris,
                          advice_track="havo", advice_date=timezone.localdate())  # fmt: skip
    assert not Advice.objects.exists()

    record = record_save(booking=booking, by=world.otto, second_staff=world.iris, advice_track="havo",
                         advice_date=timezone.localdate())  # fmt: skip
    assert Advice.objects.get(record=record).track == "havo"


def test_a_refused_advice_leaves_the_record_unsaved(world, groep8):
    round = make_round(world, kind=RoundKind.ADVICE_PROVISIONAL, levels=(8,))
    booking = book(round,
                   world.otto, world.bo, [world.bert], starts_at=held())  # fmt: skip
    with pytest.raises(ValidationError) as refused:  # not two adjacent tracks
        record_save(booking=booking, by=world.otto, second_staff=world.iris, advice_track="vmbo_bb",
                    advice_second_track="vwo", advice_date=timezone.localdate())  # fmt: skip
    assert "advice_second_track" in refused.value.message_dict
    assert not Record.objects.filter(booking=booking).exists() and not Advice.objects.exists()
