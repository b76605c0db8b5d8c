"""Timing of the school import for a 420-pupil export, with a trivial page as baseline.

Runs in its own scratch PostgreSQL database (dropped, created, migrated):

    .venv/bin/python bench/bench_import.py

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/ob_bench).
"""

import csv
import datetime
import io
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.scratch import recreate_database  # noqa: E402

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ob_bench")
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ["DJANGO_SETTINGS_MODULE"] = "ouderbetrokkenheid.settings_test"

PUPILS = 420
BASELINE_REQUESTS = 200
FIRST_NAMES = [
    "Fatima",
    "Noah",
    "Emma",
    "Mohamed",
    "Sara",
    "Liam",
    "Zeynep",
    "Oliwia",
    "Bohdan",
    "Thảo",
    "Ïris",
    "Finn",
]
LAST_NAMES = ["Bakker", "El Idrissi", "Yılmaz", "Kowalski", "Kovalenko", "Nguyễn", "de Vries", "Jansen", "Öztürk"]
LANGUAGES = ["", "", "", "ar", "tr", "pl", "uk", "en"]
GROUPS = {1: "1/2a", 2: "1/2a", 3: "3", 4: "4/5", 5: "4/5", 6: "6", 7: "7/8", 8: "7/8"}


def guardian(rng, family, index, last_name):
    number = f"{50000 + family * 2 + index}"
    return {
        "verzorgernummer": number if rng.random() < 0.8 else "",
        "verzorger_voornaam": rng.choice(FIRST_NAMES),
        "verzorger_achternaam": last_name,
        "relatie": ("moeder", "vader")[index],
        "gezag": "ja",
        "email": f"ouder{number}@example.nl",
        "mobiel": f"06-{10000000 + int(number):08d}",
        "taal": rng.choice(LANGUAGES),
        "tolk_nodig": "ja" if rng.random() < 0.1 else "nee",
        "eenvoudig_nederlands": "ja" if rng.random() < 0.15 else "nee",
        "apart_uitnodigen": "nee",
    }


def pupil_export(seed=42):
    """Families of one to three siblings with two guardians (one in eight has one)."""
    rng = random.Random(seed)
    rows, number, family = [], 10000, 0
    while number < 10000 + PUPILS:
        family += 1
        last_name = rng.choice(LAST_NAMES)
        guardians = [guardian(rng, family, i, last_name) for i in range(1 if rng.random() < 0.125 else 2)]
        for _child in range(min(rng.choice((1, 1, 2, 2, 3)), 10000 + PUPILS - number)):
            number += 1
            level = rng.randint(1, 8)
            pupil = {
                "leerlingnummer": str(number),
                "roepnaam": rng.choice(FIRST_NAMES),
                "achternaam": last_name,
                "geboortedatum": f"{rng.randint(1, 28):02d}-{rng.randint(1, 12):02d}-{2021 - level}",
                "groep": GROUPS[level],
                "leerjaar": str(level),
                "datum_inschrijving": f"24-08-{min(2026, 2027 - level + (2 if rng.random() < 0.1 else 0))}",
            }
            rows += [pupil | g for g in guardians]
    return to_csv(rows, list(rows[0]))


def staff_export():
    rows = [
        {"email": f"leerkracht{i}@school.example.nl", "voornaam": "Leer", "achternaam": f"Kracht {i}",
         "rollen": "leerkracht", "groepen": sorted(set(GROUPS.values()))[i % 5]}
        for i in range(25)
    ]  # fmt: skip
    rows.append(
        {"email": "directie@school.example.nl", "voornaam": "Dick", "achternaam": "Graaf", "rollen": "directie"}
    )
    return to_csv(rows, ["email", "voornaam", "achternaam", "rollen", "groepen"])


def to_csv(rows, header):
    out = io.StringIO()
    writer = csv.DictWriter(out, header, delimiter=";", lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def timed(function, repeat=1):
    start = time.perf_counter()
    for _ in range(repeat):
        result = function()
    return (time.perf_counter() - start) / repeat, result


def main():
    recreate_database(DATABASE_URL)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    call_command("migrate", verbosity=0)
    setup_test_environment()
    from ouderbetrokkenheid.school.importing import import_export
    from ouderbetrokkenheid.school.models import Enrollment, Guardian, School, SchoolBoard, SchoolYear

    school = School.objects.create(
        board=SchoolBoard.objects.create(name="Bench"), brin="99BB00", name="Bench", region="midden"
    )
    today = datetime.date(2026, 11, 23)
    SchoolYear.objects.create(school=school, first_day=datetime.date(2026, 8, 17), last_day=datetime.date(2027, 7, 16))
    pupils, staff = pupil_export(), staff_export()

    def run(dry_run):
        return import_export(school=school, pupils=pupils, staff=staff, dry_run=dry_run, today=today)

    figures = []
    seconds, report = timed(lambda: run(True))
    figures.append(("dry run (420 pupils + 26 staff)", seconds, report.summary()))
    seconds, report = timed(lambda: run(False))
    figures.append(("first apply", seconds, report.summary()))
    seconds, report = timed(lambda: run(False))
    figures.append(("re-import of the same file", seconds, report.summary()))
    baseline_url, client = "/accounts/login/", Client()
    if client.get(baseline_url).status_code != 200:
        baseline_url = "/i18n/setlang/"  # the login template is not there yet: a trivial redirecting view
    client.get(baseline_url)
    seconds, response = timed(lambda: client.get(baseline_url), BASELINE_REQUESTS)
    figures.append(
        (f"baseline: GET {baseline_url} (mean of {BASELINE_REQUESTS})", seconds, f"HTTP {response.status_code}")
    )

    rows = pupils.decode("utf-8-sig").count("\n") - 1
    print(f"export: {rows} pupil rows, {Guardian.objects.count()} guardians, {Enrollment.objects.count()} enrollments")
    print(f"{'step':<45} {'ms':>9}  report")
    for name, seconds, note in figures:
        print(f"{name:<45} {seconds * 1000:>9.1f}  {note}")


if __name__ == "__main__":
    main()
