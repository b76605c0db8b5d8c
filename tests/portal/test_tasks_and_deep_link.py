"""The parent's home lists what is still to do, most urgent first, each task naming the child;
a link from an e-mail or SMS survives the login (issue 13, point 8), but only to a page of this site."""

import re
import secrets

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from conversations.models import BookingStatus
from conversations.records import record_publish, record_save
from meetings.invitations import token_hash
from meetings.models import Invitation
from messaging import sms
from tests.accounts.conftest import (
    clear_throttle,
    login_links_at_once,  # noqa: F401 (a fixture: login links sent at once)
)
from tests.conversations.test_booking import add_sibling, book, make_round, make_slots
from tests.conversations.test_records_support import book as held_conversation
from tests.conversations.test_records_support import make_round as make_past_round
from tests.conversations.test_records_support import soon
from tests.meetings.test_attendance import make_session

# The login hands the link to the Celery task accounts.send_login_link (with the destination as
# next_path); these tests read the mail or SMS as soon as the request returns.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("login_links_at_once")]
FULL_LINK = re.compile(r"https?://\S+/accounts/l/[\w-]+/(\?next=\S+)?")


def invite_to_session(world, guardian, pupils, *, days):
    session = make_session(world.year_a, days=days)
    invitation = Invitation.objects.create(session=session, guardian=guardian, invited_at=timezone.now(),
                                           token_hash=token_hash(secrets.token_urlsafe(24)))  # fmt: skip
    invitation.pupils.set(pupils)
    return session


def tasks_on_home(client):
    page = client.get(reverse("portal:home")).content.decode()
    block = page.split("data-tasks", 1)[1].split("</ol>", 1)[0] if "data-tasks>" in page else ""
    return page, re.findall(r'data-task="(\w+)"', block)


def test_the_home_lists_open_tasks_most_urgent_first_each_naming_the_child(world, login_as):
    sara = add_sibling(world, world.anna, name="Sara", year_level=5)
    later = invite_to_session(world, world.anna, [sara], days=20)
    invite_to_session(world, world.anna, [world.pim], days=5)
    round = make_round(world, days_ahead=10)
    make_slots(round, world.tess, 3), make_slots(round, world.otto, 3)
    client = login_as(world.anna)
    page, kinds = tasks_on_home(client)
    assert kinds == ["rsvp", "book", "rsvp"]  # in 5 days, the round in 10, the session in 20
    assert "Voor: Pim" in page and "Voor: Pim, Sara" in page and "Voor: Sara" in page
    assert reverse("meetings:my_rsvp", args=[later.pk]) in page
    assert page.index(">Te doen</h1>") < page.index(">Mijn kinderen</h2>")


def test_proposals_and_unread_records_are_tasks_until_done(world, login_as):
    round = make_round(world, days_ahead=3)
    slot = make_slots(round, world.tess, 2)[0]
    booking = book(round, slot, world.pim, world.anna, by_guardian=None, by_staff=world.lea)
    booking.status = BookingStatus.PROPOSED
    booking.save(update_fields=["status"])
    held = held_conversation(make_past_round(world), world.tess, world.pim, [world.anna], starts_at=soon(-2))
    record = record_publish(record=record_save(booking=held, by=world.tess, no_agreements_needed=True,
                                               no_agreements_reason="Alles loopt goed"), by=world.tess)  # fmt: skip
    client = login_as(world.anna)
    assert tasks_on_home(client)[1] == ["proposal", "record"]
    client.get(reverse("conversations:my_record", args=[record.pk]))
    client.post(reverse("conversations:accept", args=[round.pk]))
    page, kinds = tasks_on_home(client)
    assert kinds == [] and "U hoeft nu niets te doen." in page


def test_another_familys_tasks_never_show(world, login_as):
    invite_to_session(world, world.bert, [world.bo], days=5)
    page, kinds = tasks_on_home(login_as(world.anna))
    assert kinds == [] and "Bo" not in page


def test_the_home_reads_a_bounded_number_of_queries(world, login_as, django_assert_max_num_queries):
    for days in (5, 9, 14):
        invite_to_session(world, world.anna, [world.pim], days=days)
        round = make_round(world, days_ahead=days + 1)
        make_slots(round, world.tess, 2)
    client = login_as(world.anna)
    client.get(reverse("portal:home"))
    with django_assert_max_num_queries(24):
        assert len(tasks_on_home(client)[1]) == 6


# -- the deep link through login ------------------------------------------------------------------


def test_a_link_from_an_email_brings_the_parent_to_that_page_after_the_magic_link(client, world):
    clear_throttle()
    target = reverse("conversations:my_bookings")
    response = client.get(target)
    assert response.status_code == 302 and "next=" in response.url
    login_page = client.get(response.url).content.decode()
    assert f"{reverse('accounts:parent_login')}?next=/gesprekken/mijn/" in login_page
    parent_page = client.get(reverse("accounts:parent_login") + f"?next={target}").content.decode()
    assert f'name="next" value="{target}"' in parent_page
    client.post(reverse("accounts:parent_login"), {"identity": "anna@example.nl", "next": target})
    link = FULL_LINK.search(mail.outbox[-1].body).group(0)
    assert link.endswith("?next=%2Fgesprekken%2Fmijn%2F")
    assert f'name="next" value="{target}"' in client.get(link).content.decode()
    response = client.post(link.split("?")[0], {"next": target})
    assert response.status_code == 302 and response.url == target


def test_the_sms_code_login_keeps_the_destination(client, world):
    clear_throttle()
    world.anna.mobile = "+31612345678"
    world.anna.save(update_fields=["mobile"])
    target = reverse("meetings:my_invitations")
    client.post(reverse("accounts:parent_login"), {"identity": "06 12345678", "next": target})
    code = re.search(r"\b(\d{6})\b", sms.outbox[-1]["text"])
    response = client.post(reverse("accounts:parent_code"), {"code": code.group(1)})
    assert response.status_code == 302 and response.url == target


@pytest.mark.parametrize(
    "evil", ["https://evil.example.com/", "//evil.example.com/x", "/\\evil.example.com", "javascript:alert(1)", ""]
)
def test_a_destination_off_this_site_is_dropped_for_the_portal_home(client, world, evil):
    clear_throttle()
    client.post(reverse("accounts:parent_login"), {"identity": "anna@example.nl", "next": evil})
    link = FULL_LINK.search(mail.outbox[-1].body).group(0)
    assert "next=" not in link
    response = client.post(link, {"next": evil})
    assert response.status_code == 302 and response.url == reverse("portal:home")


def test_tasks_name_the_round_in_the_parents_language_or_mark_the_dutch(world, login_as):
    from django.conf import settings

    from conversations.texts import round_translation_save

    round = make_round(world, days_ahead=10)
    make_slots(round, world.tess, 2)
    client = login_as(world.anna)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    page = client.get(reverse("portal:home")).content.decode()
    assert '<bdi lang="nl">Ontwikkelingsgesprekken</bdi>' in page  # no approved translation: Dutch, marked
    round_translation_save(round=round, language="ar", title="محادثات النمو", goal="", invitation_text="",
                           by=world.lea, approve=True)  # fmt: skip
    page = client.get(reverse("portal:home")).content.decode()
    assert "<bdi>محادثات النمو</bdi>" in page and "Ontwikkelingsgesprekken" not in page
