"""A programme item's own words for parents in their language: approved translations only,
otherwise the whole Dutch text marked lang="nl"; changing the Dutch withdraws approval;
who may translate and approve; bounded queries on the parent's list."""

import datetime
import re

import icalendar
import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.invitations import invitation_subject, invitations_send
from meetings.models import ProgrammeItemTranslation, Session
from meetings.programme import programme_install, programme_item_add, programme_item_update
from meetings.texts import item_texts, item_translation_save
from messaging.models import Message, Purpose

pytestmark = pytest.mark.django_db

DUTCH_TITLE = "Samen lezen thuis"
DUTCH_TOPICS = "Voorlezen aan uw kind\nDe bibliotheek"
AR_TITLE = "القراءة معًا في البيت"
AR_TOPICS = "القراءة بصوت عالٍ لطفلك\nالمكتبة"
BASE = "https://ouders.example.nl"


@pytest.fixture
def item(world):
    return programme_item_add(school=world.school_a, title=DUTCH_TITLE, topics=DUTCH_TOPICS, year_levels=[3, 4])


def make_session(world, item, days=20):
    starts_at = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=days)
    return Session.objects.create(
        item=item, school_year=world.year_a, year_levels=[3, 4], starts_at=starts_at, location="Aula"
    )


def speaks(guardian, language):
    guardian.language = language
    guardian.save(update_fields=["language"])


def translate(item, by, language="ar", title=AR_TITLE, topics=AR_TOPICS, approve=True):
    return item_translation_save(item=item, language=language, title=title, topics=topics, by=by, approve=approve)


def in_language(client, language):
    """The portal in the guardian's language (the login sets this cookie)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def invitation_message(guardian):
    return Message.objects.get(guardian=guardian, purpose=Purpose.NOTICE)


def token_in(message):
    return re.search(r"/bijeenkomsten/antwoord/([\w-]+)/", message.text).group(1)


def test_arabic_guardian_gets_the_approved_arabic_words_in_the_invitation_rsvp_page_and_calendar(world, item, client):
    speaks(world.anna, "ar")
    translate(item, world.lea)
    session = make_session(world, item)

    invitations_send(session=session, by=world.lea, base_url=BASE)

    message = invitation_message(world.anna)
    assert AR_TITLE in message.text and AR_TITLE in message.subject
    assert "- القراءة بصوت عالٍ لطفلك" in message.text and "- المكتبة" in message.text
    assert DUTCH_TITLE not in message.text and "Voorlezen" not in message.text
    assert invitation_subject(session, world.anna) == message.subject

    token = token_in(message)
    page = client.get(reverse("meetings:rsvp", kwargs={"token": token})).content.decode()
    assert f"<bdi>{AR_TITLE}</bdi>" in page and "<li><bdi>المكتبة</bdi></li>" in page
    assert DUTCH_TITLE not in page and '<bdi lang="nl">' not in page and 'lang="nl" dir="auto"' not in page

    ics = client.get(reverse("meetings:rsvp_ics", kwargs={"token": token})).content
    event = icalendar.Calendar.from_ical(ics).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == AR_TITLE and "المكتبة" in str(event["DESCRIPTION"])


def test_a_draft_translation_is_never_shown_the_dutch_is_marked_dutch(world, item, client):
    speaks(world.anna, "ar")
    translate(item, world.lea, approve=False)
    session = make_session(world, item)

    invitations_send(session=session, by=world.lea, base_url=BASE)

    message = invitation_message(world.anna)
    assert DUTCH_TITLE in message.text and "- Voorlezen aan uw kind" in message.text
    assert AR_TITLE not in message.text and AR_TITLE not in message.subject
    page = client.get(reverse("meetings:rsvp", kwargs={"token": token_in(message)})).content.decode()
    assert 'lang="ar"' in page  # the page itself is Arabic …
    assert f'<bdi lang="nl">{DUTCH_TITLE}</bdi>' in page  # … the school's Dutch words are marked Dutch
    assert re.search(r'<ul class="mb-1" lang="nl" dir="auto"><li><bdi>Voorlezen aan uw kind</bdi>', page)
    assert AR_TITLE not in page


def test_an_approved_translation_with_empty_topics_gives_the_dutch_topics_whole(world, item):
    translate(item, world.lea, topics="")
    words = item_texts(item, "ar")
    assert (words.title, words.title_is_dutch) == (AR_TITLE, False)
    assert (words.topics, words.topics_are_dutch) == (["Voorlezen aan uw kind", "De bibliotheek"], True)


def test_turkish_guardian_without_a_translation_gets_complete_dutch(world, item, client, login_as):
    speaks(world.anna, "tr")
    translate(item, world.lea)  # Arabic only
    session = make_session(world, item)

    invitations_send(session=session, by=world.lea, base_url=BASE)

    message = invitation_message(world.anna)
    assert message.language == "tr"
    assert DUTCH_TITLE in message.subject and DUTCH_TITLE in message.text
    assert "- Voorlezen aan uw kind" in message.text and "- De bibliotheek" in message.text
    assert AR_TITLE not in message.text
    page = in_language(login_as(world.anna), "tr").get(reverse("meetings:my_invitations")).content.decode()
    assert 'lang="tr"' in page and f'<bdi lang="nl">{DUTCH_TITLE}</bdi>' in page


def test_changing_the_dutch_original_puts_translations_back_to_draft(world, item):
    row = translate(item, world.lea)
    programme_item_update(item=item, duration_minutes=90)  # not the words: stays approved
    row.refresh_from_db()
    assert row.is_approved and row.approved_by == world.lea

    programme_item_update(item=item, topics=DUTCH_TOPICS + "\nSpelletjes met letters")
    row.refresh_from_db()
    assert not row.is_approved and row.approved_by is None
    item.refresh_from_db()
    assert item_texts(item, "ar").title == DUTCH_TITLE  # parents get Dutch until approved again


def test_editing_the_dutch_on_the_edit_page_resets_approval(world, item, login_as):
    row = translate(item, world.lea)
    data = {"title": "Samen lezen en rekenen thuis", "topics": DUTCH_TOPICS, "outline": "", "year_levels": ["3", "4"],
            "duration_minutes": "60", "active": "on"}  # fmt: skip
    response = login_as(world.lea).post(reverse("meetings:programme_item", kwargs={"item_id": item.pk}), data)
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.approved_at is None


def test_staff_enter_and_approve_a_translation_on_the_edit_page(world, item, login_as):
    client = login_as(world.lea)
    edit = reverse("meetings:programme_item", kwargs={"item_id": item.pk})
    save = reverse("meetings:programme_item_translation", kwargs={"item_id": item.pk})
    page = client.get(edit).content.decode()
    assert "Vertalingen" in page and "Nog geen vertaling" in page

    client.post(save, {"language": "ar", "title": AR_TITLE, "topics": AR_TOPICS})
    row = ProgrammeItemTranslation.objects.get(item=item, language="ar")
    assert not row.is_approved
    assert "Wacht op goedkeuring" in client.get(edit).content.decode()

    client.post(save, {"language": "ar", "title": AR_TITLE, "topics": AR_TOPICS, "approve": "1"})
    row.refresh_from_db()
    assert row.approved_by == world.lea and row.approved_at is not None
    page = client.get(edit).content.decode()
    assert "Goedgekeurd" in page and f"door {world.lea.full_name}" in page

    client.post(save, {"language": "ar", "title": AR_TITLE + "!", "topics": AR_TOPICS})  # changed: approve again
    row.refresh_from_db()
    assert row.title == AR_TITLE + "!" and not row.is_approved

    response = client.post(save, {"language": "xx", "title": "?", "topics": ""}, follow=True)
    assert "Onbekende taal: xx." in response.content.decode()
    response = client.post(save, {"language": "tr", "title": "", "topics": "", "approve": "1"}, follow=True)
    assert "Er is geen vertaling om goed te keuren." in response.content.decode()
    assert not ProgrammeItemTranslation.objects.filter(language__in=["xx", "tr"]).exists()


def test_only_the_schools_leadership_may_translate(world, item, login_as, client):
    save = reverse("meetings:programme_item_translation", kwargs={"item_id": item.pk})
    post = {"language": "ar", "title": AR_TITLE, "topics": AR_TOPICS, "approve": "1"}
    assert login_as(world.sven).post(save, post).status_code in (403, 404)  # teacher of another school
    assert login_as(world.lars).post(save, post).status_code == 404  # leadership of another school
    assert login_as(world.tess).post(save, post).status_code == 403  # a teacher does not edit the programme
    assert login_as(world.anna).post(save, post).status_code in (403, 404)
    assert not ProgrammeItemTranslation.objects.exists()
    with pytest.raises(PermissionDenied):
        translate(item, world.lars)
    with pytest.raises(PermissionDenied):
        translate(item, world.tess)


def test_default_items_use_the_shipped_translation_while_the_dutch_is_unchanged(world):
    milestones = programme_install(school=world.school_a)[0]
    words = item_texts(milestones, "ar")
    assert words.title == "أهداف التعلم والتمرين في البيت" and not words.title_is_dutch
    assert len(words.topics) == 3

    translate(milestones, world.lea, title="عنوان المدرسة", topics="")  # the school's own approved title wins
    milestones.refresh_from_db()
    words = item_texts(milestones, "ar")
    assert words.title == "عنوان المدرسة" and words.topics_are_dutch  # empty topics: the Dutch, whole

    ProgrammeItemTranslation.objects.all().delete()
    programme_item_update(item=milestones, title="Leermijlpalen")  # the school's wording: no shipped text
    milestones.refresh_from_db()
    assert item_texts(milestones, "ar").title == "Leermijlpalen" and item_texts(milestones, "ar").title_is_dutch


def _my_invitations_queries(client, language):
    with CaptureQueriesContext(connection) as queries:
        assert in_language(client, language).get(reverse("meetings:my_invitations")).status_code == 200
    return len(queries)


def test_my_invitations_in_arabic_has_bounded_queries(world, item, login_as):
    """The translations cost one query, whatever the number of invitations."""
    speaks(world.anna, "ar")
    translate(item, world.lea)
    client = login_as(world.anna)
    invitations_send(session=make_session(world, item, days=20), by=world.lea, base_url=BASE)
    one = (_my_invitations_queries(client, "nl"), _my_invitations_queries(client, "ar"))
    for days in (21, 22, 23):
        other = programme_item_add(school=world.school_a, title=f"Avond {days}", topics="Vragen", year_levels=[3])
        translate(other, world.lea, title=f"أمسية {days}")
        invitations_send(session=make_session(world, other, days=days), by=world.lea, base_url=BASE)
    four = (_my_invitations_queries(client, "nl"), _my_invitations_queries(client, "ar"))
    assert one == four and one[1] == one[0] + 1
    page = in_language(client, "ar").get(reverse("meetings:my_invitations")).content.decode()
    assert AR_TITLE in page and "أمسية 23" in page


def test_the_handout_uses_the_same_approved_words(world, item):
    from meetings.handouts.content import handout_content

    session = make_session(world, item)
    translate(item, world.lea, approve=False)
    assert handout_content(session=session, year_level=3, language="ar").language == "nl"  # a draft: all Dutch
    translate(item, world.lea)
    item.refresh_from_db()
    session.refresh_from_db()
    handout = handout_content(session=session, year_level=3, language="ar")
    assert (handout.language, handout.title, handout.topics) == ("ar", AR_TITLE, AR_TOPICS.splitlines())
