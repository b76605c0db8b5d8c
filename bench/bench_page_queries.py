"""Query count per page for a demo-size school (~200 pupils) and one four times larger (~800).

Builds both in a scratch PostgreSQL database (dropped and created), through the demo loader:

    .venv/bin/python bench/page_queries.py

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/ob_pagebench).
"""

import os
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.scratch import recreate_database  # noqa: E402

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ob_pagebench")
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ["DJANGO_SETTINGS_MODULE"] = "ouderbetrokkenheid.settings_test"


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
    results = {}
    for label, spec in schools.items():
        loaded = demo.load_demo(specs=[spec], scale=1 if label == "demo" else 4)
        school = loaded.schools[0]
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
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                status = client.get(url).status_code
            results.setdefault(page, {})[label] = (len(queries), status)
        print(f"{label}: {school.name}, {pupils} pupils, group {group.name} has {group.enrollments.count()} pupils")
    print(f"\n{'page':<28}{'demo (~200)':>14}{'4x (~800)':>12}")
    for page, counts in results.items():
        print(f"{page:<28}{counts['demo'][0]:>14}{counts['4x'][0]:>12}")
        assert all(status == 200 for _, status in counts.values()), (page, counts)


def make_user(guardian):
    from django.contrib.auth import get_user_model

    guardian.user = get_user_model().objects.create_user()
    guardian.save(update_fields=["user"])
    return guardian.user


if __name__ == "__main__":
    main()
