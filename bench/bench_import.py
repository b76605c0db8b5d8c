"""Timing of the school import for a 420-pupil export, with a trivial page as baseline, and of
one 2,000-pupil export in each accepted format (CSV, Excel .xlsx, EDEXML), CSV as the baseline.

Runs in its own scratch PostgreSQL database (dropped, created, migrated). After a warm-up
import into a school of its own, each of `repetitions()` rounds imports into a fresh school (dry
run, first apply, re-import of the same file) and times the baseline page in the same round;
printed: min/median/max over the rounds and of the paired ratio to the round's baseline.

Formats: the same 2,000 pupils with their guardians written as CSV, as a typed workbook and
as EDEXML 2.1 (writers shared with the tests, tests/school/exports.py); after a warm-up of
each, every round times reading alone (bytes to pupil records) and a first apply into a fresh
school per format; the ratio is to the CSV time of the same round. EDEXML holds no language or
interpreter columns, so it has a little less to write.

    DATABASE_URL=postgres://…/scratch REDIS_URL=redis://…/n .venv/bin/python bench/bench_import.py

DATABASE_URL (dropped and recreated!) and REDIS_URL from the environment (bench.support).
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
from bench.support import Spread, environment_urls, ratios, recreate_database, repetitions, report  # noqa: E402

DATABASE_URL, REDIS_URL = environment_urls()
os.environ["DJANGO_SETTINGS_MODULE"] = "ouderbetrokkenheid.settings_test"

PUPILS = 420
FORMAT_PUPILS = 2000
FORMATS = ("csv", "xlsx", "edexml")
BASELINE_REQUESTS = 50
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
    rows = pupil_rows(seed)
    return to_csv(rows, list(rows[0]))


def pupil_rows(seed=42, pupils=PUPILS):
    """Families of one to three siblings with two guardians (one in eight has one)."""
    rng = random.Random(seed)
    rows, number, family = [], 10000, 0
    while number < 10000 + pupils:
        family += 1
        last_name = rng.choice(LAST_NAMES)
        guardians = [guardian(rng, family, i, last_name) for i in range(1 if rng.random() < 0.125 else 2)]
        for _child in range(min(rng.choice((1, 1, 2, 2, 3)), 10000 + pupils - number)):
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
    return rows


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

    today = datetime.date(2026, 11, 23)
    pupils, staff = pupil_export(), staff_export()

    def fresh_school(n):
        school = School.objects.create(
            board=SchoolBoard.objects.create(name=f"Bench {n}"), brin=f"99BB{n:02d}", name=f"Bench {n}", region="midden"
        )
        SchoolYear.objects.create(school=school, first_day=datetime.date(2026, 8, 17),
                                  last_day=datetime.date(2027, 7, 16))  # fmt: skip
        return school

    def run(school, dry_run):
        return import_export(school=school, pupils=pupils, staff=staff, dry_run=dry_run, today=today)

    baseline_url, client = "/accounts/login/", Client()
    if client.get(baseline_url).status_code != 200:
        baseline_url = "/i18n/setlang/"  # the login template is not there yet: a trivial redirecting view
    warm = fresh_school(0)  # warm up: every import path once, and the baseline page
    run(warm, True), run(warm, False), run(warm, False)
    timed(lambda: client.get(baseline_url), 5)
    steps = ("dry run (420 pupils + 26 staff)", "first apply", "re-import of the same file")
    ms, notes = {name: [] for name in ("baseline", *steps)}, {}
    for n in range(1, repetitions() + 1):
        school = fresh_school(n)
        for name, dry_run in zip(steps, (True, False, False), strict=True):
            seconds, result = timed(lambda school=school, dry_run=dry_run: run(school, dry_run))
            ms[name].append(seconds * 1000)
            notes[name] = result.summary()
        seconds, response = timed(lambda: client.get(baseline_url), BASELINE_REQUESTS)
        ms["baseline"].append(seconds * 1000)
        notes["baseline"] = f"GET {baseline_url}, HTTP {response.status_code}, mean of {BASELINE_REQUESTS}"

    rows = pupils.decode("utf-8-sig").count("\n") - 1
    guardians = Guardian.objects.filter(school=school).count()
    enrollments = Enrollment.objects.filter(pupil__school=school).count()
    print(f"export: {rows} pupil rows, {guardians} guardians, {enrollments} enrollments (one school)")
    print(f"load average {os.getloadavg()[0]:.2f}")
    report("ms per import (baseline: per request)", [(name, Spread.of(values), "ms") for name, values in ms.items()])
    report("ratio to the baseline request of the same round", [(name, ratios(ms[name], ms["baseline"]), "x")
                                                               for name in steps])  # fmt: skip
    print()
    for name, note in notes.items():
        print(f"  {name:<34} {note}")
    bench_formats(fresh_school, today)


def format_exports():
    from tests.school.exports import to_edexml, to_xlsx

    rows = pupil_rows(seed=7, pupils=FORMAT_PUPILS)
    header = list(rows[0])
    return {"csv": to_csv(rows, header), "xlsx": to_xlsx(rows, header=header), "edexml": to_edexml(rows)}


def bench_formats(fresh_school, today):
    from ouderbetrokkenheid.school.importing import import_export
    from ouderbetrokkenheid.school.importing.pupil_rows import read_pupil_file
    from ouderbetrokkenheid.school.models import Pupil

    exports = format_exports()
    for kind, data in exports.items():  # warm up: read and apply each format once
        read_pupil_file(data)
        import_export(school=fresh_school(90 + FORMATS.index(kind)), pupils=data, dry_run=False, today=today)
    read_ms, apply_ms, pupils = {kind: [] for kind in FORMATS}, {kind: [] for kind in FORMATS}, {}
    for n in range(repetitions()):
        for kind in FORMATS:
            seconds, _parsed = timed(lambda kind=kind: read_pupil_file(exports[kind]))
            read_ms[kind].append(seconds * 1000)
            school = fresh_school(10 + n * len(FORMATS) + FORMATS.index(kind))
            seconds, result = timed(
                lambda kind=kind, school=school: import_export(
                    school=school, pupils=exports[kind], dry_run=False, today=today
                )
            )
            apply_ms[kind].append(seconds * 1000)
            assert result.rejected == [], (kind, result.rejected[:3])
            pupils[kind] = Pupil.objects.filter(school=school).count()
    print(
        f"\nformats: {FORMAT_PUPILS} pupils, file sizes "
        + ", ".join(f"{kind} {len(data) / 1024:.0f} KB" for kind, data in exports.items())
        + "; pupils imported "
        + ", ".join(f"{kind} {count}" for kind, count in pupils.items())
    )
    print(f"load average {os.getloadavg()[0]:.2f}")
    for title, measure in (("reading only (bytes to pupil records)", read_ms), ("first apply", apply_ms)):
        report(f"ms, {title}", [(kind, Spread.of(measure[kind]), "ms") for kind in FORMATS])
        report(f"ratio to CSV of the same round, {title}",
               [(kind, ratios(measure[kind], measure["csv"]), "x") for kind in FORMATS[1:]])  # fmt: skip


if __name__ == "__main__":
    main()
