"""Dedicated Celery workers for the send engine's tests (pytest plugin).

`messaging_workers(queue=…, broker_url=…, settings={…})` starts a worker process (solo
pool, embedded beat dispatching every second) of tests.plugins.messaging_worker_app on
the test database, with settings overrides and the test's clock. Unlike the shared
`celery_worker_process`, these can be killed (SIGKILL), pointed at a private Redis, or
given a slow file provider. Every worker's process group is killed at teardown, before
the test database is flushed.

`daytime_clock` moves the engine's clock (in this process and in the workers) to 10:00
Amsterdam two days from now, so quiet hours do not depend on when the tests run.
"""

import datetime
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.plugins.celery_worker import ROOT, START_TIMEOUT_SECONDS, WorkerProcess, _purge, worker_environment


def shifted_clock(offset_seconds: float):
    """Real time moved by a fixed offset: every process of a test shares this clock."""
    from django.utils import timezone

    return lambda: timezone.now() + datetime.timedelta(seconds=offset_seconds)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def daytime_clock(monkeypatch):
    from django.utils import timezone

    from messaging import engine
    from ouderbetrokkenheid.school.clock import at_local, local_day

    real = timezone.now()
    target = at_local(local_day(real) + datetime.timedelta(days=2), datetime.time(10, 0))
    offset = (target - real).total_seconds()
    monkeypatch.setattr(engine, "clock", shifted_clock(offset))
    return offset


def _kill_group(process):
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def _stop(worker):
    if worker.process.poll() is None:
        worker.process.send_signal(signal.SIGTERM)
        try:
            worker.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
    _kill_group(worker.process)  # also the embedded beat, orphaned if the worker was SIGKILLed


@pytest.fixture
def messaging_workers(transactional_db, tmp_path, daytime_clock):
    from ouderbetrokkenheid.celery import app

    started, queues = [], set()
    previous_queue = app.conf.task_default_queue

    def start(*, queue=None, broker_url=None, settings=None, dispatch_every=1.0, wait_ready=True):
        queue = queue or f"ob-msg-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        name = f"{queue}-{len(started)}"
        env = worker_environment(queue)
        env.update(
            OB_TEST_MESSAGING_SETTINGS=json.dumps(settings or {}),
            OB_TEST_CLOCK_OFFSET=str(daytime_clock),
            OB_TEST_DISPATCH_EVERY=str(dispatch_every or ""),
        )
        if broker_url:
            env["CELERY_BROKER_URL"] = broker_url
        else:
            queues.add(queue)
            app.conf.task_default_queue = queue  # what this process enqueues goes to the test's workers
        command = [str(Path(sys.executable).with_name("celery")), "-A", "tests.plugins.messaging_worker_app"]
        command += ["worker", "--pool=solo", "-l", "info", "-Q", queue, "-n", f"{name}@%h"]
        command += ["--without-mingle", "--without-gossip", "--without-heartbeat"]
        if dispatch_every:
            command += ["-B", "-s", str(tmp_path / f"{name}.beat")]
        log_path = tmp_path / f"{name}.log"
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        worker = WorkerProcess(process=process, queue=queue, log_path=log_path)
        started.append(worker)
        if wait_ready and not worker.wait_for(lambda: " ready." in worker.log(), timeout=START_TIMEOUT_SECONDS):
            raise AssertionError(f"worker did not become ready:\n{worker.log()}")
        return worker

    try:
        yield start
    finally:
        for worker in started:
            _stop(worker)
        app.conf.task_default_queue = previous_queue
        for queue in queues:
            _purge(queue)


class RedisServer:
    """A private redis-server without persistence, on a free port; kill() loses everything."""

    def __init__(self, tmp_path):
        self.port, self.dir, self.process = free_port(), tmp_path, None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(
            command, cwd=self.dir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.05)
        raise AssertionError("redis-server did not start")

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()


@pytest.fixture
def private_redis(tmp_path):
    server = RedisServer(tmp_path).start()
    try:
        yield server
    finally:
        server.kill()
