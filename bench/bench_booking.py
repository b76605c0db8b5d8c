"""The booking rush against the app served by gunicorn on PostgreSQL, measured so it cannot flatter.

A 420-pupil school (16 teachers, 44 slots each: 704 slots) and its 400 guardians booking at once:
380 families with one child, 20 with two children in neighbouring groups who post the first
back-to-back chain the booking page offers them; 50 of the one-child guardians race for the same
10 slots (the earliest of ten teachers), the other 330 each choose a time of their child's teacher.

How it measures (bench/support.py): DATABASE_URL and REDIS_URL from the environment (the database is
dropped and recreated, the Redis database flushed), production settings (DEBUG off; placeholder
Twilio settings and SITE_URL, nothing is sent) with plain static storage, gunicorn with `--workers`
sync workers. The round is invited (parents see it); each guardian's session is the one a login
through `AccountBackend` writes. The client is an asyncio HTTP client in a
separate process (`bench_booking.py client PLAN`), one connection per request, `--concurrency`
requests in flight. Each repetition: the bookings are reset; the client warms the server (trivial
GETs and booking-page GETs on every worker), then measures the trivial view (the login page) and
the booking POSTs with the same client in the same run, the same number of requests each. Three
repetitions (BENCH_REPEAT); min / median / max of req/s, p95 and their paired ratios.

Afterwards, in this process: the queries of one booking POST (one child, a two-child chain),
counted with Django's test client on the same database; double bookings read from the database
(a slot, a child's conversation, a guardian's overlapping time); 5xx from the client; and the
worker's side of the booking page (`bookings_announce`: confirmations and reminders written after
the commit), timed in-process, since no Celery worker runs during the rush.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ob_bench_booking REDIS_URL=redis://127.0.0.1:6379/15 \\
        .venv/bin/python bench/bench_booking.py [--workers 3] [--concurrency 64]
"""

import argparse
import asyncio
import datetime
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "bench"), str(ROOT)]
HOST = "127.0.0.1"
TEACHERS, SLOTS_PER_TEACHER, PUPILS, SIBLING_FAMILIES, HOT_SLOTS, HOT_GUARDIANS = 16, 44, 420, 20, 10, 50


# -- the client (a separate process, no Django) ---------------------------------------------------


async def _request(port, method, path, headers, body=b""):
    began = time.perf_counter()
    try:
        reader, writer = await asyncio.open_connection(HOST, port)
        head = f"{method} {path} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n{headers}"
        head += f"Content-Length: {len(body)}\r\n\r\n"
        writer.write(head.encode() + body)
        await writer.drain()
        data = await reader.read()
        writer.close()
    except OSError as error:
        return {"status": 0, "location": str(error), "seconds": time.perf_counter() - began}
    lines = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    location = next((line.split(":", 1)[1].strip() for line in lines if line.lower().startswith("location:")), "")
    return {"status": status, "location": location, "seconds": time.perf_counter() - began}


async def _phase(port, calls, concurrency):
    gate = asyncio.Semaphore(concurrency)

    async def run(call):
        async with gate:
            return await _request(port, *call)

    began = time.perf_counter()
    results = await asyncio.gather(*(run(call) for call in calls))
    return {"wall": time.perf_counter() - began, "results": results}


def client(plan_path):
    plan = json.loads(Path(plan_path).read_text())
    port, concurrency = plan["port"], plan["concurrency"]

    def calls(rows):
        return [(m, p, h, b.encode()) for m, p, h, b in rows]

    async def main():
        out = {}
        await _phase(port, calls(plan["warm"]), concurrency)
        out["trivial"] = await _phase(port, calls(plan["trivial"]), concurrency)
        out["book"] = await _phase(port, calls(plan["book"]), concurrency)
        return out

    print(json.dumps(asyncio.run(main())))


# -- the server side ------------------------------------------------------------------------------


def configure():
    from support import environment_urls

    database_url, redis_url = environment_urls()
    settings_dir = Path(tempfile.mkdtemp(prefix="ob-bench-settings-"))
    (settings_dir / "bench_booking_settings.py").write_text(
        "from ouderbetrokkenheid.settings import *  # noqa: F403\n"
        "STORAGES = {**STORAGES, 'staticfiles': {'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}}\n"
    )
    os.environ.pop("OB_DEV", None)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench_booking_settings",
        PYTHONPATH=os.pathsep.join([str(settings_dir), str(ROOT), os.environ.get("PYTHONPATH", "")]),
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=f"{HOST},testserver",
        SECURE_SSL_REDIRECT="0",
        STATIC_ROOT=str(settings_dir),
        LOG_LEVEL="WARNING",
        SITE_URL=f"http://{HOST}",
        # production settings refuse to start without the Twilio settings; nothing is sent here
        TWILIO_ACCOUNT_SID="bench",
        TWILIO_AUTH_TOKEN="bench",
        TWILIO_FROM="+31600000000",
        TWILIO_WHATSAPP_FROM="whatsapp:+31600000000",
        TWILIO_BASE_URL=f"http://{HOST}:9",
    )
    sys.path.insert(0, str(settings_dir))
    return database_url, redis_url


def seed():
    """The school; returns the round and the families [(session key, guardian, [pupil])]."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from conversations.models import Round, RoundKind, Slot
    from ouderbetrokkenheid.school import models as m
    from ouderbetrokkenheid.school.calendar import start_year_of

    today = timezone.localdate()
    start_year = start_year_of(today)
    board = m.SchoolBoard.objects.create(name="Bench")
    school = m.School.objects.create(board=board, brin="99ZZ00", name="Bench school", region="midden")
    year = m.SchoolYear.objects.create(
        school=school, first_day=datetime.date(start_year, 8, 17), last_day=datetime.date(start_year + 1, 7, 16)
    )
    first = today + datetime.timedelta(days=10)
    round = Round.objects.create(school_year=year, kind=RoundKind.DEVELOPMENT_1, title="Bench", year_levels=[5],
                                 first_day=first, last_day=first + datetime.timedelta(days=4),
                                 forms=["at_school"], invited_at=timezone.now())  # fmt: skip
    User = get_user_model()
    begin = timezone.make_aware(datetime.datetime.combine(first, datetime.time(8, 0)))
    groups = []
    for t in range(TEACHERS):
        user = User.objects.create_user(email=f"teacher{t}@bench.example.nl", password=None)
        staff = m.Staff.objects.create(user=user, school=school, first_name="Leer", last_name=f"Kracht{t}",
                                       is_teacher=True)  # fmt: skip
        group = m.Group.objects.create(school_year=year, name=f"5-{t}")
        group.teachers.add(staff)
        Slot.objects.bulk_create(
            Slot(
                round=round,
                staff=staff,
                starts_at=begin + datetime.timedelta(minutes=15 * i),
                ends_at=begin + datetime.timedelta(minutes=15 * (i + 1)),
            )  # fmt: skip
            for i in range(SLOTS_PER_TEACHER)
        )
        groups.append(group)
    pupils = []
    for n in range(PUPILS):
        pupil = m.Pupil.objects.create(school=school, external_id=str(n), first_name=f"Kind{n}", last_name="B",
                                       date_of_birth=datetime.date(2016, 1, 1))  # fmt: skip
        m.Enrollment.objects.create(pupil=pupil, group=groups[n % TEACHERS], year_level=5, start_date=year.first_day)
        pupils.append(pupil)
    families, backend = [], "ouderbetrokkenheid.accounts.backends.AccountBackend"
    children = [[pupils[2 * k], pupils[2 * k + 1]] for k in range(SIBLING_FAMILIES)]
    children += [[p] for p in pupils[2 * SIBLING_FAMILIES :]]
    for n, kids in enumerate(children):
        user = User.objects.create_user(email=None, password=None)
        guardian = m.Guardian.objects.create(school=school, user=user, last_name=f"Ouder{n}",
                                             email=f"ouder{n}@bench.example.nl")  # fmt: skip
        for kid in kids:
            m.GuardianOf.objects.create(guardian=guardian, pupil=kid)
        session = SessionStore()
        session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(user.pk), backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        families.append((session.session_key, guardian, kids))
    return round, families


def choices(round, families):
    """What each family posts: {pupil pk: slot pk}. Sibling families the first chain the page
    offers them; 50 guardians the earliest slot of ten teachers; the others a time of their own."""
    from conversations.booking import back_to_back, family_load, free_slots_of

    chosen, hot, taken = [], 0, {}
    hot_teachers = {s.staff_id for s in _hot_slots(round)}
    for _session, guardian, kids in families:
        family = family_load(rounds=[round], guardian=guardian)
        free = free_slots_of(round=round, family=family, pupils=kids)
        if len(kids) > 1:
            chain = back_to_back(round=round, slot_lists=[free[k.pk] for k in kids], family=[k.pk for k in kids])
            chosen.append({kid.pk: slot.pk for kid, slot in zip(kids, chain[0], strict=True)})
            continue
        slots, kid = free[kids[0].pk], kids[0]
        teacher = slots[0].staff_id
        if hot < HOT_GUARDIANS and teacher in hot_teachers:
            hot += 1
            chosen.append({kid.pk: slots[0].pk})
            continue
        index = taken[teacher] = taken.get(teacher, 0) + 1
        chosen.append({kid.pk: slots[index % len(slots)].pk})
    return chosen


def _hot_slots(round):
    return [round.slots.filter(staff=staff).order_by("starts_at").first() for staff in _teachers(round)[:HOT_SLOTS]]


def _teachers(round):
    from ouderbetrokkenheid.school.models import Staff

    return list(Staff.objects.filter(slots__round=round).distinct().order_by("pk"))


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_gunicorn(port, workers):
    import urllib.request

    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "ouderbetrokkenheid.wsgi:application", "--workers", str(workers), "--bind", f"{HOST}:{port}",
         "--backlog", "2048", "--timeout", "60", "--log-level", "warning"],
        cwd=ROOT, env=os.environ.copy(),
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/accounts/login/", timeout=5) as response:
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not answer on /accounts/login/")


def plan(port, concurrency, round, families, chosen):
    from django.conf import settings
    from django.urls import reverse

    book_path = reverse("conversations:book", args=[round.pk])
    csrf = secrets.token_hex(16)  # 32 characters: Django accepts the unmasked secret as the form token

    def headers(session_key, post=False):
        text = f"Cookie: {settings.SESSION_COOKIE_NAME}={session_key}; {settings.CSRF_COOKIE_NAME}={csrf}\r\n"
        return text + ("Content-Type: application/x-www-form-urlencoded\r\n" if post else "")

    trivial = [["GET", "/accounts/login/", "", ""]] * len(families)
    pages = [["GET", book_path, headers(session), ""] for session, _g, _k in families[:: max(1, len(families) // 60)]]
    book = [
        ["POST", book_path, headers(session, post=True),
         urlencode({"csrfmiddlewaretoken": csrf, **{f"slot_{pk}": slot for pk, slot in choice.items()}})]
        for (session, _g, _k), choice in zip(families, chosen, strict=True)
    ]  # fmt: skip
    return {"port": port, "concurrency": concurrency, "warm": trivial[:200] + pages, "trivial": trivial,
            "book": book, "book_path": book_path}  # fmt: skip


def figures(phase):
    ordered = sorted(r["seconds"] for r in phase["results"])
    return {
        "per_second": len(ordered) / phase["wall"],
        "p95_ms": ordered[max(0, int(round(0.95 * len(ordered))) - 1)] * 1000,
        "p50_ms": ordered[len(ordered) // 2] * 1000,
    }


def double_bookings(round):
    """Slots with two active bookings, children with two conversations of one party, guardians
    with overlapping conversations: each should be 0 (the constraints make them impossible)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT
                 (SELECT count(*) FROM (SELECT slot_id FROM conversations_booking WHERE round_id = %s
                    AND status <> 'cancelled' GROUP BY slot_id HAVING count(*) > 1) s),
                 (SELECT count(*) FROM (SELECT pupil_id FROM conversations_booking WHERE round_id = %s
                    AND status <> 'cancelled' GROUP BY pupil_id, party HAVING count(*) > 1) p),
                 (SELECT count(*) FROM conversations_bookingguardian a JOIN conversations_bookingguardian b
                    ON a.guardian_id = b.guardian_id AND a.id < b.id AND a.active AND b.active
                    AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at)""",
            [round.pk, round.pk],
        )
        return sum(cursor.fetchone())


def reset(round):
    from conversations.models import Booking, BookingGuardian

    BookingGuardian.objects.filter(round=round).delete()
    Booking.objects.filter(round=round).delete()


def query_counts(round, families):
    """Queries of one booking POST for a one-child family and for a two-child chain, counted with
    Django's test client on the bench database (the same code path gunicorn runs)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from conversations.booking import back_to_back, family_load, free_slots_of

    reset(round)
    path, counts = reverse("conversations:book", args=[round.pk]), {}
    for label, (_session, guardian, kids) in (("one child", families[-1]), ("two-child chain", families[0])):
        family = family_load(rounds=[round], guardian=guardian)
        free = free_slots_of(round=round, family=family, pupils=kids)
        if len(kids) > 1:
            chain = back_to_back(round=round, slot_lists=[free[k.pk] for k in kids], family=[k.pk for k in kids])[0]
        else:
            chain = [free[kids[0].pk][-1]]
        client = Client()
        client.force_login(guardian.user)
        with CaptureQueriesContext(connection) as queries:
            response = client.post(path, {f"slot_{k.pk}": s.pk for k, s in zip(kids, chain, strict=True)})
        assert response.status_code == 302 and response.url.endswith("/gesprekken/mijn/"), response
        counts[label] = len(queries)
    return counts


def profile(round, families, count=150):
    """Where a booking POST's time goes, in-process (Django's test client on the bench database,
    one thread, no load client): the trivial view and the POST timed the same way, the time per
    query, and the functions by cumulative time (cProfile, a second pass)."""
    import collections
    import cProfile
    import io
    import pstats

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from conversations.booking import family_load, free_slots_of

    reset(round)
    path, posts = reverse_book(round), []
    singles = [(g, kids) for _s, g, kids in families if len(kids) == 1][: 2 * count]
    for n, (guardian, kids) in enumerate(singles):
        family = family_load(rounds=[round], guardian=guardian)
        free = free_slots_of(round=round, family=family, pupils=kids)[kids[0].pk]
        client = Client()
        client.force_login(guardian.user)
        posts.append((client, {f"slot_{kids[0].pk}": free[(n // 2) % len(free)].pk}))
    anonymous = Client()
    for _ in range(20):
        anonymous.get("/accounts/login/")
    began = time.perf_counter()
    for _ in range(count):
        anonymous.get("/accounts/login/")
    trivial = (time.perf_counter() - began) / count
    per_query, began = collections.defaultdict(list), time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        for client, data in posts[:count]:
            client.post(path, data)
    booking = (time.perf_counter() - began) / count
    for query in queries.captured_queries:
        sql = query["sql"]
        outer = sql
        while re.search(r"\([^()]*\)", outer):  # the statement without its subqueries and lists
            outer = re.sub(r"\([^()]*\)", "", outer)
        table = re.search(r'(?:FROM|INTO|UPDATE) "([^"]+)"', outer) or re.search(r'(?:FROM|INTO|UPDATE) "([^"]+)"', sql)
        table = table.group(1) if table else ""
        per_query[f"{sql.split(' ')[0]} {table}"].append(float(query["time"]))
    load = os.getloadavg()[0]
    print(f"\nprofile, in-process, one thread: trivial view {1000 * trivial:.2f} ms, booking POST "
          f"{1000 * booking:.2f} ms (ratio of rates {trivial / booking:.2f}); load {load:.2f}")  # fmt: skip
    print("  per query (first table read or written): ms each, per POST, ms per POST")
    for key, times in sorted(per_query.items(), key=lambda kv: -sum(kv[1])):
        print(f"    {key:<45} {1000 * sum(times) / len(times):6.2f}  x{len(times) / count:4.2f}  "
              f"{1000 * sum(times) / count:6.2f}")  # fmt: skip
    print(f"    {'all SQL':<45} {'':6}  {'':5}  {1000 * sum(sum(t) for t in per_query.values()) / count:6.2f}")
    profiler = cProfile.Profile()
    profiler.enable()
    for client, data in posts[count:]:
        client.post(path, data)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    shown = (r"conversations/|accounts/|contrib/(auth|sessions|messages)|middleware/csrf|celery/app/task|"
             r"core/cache|compiler.py:.*\((execute_sql|as_sql)\)|psycopg2")  # fmt: skip
    stats.print_stats(shown, 30)
    print("  functions by cumulative time (cProfile, its overhead included):")
    print("\n".join("    " + line[:150] for line in out.getvalue().splitlines() if line.strip())[:6000])


def announce_rate():
    """The worker's side: write every pending confirmation and reminder, in-process."""
    from conversations.booking import bookings_announce
    from conversations.models import Booking

    pending = Booking.objects.filter(announce_pending=True).count()
    began, done = time.perf_counter(), 0
    while made := bookings_announce(limit=100):
        done += made
    seconds = time.perf_counter() - began
    return {"bookings": done, "pending_before": pending, "seconds": seconds, "per_second": done / seconds}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--profile", action="store_true", help="afterwards, where a booking POST's time goes")
    args = parser.parse_args()

    database_url, redis_url = configure()
    from support import Spread, ratios, recreate_database, repetitions, report

    recreate_database(database_url)
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    import django

    django.setup()
    import redis
    from django.db import connections

    redis.Redis.from_url(redis_url).flushdb()
    round, families = seed()
    chosen = choices(round, families)
    connections.close_all()
    port = free_port()
    server = start_gunicorn(port, args.workers)
    runs = []
    try:
        for _ in range(repetitions()):
            reset(round)
            connections.close_all()
            with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
                json.dump(plan(port, args.concurrency, round, families, chosen), handle)
            done = subprocess.run([sys.executable, __file__, "client", handle.name], check=True, capture_output=True,
                                  text=True, env={**os.environ, "PYTHONPATH": ""})  # fmt: skip
            os.unlink(handle.name)
            out = json.loads(done.stdout)
            book_path = reverse_book(round)
            statuses = [r["status"] for r in out["book"]["results"]]
            booked = sum(1 for r in out["book"]["results"] if r["status"] == 302 and r["location"].endswith("/mijn/"))
            refused = sum(1 for r in out["book"]["results"] if r["status"] == 302 and r["location"].endswith(book_path))
            runs.append({
                "trivial": figures(out["trivial"]), "book": figures(out["book"]),
                "booked": booked, "refused": refused,
                "chains_booked": _chains_booked(round, families),
                "errors_5xx": sum(1 for s in statuses + [r["status"] for r in out["trivial"]["results"]] if s >= 500),
                "other": sum(1 for s in statuses if s != 302),
                "double_bookings": double_bookings(round),
            })  # fmt: skip
        announce = announce_rate()
    finally:
        server.terminate()
        server.wait(timeout=30)
    counts = query_counts(round, families)
    if args.profile:
        profile(round, families)
    t_rps, b_rps = [r["trivial"]["per_second"] for r in runs], [r["book"]["per_second"] for r in runs]
    t_p95, b_p95 = [r["trivial"]["p95_ms"] for r in runs], [r["book"]["p95_ms"] for r in runs]
    load = os.getloadavg()
    print(f"\nbooking rush: {len(families)} guardians ({SIBLING_FAMILIES} posting two-child chains, {HOT_GUARDIANS} on "
          f"{HOT_SLOTS} slots), {args.workers} gunicorn workers, asyncio client ({args.concurrency} in flight) in a "
          f"separate process; load average before the summary {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")  # fmt: skip
    report("booking bench", [
        ("trivial view (login page) req/s", Spread.of(t_rps), ""),
        ("booking POST req/s", Spread.of(b_rps), ""),
        ("booking POSTs/s ÷ trivial req/s", ratios(b_rps, t_rps), "(goal ≥ 0.5)"),
        ("trivial p95", Spread.of(t_p95), "ms"),
        ("booking p95", Spread.of(b_p95), "ms"),
        ("p95 booking ÷ p95 trivial", ratios(b_p95, t_p95), "(goal ≤ 3)"),
        ("bookings made", Spread.of(r["booked"] for r in runs), ""),
        ("refused (clear message)", Spread.of(r["refused"] for r in runs), ""),
        ("chains booked (of 20)", Spread.of(r["chains_booked"] for r in runs), ""),
        ("double bookings", Spread.of(r["double_bookings"] for r in runs), "(keep 0)"),
        ("5xx", Spread.of(r["errors_5xx"] for r in runs), "(keep 0)"),
    ])  # fmt: skip
    print(f"  queries per booking POST: one child {counts['one child']}, two-child chain {counts['two-child chain']}"
          " (goal ≤ 12 / ≤ 16)")  # fmt: skip
    print(f"  worker side (in-process, after the rush): {announce['bookings']} bookings confirmed with reminders in "
          f"{announce['seconds']:.2f} s = {announce['per_second']:.0f} bookings/s")  # fmt: skip
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    summary = {"runs": runs, "queries_per_post": counts, "announce": announce, "load": load,
               "workers": args.workers, "concurrency": args.concurrency}  # fmt: skip
    (results / "bench_booking.json").write_text(json.dumps(summary, indent=2))
    connections.close_all()
    bad = [r for r in runs if r["double_bookings"] or r["errors_5xx"] or r["other"]]
    if bad:
        raise SystemExit(f"unexpected outcome: {bad}")


def reverse_book(round):
    from django.urls import reverse

    return reverse("conversations:book", args=[round.pk])


def _chains_booked(round, families):
    from conversations.models import Booking

    sibling_pupils = [k.pk for _s, _g, kids in families if len(kids) > 1 for k in kids]
    return Booking.objects.filter(round=round, pupil_id__in=sibling_pupils).exclude(status="cancelled").count() // 2


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "client":
        client(sys.argv[2])
    else:
        main()
