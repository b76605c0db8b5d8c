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
from tests.reach import demo_activity

SHOTS = Path("/tmp/shots")


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
    desktop_page.locator("#niet-bereikt select").first.select_option("home_visit")
    desktop_page.locator("#niet-bereikt button[type=submit]").first.click()
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
