"""Query count and time per page for a demo-size school (~200 pupils) and one four times larger (~800).

Builds both in a scratch PostgreSQL database (dropped and created), through the demo loader, then
warms every page up and, in each of `repetitions()` rounds, times every page (median of RUNS
requests) against a logged-in GET of the login page in the same round; prints min/median/max of
the times and of the paired ratios, and the query count of one request per page and school:

    DATABASE_URL=postgres://…/scratch REDIS_URL=redis://…/n .venv/bin/python bench/bench_page_queries.py

DATABASE_URL (dropped and recreated!) and REDIS_URL from the environment (bench.support).
"""

import os
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.support import Spread, environment_urls, ratios, recreate_database, repetitions, report  # noqa: E402

DATABASE_URL, REDIS_URL = environment_urls()
os.environ["DJANGO_SETTINGS_MODULE"] = "ouderbetrokkenheid.settings_test"
RUNS = 5
WARM_UP = 2


def ok(response, url):
    assert response.status_code == 200, (url, response.status_code)
    return response


def median_ms(call, runs=RUNS):
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds) * 1000


def main():
    recreate_database(DATABASE_URL)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from ouderbetrokkenheid.school import demo
    from ouderbetrokkenheid.school.models import BoardAdmin, Guardian, Staff

    call_command("migrate", verbosity=0)
    schools = {
        "demo": demo.MAIN,
        "4x": replace(demo.MAIN, brin="99ZZ04", name="Basisschool Vier Keer", domain="vierkeer.demo.example.nl"),
    }
    results, calls = {}, {}
    # both schools first: loading one logs out the sessions made before (the demo's board admin is made again)
    loaded = {label: demo.load_demo(specs=[spec], scale=1 if label == "demo" else 4).schools[0]
              for label, spec in schools.items()}  # fmt: skip
    for label, school in loaded.items():
        teacher = Staff.objects.filter(school=school, is_teacher=True).order_by("pk").first()
        group = teacher.groups.order_by("pk").first()
        pupil = group.enrollments.order_by("pk").first().pupil
        parent = Guardian.objects.filter(school=school, children_links__isnull=False).order_by("pk").first()
        pages = [
            ("staff home (teacher)", teacher.user, reverse("staffpages:home")),
            ("staff home (leadership)", Staff.objects.filter(school=school, is_leadership=True).first().user,
             reverse("staffpages:home")),
            ("staff home (board admin)", BoardAdmin.objects.first().user, reverse("staffpages:home")),
            ("group page", teacher.user, reverse("staffpages:group", args=[group.pk])),
            ("pupil page", teacher.user, reverse("staffpages:pupil", args=[pupil.pk])),
            ("parent portal home", parent.user or make_user(parent), reverse("portal:home")),
        ]  # fmt: skip
        pupils = school.pupils.count()
        for page, user, url in pages:
            client = Client()
            client.force_login(user)
            for _ in range(WARM_UP):
                client.get(url)
            with CaptureQueriesContext(connection) as queries:
                status = client.get(url).status_code
            results.setdefault(page, {})[label] = (len(queries), status)
            calls[f"{page} ({label})"] = lambda client=client, url=url: ok(client.get(url), url)
        print(f"{label}: {school.name}, {pupils} pupils, group {group.name} has {group.enrollments.count()} pupils")
    print(f"\n{'page':<28}{'demo (~200)':>14}{'4x (~800)':>12}   (queries)")
    for page, counts in results.items():
        print(f"{page:<28}{counts['demo'][0]:>14}{counts['4x'][0]:>12}")
        assert all(status == 200 for _, status in counts.values()), (page, counts)
    baseline_client = Client()
    baseline_client.force_login(teacher.user)
    login_page = reverse("accounts:login")
    for _ in range(WARM_UP):
        baseline_client.get(login_page)
    times = {name: [] for name in ["baseline: logged-in GET of the login page", *calls]}
    for _round in range(repetitions()):
        times["baseline: logged-in GET of the login page"].append(median_ms(lambda: baseline_client.get(login_page)))
        for name, call in calls.items():
            times[name].append(median_ms(call))
    baseline = times["baseline: logged-in GET of the login page"]
    print(f"load average {os.getloadavg()[0]:.2f}")
    report(f"median ms per request ({RUNS} requests a round)", [(n, Spread.of(v), "ms") for n, v in times.items()])
    report("ratio to the baseline (same round)", [(n, ratios(times[n], baseline), "x") for n in calls])


def make_user(guardian):
    from django.contrib.auth import get_user_model

    guardian.user = get_user_model().objects.create_user()
    guardian.save(update_fields=["user"])
    return guardian.user


if __name__ == "__main__":
    main()
