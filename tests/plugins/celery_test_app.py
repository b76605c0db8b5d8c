"""The Celery app a test worker runs: the project's own app, on the queue the test run chose.

`celery -A tests.plugins.celery_test_app worker` with OB_TEST_CELERY_QUEUE set: tasks the
worker sends itself (a beat task fanning out, a chain) stay on that queue too, so parallel
test runs on one Redis never take each other's tasks.
"""

import datetime
import os

from celery.signals import task_prerun

from ouderbetrokkenheid.celery import app
from tests.plugins.clock import start_process_clock, worker_clock_key

_traveller = start_process_clock()  # the moment the test that started this worker was at (OB_TEST_CLOCK_AT)

app.conf.task_default_queue = os.environ["OB_TEST_CELERY_QUEUE"]


@task_prerun.connect
def _follow_the_tests_clock(**kwargs):
    """A test that moves its clock (the simulator does) moves this worker's too: WorkerProcess.move_clock."""
    from django.core.cache import cache

    moment = cache.get(worker_clock_key(app.conf.task_default_queue)) if _traveller is not None else None
    if moment:
        _traveller.move_to(datetime.datetime.fromisoformat(moment))


__all__ = ["app"]


@app.task(name="tests.count_rows")
def count_rows(model_label, cache_key):
    """Test probe: store the number of rows the worker sees in `model_label` under `cache_key`."""
    from django.apps import apps
    from django.core.cache import cache

    cache.set(cache_key, apps.get_model(model_label).objects.count(), timeout=300)


@app.task(name="tests.clock_today")
def clock_today(cache_key):
    """Test probe: store the day the worker believes it is under `cache_key`."""
    from django.core.cache import cache
    from django.utils import timezone

    cache.set(cache_key, timezone.localdate().isoformat(), timeout=300)
