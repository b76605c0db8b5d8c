"""Timing of the handout PDFs (WeasyPrint) for the demo school, with a trivial PDF as baseline.

Runs in its own scratch PostgreSQL database (dropped, created, migrated), loads the demo school
(`manage.py demo_school` data) and its default programme, plans one session per programme item,
and renders every session × year level of its audience in Dutch and in (approved) English:

    DATABASE_URL=postgres://…/scratch REDIS_URL=redis://…/n .venv/bin/python bench/bench_handouts.py

DATABASE_URL (dropped and recreated!) and REDIS_URL from the environment (bench.support). Caching
is off for the timings (every PDF is rendered); a cached hit is timed separately. Everything is
warmed up first; then, in each of `repetitions()` rounds, the baseline and every case; printed:
min/median/max over the rounds and of the paired ratio to the round's baseline.
"""

import datetime
import logging
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.support import Spread, environment_urls, ratios, recreate_database, repetitions, report  # noqa: E402

DATABASE_URL, REDIS_URL = environment_urls()
os.environ["DJANGO_SETTINGS_MODULE"] = "ouderbetrokkenheid.settings_test"
BASELINE_RUNS = 20
LANGUAGES = ("nl", "en")


def timed(function, repeat=1):
    start = time.perf_counter()
    for _ in range(repeat):
        result = function()
    return (time.perf_counter() - start) / repeat, result


def demo_sessions():
    from django.utils import timezone

    from meetings.handouts.install import handout_texts_install
    from meetings.handouts.texts import handout_text_approve
    from meetings.models import HandoutText, Session
    from meetings.programme import programme_install
    from ouderbetrokkenheid.school.demo import MAIN, load_demo
    from ouderbetrokkenheid.school.models import School, Staff

    load_demo()
    school = School.objects.get(brin=MAIN.brin)
    year = school.years.order_by("-first_day").first()
    leader = Staff.objects.filter(school=school, is_leadership=True).first()
    handout_texts_install(school=school)
    for text in HandoutText.objects.filter(school=school, language="en"):
        handout_text_approve(text=text, by=leader)
    start = timezone.make_aware(datetime.datetime.combine(year.first_day, datetime.time(19, 30)))
    sessions = [
        Session.objects.create(
            item=item,
            school_year=year,
            year_levels=list(item.year_levels),
            location="Aula",
            starts_at=start + datetime.timedelta(days=14 * n),
        )  # fmt: skip
        for n, item in enumerate(programme_install(school=school))
    ]
    return school, sessions


def main():
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    recreate_database(DATABASE_URL)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from meetings.handouts.render import handout_pdf, html_to_pdf

    school, sessions = demo_sessions()
    html_to_pdf("<p>warm-up</p>")  # load fonts and WeasyPrint once, as a running server would have
    jobs = [(s, level, lang) for s in sessions for level in sorted(s.year_levels) for lang in LANGUAGES]

    def render(session, level, language, use_cache=False):
        return handout_pdf(session=session, year_level=level, language=language, use_cache=use_cache)

    render(sessions[0], 3, "nl", use_cache=True)  # the cache filled
    cases = [
        (f"baseline: one-line HTML to PDF (mean of {BASELINE_RUNS})",
         lambda: html_to_pdf("<!doctype html><p>Hallo</p>"), BASELINE_RUNS),
        ("one handout: session 1, groep 3, nl (mean of 5)", lambda: render(sessions[0], 3, "nl"), 5),
        ("one handout: session 1, groep 3, en (mean of 5)", lambda: render(sessions[0], 3, "en"), 5),
        (f"all handouts of {school.name}: {len(jobs)} PDFs", lambda: [render(*job) for job in jobs], 1),
        ("one handout from the cache (mean of 20)", lambda: render(sessions[0], 3, "nl", use_cache=True), 20),
    ]  # fmt: skip
    for _name, call, _runs in cases:  # warm up every case
        call()
    ms = {name: [] for name, _call, _runs in cases}
    sizes = {}
    for _round in range(repetitions()):
        for name, call, runs in cases:
            seconds, result = timed(call, runs)
            ms[name].append(seconds * 1000)
            sizes[name] = sum(map(len, result)) if isinstance(result, list) else len(result)

    baseline = ms[cases[0][0]]
    print(f"sessions: {', '.join(f'{s.item.title} {sorted(s.year_levels)}' for s in sessions)}")
    print(f"load average {os.getloadavg()[0]:.2f}")
    report("ms per call", [(name, Spread.of(values), "ms") for name, values in ms.items()])
    report("ratio to the one-line PDF of the same round", [(name, ratios(ms[name], baseline), "x")
                                                          for name, _call, _runs in cases[1:]])  # fmt: skip
    print()
    for name, size in sizes.items():
        print(f"  {name:<58} {size // 1024:>6} KiB")


if __name__ == "__main__":
    main()
