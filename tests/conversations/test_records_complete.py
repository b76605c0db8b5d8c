"""Issue 14, point 9: a record is shared with the parents only when it is complete, as the card
asks: each agreement states who does what, when, how and why, and there is a moment to evaluate;
or explicitly "geen afspraken nodig", with the reason. Records stored before stay readable."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from conversations.models import Agreement, Attendance, Record
from conversations.records import record_missing, record_publish, record_save
from messaging.models import Message

from .test_records_support import book, held, make_round

pytestmark = pytest.mark.django_db

FULL = {"who": "Ouders", "what": "Elke avond samen lezen", "when": "elke avond", "how": "om de beurt",
        "why": "leesplezier"}  # fmt: skip


@pytest.fixture
def booking(world):
    return book(make_round(world), world.tess, world.pim, [world.anna], topics="Lezen", starts_at=held())


def in_weeks(n):
    return timezone.localdate() + datetime.timedelta(weeks=n)


def refusal(record, by):
    with pytest.raises(ValidationError) as refused:
        record_publish(record=record, by=by)
    assert Record.objects.get(pk=record.pk).published_at is None
    return " ".join(refused.value.messages)


def test_an_agreement_with_only_who_and_what_is_not_shared(world, booking):
    record = record_save(booking=booking, by=world.tess, evaluation_date=in_weeks(6),
                         agreements=[{"who": "Ouders", "what": "Samen lezen"}])  # fmt: skip

    text = refusal(record, world.tess)

    assert "niet compleet" in text and "Afspraak 1 (Samen lezen): vul nog in: wanneer, hoe, waarom." in text
    assert not Message.objects.filter(parts__source__endswith=":published").exists()


def test_a_record_without_an_evaluation_date_is_not_shared(world, booking):
    record = record_save(booking=booking, by=world.tess, agreements=[FULL])
    assert "evaluatiemoment" in refusal(record, world.tess)


def test_a_record_without_agreements_is_not_shared(world, booking):
    record = record_save(booking=booking, by=world.tess, going_well="Lezen", evaluation_date=in_weeks(6))
    text = refusal(record, world.tess)
    assert "nog geen afspraken" in text and "Geen afspraken nodig" in text


def test_every_missing_part_is_named_at_once(world, booking):
    record = record_save(booking=booking, by=world.tess, agreements=[FULL, {"who": "Leerkracht", "what": "Leesboek",
                                                                            "how": "in de leesmap"}])  # fmt: skip
    assert record_missing(record) == [
        "Afspraak 2 (Leesboek): vul nog in: wanneer, waarom.",
        "Kies een evaluatiemoment: de dag waarop u met de ouders terugkijkt op de afspraken.",
    ]


def test_a_complete_record_is_shared(world, booking):
    record = record_save(booking=booking, by=world.tess, agreements=[FULL], evaluation_date=in_weeks(6))
    assert record_missing(record) == []
    assert record_publish(record=record, by=world.tess).published_at is not None


def test_no_agreements_needed_with_a_reason_is_shared_without_an_evaluation_date(world, booking, login_as):
    record = record_save(booking=booking, by=world.tess, no_agreements_needed=True,
                         no_agreements_reason="  Het gaat goed; we houden het zo.  ")  # fmt: skip
    record = record_publish(record=record, by=world.tess)

    assert record.published_at is not None
    assert Record.objects.get(pk=record.pk).no_agreements_reason == "Het gaat goed; we houden het zo."
    page = login_as(world.anna).get(reverse("conversations:my_record", args=[record.pk])).content.decode()
    assert "Er zijn geen nieuwe afspraken nodig." in page and "Het gaat goed; we houden het zo." in page


def test_no_agreements_needed_needs_a_reason_and_no_agreements(world, booking):
    with pytest.raises(ValidationError, match="waarom er geen afspraken nodig zijn"):
        record_save(booking=booking, by=world.tess, no_agreements_needed=True)
    with pytest.raises(ValidationError, match="Er staan afspraken in het verslag"):
        record_save(booking=booking, by=world.tess, no_agreements_needed=True, no_agreements_reason="Gaat goed",
                    agreements=[FULL])  # fmt: skip
    assert not Record.objects.filter(booking=booking).exists()  # nothing written


def test_a_conversation_the_family_missed_needs_no_agreements(world, booking):
    record = record_save(booking=booking, by=world.tess, attendance=Attendance.NO_SHOW)
    assert record_missing(record) == []


def test_a_shared_record_stays_complete(world, booking):
    record = record_save(booking=booking, by=world.tess, agreements=[FULL], evaluation_date=in_weeks(6))
    record_publish(record=record, by=world.tess)

    with pytest.raises(ValidationError, match="al; het moet compleet blijven"):
        record_save(booking=booking, by=world.tess, evaluation_date=None)

    assert Record.objects.get(pk=record.pk).evaluation_date == in_weeks(6)
    record_save(booking=booking, by=world.tess, going_well="Leest nu zelf")  # other edits are fine


def test_an_incomplete_record_from_before_stays_readable_and_editable_but_is_not_shared(world, booking, login_as):
    """As a record stored before the rule: an agreement with who and what only, no evaluation date."""
    record = Record.objects.create(booking=booking, author=world.tess, going_well="Oud verslag")
    Agreement.objects.create(record=record, who="Ouders", what="Samen lezen")
    client = login_as(world.tess)

    page = client.get(reverse("conversations:conversation", args=[booking.pk])).content.decode()
    assert "Samen lezen" in page and 'id="record-missing"' in page and "vul nog in: wanneer, hoe, waarom" in page
    assert "niet compleet" in refusal(record, world.tess)
    record_save(booking=booking, by=world.tess, goal="Aangevuld")  # a draft may still be edited
    published_before = Record.objects.create(booking=booking_for_bo(world), author=world.otto,
                                             published_at=timezone.now())  # fmt: skip
    Agreement.objects.create(record=published_before, who="Ouders", what="Tafels oefenen")
    bo_page = login_as(world.bert).get(reverse("conversations:my_record", args=[published_before.pk]))
    assert bo_page.status_code == 200 and "Tafels oefenen" in bo_page.content.decode()


def booking_for_bo(world):
    return book(make_round(world), world.otto, world.bo, [world.bert], starts_at=held())


def test_the_teacher_sees_what_is_missing_when_sharing_in_the_browser(world, booking, login_as):
    data = {
        "goal": "Kennismaken", "attendance": "came",
        "agreements-TOTAL_FORMS": "1", "agreements-INITIAL_FORMS": "0",
        "agreements-MIN_NUM_FORMS": "0", "agreements-MAX_NUM_FORMS": "1000",
        "agreements-0-who": "Ouders", "agreements-0-what": "Samen lezen", "action": "publish",
    }  # fmt: skip

    response = login_as(world.tess).post(reverse("conversations:conversation", args=[booking.pk]), data, follow=True)

    page = " ".join(response.content.decode().split())
    assert "Opgeslagen, maar nog niet gedeeld met de ouders." in page
    assert "vul nog in: wanneer, hoe, waarom" in page and "evaluatiemoment" in page
    record = Record.objects.get(booking=booking)
    assert record.published_at is None and record.agreements.count() == 1  # the draft is kept
    assert not Message.objects.filter(parts__source__endswith=":published").exists()
