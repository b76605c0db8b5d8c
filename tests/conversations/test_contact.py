"""A contact arrangement per child, the contacts due, and corrected contact details."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conversations.contact import contact_arrangement_save, contact_details_correct, contact_moment_log, contacts_due
from conversations.models import ContactKind, ContactMoment

TODAY = datetime.date(2026, 11, 23)


def test_arrangement_schedules_the_next_contact(world):
    arrangement = contact_arrangement_save(pupil=world.pim, school_year=world.year_a, kind=ContactKind.PHONE,
                                           every_weeks=3, minutes=10, note="Bellen op maandag",
                                           by=world.tess, today=TODAY)  # fmt: skip
    assert arrangement.next_contact_on == TODAY + datetime.timedelta(weeks=3)
    regular = contact_arrangement_save(pupil=world.pim, school_year=world.year_a, kind=ContactKind.REGULAR,
                                       by=world.tess, today=TODAY)  # fmt: skip
    assert regular.pk == arrangement.pk and regular.next_contact_on is None


def test_arrangement_needs_a_frequency_and_the_right_teacher(world):
    with pytest.raises(ValidationError):
        contact_arrangement_save(pupil=world.pim, school_year=world.year_a, kind=ContactKind.HOME_VISITS, by=world.tess)
    with pytest.raises(ValidationError):
        contact_arrangement_save(pupil=world.pim, school_year=world.year_a, kind=ContactKind.PHONE, every_weeks=2,
                                 by=world.otto)  # fmt: skip


def test_contacts_due_and_logging_moves_the_next_contact(world):
    agreed_on = TODAY - datetime.timedelta(days=12)
    arrangement = contact_arrangement_save(pupil=world.pim, school_year=world.year_a, kind=ContactKind.PHONE,
                                           every_weeks=2, by=world.tess, today=agreed_on)  # fmt: skip
    assert list(contacts_due(staff=world.tess, today=TODAY)) == [arrangement]
    assert list(contacts_due(staff=world.otto, today=TODAY)) == []
    assert list(contacts_due(staff=world.lars, today=TODAY)) == []
    contact_moment_log(arrangement=arrangement, on=TODAY, note="Gebeld", by=world.tess)
    arrangement.refresh_from_db()
    assert arrangement.next_contact_on == TODAY + datetime.timedelta(weeks=2)
    assert list(contacts_due(staff=world.tess, today=TODAY)) == []


def test_contact_details_corrected_reach_the_guardian(world):
    changed = contact_details_correct(guardian=world.anna, pupil=world.pim, email="Anna.Prins@Example.nl",
                                      mobile="06 12345678", language="tr", by=world.tess)  # fmt: skip
    world.anna.refresh_from_db()
    assert (world.anna.email, world.anna.mobile, world.anna.language) == ("anna.prins@example.nl", "+31612345678", "tr")
    assert set(changed) == {"email", "mobile", "language"}
    note = ContactMoment.objects.get().note
    assert "Anna" in note and "12345678" not in note  # which fields changed, not the values
    assert contact_details_correct(guardian=world.anna, pupil=world.pim, email="anna.prins@example.nl",
                                   mobile="+31612345678", language="tr", by=world.tess) == []  # fmt: skip
    with pytest.raises(ValidationError):
        contact_details_correct(guardian=world.anna, pupil=world.pim, email="geen-adres", mobile="", language="nl",
                                by=world.tess)  # fmt: skip
    with pytest.raises(ValidationError):
        contact_details_correct(guardian=world.bert, pupil=world.pim, email="", mobile="", language="nl",
                                by=world.tess)  # fmt: skip


def test_contact_page(world, login_as):
    client = login_as(world.tess)
    url = reverse("conversations:contact", args=[world.pim.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "arrangement", "kind": "home_visits", "every_weeks": "6", "minutes": "45",
                                 "note": "Huisbezoek"})  # fmt: skip
    assert response.status_code == 302
    assert world.pim.contact_arrangements.get().kind == "home_visits"
    client.post(url, {"action": "details", "guardian": world.anna.pk, "email": "anna@nieuw.nl", "mobile": "",
                      "language": "nl"})  # fmt: skip
    world.anna.refresh_from_db()
    assert world.anna.email == "anna@nieuw.nl"
    for who in (world.otto, world.sven, world.bea, world.anna):
        assert login_as(who).get(url).status_code in (403, 404)


def test_the_information_sessions_the_guardians_want_are_saved(world, login_as):
    client = login_as(world.tess)
    page = client.get(reverse("conversations:contact", args=[world.pim.pk])).content.decode()
    assert "Welke informatiebijeenkomsten willen de ouders bijwonen?" in page
    response = client.post(reverse("conversations:contact", args=[world.pim.pk]), {
        "action": "arrangement", "kind": ContactKind.REGULAR, "every_weeks": "", "minutes": "", "note": "",
        "info_sessions_wanted": "Informatieavond groep 3, avond over lezen",
    })  # fmt: skip
    assert response.status_code == 302
    arrangement = world.pim.contact_arrangements.get()
    assert arrangement.info_sessions_wanted == "Informatieavond groep 3, avond over lezen"
    saved = contact_arrangement_save(pupil=world.pim, school_year=world.year_a, kind=ContactKind.REGULAR,
                                     info_sessions_wanted="  Ouderavond  ", by=world.tess)  # fmt: skip
    assert saved.info_sessions_wanted == "Ouderavond"
