"""Timing of a simulated school year of the demo school (De Regenboog, 200 pupils, 235 guardians):
`simulate` from the week before the first school day to the end of the summer reading programme,
with every invariant checked every day. The budget is three minutes.

Measured in the same run and database:
- warm-up: one simulated week of the small demo school, rolled back (imports, templates, caches);
- baseline: the same days and moments with nobody acting: the controlled clock, the beat's tasks
  (the send engine with nothing due) and the daily checks, i.e. the simulator's own overhead;
- the year: everything, including the real send engine for every message.

The baseline and the year run in each of `repetitions()` rounds; printed: min/median/max over the
rounds and of the paired ratio year / baseline.

Both run as `manage.py simulate_year` does: in autocommit, each from the same demo database
(restored from a pg_dump made after the demo was loaded; the restore is not timed), with the
simulator's nightly stand-in for autovacuum (`autovacuum_nightly`). They used to run inside one
rolled-back transaction: there no row version ever dies, and the beat's claim and late sweep,
six times a simulated day, walked every outbox row version of the year so far (a bitmap heap scan
over 18,000 index entries after five weeks, 26 ms each); the full-year profile spent 226 of its
592 s in `dispatch_due`, a cost the command never pays.

    DATABASE_URL=postgres://…/scratch REDIS_URL=redis://…/n .venv/bin/python bench/bench_simulate.py

DATABASE_URL (dropped and recreated!) and REDIS_URL from the environment (bench.support);
BENCH_SCHOOL (default 99ZZ00), BENCH_SEED (default 1), BENCH_REPEAT (default 3: about 10 minutes).
"""

import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.support import (  # noqa: E402
    Spread,
    dump_database,
    environment_urls,
    ratios,
    recreate_database,
    repetitions,
    report,
    restore_database,
)

DATABASE_URL, REDIS_URL = environment_urls()
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
    from django.db import connections, transaction
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

    dump = Path(tempfile.mkdtemp(prefix="ob-bench-simulate-")) / "demo.dump"
    connections.close_all()
    dump_database(DATABASE_URL, dump)

    def from_the_demo(**options):
        connections.close_all()
        restore_database(DATABASE_URL, dump)
        seconds, result = timed(lambda: simulate(school=school, year=year, seed=SEED, **options))
        counts = {status: Message.objects.filter(school=school, status=status).count()
                  for status in (Status.SENT, Status.FAILED)}  # fmt: skip
        return seconds, result, counts

    base, years = [], []
    for _round in range(repetitions()):
        base.append(from_the_demo(people=False)[0])  # the clock, the beat and the checks, nobody acting
        seconds, result, counts = from_the_demo()
        years.append(seconds)
    dump.unlink()
    sent, failed = counts[Status.SENT], counts[Status.FAILED]
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
    print(f"load average {os.getloadavg()[0]:.2f}")
    report("seconds", [
        ("the year (people, tasks, send engine, checks)", Spread.of(years), "s"),
        ("baseline: clock + beat + checks, nobody acting", Spread.of(base), "s"),
        ("the year per message", Spread.of([s / max(sent, 1) * 1000 for s in years]), "ms"),
        ("the year / baseline (same round)", ratios(years, base), "x"),
    ])  # fmt: skip
    median = Spread.of(years).median
    verdict = "within" if median < BUDGET_SECONDS else "OVER"
    print(f"the year: median {median:.1f} s; budget {BUDGET_SECONDS} s: {verdict}")
    print("happened: " + ", ".join(f"{k} {v}" for k, v in sorted(result.journal.counts.items())))


if __name__ == "__main__":
    main()
