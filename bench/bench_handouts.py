"""Timing of the handout PDFs (WeasyPrint) for the demo school, with a trivial PDF as baseline.

Runs in its own scratch PostgreSQL database (dropped, created, migrated), loads the demo school
(`manage.py demo_school` data) and its default programme, plans one session per programme item,
and renders every session × year level of its audience in Dutch and in (approved) English:

    .venv/bin/python bench/bench_handouts.py

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/ob_bench_handouts).
Caching is off for the timings (every PDF is rendered); a cached hit is timed separately.
"""

import datetime
import logging
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.scratch import recreate_database  # noqa: E402

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ob_bench_handouts")
os.environ["DATABASE_URL"] = DATABASE_URL
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

    figures = []
    seconds, _ = timed(lambda: html_to_pdf("<!doctype html><p>Hallo</p>"), BASELINE_RUNS)
    figures.append((f"baseline: one-line HTML to PDF (mean of {BASELINE_RUNS})", seconds, ""))
    seconds, pdf = timed(lambda: render(sessions[0], 3, "nl"), 5)
    figures.append(("one handout: session 1, groep 3, nl (mean of 5)", seconds, f"{len(pdf) // 1024} KiB"))
    seconds, pdf = timed(lambda: render(sessions[0], 3, "en"), 5)
    figures.append(("one handout: session 1, groep 3, en (mean of 5)", seconds, f"{len(pdf) // 1024} KiB"))
    seconds, pdfs = timed(lambda: [render(*job) for job in jobs])
    size = sum(len(p) for p in pdfs) // 1024
    figures.append((f"all handouts of {school.name}: {len(jobs)} PDFs", seconds, f"{size} KiB in all"))
    render(sessions[0], 3, "nl", use_cache=True)
    seconds, _ = timed(lambda: render(sessions[0], 3, "nl", use_cache=True), 20)
    figures.append(("one handout from the cache (mean of 20)", seconds, "HTML render + Redis get"))

    print(f"sessions: {', '.join(f'{s.item.title} {sorted(s.year_levels)}' for s in sessions)}")
    print(f"{'step':<58} {'ms':>9}  note")
    for name, seconds, note in figures:
        print(f"{name:<58} {seconds * 1000:>9.1f}  {note}")


if __name__ == "__main__":
    main()
