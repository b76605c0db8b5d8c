"""A round's own words (title, goal, invitation text) for parents in their language: approved
translations only, otherwise the whole Dutch text marked lang="nl"; changing the Dutch withdraws
approval; who may translate and approve; bounded queries on the parent's pages."""

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conversations.invitations import invite_source, round_invite, subject
from conversations.models import RoundTranslation
from conversations.rounds import round_update
from conversations.texts import round_texts, round_translation_save
from messaging.models import Message
from tests.conversations.test_booking import make_round, make_slots

pytestmark = pytest.mark.django_db

AR = {"title": "محادثات النمو", "goal": "كيف حال طفلك؟", "invitation_text": "أحضروا التقرير."}
DUTCH_TEXT = "Neem het rapport mee."


@pytest.fixture
def round(world):
    round = make_round(world, days_ahead=10, invitation_text=DUTCH_TEXT)
    make_slots(round, world.tess, 2), make_slots(round, world.otto, 2)  # a time for every child: may invite
    return round


def speaks(guardian, language):
    guardian.language = language
    guardian.save(update_fields=["language"])


def translate(round, by, language="ar", approve=True, **fields):
    values = {**AR, **fields}
    return round_translation_save(round=round, language=language, by=by, approve=approve, **values)


def in_language(client, language):
    """The portal in the guardian's language (the login sets this cookie)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def invitation_of(round, guardian):
    return Message.objects.get(parts__source=invite_source(round), guardian=guardian)


def test_arabic_guardian_gets_the_approved_arabic_invitation_and_booking_page(world, round, login_as):
    speaks(world.anna, "ar")
    translate(round, world.lea)

    round_invite(round=round, base_url="https://school.example.nl")

    message = invitation_of(round, world.anna)
    assert AR["title"] in message.text and AR["goal"] in message.text and AR["invitation_text"] in message.text
    assert message.subject == AR["title"] and subject(world.anna, round=round).endswith(AR["title"])
    assert "Ontwikkelingsgesprekken" not in message.text and DUTCH_TEXT not in message.text
    assert invitation_of(round, world.bert).subject == "Ontwikkelingsgesprekken"  # a Dutch guardian: Dutch

    client = in_language(login_as(world.anna), "ar")
    page = client.get(reverse("conversations:my_bookings")).content.decode()
    assert f"<bdi>{AR['title']}</bdi>" in page and f"<bdi>{AR['goal']}</bdi>" in page
    assert "Ontwikkelingsgesprekken" not in page
    page = client.get(reverse("conversations:book", kwargs={"round_id": round.pk})).content.decode()
    assert f"<bdi>{AR['title']}</bdi>" in page


def test_a_draft_translation_is_never_shown_the_dutch_is_marked_dutch(world, round, login_as):
    speaks(world.anna, "ar")
    translate(round, world.lea, approve=False)

    round_invite(round=round, base_url="https://school.example.nl")

    message = invitation_of(round, world.anna)
    assert "Ontwikkelingsgesprekken" in message.text and DUTCH_TEXT in message.text
    assert AR["title"] not in message.text and message.subject == "Ontwikkelingsgesprekken"
    page = in_language(login_as(world.anna), "ar").get(reverse("conversations:my_bookings")).content.decode()
    assert 'lang="ar"' in page
    assert '<bdi lang="nl">Ontwikkelingsgesprekken</bdi>' in page
    assert '<bdi lang="nl">Hoe gaat het met uw kind?</bdi>' in page
    assert AR["title"] not in page


def test_an_approved_translation_with_an_empty_text_gives_that_text_in_dutch_whole(world, round):
    translate(round, world.lea, invitation_text="")
    words = round_texts(round, "ar")
    assert (words.title, words.goal) == (AR["title"], AR["goal"])
    assert (words.invitation_text, words.invitation_text_is_dutch) == (DUTCH_TEXT, True)
    assert not words.title_is_dutch and words.language_used == "ar"


def test_turkish_guardian_without_a_translation_gets_complete_dutch(world, round):
    speaks(world.anna, "tr")
    translate(round, world.lea)  # Arabic only

    round_invite(round=round, base_url="https://school.example.nl")

    message = invitation_of(round, world.anna)
    assert message.language == "tr" and message.subject == "Ontwikkelingsgesprekken"
    assert "Ontwikkelingsgesprekken" in message.text and "Hoe gaat het met uw kind?" in message.text
    assert DUTCH_TEXT in message.text and AR["title"] not in message.text


def test_changing_the_dutch_original_puts_translations_back_to_draft(world, round):
    row = translate(round, world.lea)
    round_update(round=round, booking_closes_hours_before=48)  # not the words: stays approved
    row.refresh_from_db()
    assert row.is_approved and row.approved_by == world.lea

    round_update(round=round, goal="Hoe gaat het met uw kind op school?")
    row.refresh_from_db()
    assert not row.is_approved and row.approved_by is None
    round.refresh_from_db()
    assert round_texts(round, "ar").title == "Ontwikkelingsgesprekken"


def test_staff_enter_and_approve_a_translation_on_the_round_edit_page(world, round, login_as):
    client = login_as(world.lea)
    edit = reverse("conversations:round_edit", kwargs={"round_id": round.pk})
    save = reverse("conversations:round_translation", kwargs={"round_id": round.pk})
    page = client.get(edit).content.decode()
    assert "Vertalingen" in page and "Nog geen vertaling" in page

    client.post(save, {"language": "ar", **AR})
    row = RoundTranslation.objects.get(round=round, language="ar")
    assert not row.is_approved and "Wacht op goedkeuring" in client.get(edit).content.decode()

    client.post(save, {"language": "ar", **AR, "approve": "1"})
    row.refresh_from_db()
    assert row.approved_by == world.lea and row.approved_at is not None
    page = client.get(edit).content.decode()
    assert "Goedgekeurd" in page and f"door {world.lea.full_name}" in page

    response = client.post(save, {"language": "tr", "title": "", "goal": "", "approve": "1"}, follow=True)
    assert "Er is geen vertaling om goed te keuren." in response.content.decode()
    assert not RoundTranslation.objects.filter(language="tr").exists()


def test_only_the_schools_leadership_may_translate(world, round, login_as):
    save = reverse("conversations:round_translation", kwargs={"round_id": round.pk})
    post = {"language": "ar", **AR, "approve": "1"}
    assert login_as(world.sven).post(save, post).status_code in (403, 404)  # teacher of another school
    assert login_as(world.lars).post(save, post).status_code == 404  # leadership of another school
    assert login_as(world.tess).post(save, post).status_code == 403  # a teacher does not edit the round
    assert login_as(world.anna).post(save, post).status_code in (403, 404)
    assert not RoundTranslation.objects.exists()
    for outsider in (world.lars, world.tess):
        with pytest.raises(PermissionDenied):
            translate(round, outsider)


def _queries(client, url, language):
    with CaptureQueriesContext(connection) as queries:
        assert in_language(client, language).get(url).status_code == 200
    return len(queries)


def test_parent_round_lists_in_arabic_have_bounded_queries(world, round, login_as):
    """The translations cost one query per page, whatever the number of rounds."""
    speaks(world.anna, "ar")
    translate(round, world.lea)
    client = login_as(world.anna)
    urls = [reverse("conversations:my_bookings"), reverse("conversations:preferences")]

    def extra():  # the queries an Arabic page costs above the same Dutch page
        return [_queries(client, url, "ar") - _queries(client, url, "nl") for url in urls]

    assert extra() == [1, 1]
    for n in range(3):
        other = make_round(world, days_ahead=12 + n)
        translate(other, world.lea, title=f"جولة {n}")
    assert extra() == [1, 1]
    page = in_language(client, "ar").get(urls[1]).content.decode()
    assert "جولة 2" in page and AR["title"] in page
