"""The status page (staffpages:health) and the health checks behind it."""

import datetime
import uuid

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from ouderbetrokkenheid import health


@pytest.fixture(autouse=True)
def no_heartbeat(monkeypatch):
    """A key of this test's own: a real worker (tests/test_celery_worker.py) may beat at the same time."""
    monkeypatch.setattr(health, "HEARTBEAT_KEY", f"health:heartbeat:test:{uuid.uuid4().hex}")
    yield
    health.clear_heartbeat()


def status_rows(response):
    """{check key: (ok, detail)} as the page shows them."""
    return {c.key: (c.ok, str(c.detail)) for c in response.context["checks"]}


def status_page(client):
    return client.get(reverse("staffpages:health"))


def test_staff_sees_database_and_broker_ok_and_no_worker_without_heartbeat(world, login_as):
    response = status_page(login_as(world.tess))
    assert response.status_code == 200
    rows = status_rows(response)
    assert rows["database"][0] and rows["broker"][0]
    assert rows["worker"] == (False, "Er draait geen worker: nog nooit een teken van leven.")
    page = response.content.decode()
    assert page.count('data-status="ok"') == 2 and page.count('data-status="problem"') == 1
    assert "Probleem" in page and "Er is een probleem" in page


def test_worker_ok_after_the_heartbeat_task_ran(world, login_as):
    health.heartbeat.apply()
    response = status_page(login_as(world.lea))
    assert all(ok for ok, _ in status_rows(response).values())
    assert "Alles werkt." in response.content.decode()
    assert 'data-status="problem"' not in response.content.decode()


def test_worker_not_running_when_last_heartbeat_is_old(world, login_as):
    health.write_heartbeat(timezone.now() - datetime.timedelta(minutes=3))
    ok, detail = status_rows(status_page(login_as(world.iris)))["worker"]
    assert not ok and detail.startswith("Er draait geen worker: laatste teken van leven")


def test_board_admin_may_see_the_status_page(world, login_as):
    assert status_page(login_as(world.bea)).status_code == 200


def test_guardian_is_refused(world, login_as):
    assert status_page(login_as(world.anna)).status_code == 403


def test_anonymous_is_sent_to_login(client, db):
    response = status_page(client)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_unreachable_broker_is_a_problem():
    from ouderbetrokkenheid.celery import app

    previous = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        result = health.check_broker()
    finally:
        app.conf.broker_url = previous
    assert not result.ok and str(result.detail) == "Geen verbinding met de wachtrij."


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}})
def test_per_process_cache_keeps_the_heartbeat_in_a_file(settings, tmp_path):
    """Development (locmem cache): `runserver` reads what the worker process wrote, via VAR_DIR/heartbeat."""
    settings.VAR_DIR = tmp_path
    assert health.read_heartbeat() is None
    health.heartbeat.apply()
    assert (tmp_path / "heartbeat").is_file()
    assert timezone.now() - health.read_heartbeat() < datetime.timedelta(seconds=5)
    assert health.check_worker().ok


def test_ping_task_answers_pong():
    assert health.ping.apply().get() == "pong"


def test_filesystem_broker_needs_its_folder(tmp_path):
    """Development's filesystem broker always "connects"; the check looks at its folder instead."""
    from ouderbetrokkenheid.celery import app

    previous = app.conf.broker_url, app.conf.broker_transport_options
    try:
        app.conf.broker_url = "filesystem://"
        app.conf.broker_transport_options = {"data_folder_in": str(tmp_path)}
        assert health.check_broker().ok
        app.conf.broker_transport_options = {"data_folder_in": str(tmp_path / "missing")}
        assert not health.check_broker().ok
    finally:
        app.conf.broker_url, app.conf.broker_transport_options = previous
