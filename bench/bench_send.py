"""Sending 10,000 due messages with two worker processes, against a bare no-op task.

Standalone: its own scratch database `ob_bench_send` (dropped and migrated), Redis db 15
(BENCH_REDIS_URL), two `celery worker --pool=solo` processes of the test worker app with
every channel on the console provider (output to /dev/null). It measures the wall time
from the first dispatch until all 10,000 outbox rows are `sent`, then, with the same broker
and workers, the wall time of 10,000 no-op tasks from publishing until the queue is empty
and nothing is unacknowledged. Prints both rates and their ratio.

    .venv/bin/python bench/bench_send.py [--messages 10000] [--workers 2]
"""

import argparse
import datetime
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "ob_bench_send"
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
QUEUE = f"bench-send-{uuid.uuid4().hex[:8]}"

os.environ.update(
    DJANGO_SETTINGS_MODULE="ouderbetrokkenheid.settings_test",
    DATABASE_URL=f"{PG}/{DB_NAME}",
    REDIS_URL=REDIS_URL,
    CELERY_BROKER_URL=REDIS_URL,
    LOG_LEVEL="WARNING",
)
sys.path.insert(0, str(ROOT))


def recreate_database():
    import psycopg2

    conn = psycopg2.connect(f"{PG}/postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{DB_NAME}"')
    conn.close()


def daytime_offset():
    """Seconds to move the engine's clock to 10:00 Amsterdam tomorrow (quiet hours would hold all)."""
    from django.utils import timezone

    from messaging.timing import at_local, local_day

    real = timezone.now()
    return (at_local(local_day(real) + datetime.timedelta(days=1), datetime.time(10)) - real).total_seconds()


def seed(count, now):
    from messaging.models import Message
    from ouderbetrokkenheid.school.models import Guardian, School, SchoolBoard

    school = School.objects.create(board=SchoolBoard.objects.create(name="Bench"), brin="99ZZ00", name="Bench")
    guardians = Guardian.objects.bulk_create(
        [Guardian(school=school, last_name=f"Ouder {i}", email=f"ouder{i}@example.nl") for i in range(100)]
    )
    Message.objects.bulk_create(
        [
            Message(
                school=school,
                guardian=guardians[i % 100],
                purpose="notice",
                day=now.date(),
                channel="email",
                text=f"Bericht {i}",
                scheduled_at=now - datetime.timedelta(minutes=1),
                idempotency_key=f"bench:{i}",
            )
            for i in range(count)
        ],
        batch_size=2000,
    )


def start_workers(n, offset):
    console = "messaging.channels.console.ConsoleProvider"
    env = dict(os.environ, OB_TEST_CELERY_QUEUE=QUEUE, OB_TEST_CLOCK_OFFSET=str(offset), PYTHONUNBUFFERED="1")
    providers = {f"MESSAGING_{c}_PROVIDER": console for c in ("EMAIL", "SMS", "WHATSAPP")}
    env["OB_TEST_MESSAGING_SETTINGS"] = json.dumps(providers)
    celery = str(Path(sys.executable).with_name("celery"))
    workers = []
    for i in range(n):
        level = os.environ.get("BENCH_WORKER_LOGLEVEL", "warning")
        command = [
            celery,
            "-A",
            "tests.plugins.messaging_worker_app",
            "worker",
            "--pool=solo",
            "-l",
            level,
            "-Q",
            QUEUE,
            "-n",
            f"{QUEUE}-{i}@%h",
            "--without-mingle",
            "--without-gossip",
            "--without-heartbeat",
        ]
        log = open(os.environ["BENCH_WORKER_LOG"] + f".{i}", "wb") if os.environ.get("BENCH_WORKER_LOG") else None
        workers.append(
            subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdout=log or subprocess.DEVNULL,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
    return workers


def wait_ready(app, n, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        replies = app.control.ping(timeout=1.0) or []
        if sum(1 for r in replies for name in r if name.startswith(QUEUE)) >= n:
            return
    raise SystemExit("workers did not start")


def wait(condition, timeout=900):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("timed out")
        time.sleep(0.05)
    return time.monotonic()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    recreate_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from messaging import engine
    from messaging.models import Message, Status
    from ouderbetrokkenheid.celery import app

    app.conf.task_default_queue = QUEUE
    offset = daytime_offset()
    now = engine.clock() + datetime.timedelta(seconds=offset)
    seed(args.messages, now)
    workers = start_workers(args.workers, offset)
    try:
        wait_ready(app, args.workers)
        start = time.monotonic()
        engine.dispatch_due(now=now)
        done = wait(lambda: Message.objects.filter(status=Status.SENT).count() == args.messages)
        send_rate = args.messages / (done - start)

        with app.connection_for_write() as conn:
            client = conn.default_channel.client
            start = time.monotonic()
            for _ in range(args.messages):
                app.send_task("tests.noop", queue=QUEUE)
            done = wait(lambda: client.llen(QUEUE) == 0 and client.hlen("unacked") == 0)
        noop_rate = args.messages / (done - start)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
    result = {
        "messages": args.messages,
        "workers": args.workers,
        "send_messages_per_second": round(send_rate, 1),
        "noop_tasks_per_second": round(noop_rate, 1),
        "ratio_send_to_noop": round(send_rate / noop_rate, 3),
    }
    print(f"send engine: {send_rate:8.1f} messages/s ({args.messages} messages, {args.workers} workers, console)")
    print(f"no-op task:  {noop_rate:8.1f} tasks/s")
    print(f"ratio:       {send_rate / noop_rate:8.3f} (send / no-op)")
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "bench_send.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
