"""Timing of "Plan het jaar" for a school board: 20 schools of 400 pupils (16 groups, 800 guardians each).

Per school: the 2027-28 year is created from its holiday region (noord/midden/zuid in turn) with
two study days, two test periods and two report dates; the default programme of information
sessions is installed. Then, per school, `plan_year` (sessions via the meetings planner, five
conversation rounds, the engagement-message weeks) and `year_conflicts` on the result.

Baseline, in the same run and database: per school, the least work that produces the same rows —
read the year's periods and enrollments once and `bulk_create` the same number of sessions and
rounds at fixed dates (rolled back). The ratio is the price of the planning rules (the search over
the calendar, the checks, the services' validation and locks).

The first planning runs once (it also warms up every path); then each of `repetitions()` rounds
times the baseline, planning again (replacing what was planned) and the conflicts check; printed:
min/median/max over the rounds and of the paired ratio to the round's baseline.

    DATABASE_URL=postgres://…/scratch REDIS_URL=redis://…/n .venv/bin/python bench/bench_yearplan.py

DATABASE_URL (dropped and recreated!) and REDIS_URL from the environment (bench.support);
BENCH_SCHOOLS (default 20), BENCH_PUPILS (per school, default 400), BENCH_REPEAT.
"""

import datetime
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.support import Spread, environment_urls, ratios, recreate_database, repetitions, report  # noqa: E402

DATABASE_URL, REDIS_URL = environment_urls()
os.environ["DJANGO_SETTINGS_MODULE"] = "ouderbetrokkenheid.settings_test"

SCHOOLS = int(os.environ.get("BENCH_SCHOOLS", "20"))
PUPILS = int(os.environ.get("BENCH_PUPILS", "400"))
GROUPS = 16  # two per year level
REGIONS = ("noord", "midden", "zuid")
START_YEAR = 2027


def build_board():
    from django.contrib.auth import get_user_model

    from meetings.programme import programme_install
    from ouderbetrokkenheid.school import models as m
    from ouderbetrokkenheid.school.services import school_year_create_from_region
    from yearplan.periods import period_add

    User = get_user_model()
    board = m.SchoolBoard.objects.create(name="Bench-bestuur")
    years = []
    for s in range(SCHOOLS):
        school = m.School.objects.create(board=board, brin=f"97{s:02d}YP", name=f"School {s}", region=REGIONS[s % 3])
        year = school_year_create_from_region(school=school, start_year=START_YEAR)
        for kind, name, start, end in (
            ("study_day", "Studiedag", 5, 5),
            ("study_day", "Studiedag", 150, 150),
            ("test_period", "Toetsen midden", 140, 151),
            ("test_period", "Toetsen eind", 280, 291),
            ("report_date", "Eerste rapport", 170, 170),
            ("report_date", "Tweede rapport", 310, 310),
        ):
            first = _school_day(year, year.first_day + datetime.timedelta(days=start))
            period_add(
                school_year=year,
                kind=kind,
                name=name,
                start_date=first,
                end_date=first + datetime.timedelta(days=end - start),
            )
        programme_install(school=school)
        users = User.objects.bulk_create(User(email=f"l{s}-{g}@bench.example.nl") for g in range(GROUPS))
        teachers = m.Staff.objects.bulk_create(
            m.Staff(user=u, school=school, first_name="Leerkracht", last_name=str(g), is_teacher=True)
            for g, u in enumerate(users)
        )
        groups = m.Group.objects.bulk_create(
            m.Group(school_year=year, name=f"{g // 2 + 1}{'ab'[g % 2]}") for g in range(GROUPS)
        )
        m.Group.teachers.through.objects.bulk_create(
            m.Group.teachers.through(group_id=g.pk, staff_id=t.pk) for g, t in zip(groups, teachers, strict=True)
        )
        pupils = m.Pupil.objects.bulk_create(
            m.Pupil(
                school=school,
                external_id=str(i),
                first_name=f"Kind{i}",
                last_name="Bench",
                date_of_birth=datetime.date(2018, 1, 1),
            )
            for i in range(PUPILS)
        )
        per_group = PUPILS // GROUPS
        m.Enrollment.objects.bulk_create(
            m.Enrollment(
                pupil=p,
                group=groups[min(i // per_group, GROUPS - 1)],
                year_level=min(i // per_group, GROUPS - 1) // 2 + 1,
                start_date=year.first_day,
            )
            for i, p in enumerate(pupils)
        )
        guardians = m.Guardian.objects.bulk_create(
            m.Guardian(school=school, external_id=str(i), last_name=f"Ouder{i}") for i in range(2 * PUPILS)
        )
        links = [m.GuardianOf(guardian=guardians[2 * i + k], pupil=p) for i, p in enumerate(pupils) for k in (0, 1)]
        # a tenth of the families has a second child four year levels up
        links += [
            m.GuardianOf(guardian=guardians[2 * i], pupil=pupils[(i + 8 * per_group) % PUPILS])
            for i in range(0, PUPILS, 10)
        ]
        m.GuardianOf.objects.bulk_create(links, ignore_conflicts=True)
        years.append(year)
    return years


def _school_day(year, day):
    off = [(p.start_date, p.end_date) for p in year.periods.all() if p.is_day_off]
    while day.weekday() >= 5 or any(s <= day <= e for s, e in off):
        day += datetime.timedelta(days=1)
    return day


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def baseline(years, sessions_per_year, rounds_per_year):
    """Read each year's periods and enrollments once; bulk_create as many sessions and rounds (rolled back)."""
    from django.db import transaction

    from conversations.models import Round
    from meetings.models import ProgrammeItem, Session
    from ouderbetrokkenheid.school.clock import at_local
    from ouderbetrokkenheid.school.models import Enrollment

    start = time.perf_counter()
    with transaction.atomic():
        for year in years:
            list(year.periods.all())
            list(Enrollment.objects.filter(group__school_year=year).values_list("pupil_id", "year_level"))
            item = ProgrammeItem.objects.filter(school_id=year.school_id).first()
            day = year.first_day + datetime.timedelta(days=8)
            Session.objects.bulk_create(
                Session(item=item, school_year=year, year_levels=[1], starts_at=at_local(day, datetime.time(19)))
                for _ in range(sessions_per_year)
            )
            Round.objects.bulk_create(
                Round(school_year=year, kind="start", title="Start", year_levels=[1], first_day=day, last_day=day)
                for _ in range(rounds_per_year)
            )
        seconds = time.perf_counter() - start
        transaction.set_rollback(True)
    return seconds


def main():
    recreate_database(DATABASE_URL)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from conversations.models import Round
    from meetings.models import Session
    from yearplan.conflicts import year_conflicts
    from yearplan.planning import plan_year

    setup_seconds, years = timed(build_board)
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        plan_seconds, reports = timed(lambda: [plan_year(school_year=year) for year in years])
        plan_queries = counter.count
        _s, conflicts = timed(lambda: [year_conflicts(year) for year in years])
        conflict_queries = counter.count - plan_queries
    sessions = Session.objects.filter(school_year__in=years).count()
    rounds = Round.objects.filter(school_year__in=years).count()
    unplaced = sum(len(r.unplaced) for r in reports)
    baseline(years, sessions // len(years), rounds // len(years))  # warm up the baseline too
    base, again, check = [], [], []
    for _round in range(repetitions()):
        base.append(baseline(years, sessions // len(years), rounds // len(years)))
        again.append(timed(lambda: [plan_year(school_year=year) for year in years])[0])
        check.append(timed(lambda: [year_conflicts(year) for year in years])[0])

    print(
        f"board: {len(years)} schools × {PUPILS} pupils ({len(years) * PUPILS} pupils, "
        f"{len(years) * 2 * PUPILS} guardians), regions {', '.join(REGIONS)} (setup {setup_seconds:.1f} s)"
    )
    print(
        f"planned: {sessions} sessions, {rounds} rounds, {sum(len(r.message_weeks) for r in reports)} message weeks; "
        f"{unplaced} items not placed; {sum(map(len, conflicts))} conflicts (round capacity: no availability yet)"
    )
    print(f"first planning (once): {plan_seconds:.2f} s, {plan_queries} queries; conflicts {conflict_queries} queries")
    print(f"load average {os.getloadavg()[0]:.2f}")
    report(f"seconds for the board's {len(years)} schools", [
        ("baseline: read year + bulk_create the same rows", Spread.of(base), "s"),
        ("plan_year again (replaces, keeps what is fixed)", Spread.of(again), "s"),
        ("year_conflicts for every school", Spread.of(check), "s"),
    ])  # fmt: skip
    report("ratio to the baseline of the same round", [
        ("plan_year again / baseline", ratios(again, base), "x"),
        ("first planning / first round's baseline", ratios([plan_seconds], base[:1]), "x"),
    ])  # fmt: skip


if __name__ == "__main__":
    main()
