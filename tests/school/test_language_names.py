"""Names, not codes (issue 13, point 6): a person reads a language's name in the page's language
("Arabisch", "Arapça"), never its code; an unknown code is shown as itself, without a crash."""

import datetime
import re

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from meetings.invitations import invitations_send
from meetings.models import Session
from meetings.programme import programme_install
from messaging.models import Message, Purpose
from ouderbetrokkenheid.school.importing.fields import LANGUAGE_NAMES as IMPORTED_LANGUAGES
from ouderbetrokkenheid.school.languages import EXTRA_LANGUAGES, language_name, language_names
from ouderbetrokkenheid.school.models import Language
from tests import factories as f

# Every language the app knows: its own languages, the ones an import reads, the extra interpreter languages.
KNOWN = sorted(set(Language.values) | set(IMPORTED_LANGUAGES.values()) | set(EXTRA_LANGUAGES))
READERS = [code for code, _name in settings.LANGUAGES]


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("code", KNOWN)
def test_every_known_language_has_a_name_in_every_reader_language(code, reader):
    with translation.override(reader):
        name = language_name(code)
    assert name and name != code


@pytest.mark.parametrize(
    ("reader", "expected"),
    [("nl", "Arabisch, Turks"), ("en", "Arabic, Turkish"), ("tr", "Arapça, Türkçe"), ("pl", "arabski, turecki")],
)
def test_names_follow_the_reader(reader, expected):
    with translation.override(reader):
        assert language_names(["ar", "tr"]) == expected


def test_the_extra_languages_are_translated_for_parents():
    with translation.override("nl"):
        assert language_name("so") == "Somalisch"
    for reader in ("en", "ar", "tr", "pl", "uk"):
        with translation.override(reader):
            assert language_name("so") != "Somalisch", reader


def test_an_unknown_code_is_shown_as_itself_and_nothing_as_nothing():
    with translation.override("nl"):
        assert language_name("xq") == "xq"
        assert language_name("") == "" and language_name(None) == ""
        assert language_names(["ar", "xq"]) == "Arabisch, xq"
        assert language_name("AR") == "Arabisch"


def test_the_template_filters():
    template = Template("{% load language_tags %}{{ code|language_name }} / {{ codes|language_names }}")
    with translation.override("nl"):
        assert template.render(Context({"code": "uk", "codes": ["pl", "so"]})) == "Oekraïens / Pools, Somalisch"


# --- the pages ------------------------------------------------------------------------------------


@pytest.fixture
def evening(world):
    item = programme_install(school=world.school_a)[0]
    starts_at = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=20)
    session = Session.objects.create(item=item, school_year=world.year_a, year_levels=[3, 4], starts_at=starts_at,
                                     location="Aula", interpreter_languages=["ar", "tr"])  # fmt: skip
    invitations_send(session=session, by=world.lea, base_url="https://ouders.example.nl")
    return session


def rsvp_page(client, guardian, lang):
    text = Message.objects.filter(guardian=guardian, purpose=Purpose.NOTICE).latest("pk").text
    token = re.search(r"/bijeenkomsten/antwoord/([\w-]+)/", text).group(1)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.get(reverse("meetings:rsvp", kwargs={"token": token}))
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "names"), [("nl", "Arabisch, Turks"), ("tr", "Arapça, Türkçe"),
                                             ("en", "Arabic, Turkish"), ("uk", "Арабська, Турецька")])  # fmt: skip
def test_the_parent_reads_the_interpreter_languages_by_name(world, evening, client, lang, names):
    page = rsvp_page(client, world.anna, lang)
    with translation.override(lang):
        lead = translation.gettext("Er is een tolk voor:")
    assert f"{lead} {names}</p>" in page
    assert "ar, tr" not in page


@pytest.mark.django_db
def test_staff_read_tolk_arabisch_on_the_reach_dashboard(world, login_as):
    pupil = f.PupilFactory(school=world.school_a)
    f.EnrollmentFactory(pupil=pupil, group=world.group_3, year_level=3)
    guardian = f.GuardianFactory(school=world.school_a, needs_interpreter=True, language="ar")
    f.GuardianOfFactory(guardian=guardian, pupil=pupil)
    response = login_as(world.iris).get(reverse("reach:dashboard_year", args=[world.year_a.pk]))
    body = " ".join(response.content.decode().split())
    assert "tolk Arabisch</span>" in body
    assert "tolk ar<" not in body
    export = login_as(world.iris).get(reverse("reach:not_reached_csv", args=[world.year_a.pk]))
    row = next(line for line in export.content.decode("utf-8-sig").splitlines() if guardian.email in line)
    assert ";Arabisch;ja;" in row  # the spreadsheet for people names the language too


@pytest.mark.django_db
def test_staff_read_the_language_by_name_on_the_session_page(world, evening, client, login_as):
    rsvp_page(client, world.anna, "nl")
    invitation = evening.invitations.get(guardian=world.anna)
    invitation.response, invitation.interpreter_language = "coming", "ar"
    invitation.save()
    response = login_as(world.lea).get(reverse("meetings:session", kwargs={"session_id": evening.pk}))
    body = " ".join(response.content.decode().split())
    assert "tolk Arabisch" in body and "Arabisch (1)" in body
    assert "tolk ar<" not in body


def test_the_staff_lists_of_languages_use_the_helper():
    from conversations.views.rounds import TRANSLATION_NAMES as ROUND_NAMES
    from meetings.forms import INTERPRETER_CHOICES
    from meetings.views.programme import TRANSLATION_NAMES
    from messaging.views.library import LANGUAGE_NAMES

    for reader, arabic in (("nl", "Arabisch"), ("en", "Arabic")):
        with translation.override(reader):
            assert str(ROUND_NAMES["ar"]) == str(TRANSLATION_NAMES["ar"]) == str(LANGUAGE_NAMES["ar"]) == arabic
            assert str(dict(INTERPRETER_CHOICES)["ar"]) == arabic


@pytest.mark.django_db
def test_the_library_list_names_the_language_of_each_badge(world, login_as):
    from messaging.library.install import library_install

    library_install(school=world.school_a)
    body = login_as(world.tess).get(reverse("messaging:library")).content.decode()
    assert 'title="Arabisch: ' in body and '<span class="visually-hidden">Oekraïens</span>' in body
