"""The parent's school year speaks their language where it can: official holiday names and
generated titles translated, session and round titles from the school's approved translations,
and the school's own Dutch words marked lang="nl" (read aloud in Dutch)."""

import re

import pytest
from django.urls import reverse

from conversations.texts import round_translation_save
from meetings.texts import item_translation_save
from ouderbetrokkenheid.school.models import PeriodKind
from tests.yearplan.calendar_data import add_period, ahead, build_calendar
from yearplan.publishing import calendar_publish


@pytest.fixture
def published(world):
    calendar = build_calendar(world)
    add_period(world.year_a, PeriodKind.HOLIDAY, "Kerstvakantie", ahead(100), ahead(110))
    add_period(world.year_a, PeriodKind.ACTIVITY, "Sportdag op het veld", ahead(30))
    calendar_publish(school_year=world.year_a, by=world.lea)
    return calendar


def title_of(page, text):
    """The <p> element that holds `text` as a title (with its attributes)."""
    match = re.search(r'<p class="fs-5 mb-1 fw-bold"([^>]*)>' + re.escape(text) + "</p>", page)
    assert match, f"{text!r} is not a title on the page"
    return match.group(1)


def page_in(client, login_as, world, language):
    world.anna.language = language
    world.anna.save(update_fields=["language"])
    login_as(world.anna)
    client.cookies["django_language"] = language
    return client.get(reverse("yearplan:parent_year")).content.decode()


def test_arabic_parent_reads_translated_names_and_dutch_marked(client, login_as, world, published):
    item_translation_save(item=published.session_3.item, language="ar", title="محطات التعلم والتمرين في البيت",
                          topics="المحطات", by=world.lea, approve=True)  # fmt: skip
    round_translation_save(round=published.round, language="ar", title="محادثات النمو", goal="", invitation_text="",
                           by=world.lea, approve=True)  # fmt: skip

    page = page_in(client, login_as, world, "ar")

    assert 'lang="nl"' not in title_of(page, "عطلة عيد الميلاد")  # the official name, translated
    assert 'lang="nl"' not in title_of(page, "محطات التعلم والتمرين في البيت")  # approved translation
    assert 'lang="nl"' not in title_of(page, "محادثات النمو")
    assert 'lang="nl"' in title_of(page, "Sportdag op het veld")  # the school's own words, Dutch


def test_a_draft_translation_is_never_shown(client, login_as, world, published):
    item = published.session_3.item
    item.title = "Samen leren lezen"  # the school's own title: no shipped translation applies
    item.save(update_fields=["title"])
    calendar_publish(school_year=world.year_a, by=world.lea)
    item_translation_save(item=item, language="tr", title="Taslak başlık", topics="", by=world.lea, approve=False)

    page = page_in(client, login_as, world, "tr")

    assert "Taslak başlık" not in page
    assert 'lang="nl"' in title_of(page, "Samen leren lezen")


def test_dutch_parent_sees_the_titles_as_written(client, login_as, world, published):
    page = page_in(client, login_as, world, "nl")

    assert title_of(page, "Kerstvakantie") == ""
    assert title_of(page, "Sportdag op het veld") == ""
