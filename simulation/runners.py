"""How a simulated moment runs the beat's tasks: inline (the default) or with a real worker.

A runner has one method, `dispatch()`: the beat task `messaging.tasks.dispatch_due` claims the due
rows of the outbox on the simulated clock and enqueues one `send_message` per row after commit.

- `InlineRunner` executes the enqueued tasks eagerly in this process (Celery's
  task_always_eager for the length of the run); a retry runs again at once instead of after
  its countdown (30 s–5 min: within one simulated moment). Inside an enclosing transaction (a
  test) it runs the on-commit callbacks the commit would have run.
- `WorkerRunner` lets the enqueued `send_message` tasks go to a real worker through the broker
  and waits until the worker has handled every claimed row. The worker reads its own clock.
"""

import time
from contextlib import contextmanager

from django.db import connection
from django.utils import timezone

from messaging.models import Message, Status
from messaging.tasks import dispatch_due
from ouderbetrokkenheid.celery import app


def run_on_commit_callbacks(start: int) -> None:
    """Run the on-commit callbacks registered since `start` as a commit would (as Django's
    captureOnCommitCallbacks(execute=True) does); a no-op in autocommit, where they already ran."""
    while len(connection.run_on_commit) > start:
        callbacks = connection.run_on_commit[start:]
        del connection.run_on_commit[start:]
        for _savepoints, callback, _robust in callbacks:
            callback()


@contextmanager
def committed():
    """Within an enclosing atomic block, run what the block registered on commit when it ends."""
    start = len(connection.run_on_commit) if connection.in_atomic_block else 0
    yield
    if connection.in_atomic_block:
        run_on_commit_callbacks(start)


class InlineRunner:
    name = "inline"

    def __init__(self):
        self.stuck = 0  # claimed rows a send task left in `sending` (it raised): the lease sends them later

    @contextmanager
    def session(self):
        conf = app.conf
        saved = conf.task_always_eager
        conf.task_always_eager = True  # a task's exception is logged and kept in its result, as a worker does
        try:
            yield self
        finally:
            conf.task_always_eager = saved

    def dispatch(self) -> int:
        with committed():
            claimed = dispatch_due.apply().get()
        if claimed:
            self.stuck = Message.objects.filter(status=Status.SENDING).count()
        return claimed


class WorkerRunner:
    """Claim on the simulated clock, send with a real worker (`celery_worker_process` in the tests)."""

    name = "worker"

    def __init__(self, *, timeout=60.0, interval=0.05, share_clock=None):
        """`share_clock(moment)` tells the worker the simulated moment before each dispatch: the engine
        sends a message only inside its week and before its expiry, on the worker's clock."""
        self.timeout, self.interval = timeout, interval
        self.share_clock = share_clock
        self.claimed = 0

    @contextmanager
    def session(self):
        conf = app.conf
        saved = conf.task_always_eager
        conf.task_always_eager = False
        try:
            yield self
        finally:
            conf.task_always_eager = saved

    def dispatch(self) -> int:
        if connection.in_atomic_block:
            raise RuntimeError("the worker sees committed rows only: run the simulation outside a transaction")
        if self.share_clock is not None:
            self.share_clock(timezone.now())
        claimed = dispatch_due.apply().get()
        self.claimed += claimed
        if claimed:
            deadline = time.monotonic() + self.timeout
            while Message.objects.filter(status=Status.SENDING).exists():
                if time.monotonic() > deadline:
                    raise TimeoutError("the worker did not send the claimed messages in time")
                time.sleep(self.interval)
        return claimed
