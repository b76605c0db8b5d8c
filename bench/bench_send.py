"""Sending due messages with real Celery workers, against bare no-op tasks on the same broker and workers.

In its own scratch database (DATABASE_URL, dropped and recreated) and Redis (REDIS_URL; a queue
of its own), with `--workers` (2) `celery worker --pool=solo` processes of the test worker app
and every channel on the console provider (output to /dev/null). One guardian per message (80 %
by e-mail, 20 % by SMS), each message a weekly tip (so every e-mail carries a signed
unsubscribe link), on the engine's clock moved to 10:00 Amsterdam tomorrow.

After a warm-up (a small wave and as many no-op tasks), each of `repetitions()` rounds measures,
with the same workers and the same publishing process:
- **send**: from the first dispatch (claim, enqueue) until every row is `sent`;
- **no-op**: from publishing as many `tests.noop` tasks until the queue is empty and nothing is
  unacknowledged;
- with `--compare` also **per message**: the same wave with one task per message running
  `engine.deliver` (the engine before batch sending), to show before and after in one run.
Printed: min/median/max of messages/s, no-op tasks/s and their paired ratio; and the SQL
statements (BEGIN/COMMIT not counted; they are one pair per message) per delivered message
for a batch of 50 e-mails and of 50 SMS, through `deliver_batch` and through `deliver`.

    DATABASE_URL=postgres://…/scratch REDIS_URL=redis://…/n .venv/bin/python bench/bench_send.py \\
        [--messages 10000] [--workers 2] [--compare]

Writes bench/results/bench_send.json.
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
sys.path.insert(0, str(ROOT))

from bench.support import Spread, environment_urls, ratios, recreate_database, repetitions, report  # noqa: E402

DATABASE_URL, REDIS_URL = environment_urls()
QUEUE = f"bench-send-{uuid.uuid4().hex[:8]}"
CONSOLE = "messaging.channels.console.ConsoleProvider"
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")

os.environ.update(
    DJANGO_SETTINGS_MODULE="ouderbetrokkenheid.settings_test",
    DATABASE_URL=DATABASE_URL,
    REDIS_URL=REDIS_URL,
    CELERY_BROKER_URL=REDIS_URL,
    LOG_LEVEL="WARNING",
)


def daytime_offset():
    """Seconds to move the engine's clock to 10:00 Amsterdam tomorrow (quiet hours would hold all)."""
    from django.utils import timezone

    from ouderbetrokkenheid.school.clock import at_local, local_day

    real = timezone.now()
    return (at_local(local_day(real) + datetime.timedelta(days=1), datetime.time(10)) - real).total_seconds()


def board(schools, guardians_per_school):
    """A board of `schools` schools with their guardians (one in five reads SMS); returns the guardians."""
    from ouderbetrokkenheid.school.models import Guardian, School, SchoolBoard

    owner = SchoolBoard.objects.create(name="Bench")
    made = School.objects.bulk_create(
        School(board=owner, brin=f"{90 + i // 26:02d}{chr(65 + i % 26)}{chr(65 + i // 26 % 26)}{i % 100:02d}",
               name=f"School {i}")
        for i in range(schools)
    )  # fmt: skip
    return Guardian.objects.bulk_create(
        [
            Guardian(
                school=school,
                last_name=f"Ouder {s}-{i}",
                email=f"ouder{s}-{i}@example.nl",
                mobile=f"+316{s:03d}{i:05d}",
                channel="sms" if i % 5 == 0 else "email",
            )
            for s, school in enumerate(made)
            for i in range(guardians_per_school)
        ],
        batch_size=5000,
    )


def wave(guardians, count, now, kind="tip"):
    """`count` due weekly messages of `kind`, one per guardian (an earlier wave is removed first)."""
    from django.db import connection

    from messaging.models import Message
    from ouderbetrokkenheid.school.calendar import week_start
    from ouderbetrokkenheid.school.clock import local_day

    with connection.cursor() as cursor:  # a scratch database: the earlier wave, its attempts and parts
        cursor.execute(f"TRUNCATE {Message._meta.db_table} CASCADE")
    day = local_day(now)
    week = week_start(day)
    Message.objects.bulk_create(
        [
            Message(
                school_id=g.school_id,
                guardian=g,
                purpose="engagement",
                kind=kind,
                week=week,
                day=day,
                channel=g.channel,
                text=f"Tip van deze week voor {g.last_name}: lees samen een prentenboek en praat erover.",
                scheduled_at=now - datetime.timedelta(minutes=1),
                expires_at=now + datetime.timedelta(days=3),
                idempotency_key=f"bench:{uuid.uuid4().hex}",
            )
            for g in guardians[:count]
        ],
        batch_size=5000,
    )


def start_workers(n, offset, queue=QUEUE):
    env = dict(os.environ, OB_TEST_CELERY_QUEUE=queue, OB_TEST_CLOCK_OFFSET=str(offset), PYTHONUNBUFFERED="1")
    env["OB_TEST_MESSAGING_SETTINGS"] = json.dumps({f"MESSAGING_{c}_PROVIDER": CONSOLE for c in ("EMAIL", "SMS")})
    celery = str(Path(sys.executable).with_name("celery"))
    command = [celery, "-A", "tests.plugins.messaging_worker_app", "worker", "--pool=solo", "-l", "warning",
               "-Q", queue, "--without-mingle", "--without-gossip", "--without-heartbeat"]  # fmt: skip
    return [
        subprocess.Popen(
            [*command, "-n", f"{queue}-{i}@%h"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for i in range(n)
    ]


def stop_workers(workers):
    for worker in workers:
        worker.terminate()
    for worker in workers:
        worker.wait(timeout=60)


def wait_ready(app, n, queue=QUEUE, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        replies = app.control.ping(timeout=1.0) or []
        if sum(1 for r in replies for name in r if name.startswith(queue)) >= n:
            return
    raise SystemExit("workers did not start")


def wait(condition, timeout=1800):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("timed out")
        time.sleep(0.05)
    return time.monotonic()


def per_message_enqueue(ids):
    """The engine before batch sending: one `send_message` task per claimed row."""
    from messaging.tasks import send_message

    for pk in ids:
        send_message.delay(pk)


def time_send(count, now, *, per_message=False):
    """Seconds from the first dispatch until `count` rows are sent (the wave is in the outbox)."""
    from messaging import engine
    from messaging.models import Message, Status

    enqueue = engine._enqueue
    if per_message:
        engine._enqueue = per_message_enqueue
    try:
        start = time.monotonic()
        engine.dispatch_due(now=now)
        done = wait(lambda: Message.objects.filter(status=Status.SENT).count() >= count)
    finally:
        engine._enqueue = enqueue
    assert Message.objects.exclude(status=Status.SENT).count() == 0, "every message sent"
    return done - start


def time_noop(app, count, queue=QUEUE):
    with app.connection_for_write() as conn:
        client = conn.default_channel.client
        start = time.monotonic()
        with app.producer_or_acquire() as producer:
            for _ in range(count):
                app.send_task("tests.noop", queue=queue, producer=producer)
        done = wait(lambda: client.llen(queue) == 0 and client.hlen("unacked") == 0)
    return done - start


def statements_per_message(guardians, now, channel):
    """SQL statements per message for 50 claimed messages on `channel`: (deliver_batch, deliver)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    from messaging import batch, engine

    chosen = [g for g in guardians if g.channel == channel][:100]
    figures = []
    locmem = {f"MESSAGING_{c}_PROVIDER": "messaging.channels.locmem.LocmemProvider" for c in ("EMAIL", "SMS")}
    enqueue, engine._enqueue = engine._enqueue, lambda ids: None  # sent here, not by the workers
    with override_settings(**locmem):
        for send in (
            lambda ids: batch.deliver_batch(message_ids=ids, now=now),
            lambda ids: [engine.deliver(message_id=pk, now=now) for pk in ids],
        ):
            wave(chosen[:50] if not figures else chosen[50:], 50, now, kind="progress")
            ids = engine.claim_due(now=now, limit=50)
            with CaptureQueriesContext(connection) as queries:
                send(ids)
            statements = [q for q in queries.captured_queries if not q["sql"].startswith(TRANSACTION_CONTROL)]
            figures.append(len(statements) / len(ids))
    engine._enqueue = enqueue
    return figures


def prepare(messages):
    """A fresh, migrated database with a board of schools (1,000 guardians each) for `messages`
    messages; returns (the Celery app on the bench's queue, the clock offset to daytime, the
    moment the bench runs at, the guardians)."""
    recreate_database(DATABASE_URL)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from messaging import engine
    from ouderbetrokkenheid.celery import app

    app.conf.task_default_queue = QUEUE
    offset = daytime_offset()
    now = engine.clock() + datetime.timedelta(seconds=offset)
    return app, offset, now, board(max(1, messages // 1000), 1000)


def uptime():
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--compare", action="store_true", help="also time one task per message (the old engine)")
    args = parser.parse_args()
    app, offset, now, guardians = prepare(args.messages)
    print(f"load before: {uptime()}")
    queries = {channel: statements_per_message(guardians, now, channel) for channel in ("email", "sms")}
    workers = start_workers(args.workers, offset)
    runs = {"send": [], "noop": [], "per_message": []}
    try:
        wait_ready(app, args.workers)
        warm = min(500, args.messages)
        wave(guardians, warm, now)
        time_send(warm, now)
        time_noop(app, warm)
        for _ in range(repetitions()):
            wave(guardians, args.messages, now)
            runs["send"].append(args.messages / time_send(args.messages, now))
            runs["noop"].append(args.messages / time_noop(app, args.messages))
            if args.compare:
                wave(guardians, args.messages, now)
                runs["per_message"].append(args.messages / time_send(args.messages, now, per_message=True))
    finally:
        stop_workers(workers)
    load = uptime()
    rows = [
        ("send (batch task)", Spread.of(runs["send"]), "messages/s"),
        ("no-op task", Spread.of(runs["noop"]), "tasks/s"),
        ("ratio send / no-op", ratios(runs["send"], runs["noop"]), ""),
    ]
    if args.compare:
        rows += [
            ("send (task per message)", Spread.of(runs["per_message"]), "messages/s"),
            ("ratio per message / no-op", ratios(runs["per_message"], runs["noop"]), ""),
        ]
    report(f"Sending {args.messages} messages, {args.workers} workers, console provider", rows)
    for channel, (batched, single) in queries.items():
        print(f"  SQL statements per {channel:<5} (BEGIN/COMMIT aside): batch {batched:.2f}, per message {single:.2f}")
    print(f"load after: {load}")
    result = {
        "messages": args.messages,
        "workers": args.workers,
        "load": load,
        **{name: Spread.of(values).as_dict() for name, values in runs.items() if values},
        "ratio_send_to_noop": ratios(runs["send"], runs["noop"]).as_dict(),
        "statements_per_message": {c: {"batch": b, "per_message": s} for c, (b, s) in queries.items()},
    }
    if args.compare:
        result["ratio_per_message_to_noop"] = ratios(runs["per_message"], runs["noop"]).as_dict()
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "bench_send.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
