"""The simulator's sending part with a real Celery worker: at each simulated moment the outbox is
claimed on the simulated clock and every `send_message` task goes through Redis to the worker
process (tests/plugins/celery_worker.py), which sends through the real engine.

Before each dispatch the runner tells the worker the simulated moment (WorkerProcess.move_clock),
so the worker sends on the simulated clock: inside each message's week and before its expiry."""

import datetime

import pytest
from django.utils import timezone

from messaging.models import LATE_REASONS, Message, MessageAttempt, Status
from ouderbetrokkenheid.school.calendar import week_start
from simulation.runners import WorkerRunner
from simulation.simulator import simulate

pytestmark = pytest.mark.celery_worker


def test_the_worker_sends_what_the_simulated_week_claims(celery_worker_process, small_school, sim_year):
    from simulation.context import YearContext

    ctx = YearContext(school=small_school, year=sim_year)
    monday = ctx.calendar.week_one + datetime.timedelta(weeks=2)  # week 3: the start conversations
    runner = WorkerRunner(timeout=60, share_clock=celery_worker_process.move_clock)
    result = simulate(school=small_school, start=monday - datetime.timedelta(days=3), end=monday +
                      datetime.timedelta(days=4), seed=2, runner=runner, check=False)  # fmt: skip
    assert result.runner == "worker" and runner.claimed > 20
    assert not Message.objects.filter(status=Status.SENDING).exists()  # the worker handled every claimed row
    sent = Message.objects.filter(school=small_school, status=Status.SENT)
    assert sent.count() + Message.objects.filter(status=Status.FAILED).count() == runner.claimed
    assert not Message.objects.filter(cancel_reason__in=LATE_REASONS).exists()  # none sent late on its clock
    assert all(week_start(timezone.localtime(m.sent_at).date()) == m.week for m in sent.filter(purpose="engagement"))
    attempts = MessageAttempt.objects.filter(message__in=sent, ok=True)
    assert attempts.count() == sent.count()
    # the worker process sent them with its own providers, not this process's simulated ones
    assert not attempts.filter(provider_id__startswith="sim-").exists()
