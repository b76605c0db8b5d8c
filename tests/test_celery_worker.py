"""A real Celery worker process runs the project's tasks (the worker fixture is in tests/plugins)."""

import pytest

from ouderbetrokkenheid import health

pytestmark = pytest.mark.celery_worker


def test_health_sees_worker_alive_after_it_ran_the_heartbeat_task(celery_worker_process):
    health.clear_heartbeat()
    assert not health.check_worker().ok

    health.heartbeat.delay()

    # Resend now and then: under pytest-xdist another process's test may clear the shared key.
    for _ in range(6):
        if celery_worker_process.wait_for(lambda: health.check_worker().ok, timeout=5):
            break
        health.heartbeat.delay()
    assert health.check_worker().ok, celery_worker_process.log()
    assert "Task ouderbetrokkenheid.health.heartbeat" in celery_worker_process.log()


def test_worker_reads_the_committed_rows_of_the_test_database(celery_worker_process, world):
    from django.core.cache import cache

    from ouderbetrokkenheid.celery import app
    from ouderbetrokkenheid.school.models import Pupil

    key = f"tests:count:{celery_worker_process.queue}"
    cache.delete(key)
    app.send_task("tests.count_rows", args=["school.Pupil", key])

    seen = celery_worker_process.wait_for(lambda: cache.get(key) is not None, timeout=30)
    assert seen, celery_worker_process.log()
    assert cache.get(key) == Pupil.objects.count() == 3
    cache.delete(key)
