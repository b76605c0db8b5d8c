"""Timing and query counts of the pupil development view (OPP-trap), with a trivial page as baseline.

Builds, in its own scratch PostgreSQL database (dropped, created, migrated), one school with six
school years (the demo calendar) and a groep 8 of 30 pupils who were in groep 3 … 7 of the earlier
years (an enrollment per year). Every pupil has results in the four domains at every M and E
moment from groep 3 to groep 8 (48 results, 1,440 in all; the view as at the end of groep 8, so the
groep 8 moments are dated later this school year), made with the demo generator
(development.demo.results_for: a learning rate per pupil, a few far behind or above E8). Also: the
school's own route table, development settings per year, an exit perspective per pupil (two
versions for a third of them), two short-term goals for a few and a publication for a few.
A second groep 8 of 120 pupils with the same data checks that the group table costs the same
number of queries for four times the pupils.

Measured through django.test.Client, logged in as the group's teacher, after a warm-up of every
case, in each of `repetitions()` rounds the median of repeated requests of every case (the
baselines in the same round); printed: min/median/max over the rounds and of the paired ratio to
the round's baseline, the query count of one further request:

- the staff pupil page (chart, words, table of levels), the group table of 30 (and of 120) pupils,
- rendering the SVG chart alone (development.chart.render_svg of the pupil's chart),
- the PDF of the pupil's view (WeasyPrint) through its URL,

against, in the same run: a logged-in GET of the login page (the session, the user and base.html:
the least a page costs) and, for the PDF, a one-line HTML to PDF.

    DATABASE_URL=postgres://…/scratch REDIS_URL=redis://…/n .venv/bin/python bench/bench_development.py

DATABASE_URL (dropped and recreated!) and REDIS_URL from the environment (bench.support); BENCH_REPEAT.
Writes bench/results/bench_development.json.
"""

import datetime
import json
import logging
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.support import Spread, environment_urls, ratios, recreate_database, repetitions, report  # noqa: E402

DATABASE_URL, REDIS_URL = environment_urls()
os.environ["DJANGO_SETTINGS_MODULE"] = "ouderbetrokkenheid.settings_test"

GROUP_SIZES = {"8a": 30, "8b": 120}
PAGE_RUNS = 10
GROUP_RUNS = 5
SVG_RUNS = 100
PDF_RUNS = 3
BASELINE_RUNS = 50
WARM_UP = 2
FIRST_NAMES = ["Fatima", "Noah", "Emma", "Mohamed", "Sara", "Liam", "Zeynep", "Oliwia", "Bohdan", "Thảo", "Finn"]
LAST_NAMES = ["Bakker", "El Idrissi", "Yılmaz", "Kowalski", "Kovalenko", "Nguyễn", "de Vries", "Jansen", "Öztürk"]
TRACKS = ["vmbo_bb", "vmbo_kb", "vmbo_gt", "havo", "vwo"]


def build_school(today):
    """The school, its years and groups; returns (teacher, {group name: (group, [pupils])})."""
    from django.contrib.auth import get_user_model

    from development import services
    from development.demo import Profile, results_for
    from development.models import (
        Domain,
        ExitPerspective,
        Publication,
        RouteTable,
        ShortTermGoal,
        TestResult,
    )
    from ouderbetrokkenheid.school import demo
    from ouderbetrokkenheid.school import models as m

    rng = random.Random(42)
    school = m.School.objects.create(
        board=m.SchoolBoard.objects.create(name="Bench-bestuur"), brin="97DV00", name="De Meetlat", region="midden"
    )
    current = demo.current_start_year(today)
    years = {start: demo.ensure_year(school, start) for start in range(current - 5, current + 1)}
    for year in years.values():
        services.settings_for(year)
    user = get_user_model().objects.create_user("leerkracht8@bench.example.nl")
    teacher = m.Staff.objects.create(user=user, school=school, first_name="Thomas", last_name="Visser", is_teacher=True)
    RouteTable.objects.create(
        school=school, name="Afspraak samenwerkingsverband (bench)", changed_by=teacher,
        boundaries={"vmbo_bb": 29, "vmbo_kb": 39, "vmbo_gt": 46, "havo": 54, "vwo": 61},
    )  # fmt: skip
    groups = {}
    for name, size in GROUP_SIZES.items():
        # the class's groups of earlier years (groep 3 six years ago … groep 7 last year) and now groep 8
        by_year = {start: m.Group.objects.create(school_year=year, name=f"{8 - (current - start)}{name[1:]}")
                   for start, year in years.items()}  # fmt: skip
        by_year[current].teachers.add(teacher)
        pupils = m.Pupil.objects.bulk_create(
            m.Pupil(school=school, external_id=f"{name}-{i}", first_name=rng.choice(FIRST_NAMES),
                    last_name=f"{rng.choice(LAST_NAMES)} {i}", date_of_birth=datetime.date(current - 12, 3, 1))
            for i in range(size)
        )  # fmt: skip
        m.Enrollment.objects.bulk_create(
            m.Enrollment(pupil=p, group=by_year[start], year_level=8 - (current - start), start_date=year.first_day,
                         end_date=None if start == current else year.last_day + datetime.timedelta(days=1))
            for p in pupils for start, year in years.items()
        )  # fmt: skip
        school_years = tuple((start, 8 - (current - start)) for start in years)
        end_of_groep_8 = datetime.date(current + 1, 7, 1)  # every M and E moment up to E8
        results = []
        for i, pupil in enumerate(pupils):
            kind = "pro" if i % 10 == 3 else "above_e8" if i % 10 == 7 else "on_course"
            base = {"on_course": rng.uniform(0.75, 1.1), "pro": 0.45, "above_e8": 1.3}[kind]
            rates = {d: base + rng.uniform(-0.08, 0.08) for d in Domain.values}
            profile = Profile(kind=kind, rates=rates, years=school_years)
            results += results_for(pupil, profile, end_of_groep_8, random.Random(f"{name}-{i}"))
        TestResult.objects.bulk_create(results)
        now = datetime.datetime.now(datetime.UTC)
        perspectives = [
            ExitPerspective(pupil=p, track=TRACKS[(i + k) % len(TRACKS)], reasoning="Onderbouwing " * 20,
                            supporting="Werkhouding", hindering="Concentratie", recorded_by=teacher,
                            recorded_at=now - datetime.timedelta(days=30 * (2 - k)))
            for i, p in enumerate(pupils) for k in range(2 if i % 3 == 0 else 1)
        ]  # fmt: skip
        ExitPerspective.objects.bulk_create(perspectives)
        ShortTermGoal.objects.bulk_create(
            ShortTermGoal(pupil=p, domain=domain, target_level="E7", target_moment="M8", recorded_by=teacher,
                          evaluation_date=datetime.date(current + 1, 2, 1), note="Dagelijks tien minuten oefenen")
            for p in pupils[::5] for domain in (Domain.MATHS, Domain.SPELLING)
        )  # fmt: skip
        Publication.objects.bulk_create(Publication(pupil=p, published_by=teacher) for p in pupils[::4])
        groups[name] = (by_year[current], pupils)
    return teacher, groups


def timed(function, runs):
    """The median in milliseconds over `runs` calls, and the last result."""
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds) * 1000, result


def queries_of(function):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        result = function()
    return len(queries), result


def main():
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    recreate_database(DATABASE_URL)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from development import explain, selectors
    from development.chart import render_svg
    from development.models import ShortTermGoal, TestResult
    from meetings.handouts.render import html_to_pdf

    start = time.perf_counter()
    teacher, groups = build_school(timezone.localdate())
    setup_seconds = time.perf_counter() - start
    group, pupils = groups["8a"]
    big_group, big_pupils = groups["8b"]
    # the pupil measured: of those with goals, the middle one by their lowest learning rate (a typical chart)
    with_goals = set(ShortTermGoal.objects.filter(pupil__in=pupils).values_list("pupil_id", flat=True))
    rows = [r for r in selectors.group_table(group) if r.pupil.pk in with_goals]
    rows.sort(key=lambda r: min(d.rate for d in r.with_data))
    pupil = rows[len(rows) // 2].pupil
    client = Client()
    client.force_login(teacher.user)

    def get(url, expected="text/html"):
        def call():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            assert response["Content-Type"].startswith(expected), (url, response["Content-Type"])
            return response

        return call

    view = selectors.pupil_view(pupil)
    chart = selectors.chart_for(view, description=explain.summary(view))
    html_to_pdf("<p>warm-up</p>")  # fonts and WeasyPrint loaded once, as in a running server
    cases = [
        ("baseline: logged-in GET of the login page", get(reverse("accounts:login")), BASELINE_RUNS),
        ("pupil page (48 results, 4 domains)", get(reverse("development:view", args=[pupil.pk])), PAGE_RUNS),
        (f"group table, {len(pupils)} pupils", get(reverse("development:view_group", args=[group.pk])), GROUP_RUNS),
        (f"group table, {len(big_pupils)} pupils", get(reverse("development:view_group", args=[big_group.pk])),
         GROUP_RUNS),
        ("SVG chart alone (render_svg)", lambda: render_svg(chart), SVG_RUNS),
        ("PDF of the pupil's view (GET, WeasyPrint)",
         get(reverse("development:view_pdf", args=[pupil.pk]), "application/pdf"), PDF_RUNS),
        ("baseline: one-line HTML to PDF (WeasyPrint)", lambda: html_to_pdf("<!doctype html><p>Hallo</p>"),
         PDF_RUNS * 4),
    ]  # fmt: skip
    for _name, call, _runs in cases:
        for _ in range(WARM_UP):
            call()
    medians, last = {name: [] for name, _call, _runs in cases}, {}
    for _round in range(repetitions()):
        for name, call, runs in cases:
            median, last[name] = timed(call, runs)
            medians[name].append(median)
    baseline, pdf_baseline = medians[cases[0][0]], medians[cases[-1][0]]
    figures = []
    for name, call, runs in cases:
        count = queries_of(call)[0] if not name.startswith(("SVG", "baseline: one-line")) else None
        result = last[name]
        size = len(result.content if hasattr(result, "content") else result)
        against = pdf_baseline if name.startswith("PDF") else baseline
        figures.append({"step": name, "runs": runs, "median_ms": Spread.of(medians[name]).as_dict(),
                        "x_baseline": ratios(medians[name], against).as_dict(), "queries": count,
                        "bytes": size})  # fmt: skip

    results = TestResult.objects.filter(pupil__in=pupils).count()
    print(
        f"pupil measured: levels {', '.join(d.level for d in view.domains)}, exit perspective {view.exit_track}, "
        f"on course {view.on_course}, {len(view.goals)} goals, {sum(len(d.points) for d in view.domains)} points"
    )
    print(
        f"school: groep 8a {len(pupils)} pupils with {results} results ({results // len(pupils)} each, 4 domains, "
        f"M and E of groep 3–8), groep 8b {len(big_pupils)} pupils; setup {setup_seconds:.1f} s"
    )
    print(f"load average {os.getloadavg()[0]:.2f}")
    report("median ms per call", [(name, Spread.of(medians[name]), "ms") for name, _call, _runs in cases])
    report("ratio to the baseline of the same round (the PDF: to a one-line PDF)",
           [(name, ratios(medians[name], pdf_baseline if name.startswith("PDF") else baseline), "x")
            for name, _call, _runs in cases[1:-1]])  # fmt: skip
    print(f"\n{'step':<46} {'queries':>8} {'KiB':>7}")
    for row in figures:
        queries = "" if row["queries"] is None else row["queries"]
        print(f"{row['step']:<46} {queries:>8} {row['bytes'] / 1024:>7.1f}")
    small, large = figures[2], figures[3]
    same = small["queries"] == large["queries"]
    growth = ratios(medians[large["step"]], medians[small["step"]])
    print(
        f"group table queries: {small['queries']} for {len(pupils)} pupils, {large['queries']} for "
        f"{len(big_pupils)} pupils: {'the same' if same else 'DIFFERENT (grows with the group)'}; "
        f"time {growth.text('{:.1f}')}x for 4x the pupils (min / median / max)"
    )
    summary = {"pupils": len(pupils), "results": results, "big_group_pupils": len(big_pupils),
               "group_queries_same_for_4x": same, "figures": figures}  # fmt: skip
    results_dir = ROOT / "bench" / "results"
    results_dir.mkdir(exist_ok=True)
    (results_dir / "bench_development.json").write_text(json.dumps(summary, indent=2) + "\n")


if __name__ == "__main__":
    main()
