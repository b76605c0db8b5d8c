"""Invitations only for what can be booked (issue 13, points 1, 2, 16): a round's invitations go
out only when every group has a free slot for each pupil still to plan, or leadership confirms on a
page that names the short groups; parents never see a round before it is opened nor a round
without times for their child; before booking opens they see when, and can ask for a message."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conversations.invitations import CoverageShort, invite_source, opening_reminder_source, round_invite
from conversations.models import Round
from messaging.models import Message, MessagePart
from tests import factories as f
from tests.conversations.test_booking import book, make_round, make_slots

pytestmark = pytest.mark.django_db


def closed_round(world, **options):
    """A round leadership is still preparing: not invited, no preference period."""
    return make_round(world, invited_at=None, **options)


# -- leadership: the refused send and the confirmation --------------------------------------------


def test_invitations_are_refused_while_a_group_is_short_and_nothing_is_written(world):
    round = closed_round(world, days_ahead=10)
    make_slots(round, world.otto, 3)  # groep 5/6 covered; groep 3 (Tess, Pim) has no slot
    with pytest.raises(CoverageShort) as refused:
        round_invite(round=round)
    assert [(row.group.name, row.short) for row in refused.value.groups] == [("3", 1)]
    assert refused.value.missing == 1 and "1 leerlingen hebben nog geen plek" in refused.value.messages[0]
    round.refresh_from_db()
    assert round.invited_at is None and not MessagePart.objects.exists()


def test_leadership_confirms_the_shortage_it_saw_but_not_a_worse_one(world):
    round = closed_round(world, days_ahead=10)
    with pytest.raises(CoverageShort):  # it saw one pupil short; now both groups are
        round_invite(round=round, accept_short=1)
    make_slots(round, world.otto, 1)
    assert round_invite(round=round, accept_short=1) == 2  # Anna and Bert
    round.refresh_from_db()
    assert round.invited_at is not None


def test_a_complete_coverage_sends_without_a_question(world):
    round = closed_round(world, days_ahead=10)
    make_slots(round, world.tess, 1), make_slots(round, world.otto, 1)
    assert round_invite(round=round) == 2


def test_the_send_button_leads_to_a_page_naming_the_short_groups_then_sends_on_confirmation(world, login_as):
    round = closed_round(world, days_ahead=10)
    make_slots(round, world.otto, 1)
    client = login_as(world.lea)
    url = reverse("conversations:round_invite", args=[round.pk])
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == url
    page = response.content.decode()
    assert "Nog niet verstuurd" in page and "Niet elke leerling heeft een plek" in page
    assert 'data-group="3"' in page and "1 plek tekort" in page and 'data-group="5/6"' not in page
    assert 'name="accept_short" value="1"' in page
    assert not MessagePart.objects.filter(source=invite_source(round)).exists()
    response = client.post(url, {"accept_short": "1"}, follow=True)
    assert "2 uitnodigingen klaargezet" in response.content.decode()
    assert MessagePart.objects.filter(source=invite_source(round)).count() == 2


@pytest.mark.parametrize("bad", ["", "-3", "veel", "0"])
def test_a_missing_or_bad_confirmation_sends_nothing(world, login_as, bad):
    round = closed_round(world, days_ahead=10)
    login_as(world.lea).post(reverse("conversations:round_invite", args=[round.pk]), {"accept_short": bad})
    assert not MessagePart.objects.exists()


def test_the_confirmation_page_is_for_leadership_of_the_school_only(world, login_as):
    round = closed_round(world, days_ahead=10)
    url = reverse("conversations:round_invite", args=[round.pk])
    assert login_as(world.tess).get(url).status_code == 403
    assert login_as(world.lars).get(url).status_code == 404
    assert login_as(world.anna).get(url).status_code == 403
    make_slots(round, world.tess, 1), make_slots(round, world.otto, 1)  # complete: nothing to confirm
    assert login_as(world.lea).get(url).url == reverse("conversations:round", args=[round.pk])


# -- parents: only opened rounds with times for their child ---------------------------------------


def test_parents_do_not_see_a_round_before_it_is_opened(world, login_as):
    round = closed_round(world)
    Round.objects.filter(pk=round.pk).update(title="Nog in voorbereiding")
    make_slots(round, world.tess, 2)
    client = login_as(world.anna)
    assert "Nog in voorbereiding" not in client.get(reverse("conversations:my_bookings")).content.decode()
    assert client.get(reverse("conversations:book", args=[round.pk])).status_code == 404
    Round.objects.filter(pk=round.pk).update(invited_at=timezone.now())
    assert "Nog in voorbereiding" in client.get(reverse("conversations:my_bookings")).content.decode()
    assert client.get(reverse("conversations:book", args=[round.pk])).status_code == 200


def test_a_round_without_times_for_the_child_is_not_offered(world, login_as):
    round = make_round(world)
    make_slots(round, world.otto, 2)  # times for groep 5/6 only
    page = login_as(world.anna).get(reverse("conversations:my_bookings")).content.decode()
    assert "Ontwikkelingsgesprekken" not in page and "Er zijn nu geen gesprekken om te plannen." in page


def test_when_all_times_are_taken_the_parent_gets_the_waiting_list_not_a_dead_button(world, login_as):
    round = make_round(world)
    slot = make_slots(round, world.tess, 1)[0]
    pupil, guardian = add_classmate(world)
    book(round, slot, pupil, guardian)
    page = login_as(world.anna).get(reverse("conversations:my_bookings")).content.decode()
    assert "Alle tijden zijn al gekozen." in page and "op de wachtlijst" in page
    assert reverse("conversations:book", args=[round.pk]) not in page


def add_classmate(world):
    pupil = f.PupilFactory(school=world.school_a, first_name="Lot")
    f.EnrollmentFactory(pupil=pupil, group=world.group_3, year_level=3)
    guardian = f.GuardianFactory(school=world.school_a, first_name="Mira")
    f.GuardianOfFactory(guardian=guardian, pupil=pupil)
    return pupil, guardian


# -- parents: before booking opens ----------------------------------------------------------------


def test_before_booking_opens_the_parent_sees_when_and_no_buttons(world, login_as):
    opens = timezone.now() + datetime.timedelta(days=2)
    round = make_round(world, booking_opens_at=opens)
    make_slots(round, world.tess, 3)
    client = login_as(world.anna)
    when = timezone.localtime(opens)
    for url in (reverse("conversations:my_bookings"), reverse("conversations:book", args=[round.pk])):
        page = client.get(url).content.decode()
        assert f"{when:%H:%M} uur" in page and "U kunt een tijd kiezen vanaf" in page
        assert 'name="slot_' not in page and ">Kies een tijd</a>" not in page


def test_a_parent_asks_for_a_message_when_booking_opens_once(world, login_as):
    opens = timezone.now() + datetime.timedelta(days=2)
    round = make_round(world, booking_opens_at=opens)
    make_slots(round, world.tess, 3)
    client = login_as(world.anna)
    url = reverse("conversations:opening_reminder", args=[round.pk])
    client.post(url)
    client.post(url)
    message = Message.objects.get(parts__source=opening_reminder_source(round, world.anna))
    assert message.scheduled_at == opens and message.purpose == "reminder"
    assert "U kunt nu een tijd kiezen voor: Ontwikkelingsgesprekken." in message.text
    page = client.get(reverse("conversations:my_bookings")).content.decode()
    assert "U krijgt dan een bericht." in page and url not in page


def test_another_family_cannot_ask_for_the_reminder_of_a_round_not_theirs(world, login_as):
    round = make_round(world, booking_opens_at=timezone.now() + datetime.timedelta(days=2), year_levels=[3])
    make_slots(round, world.tess, 3)
    assert login_as(world.karel).post(reverse("conversations:opening_reminder", args=[round.pk])).status_code == 404
    assert login_as(world.bert).post(reverse("conversations:opening_reminder", args=[round.pk])).status_code == 404
    assert not MessagePart.objects.exists()


def test_once_booking_is_open_the_reminder_is_refused_with_a_clear_message(world, login_as):
    round = make_round(world)
    make_slots(round, world.tess, 3)
    response = login_as(world.anna).post(reverse("conversations:opening_reminder", args=[round.pk]), follow=True)
    assert "U kunt nu al een tijd kiezen." in response.content.decode()
    assert not MessagePart.objects.exists()


def test_my_bookings_reads_a_fixed_number_of_queries_for_many_rounds(world, login_as, django_assert_max_num_queries):
    for n in range(4):
        round = make_round(world, days_ahead=10 + n, booking_opens_at=timezone.now() + datetime.timedelta(days=1))
        make_slots(round, world.tess, 2)
    client = login_as(world.anna)
    client.get(reverse("conversations:my_bookings"))
    with django_assert_max_num_queries(16):
        page = client.get(reverse("conversations:my_bookings")).content.decode()
    assert page.count("U kunt een tijd kiezen vanaf") == 4
