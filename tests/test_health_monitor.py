"""The health endpoint for uptime monitors (issue 17, point 12): no login, no personal data,
200 when the database, the broker and a worker answer, 503 when one does not."""

import pytest
from django.urls import reverse

from ouderbetrokkenheid import health


def monitor(client):
    return client.get(reverse("health"))


def beat_until_alive(worker):
    """Let the real worker run the heartbeat task (resent now and then: a parallel test may clear the key)."""
    health.heartbeat.delay()
    for _ in range(6):
        if worker.wait_for(lambda: health.check_worker().ok, timeout=5):
            return True
        health.heartbeat.delay()
    return health.check_worker().ok


@pytest.mark.celery_worker
def test_200_when_database_broker_and_a_real_worker_answer(celery_worker_process, client, world):
    assert beat_until_alive(celery_worker_process), celery_worker_process.log()
    response = monitor(client)  # no login
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok", "worker": "ok"}}
    assert "no-cache" in response["Cache-Control"]
    page = response.content.decode()
    for personal in ("Anna", "anna@example.nl", "Pim", "Regenboog", "Tess"):
        assert personal not in page


@pytest.mark.celery_worker
def test_503_when_the_broker_is_unreachable(celery_worker_process, client, world):
    from ouderbetrokkenheid.celery import app

    assert beat_until_alive(celery_worker_process), celery_worker_process.log()
    previous = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        response = monitor(client)
    finally:
        app.conf.broker_url = previous
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "problem"
    assert response.json()["status"] == "problem"


def test_503_without_a_worker(client, db, monkeypatch):
    import uuid

    monkeypatch.setattr(health, "HEARTBEAT_KEY", f"health:heartbeat:test:{uuid.uuid4().hex}")  # never beaten
    response = monitor(client)
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "broker": "ok", "worker": "problem"}


def test_the_staff_status_page_still_needs_a_staff_login(client, db):
    assert client.get(reverse("staffpages:health")).status_code == 302
