"""The Celery app of the messaging engine's test workers (see messaging_worker.py).

Like celery_test_app, plus, from the environment: settings overrides (JSON in
OB_TEST_MESSAGING_SETTINGS), an embedded beat dispatching every OB_TEST_DISPATCH_EVERY
seconds, and a clock for the engine shifted by OB_TEST_CLOCK_OFFSET seconds, so quiet
hours do not depend on when the tests run.
"""

import json
import os

from celery.signals import task_prerun
from django.conf import settings

from tests.plugins.celery_test_app import app
from tests.plugins.messaging_worker import shifted_clock

for _name, _value in json.loads(os.environ.get("OB_TEST_MESSAGING_SETTINGS") or "{}").items():
    setattr(settings, _name, _value)

if os.environ.get("OB_TEST_DISPATCH_EVERY"):
    app.conf.beat_schedule = {
        "dispatch-due-messages": {
            "task": "messaging.tasks.dispatch_due",
            "schedule": float(os.environ["OB_TEST_DISPATCH_EVERY"]),
        }
    }


_offset = os.environ.get("OB_TEST_CLOCK_OFFSET")
_clock = shifted_clock(float(_offset)) if _offset else None


@task_prerun.connect
def _use_test_clock(**kwargs):
    if _clock is not None:
        from messaging import engine

        engine.clock = _clock


@app.task(name="tests.noop")
def noop():
    """A bare task: the baseline bench/bench_send.py compares sending with."""


__all__ = ["app", "noop"]
