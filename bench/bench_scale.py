"""The scale model: a full outbox drained by 1, 2 and 4 worker processes, with the costs per message
that size PostgreSQL and Redis. docs/scaling.md is written from its output.

In its own scratch database (DATABASE_URL, dropped and recreated) and Redis (REDIS_URL; a queue of
its own): a synthetic board of `--messages / 1000` schools with 1,000 guardians each (one in five
by SMS), and an outbox of `--messages` (100,000) due weekly tips, one per guardian, every e-mail
with its signed unsubscribe link; every channel on the console provider (output to /dev/null).

Measured, after a warm-up, for each number of worker processes (`celery worker --pool=solo` of
the test worker app) and each of `repetitions()` rounds, on a freshly filled outbox:
- **send rate**: the beat's `dispatch_due` claims the whole outbox (500 rows per transaction, one
  task per 50); the rows `sent` after `--window` seconds (30), divided by the elapsed time;
- **no-op rate**: `--noop` (5,000) bare tasks through the same broker and workers.
Once, without workers: the claim rate of one beat (rows/s, tasks not published), the bytes per
outbox row and per attempt row (table + indexes), the commits per sent message, and the Redis
memory per queued send task (MEMORY USAGE of the queue).

    DATABASE_URL=postgres://…/scratch REDIS_URL=redis://…/n .venv/bin/python bench/bench_scale.py \\
        [--messages 100000] [--workers 1 2 4] [--window 30]

Writes bench/results/bench_scale.json.
"""

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_send import (  # noqa: E402 (sets the environment before Django loads)
    QUEUE,
    prepare,
    start_workers,
    stop_workers,
    time_noop,
    uptime,
    wait_ready,
    wave,
)
from bench.support import Spread, ratios, repetitions, report  # noqa: E402


def scalar(sql):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def table_bytes(model):
    return scalar(f"SELECT pg_total_relation_size('{model._meta.db_table}')")


def costs(guardians, count, now, app):
    """Per message: claim rate, bytes, commits (in-process, console provider), Redis bytes per task."""
    from django.conf import settings
    from django.db import connection

    from messaging import batch, engine
    from messaging.channels.console import ConsoleProvider
    from messaging.models import Message, MessageAttempt

    wave(guardians, count, now)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE messaging_message")
    row_bytes = table_bytes(Message) / count
    enqueue, engine._enqueue = engine._enqueue, lambda ids: None
    try:
        start = time.monotonic()
        engine.dispatch_due(now=now)
        claim_rate = count / (time.monotonic() - start)
    finally:
        engine._enqueue = enqueue
    sample = list(Message.objects.order_by("pk").values_list("pk", flat=True)[:5000])
    for name in ("EMAIL", "SMS"):
        setattr(settings, f"MESSAGING_{name}_PROVIDER", "messaging.channels.console.ConsoleProvider")
    ConsoleProvider.stream = open("/dev/null", "w")  # noqa: SIM115 (for the process's life)
    commits = scalar(f"SELECT xact_commit FROM pg_stat_database WHERE datname = '{connection.settings_dict['NAME']}'")
    for offset in range(0, len(sample), 50):
        batch.deliver_batch(message_ids=sample[offset : offset + 50], now=now)
    connection.close()  # the statistics of this session are flushed at its end
    time.sleep(1.0)
    commits_after = scalar(
        f"SELECT xact_commit FROM pg_stat_database WHERE datname = '{connection.settings_dict['NAME']}'"
    )
    attempt_bytes = table_bytes(MessageAttempt) / MessageAttempt.objects.count()
    with app.connection_for_write() as conn:
        client = conn.default_channel.client
        client.delete(QUEUE)
        wave(guardians, count, now)
        engine.dispatch_due(now=now)  # no worker runs: every task stays in the queue
        tasks = client.llen(QUEUE)
        per_task = client.memory_usage(QUEUE, samples=0) / tasks  # the queue's list, all its elements
        client.delete(QUEUE)
    return {
        "claim_rows_per_second": claim_rate,
        "outbox_bytes_per_row": row_bytes,
        "attempt_bytes_per_row": attempt_bytes,
        "commits_per_sent_message": (commits_after - commits) / len(sample),
        "redis_bytes_per_send_task": per_task,
        "messages_per_send_task": count / tasks,
    }


def drain_rate(guardians, count, now, window):
    from messaging import engine
    from messaging.models import Message, Status

    wave(guardians, count, now)
    start = time.monotonic()
    engine.dispatch_due(now=now)
    time.sleep(max(0.0, window - (time.monotonic() - start)))
    sent = Message.objects.filter(status=Status.SENT).count()
    return sent / (time.monotonic() - start)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--window", type=float, default=30.0)
    parser.add_argument("--noop", type=int, default=5000)
    args = parser.parse_args()
    app, offset, now, guardians = prepare(args.messages)
    load_before = uptime()
    per_message = costs(guardians, args.messages, now, app)
    figures = {}
    for n in args.workers:
        workers = start_workers(n, offset)
        send, noop = [], []
        try:
            wait_ready(app, n)
            drain_rate(guardians, min(args.messages, 2000), now, 5.0)  # warm-up
            time_noop(app, min(args.noop, 1000))
            for _ in range(repetitions()):
                send.append(drain_rate(guardians, args.messages, now, args.window))
                with app.connection_for_write() as conn:
                    conn.default_channel.client.delete(QUEUE)  # the rest of this round's tasks
                noop.append(args.noop / time_noop(app, args.noop))
        finally:
            stop_workers(workers)
        figures[n] = {"send": send, "noop": noop}
    load_after = uptime()
    rows = []
    for n, runs in figures.items():
        rows += [
            (f"{n} worker(s): send", Spread.of(runs["send"]), "messages/s"),
            (f"{n} worker(s): no-op", Spread.of(runs["noop"]), "tasks/s"),
            (f"{n} worker(s): ratio", ratios(runs["send"], runs["noop"]), ""),
        ]
    report(f"Draining an outbox of {args.messages} messages for {args.window:.0f} s", rows)
    for name, value in per_message.items():
        print(f"  {name}: {value:,.1f}")
    print(f"load before: {load_before}\nload after:  {load_after}")
    result = {
        "messages": args.messages,
        "window_seconds": args.window,
        "load_before": load_before,
        "load_after": load_after,
        "per_message": per_message,
        "workers": {
            n: {
                "send": Spread.of(r["send"]).as_dict(),
                "noop": Spread.of(r["noop"]).as_dict(),
                "ratio": ratios(r["send"], r["noop"]).as_dict(),
            }
            for n, r in figures.items()
        },
    }
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "bench_scale.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
