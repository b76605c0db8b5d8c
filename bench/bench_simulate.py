"""Timing of a simulated school year of the demo school (De Regenboog, 200 pupils, 235 guardians):
`simulate` from the week before the first school day to the end of the summer reading programme,
with every invariant checked every day. The budget is three minutes.

Measured in the same run and database:
- warm-up: one simulated week of the small demo school, rolled back (imports, templates, caches);
- baseline: the same days and moments with nobody acting: the controlled clock, the beat's tasks
  (the send engine with nothing due) and the daily checks, i.e. the simulator's own overhead;
- the year: everything, including the real send engine for every message.

    .venv/bin/python bench/bench_simulate.py

Environment: BENCH_SIMULATE_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/ob_bench_simulate),
REDIS_URL (default redis://127.0.0.1:6379/15), BENCH_SCHOOL (default 99ZZ00), BENCH_SEED (default 1).
"""

import datetime
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.scratch import recreate_database  # noqa: E402

DATABASE_URL = os.environ.get("BENCH_SIMULATE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ob_bench_simulate")
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
os.environ["DJANGO_SETTINGS_MODULE"] = "ouderbetrokkenheid.settings_test"
os.environ.setdefault("LOG_LEVEL", "WARNING")

SCHOOL = os.environ.get("BENCH_SCHOOL", "99ZZ00")
SEED = int(os.environ.get("BENCH_SEED", "1"))
BUDGET_SECONDS = 180


def timed(work):
    start = time.perf_counter()
    value = work()
    return time.perf_counter() - start, value


def main():
    recreate_database(DATABASE_URL)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from messaging.models import Message, Status
    from ouderbetrokkenheid.school.demo import load_demo
    from ouderbetrokkenheid.school.models import School
    from simulation.simulator import running_year, simulate

    call_command("migrate", verbosity=0)
    setup_seconds, _demo = timed(load_demo)
    school = School.objects.get(brin=SCHOOL)
    small = School.objects.exclude(pk=school.pk).first()
    year = running_year(school, timezone.localdate())

    with transaction.atomic():  # warm-up, rolled back
        small_year = running_year(small, timezone.localdate())
        simulate(school=small, year=small_year, end=small_year.first_day + datetime.timedelta(days=7), seed=SEED)
        transaction.set_rollback(True)
    with transaction.atomic():  # baseline, rolled back: the clock, the beat and the checks, nobody acting
        baseline_seconds, _baseline = timed(lambda: simulate(school=school, year=year, seed=SEED, people=False))
        transaction.set_rollback(True)

    seconds, result = timed(lambda: simulate(school=school, year=year, seed=SEED))
    sent = Message.objects.filter(school=school, status=Status.SENT).count()
    failed = Message.objects.filter(school=school, status=Status.FAILED).count()
    days = (result.end - result.start).days + 1
    checks = sum(result.checks.values())
    print(
        f"school: {school.name} ({school.brin}), {school.pupils.count()} pupils, {school.guardians.count()} "
        f"guardians; year {year} simulated {result.start} – {result.end} ({days} days); "
        f"demo setup {setup_seconds:.1f} s"
    )
    print(
        f"messages sent {sent}, failed {failed}; invariant checks {checks} ({len(result.checks)} rules × "
        f"{days} days); violations {len(result.violations)}, warnings {len(result.warnings)}"
    )
    print(f"{'step':<56} {'s':>8} {'per day':>9} {'per message':>12}")
    rows = [
        ("the year (people, tasks, send engine, checks)", seconds, sent),
        ("baseline: clock + beat + checks, nobody acting", baseline_seconds, None),
    ]
    for name, value, messages in rows:
        per_message = f"{value / messages * 1000:.1f}ms" if messages else ""
        print(f"{name:<56} {value:>8.1f} {value / days * 1000:>7.0f}ms {per_message:>12}")
    print(
        f"the year: {seconds:.1f} s ({seconds / baseline_seconds:.1f}x the baseline); budget {BUDGET_SECONDS} s: "
        f"{'within' if seconds < BUDGET_SECONDS else 'OVER'}"
    )
    print("happened: " + ", ".join(f"{k} {v}" for k, v in sorted(result.journal.counts.items())))


if __name__ == "__main__":
    main()
