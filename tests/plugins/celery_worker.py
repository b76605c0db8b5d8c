"""A real Celery worker process for tests (pytest plugin; fixture `celery_worker_process`).

The worker runs `celery worker --pool=solo` with the test settings, on the pytest-django
test database and the same Redis as the tests, but on a queue of its own, so parallel test
runs do not take each other's tasks. It starts once per session, at the first test that
asks for it. Tests that use it get `transactional_db`: the worker sees only committed rows.

    def test_something(celery_worker_process, world):
        some_task.delay(world.pim.pk)
        assert celery_worker_process.wait_for(lambda: ..., timeout=20)
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.plugins.clock import clock_environment, worker_clock_key

ROOT = Path(__file__).resolve().parent.parent.parent
START_TIMEOUT_SECONDS = 60
STOP_TIMEOUT_SECONDS = 15


@dataclass
class WorkerProcess:
    process: subprocess.Popen
    queue: str
    log_path: Path

    def log(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def assert_alive(self):
        if self.process.poll() is not None:
            raise AssertionError(f"Celery worker exited with {self.process.returncode}:\n{self.log()}")

    def move_clock(self, moment):
        """Run the worker's next tasks at `moment` (ticking from there), as this test's clock moved."""
        from django.core.cache import cache

        cache.set(worker_clock_key(self.queue), moment.isoformat(), timeout=3600)

    def wait_for(self, condition, timeout=30.0, interval=0.2):
        """Poll `condition()` until it is truthy; return its value, or None after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.assert_alive()
            value = condition()
            if value:
                return value
            time.sleep(interval)
        return None


def database_url(settings_dict):
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{auth}{host}:{port}/{settings_dict['NAME']}"


def worker_environment(queue):
    from django.conf import settings
    from django.db import connection

    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="ouderbetrokkenheid.settings_test",
        DATABASE_URL=database_url(connection.settings_dict),
        REDIS_URL=os.environ.get("REDIS_URL") or settings.CACHES["default"]["LOCATION"],
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        OB_TEST_CELERY_QUEUE=queue,
        PYTHONUNBUFFERED="1",
        **clock_environment(),
    )
    env.pop("OB_DEV", None)
    return env


def celery_command(queue):
    celery = Path(sys.executable).with_name("celery")
    return [
        str(celery) if celery.exists() else "celery",
        "-A",
        "tests.plugins.celery_test_app",
        "worker",
        "--pool=solo",
        "-l",
        "info",
        "-Q",
        queue,
        "-n",
        f"{queue}@%h",
        "--without-mingle",
        "--without-gossip",
        "--without-heartbeat",
    ]


def start_worker(log_path):
    queue = f"ob-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    with open(log_path, "wb") as log_file:
        process = subprocess.Popen(
            celery_command(queue),
            cwd=ROOT,
            env=worker_environment(queue),
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    worker = WorkerProcess(process=process, queue=queue, log_path=log_path)
    if not worker.wait_for(lambda: " ready." in worker.log(), timeout=START_TIMEOUT_SECONDS):
        stop_worker(worker)
        raise AssertionError(f"Celery worker did not become ready:\n{worker.log()}")
    return worker


def stop_worker(worker):
    """Warm shutdown (SIGTERM), then kill the worker's process group if it hangs."""
    if worker.process.poll() is None:
        worker.process.send_signal(signal.SIGTERM)
        try:
            worker.process.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(worker.process.pid, signal.SIGKILL)
            worker.process.wait()


def _purge(queue):
    from ouderbetrokkenheid.celery import app

    try:
        with app.connection_for_write() as conn:
            channel = conn.default_channel
            channel.queue_delete(queue)
            client = getattr(channel, "client", None)  # Redis: the exchange bindings stay behind
            if client is not None:
                client.delete(f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
    except Exception:  # best effort: an unreachable broker already failed the tests that used it
        pass


@pytest.fixture(scope="session")
def celery_worker_session(django_db_setup, django_db_blocker, tmp_path_factory):
    """One worker for the whole session, torn down before the test database is dropped."""
    worker = start_worker(tmp_path_factory.mktemp("celery") / "worker.log")
    try:
        yield worker
    finally:
        stop_worker(worker)
        _purge(worker.queue)


@pytest.fixture
def celery_worker_process(celery_worker_session, transactional_db):
    """The running worker; while the test runs, `.delay()` sends to its queue."""
    from django.utils import timezone

    from ouderbetrokkenheid.celery import app

    celery_worker_session.assert_alive()
    celery_worker_session.move_clock(timezone.now())  # the worker runs on this test's clock
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = celery_worker_session.queue
    try:
        yield celery_worker_session
    finally:
        app.conf.task_default_queue = previous
