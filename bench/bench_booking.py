"""The booking rush: N guardians booking at once against the app served by gunicorn on PostgreSQL,
against a trivial Django view (the login page) on the same server in the same run.

Standalone: its own scratch database `ob_bench_booking` (dropped, migrated, seeded), production
settings from the environment (DEBUG off, a random SECRET_KEY, ALLOWED_HOSTS=127.0.0.1,
SECURE_SSL_REDIRECT=0) with one override: plain StaticFilesStorage instead of the manifest storage
(production `collectstatic` currently fails on bootstrap's missing .css.map), gunicorn with
`--workers` sync workers on a free port of 127.0.0.1. Guardians are logged in by creating their
sessions directly; CSRF uses a known cookie value posted back as the form token.

The school: `--teachers` groups of N/teachers pupils (one guardian each); each teacher has
N/(2·teachers) slots, so two guardians race for every slot: half of the POSTs book, half are
refused ("net door iemand anders gekozen"). Requests: N logins-page GETs, then N booking POSTs,
each run by `--concurrency` client threads (http.client, one connection per request).

    .venv/bin/python bench/bench_booking.py [--guardians 400] [--workers 4] [--concurrency 64]

Needs gunicorn in the virtualenv (`pip install gunicorn==27.0.1`).
"""

import argparse
import datetime
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "ob_bench_booking"
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
HOST = "127.0.0.1"
SETTINGS_DIR = Path(tempfile.mkdtemp(prefix="ob-bench-settings-"))
(SETTINGS_DIR / "bench_booking_settings.py").write_text(
    "from ouderbetrokkenheid.settings import *  # noqa: F403\n"
    "STORAGES = {**STORAGES, 'staticfiles': {'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}}\n"
)

os.environ.pop("OB_DEV", None)
os.environ.update(
    DJANGO_SETTINGS_MODULE="bench_booking_settings",
    PYTHONPATH=os.pathsep.join([str(SETTINGS_DIR), str(ROOT), os.environ.get("PYTHONPATH", "")]),
    DATABASE_URL=f"{PG}/{DB_NAME}",
    REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"),
    SECRET_KEY=secrets.token_urlsafe(50),
    ALLOWED_HOSTS=HOST,
    SECURE_SSL_REDIRECT="0",
    STATIC_ROOT=str(SETTINGS_DIR),
    LOG_LEVEL="WARNING",
)
sys.path[:0] = [str(SETTINGS_DIR), str(ROOT)]


def recreate_database():
    import psycopg2

    conn = psycopg2.connect(f"{PG}/postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{DB_NAME}"')
    conn.close()


def manage(*args):
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def seed(guardians, teachers):
    """A school with `teachers` groups; returns the round and [(session key, pupil pk, slot pk)]."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from conversations.models import Round, RoundKind, Slot
    from ouderbetrokkenheid.school import models as m

    today = timezone.localdate()
    start_year = today.year if today.month >= 8 else today.year - 1
    board = m.SchoolBoard.objects.create(name="Bench")
    school = m.School.objects.create(board=board, brin="99ZZ00", name="Bench school", region="midden")
    year = m.SchoolYear.objects.create(
        school=school, first_day=datetime.date(start_year, 8, 17), last_day=datetime.date(start_year + 1, 7, 16)
    )
    first = today + datetime.timedelta(days=10)
    round = Round.objects.create(school_year=year, kind=RoundKind.DEVELOPMENT_1, title="Bench", year_levels=[5],
                                 first_day=first, last_day=first + datetime.timedelta(days=4),
                                 forms=["at_school"])  # fmt: skip
    User = get_user_model()
    per_group, slots_per_teacher = guardians // teachers, guardians // (2 * teachers)
    begin = timezone.make_aware(datetime.datetime.combine(first, datetime.time(8, 0)))
    backend = "django.contrib.auth.backends.ModelBackend"
    plan = []
    for t in range(teachers):
        user = User.objects.create_user(email=f"teacher{t}@bench.example.nl", password=None)
        staff = m.Staff.objects.create(user=user, school=school, first_name="Leer", last_name=f"Kracht{t}",
                                       is_teacher=True)  # fmt: skip
        group = m.Group.objects.create(school_year=year, name=f"5{chr(97 + t % 26)}{t}")
        group.teachers.add(staff)
        slots = Slot.objects.bulk_create(
            Slot(
                round=round,
                staff=staff,
                starts_at=begin + datetime.timedelta(minutes=15 * i),
                ends_at=begin + datetime.timedelta(minutes=15 * (i + 1)),
            )  # fmt: skip
            for i in range(slots_per_teacher)
        )
        for i in range(per_group):
            n = t * per_group + i
            pupil = m.Pupil.objects.create(school=school, external_id=str(n), first_name=f"Kind{n}", last_name="B",
                                           date_of_birth=datetime.date(2016, 1, 1))  # fmt: skip
            m.Enrollment.objects.create(pupil=pupil, group=group, year_level=5, start_date=year.first_day)
            guardian_user = User.objects.create_user(email=None, password=None)
            guardian = m.Guardian.objects.create(school=school, user=guardian_user, last_name=f"Ouder{n}",
                                                 email=f"ouder{n}@bench.example.nl")  # fmt: skip
            m.GuardianOf.objects.create(guardian=guardian, pupil=pupil)
            session = SessionStore()
            session[SESSION_KEY] = str(guardian_user.pk)
            session[BACKEND_SESSION_KEY] = backend
            session[HASH_SESSION_KEY] = guardian_user.get_session_auth_hash()
            session.create()
            plan.append((session.session_key, pupil.pk, slots[i % slots_per_teacher].pk))
    return round, plan


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_gunicorn(port, workers):
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "ouderbetrokkenheid.wsgi:application", "--workers", str(workers), "--bind", f"{HOST}:{port}",
         "--backlog", "2048", "--timeout", "60", "--log-level", "warning"],
        cwd=ROOT, env=os.environ.copy(),
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            status, _ = request(port, "GET", "/accounts/login/")
            if status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not answer on /accounts/login/")


def request(port, method, path, *, body=None, cookies=None):
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    headers = {"Host": HOST}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status, response.getheader("Location", "")
    finally:
        conn.close()


def run(calls, concurrency):
    """Run the calls (no-arg functions) on `concurrency` threads; returns (results, latencies, wall)."""

    def timed(call):
        began = time.perf_counter()
        result = call()
        return result, time.perf_counter() - began

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        outcomes = list(pool.map(timed, calls))
    wall = time.perf_counter() - began
    return [o[0] for o in outcomes], [o[1] for o in outcomes], wall


def figures(name, latencies, wall):
    ordered = sorted(latencies)
    p95 = ordered[max(0, int(round(0.95 * len(ordered))) - 1)]
    return {
        "name": name,
        "requests": len(latencies),
        "seconds": round(wall, 3),
        "per_second": round(len(latencies) / wall, 1),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(p95 * 1000, 1),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guardians", type=int, default=400)
    parser.add_argument("--teachers", type=int, default=10)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()

    recreate_database()
    manage("migrate", "--noinput")
    import django

    django.setup()
    from django.conf import settings
    from django.urls import reverse

    from conversations.models import Booking

    bench_round, plan = seed(args.guardians, args.teachers)
    book_path = reverse("conversations:book", args=[bench_round.pk])
    csrf = secrets.token_hex(16)  # 32 characters: Django accepts the unmasked secret as the form token
    port = free_port()
    server = start_gunicorn(port, args.workers)
    try:
        _, login_lat, login_wall = run(
            [lambda: request(port, "GET", "/accounts/login/")] * args.guardians, args.concurrency
        )

        def booking_call(session_key, pupil_pk, slot_pk):
            cookies = {settings.SESSION_COOKIE_NAME: session_key, settings.CSRF_COOKIE_NAME: csrf}
            body = urlencode({"csrfmiddlewaretoken": csrf, f"slot_{pupil_pk}": slot_pk})
            return lambda: request(port, "POST", book_path, body=body, cookies=cookies)

        results, book_lat, book_wall = run([booking_call(*p) for p in plan], args.concurrency)
    finally:
        server.terminate()
        server.wait(timeout=30)
    booked = sum(1 for status, location in results if status == 302 and location.endswith("/gesprekken/mijn/"))
    refused = sum(1 for status, location in results if status == 302 and location.endswith(book_path))
    other = len(results) - booked - refused
    rows = Booking.objects.filter(round=bench_round).count()
    slots = bench_round.slots.count()
    trivial, rush = figures("login page GET", login_lat, login_wall), figures("booking POST", book_lat, book_wall)
    rush.update(booked=booked, refused=refused, other=other, booking_rows=rows, slots=slots,
                bookings_per_second=round(booked / book_wall, 1))  # fmt: skip
    summary = {"guardians": args.guardians, "gunicorn_workers": args.workers, "client_threads": args.concurrency,
               "trivial": trivial, "rush": rush}  # fmt: skip
    print(json.dumps(summary, indent=2))
    print(
        f"booking rush: {args.guardians} POSTs in {rush['seconds']} s = {rush['per_second']} req/s, "
        f"{booked} booked ({rush['bookings_per_second']} bookings/s), {refused} refused, p95 {rush['p95_ms']} ms; "
        f"login page: {trivial['per_second']} req/s, p95 {trivial['p95_ms']} ms"
    )
    results_dir = ROOT / "bench" / "results"
    results_dir.mkdir(exist_ok=True)
    (results_dir / "bench_booking.json").write_text(json.dumps(summary, indent=2))
    from django.db import connections

    connections.close_all()
    if not args.keep:
        drop_database()
    ok = booked == rows == min(slots, args.guardians) and other == 0
    if not ok:
        raise SystemExit(f"unexpected outcome: booked {booked}, rows {rows}, slots {slots}, other {other}")


def drop_database():
    import psycopg2

    conn = psycopg2.connect(f"{PG}/postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    conn.close()


if __name__ == "__main__":
    main()
