"""The dashboard in a browser: the demo school with a year of activity, read at a glance (a
screenshot, looked at), with no serious or critical axe-core violation."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from ouderbetrokkenheid.school import demo
from ouderbetrokkenheid.school.models import School, Staff
from tests.e2e.axe import axe_violations, describe, serious
from tests.e2e.layout import page_width
from tests.reach import demo_activity

SHOTS = Path("/tmp/shots")
# The elements outside the scrolling tables that reach past 360 px (to name the culprit of a failure).
WIDE_ELEMENTS = """[...document.querySelectorAll('body *')]
  .filter(e => !(e.parentElement && e.parentElement.closest('.table-responsive')))
  .map(e => [e.getBoundingClientRect().right, e.tagName + '#' + e.id + '.' + e.className])
  .filter(x => x[0] > 360.5).slice(0, 5).map(x => Math.round(x[0]) + ' ' + x[1])"""


def login(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_ib_reads_the_dashboard_at_a_glance(desktop_page, live_server, url):
    demo.load_demo()
    school = School.objects.get(brin=demo.MAIN.brin)
    year, other_year = school.years.get(), School.objects.get(brin="99ZZ01").years.get()
    demo_activity.build(year, other_year, today=year.first_day + datetime.timedelta(weeks=12))
    ib = Staff.objects.filter(school=school, is_ib=True).first()
    login(desktop_page, live_server, ib.user)
    desktop_page.goto(url("reach:dashboard_year", year.pk))
    assert desktop_page.locator("h1").inner_text().startswith("Bereik van ouders")
    assert desktop_page.locator("#reach-table tbody tr").count() > 15
    SHOTS.mkdir(exist_ok=True)
    desktop_page.screenshot(path=str(SHOTS / "reach-dashboard.png"), full_page=True)
    violations = axe_violations(desktop_page)
    assert not serious(violations), describe(violations)
    desktop_page.locator("#niet-bereikt tbody select").first.select_option("home_visit")
    desktop_page.locator("#niet-bereikt tbody button[type=submit]").first.click()
    assert "opvolging" in desktop_page.locator(".alert").first.inner_text()


@pytest.mark.django_db(transaction=True)
def test_teacher_sees_interpreters_and_buddies_on_the_session_page(world, desktop_page, live_server, url):
    from meetings.models import Invitation
    from ouderbetrokkenheid.school.models import Interpreter
    from reach.interpreters import session_interpreter_book
    from tests.meetings.test_attendance import invite, make_session
    from tests.reach.support import walk_pair

    session = make_session(world.year_a, days=10)
    invite(session, world.anna, world.pim, response="coming")
    invite(session, world.bert, world.bo)
    Invitation.objects.filter(session=session).update(interpreter_language="ar")
    samira = Interpreter.objects.create(school=world.school_a, kind="volunteer", name="Samira", languages=["ar"])
    session_interpreter_book(session=session, interpreter=samira, language="ar", confirmed=True)
    walk_pair(world)
    login(desktop_page, live_server, world.tess.user)
    desktop_page.goto(url("meetings:session", session.pk))
    text = " ".join(desktop_page.locator("#interpreters").inner_text().split())
    assert text == "2 ouders vragen een tolk Arabisch; geregeld: Samira (vrijwilliger)"
    assert "Bert Bakker neemt Anna Prins mee" in desktop_page.locator("#buddies").inner_text()
    SHOTS.mkdir(exist_ok=True)
    desktop_page.screenshot(path=str(SHOTS / "reach-session-teacher.png"), full_page=True)
    assert not serious(axe_violations(desktop_page))


@pytest.mark.django_db(transaction=True)
def test_the_dashboard_at_360_px_does_not_scroll_sideways_and_filters_survive_paging(
    world, phone_page, live_server, url
):
    from tests.reach.test_dashboard_pages import silent_families

    silent_families(world, 130)
    login(phone_page, live_server, world.iris.user)
    phone_page.goto(url("reach:dashboard_year", world.year_a.pk))

    def no_sideways_scroll():
        width = page_width(phone_page)
        wide = phone_page.evaluate(WIDE_ELEMENTS)
        assert width <= phone_page.viewport_size["width"], f"the page is {width} px wide at 360 px: {wide}"

    no_sideways_scroll()
    assert phone_page.locator("#niet-bereikt tbody tr").count() == 50
    phone_page.locator("#id_groep").select_option(str(world.group_56.pk))
    phone_page.locator("#not-reached-filters button[type=submit]").click()
    phone_page.locator("#not-reached-pages").get_by_role("link", name="2", exact=True).click()
    assert f"groep={world.group_56.pk}" in phone_page.url and "pagina=2" in phone_page.url
    assert phone_page.locator("#id_groep").input_value() == str(world.group_56.pk)
    assert phone_page.locator("#niet-bereikt tbody tr").count() > 0
    no_sideways_scroll()
    SHOTS.mkdir(exist_ok=True)
    phone_page.screenshot(path=str(SHOTS / "reach-dashboard-360.png"), full_page=True)
    assert not serious(axe_violations(phone_page))
