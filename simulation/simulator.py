"""The simulated year: a controlled clock moved through every day and, within a day, through
the hours the beat schedule and the send engine use; at each moment the due tasks run, staff
and parents act, and at the end of each day every invariant is checked.

    result = simulate(school=school, seed=1)            # the school's running (or coming) year
    result.violations, result.weeks, result.seconds

Moments (Europe/Amsterdam): 07:00 beat (summer reading, buddy reminders; the send engine holds
everything in quiet hours); 08:00 the engine sends what the night held, leadership invites;
10:00 reminders, faults that are an action (an import, a calendar change); 15:00 teachers;
18:00 the week's engagement messages; 20:30 parents. The send engine's dispatch runs at every
moment after the people acted (beat runs it every minute: messages made at a moment go out at it).
"""

import datetime
import logging
import random
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

import time_machine
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone

from messaging.planning import summer_holiday
from messaging.tasks import schedule_summer_reading
from ouderbetrokkenheid.school.calendar import days_between
from ouderbetrokkenheid.school.clock import at_local
from ouderbetrokkenheid.school.models import SchoolYear
from reach.tasks import buddy_reminders

from . import faults as fault_module
from .context import ONE_DAY, YearContext
from .invariants import Checker
from .parents import Parents
from .providers import PROVIDER_SETTINGS, world
from .runners import InlineRunner
from .staff import Staff

logger = logging.getLogger(__name__)

T = datetime.time
MOMENTS = (T(7, 0), T(8, 0), T(10, 0), T(15, 0), T(18, 0), T(20, 30))
CHECK_AT = T(23, 30)
SUMMER_READING_AT = (T(7, 0), T(15, 0))  # beat: every six hours
SUMMER_FALLBACK = datetime.timedelta(weeks=6)


class Journal:
    """Counts of what happened and notes of what the app refused."""

    def __init__(self):
        self.counts, self.notes = {}, []

    def count(self, name, n=1):
        self.counts[name] = self.counts.get(name, 0) + n

    def note(self, text):
        self.notes.append(f"{timezone.localdate()}: {text}")


@dataclass
class SimulationResult:
    school: object
    year: object
    start: datetime.date
    end: datetime.date
    seed: int
    faults: list
    violations: list
    warnings: list
    checks: dict  # rule -> number of days it was checked
    journal: Journal
    seconds: float
    runner: str
    weeks: list = field(default_factory=list)  # filled by report.weekly_rows
    lateness: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.violations


def running_year(school, today) -> SchoolYear:
    """The school year holding `today`, else the next one, else the last one."""
    return SchoolYear.objects.running_or_next(school, today, or_last=True)


@contextmanager
def fast_commits():
    """A simulated year commits tens of thousands of small transactions: don't wait for each to
    reach the disk (PostgreSQL's synchronous_commit, SQLite's synchronous pragma; what is committed
    stays visible at once). Other databases run as they are."""
    if connection.vendor == "postgresql":
        on, off = "SET synchronous_commit TO DEFAULT", "SET synchronous_commit TO off"
    elif connection.vendor == "sqlite" and not connection.in_atomic_block:  # the pragma is refused in a transaction
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous")
            on, off = f"PRAGMA synchronous = {int(cursor.fetchone()[0])}", "PRAGMA synchronous = OFF"
    else:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(off)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(on)


# Autovacuum's decision for one table, with the server's own settings: VACUUM when the dead row
# versions (or the rows inserted since the last vacuum) pass the threshold plus the scale factor
# times the table's size, ANALYZE when the rows changed since the last analyze do.
AUTOVACUUM_DUE = """
SELECT s.relname,
       s.n_dead_tup > current_setting('autovacuum_vacuum_threshold')::float
           + current_setting('autovacuum_vacuum_scale_factor')::float * greatest(c.reltuples, 0)
       OR s.n_ins_since_vacuum > current_setting('autovacuum_vacuum_insert_threshold')::float
           + current_setting('autovacuum_vacuum_insert_scale_factor')::float * greatest(c.reltuples, 0),
       s.n_mod_since_analyze > current_setting('autovacuum_analyze_threshold')::float
           + current_setting('autovacuum_analyze_scale_factor')::float * greatest(c.reltuples, 0)
FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
WHERE s.schemaname = current_schema()
ORDER BY s.relname
"""


def flush_statistics(cursor):
    """This session's row counts reach the server's statistics (`pg_stat_user_tables`) at most once
    a second; on PostgreSQL 15+ they are flushed when this statement ends, so the next one sees them."""
    if cursor.db.pg_version >= 150000:
        cursor.execute("SELECT pg_stat_force_next_flush()")


def autovacuum_nightly() -> list[str]:
    """What autovacuum does between two real days, each simulated night: a year pressed into minutes
    outruns its one-minute naptime, and a server may run without it (this machine's CI PostgreSQL
    has `autovacuum = off`). Without it the beat's claim and late sweep (every moment) walk every
    outbox row version of the year so far, each state a message passed through being a version:
    after five simulated weeks a bitmap scan over 18,000 index entries, 26 ms a claim, 226 of 592 s
    of a profiled year in `dispatch_due`; and no table is ever analyzed, so the planner plans the
    year's growing tables with the statistics of the demo it started from, or none. Each night the
    tables past autovacuum's own thresholds are vacuumed or analyzed. Only on PostgreSQL in
    autocommit (the command, the bench); inside a transaction (a test) no version can be removed
    anyway. Returns what it did ("VACUUM (ANALYZE) messaging_message", …)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return []
    done = []
    with connection.cursor() as cursor:
        flush_statistics(cursor)
        cursor.execute(AUTOVACUUM_DUE)
        for table, vacuum, analyze in cursor.fetchall():
            if not (vacuum or analyze):
                continue
            command = "VACUUM (ANALYZE)" if vacuum and analyze else "VACUUM" if vacuum else "ANALYZE"
            cursor.execute(f"{command} {connection.ops.quote_name(table)}")
            done.append(f"{command} {table}")
    return done


def default_end(school, year) -> datetime.date:
    """The end of the summer reading programme: the last day of the summer holiday after the year."""
    holiday = summer_holiday(school=school, day=year.last_day + ONE_DAY)
    return holiday[2] if holiday else year.last_day + SUMMER_FALLBACK


def simulate(
    *,
    school,
    start=None,
    end=None,
    seed=1,
    faults=(),
    runner=None,
    year=None,
    check=True,
    progress=None,
    people=True,
    open_round_on=None,
) -> SimulationResult:
    """Simulate `school`'s year from `start` (default: a week before the first school day) to `end`
    (default: the end of the summer reading programme). Returns the result with every violation.
    `people=False` runs only the clock, the beat and the checks (the benchmark's baseline);
    `open_round_on`: that morning leadership opens the next round early when none is open (the demo)."""
    year = year or running_year(school, start or timezone.localdate())
    start = start or year.first_day - datetime.timedelta(days=7)
    end = end or default_end(school, year)
    runner = runner or InlineRunner()
    ctx = YearContext(school=school, year=year, seed=seed, late_start=start > year.first_day)
    journal = Journal()
    world.reset()
    began = time.monotonic()
    # The engine's failures are counted in the report instead; every eager task's "succeeded" is noise.
    quiet = {name: logging.getLogger(name) for name in ("messaging.engine", "celery.app.trace")}
    levels = {name: log.level for name, log in quiet.items()}
    for log in quiet.values():
        log.setLevel(logging.ERROR)
    try:
        with override_settings(**PROVIDER_SETTINGS), runner.session(), fast_commits():
            with time_machine.travel(at_local(start, MOMENTS[2]), tick=False) as traveller:
                planned = fault_module.plan_faults(ctx, faults, start=start, end=end)
                parents = Parents(ctx, journal, random.Random(seed))
                staff = Staff(ctx, journal)
                staff.new_languages = {pk: p.new_language for pk, p in parents.personas.items() if p.new_language}
                checker = Checker(ctx)
                if people:
                    staff.prepare_year()
                runner.dispatch()
                for day in days_between(start, end):
                    for moment_time in MOMENTS:
                        moment = at_local(day, moment_time)
                        if day == start and moment <= at_local(start, MOMENTS[2]):
                            continue
                        traveller.move_to(moment)
                        if people and day == open_round_on and moment_time == MOMENTS[1]:
                            staff.open_next_round(day)
                        _moment(ctx, day, moment_time, staff, parents, planned, runner, journal, moment, people)
                    if check:
                        traveller.move_to(at_local(day, CHECK_AT))
                        checker.check_day(day)
                    autovacuum_nightly()
                    if progress:
                        progress(day)
    finally:
        for name, log in quiet.items():
            log.setLevel(levels[name])
    seconds = time.monotonic() - began
    return SimulationResult(
        school=school,
        year=ctx.year,
        start=start,
        end=end,
        seed=seed,
        faults=planned,
        violations=checker.violations,
        warnings=checker.warnings,
        checks=checker.checked,
        journal=journal,
        seconds=seconds,
        runner=runner.name,
    )


def _moment(ctx, day, at, staff, parents, planned, runner, journal, moment, people=True):
    beat = not fault_module.workers_down(planned, moment)
    in_year = people and ctx.year.first_day - datetime.timedelta(days=7) <= day <= ctx.year.last_day
    if beat and at in SUMMER_READING_AT and day > ctx.year.last_day:
        schedule_summer_reading.apply()
    if beat and at == MOMENTS[0]:
        buddy_reminders.apply()
    if in_year:
        if at == T(8, 0):
            staff.morning()
        elif at == T(10, 0):
            fault_module.apply_day_faults(ctx, planned, journal)
        elif at == T(15, 0):
            staff.after_school()
        elif at == T(20, 30):
            parents.evening()
    if beat:
        runner.dispatch()
    else:
        journal.count("moments_without_worker")
