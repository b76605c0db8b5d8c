"""The calendar pages: who may see what, drafts vs published, filters, the PDF, bounded queries."""

import re
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories as f
from tests.yearplan.calendar_data import add_session, build_calendar
from yearplan.feeds import active_feed_token
from yearplan.models import Publication
from yearplan.publishing import calendar_publish


@pytest.fixture
def calendar(world):
    return build_calendar(world)


def year_url(name, world, **query):
    url = reverse(name, kwargs={"year_id": world.year_a.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.mark.parametrize(
    "persona, status",
    [
        ("lea", 200),
        ("iris", 200),
        ("tess", 200),
        ("otto", 200),
        ("bea", 200),
        ("sven", 404),
        ("lars", 404),
        ("anna", 403),
    ],
)
def test_who_may_open_the_year_overview(world, calendar, login_as, persona, status):
    response = login_as(getattr(world, persona)).get(year_url("yearplan:calendar_year", world))
    assert response.status_code == status


def test_anonymous_visitors_go_to_the_login(world, client):
    for url in (year_url("yearplan:calendar_year", world), reverse("yearplan:parent_year"), reverse("yearplan:board")):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/" in response.url


def test_year_overview_marks_the_draft_and_shows_conflicts_to_leadership(world, calendar, login_as):
    body = login_as(world.lea).get(year_url("yearplan:calendar_year", world)).content.decode()
    assert "Concept: deze kalender is nog niet gepubliceerd" in body
    assert "Knelpunten" in body and "draft-mark" not in body, "before the first publish the banner says it all"
    assert "Kerstvakantie 0" in body and "Legenda" in body
    calendar_publish(school_year=world.year_a, by=world.lea)
    calendar.study_day.name = "Studiedag verplaatst"
    calendar.study_day.save()
    body = login_as(world.lea).get(year_url("yearplan:calendar_year", world)).content.decode()
    assert "Sindsdien 0 nieuw, 1 gewijzigd en 0 vervallen" in body
    assert body.count("draft-mark") == 2, "the changed day, and the legend"
    teacher = login_as(world.tess).get(year_url("yearplan:calendar_year", world)).content.decode()
    assert "Knelpunten" not in teacher and f'href="/jaarplanning/kalender/{world.year_a.pk}/publiceren/"' not in teacher


def test_only_the_schools_leadership_publishes(world, calendar, login_as):
    url = year_url("yearplan:publish", world)
    assert login_as(world.tess).post(url).status_code == 403
    assert login_as(world.lars).post(url).status_code == 404, "leadership of another school"
    assert login_as(world.bea).post(url).status_code == 403
    assert not Publication.objects.exists()
    client = login_as(world.lea)
    assert "Publiceer de jaarkalender" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert "De jaarkalender is gepubliceerd" in response.content.decode()
    assert "Ouders zien deze kalender" in response.content.decode()
    assert Publication.objects.get().published_by == world.lea


def test_parent_sees_only_published_events_of_their_own_children(world, calendar, login_as):
    client = login_as(world.anna)
    body = client.get(reverse("yearplan:parent_year")).content.decode()
    assert "nog niet klaargezet" in body and "Kerstvakantie" not in body, "a draft is never shown to parents"
    calendar_publish(school_year=world.year_a, by=world.lea)
    calendar.session_3.item.title  # noqa: B018
    body = client.get(reverse("yearplan:parent_year")).content.decode()
    assert "Kerstvakantie 0" in body and calendar.session_3.item.title in body and "Voor Pim" in body
    assert body.count(calendar.round.title) == 1, "a round's days read as one span"
    assert calendar.session_6.item.title not in body, "another family's year level"
    assert "Kerstvakantie Kompas" not in body, "another school"
    assert "Berichtenweek" not in body, "staff-only"
    calendar.study_day.name = "Nieuwe naam studiedag"
    calendar.study_day.save()
    assert "Nieuwe naam studiedag" not in client.get(reverse("yearplan:parent_year")).content.decode()


def test_staff_pages_are_closed_to_parents_and_parent_pages_to_staff(world, calendar, login_as):
    parent = login_as(world.anna)
    for url in (year_url("yearplan:calendar_month", world), reverse("yearplan:my_year"), reverse("yearplan:board")):
        assert parent.get(url).status_code == 403
    assert login_as(world.tess).get(reverse("yearplan:parent_year")).status_code == 403
    assert login_as(world.lea).get(reverse("yearplan:board")).status_code == 403


def test_month_and_week_views_filter(world, calendar, login_as):
    client = login_as(world.lea)
    month = calendar.session_3.starts_at.strftime("%Y-%m")
    title_3, title_6 = calendar.session_3.item.title, calendar.session_6.item.title
    body = client.get(year_url("yearplan:calendar_month", world, m=month)).content.decode()
    if calendar.session_6.starts_at.strftime("%Y-%m") == month:
        assert title_3 in body and title_6 in body
    level_6 = client.get(year_url("yearplan:calendar_month", world, m=month, level=6)).content.decode()
    assert title_3 not in level_6
    by_group = client.get(year_url("yearplan:calendar_month", world, m=month, group=world.group_3.pk)).content.decode()
    assert title_3 in by_group and title_6 not in by_group
    by_staff = client.get(year_url("yearplan:calendar_month", world, m=month, staff=world.otto.pk)).content.decode()
    assert title_3 not in by_staff
    sessions_only = client.get(year_url("yearplan:calendar_month", world, m=month, kind="session")).content.decode()
    assert title_3 in sessions_only and "Kerstvakantie 0</" not in sessions_only
    week = calendar.session_3.starts_at.date().isoformat()
    body = client.get(year_url("yearplan:calendar_week", world, w=week)).content.decode()
    assert title_3 in body and "19:00" in body
    bad = client.get(year_url("yearplan:calendar_month", world, m="nonsense", level="x"))
    assert bad.status_code == 200, "unreadable filters fall back to everything"
    other_school = year_url("yearplan:calendar_month", world, m=month, kind="session", staff=world.sven.pk)
    body = client.get(other_school).content.decode()
    assert title_3 in body and "Kerstvakantie 0</" not in body, "a foreign staff id is ignored, the kind still filters"


def test_my_year_shows_the_teachers_own_part(world, calendar, login_as):
    body = login_as(world.tess).get(reverse("yearplan:my_year")).content.decode()
    assert calendar.session_3.item.title in body and calendar.session_6.item.title not in body
    assert "Kerstvakantie 0" in body and "nog niet gepubliceerd" in body
    lea = login_as(world.lea).get(reverse("yearplan:my_year")).content.decode()
    assert calendar.session_6.item.title in lea, "leadership sees the whole school"


def test_board_admin_sees_every_school_side_by_side(world, calendar, login_as):
    month = calendar.holiday.start_date.strftime("%Y-%m")
    body = login_as(world.bea).get(reverse("yearplan:board") + f"?m={month}").content.decode()
    assert "De Regenboog" in body and "Het Kompas" in body
    assert "Kerstvakantie 0" in body and "Kerstvakantie Kompas" in body
    day = calendar.session_3.starts_at.date()
    add_session(world.year_b, day=day, year_levels=(3,))
    body = login_as(world.bea).get(reverse("yearplan:board") + f"?m={day:%Y-%m}").content.decode()
    assert body.count('class="busy"') == 1, "two information evenings on one night are flagged"


def test_the_year_pdf_prints_months_and_holidays(world, calendar, login_as, tmp_path):
    for size in ("A3", "A4"):
        response = login_as(world.lea).get(year_url("yearplan:calendar_pdf", world, size=size))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        path = tmp_path / f"year-{size}.pdf"
        path.write_bytes(response.content)
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
        assert "september" in text and "januari" in text and "Kerstvakantie 0" in text
        pages = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
        assert re.search(r"Pages:\s+1\n", pages), f"one {size} page"
        assert "landscape" in pages or _landscape(pages)
    assert login_as(world.sven).get(year_url("yearplan:calendar_pdf", world)).status_code == 404


def _landscape(pdfinfo):
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", pdfinfo).groups())
    return width > height


def test_feed_pages_show_the_secret_link_once_and_revoke_it(world, login_as):
    client = login_as(world.anna)
    assert "U heeft nog geen link" in client.get(reverse("yearplan:guardian_feed_page")).content.decode()
    response = client.post(reverse("yearplan:guardian_feed_page"), {"action": "create"})
    assert "no-store" in response["Cache-Control"]
    link = re.search(r'value="(http://testserver/jaarplanning/agenda/[^"]+\.ics)"', response.content.decode()).group(1)
    assert client.get(link).status_code == 200
    again = client.get(reverse("yearplan:guardian_feed_page")).content.decode()
    assert link not in again and "U heeft een link sinds" in again
    client.post(reverse("yearplan:guardian_feed_page"), {"action": "revoke"})
    assert active_feed_token(guardian=world.anna) is None and client.get(link).status_code == 404
    staff = login_as(world.tess)
    response = staff.post(reverse("yearplan:staff_feed_page"), {"action": "create"})
    assert "/jaarplanning/agenda/" in response.content.decode() and active_feed_token(staff=world.tess)


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_page_queries_do_not_grow_with_the_data(world, login_as):
    build_calendar(world)
    calendar_publish(school_year=world.year_a, by=world.lea)
    lea, anna, bea = login_as(world.lea), None, None
    pages = [
        year_url("yearplan:calendar_year", world),
        year_url("yearplan:calendar_month", world),
        year_url("yearplan:calendar_week", world),
        reverse("yearplan:my_year"),
    ]
    once = {url: _queries(lea, url) for url in pages}
    anna = login_as(world.anna)
    once["parent"] = _queries(anna, reverse("yearplan:parent_year"))
    bea = login_as(world.bea)
    once["board"] = _queries(bea, reverse("yearplan:board"))
    for offset in (1, 2, 3):
        build_calendar(world, offset=offset * 7)
        extra = f.PupilFactory(school=world.school_a)
        f.EnrollmentFactory(pupil=extra, group=world.group_3, year_level=3)
        f.GuardianOfFactory(guardian=world.anna, pupil=extra)
    calendar_publish(school_year=world.year_a, by=world.lea)
    lea = login_as(world.lea)
    four = {url: _queries(lea, url) for url in pages}
    four["parent"] = _queries(login_as(world.anna), reverse("yearplan:parent_year"))
    four["board"] = _queries(login_as(world.bea), reverse("yearplan:board"))
    assert four == once


@pytest.mark.parametrize("language, words", [("ar", "السنة الدراسية لأطفالي"), ("pl", "Rok szkolny moich dzieci")])
def test_the_parent_page_speaks_the_parents_language(world, calendar, login_as, settings, language, words):
    calendar_publish(school_year=world.year_a, by=world.lea)
    client = login_as(world.anna)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    body = client.get(reverse("yearplan:parent_year")).content.decode()
    assert words in body and f'lang="{language}"' in body
    assert "Voor de hele school" not in body and "Geen school" not in body, "no Dutch left in the page's own words"
    assert ('dir="rtl"' in body) == (language == "ar")
