"""Our booking rush beside an open-source Django peer's, on the same machine, database server and client.

The peer is deigratia-ms/SchoolApp (https://github.com/deigratia-ms/SchoolApp, measured at commit
b0db3646cbeb89999ded74210bd76f09dbaac56e, Django 5.1): its `appointments` app lets a parent
(`users.Parent`) book a school-wide `TimeSlot` by POSTing `AppointmentForm` to
`preview_appointment(slot_id)`. It takes no lock: the view reads the slot with `is_available=True`,
then `Appointment.save()` marks the slot unavailable and inserts the appointment, in autocommit,
and sends the confirmation (a `Notification` row and an e-mail) in the request. Its code is never
copied into this repository; get it and give it its own virtualenv:

    git clone https://github.com/deigratia-ms/SchoolApp /work/peer-app   # or `git archive` of a mirror
    python3.11 -m venv /work/peer-venv
    /work/peer-venv/bin/python -m pip install -r /work/peer-app/requirements_production.txt

`bench/peer_settings.py` serves it with its own settings, changed only where the bench needs it
(PostgreSQL from DATABASE_URL in a database of its own, `<name>_peer`; DEBUG off; e-mail to the
in-memory backend; tables from the models since its migrations do not apply to an empty
database; persistent connections as ours). Both databases are dropped and recreated.

The same load on both: 704 slots (ours: 16 teachers × 44; the peer's slots have no teacher, so 16
days × 44 times), 400 parents, each with a session made as a login would, posting once at the
same time. Each parent books the peer slot at the same place (teacher ↔ day, time) as the first
slot of their booking in `bench_booking.py`: 50 race for 10 slots, the others each pick their
own. The peer's form books one slot per POST, so our 20 two-child families post a chain of two
bookings and theirs one. Both servers run side by side under gunicorn with `--workers` sync
workers; the client is bench_booking's asyncio client (`bench_booking.py client PLAN`, imported
code, one process per run) with `--concurrency` requests in flight. In each repetition each app
in turn (the order alternates between repetitions): its bookings are reset, the client warms it
(trivial GETs and booking-page GETs), then measures its trivial view (the login page) and its
booking POSTs. Three repetitions (BENCH_REPEAT): min / median / max, and per repetition our
booking POSTs/s ÷ the peer's.

Afterwards: queries per booking POST for each, counted with Django's test client and
`CaptureQueriesContext` on its own database (ours in this process, the peer's in its own Python);
double bookings (ours: bench_booking's check of slots, children and parents' times; the peer's:
slots with two or more confirmed appointments) and 5xx per run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ob_bench_peer REDIS_URL=redis://127.0.0.1:6379/15 \\
        .venv/bin/python bench/bench_peer.py /work/peer-app [--peer-python /work/peer-venv/bin/python] \\
        [--workers 3] [--concurrency 64]

Without PEER_DIR (the argument or the environment variable) it says so and exits 0, so `make bench`
runs on without the peer. `--peer-python` defaults to `peer-venv/bin/python` beside PEER_DIR.
"""

import argparse
import datetime
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlparse, urlunparse

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
HOST = "127.0.0.1"
PEER_LOGIN = "/users/login/"
RESULT = "bench_peer result: "


def peer_database_url(url):
    """The peer's own database: the name in `url` with `_peer` appended."""
    parts = urlparse(url)
    return urlunparse(parts._replace(path=parts.path.rstrip("/") + "_peer"))


# -- the peer's side: run by the peer's Python (`bench_peer.py peer-… ARGS`), only Django and the peer --


def _peer_setup():
    import django

    django.setup()


def peer_seed(plan_path):
    """Settings, 16 days × 44 slots, one parent per family with a session; writes back the
    session keys and, per family, the slot id at its (day, time)."""
    _peer_setup()
    from appointments.models import AppointmentSettings, TimeSlot
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore
    from django.utils import timezone
    from users.models import CustomUser, Parent, Student

    plan = json.loads(Path(plan_path).read_text())
    AppointmentSettings.objects.create(school_name="Bench", auto_confirm_appointments=True, system_active=True)
    first = timezone.localdate() + datetime.timedelta(days=10)
    slots = {}
    for day in range(plan["days"]):
        date = first + datetime.timedelta(days=day)
        made = TimeSlot.objects.bulk_create(
            TimeSlot(
                date=date,
                start_time=(datetime.datetime(2000, 1, 1, 8) + datetime.timedelta(minutes=15 * i)).time(),
                end_time=(datetime.datetime(2000, 1, 1, 8) + datetime.timedelta(minutes=15 * (i + 1))).time(),
            )
            for i in range(plan["times"])
        )
        slots.update({(day, i): slot.pk for i, slot in enumerate(made)})
    sessions, backend = [], "django.contrib.auth.backends.ModelBackend"
    for n in range(len(plan["places"])):
        user = CustomUser.objects.create_user(
            email=f"parent{n}@bench.example.org",
            password=None,
            role=CustomUser.Role.PARENT,
            first_name="Parent",  # the peer's base template shows its initial
            last_name=str(n),
        )
        parent = Parent.objects.create(user=user)
        for k in range(plan["children"][n]):  # the peer's base template links a parent to the first child
            pupil = CustomUser.objects.create_user(
                email=f"pupil{n}-{k}@bench.example.org", password=None, role=CustomUser.Role.STUDENT,
                first_name="Pupil", last_name=f"{n}-{k}",
            )  # fmt: skip
            parent.children.add(Student.objects.create(user=pupil, student_id=f"{n}-{k}", pin="12345"))
        session = SessionStore()
        session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(user.pk), backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        sessions.append(session.session_key)
    out = {"sessions": sessions, "slots": [slots[tuple(place)] for place in plan["places"]]}
    Path(plan_path).write_text(json.dumps(out))


def peer_reset():
    """Every appointment and notification gone, every slot available again."""
    _peer_setup()
    peer_reset_rows()
    print(RESULT + "{}")


def peer_outcome():
    """Appointments made, and slots with two or more confirmed (or pending) appointments."""
    _peer_setup()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT (SELECT count(*) FROM appointments_appointment WHERE status IN ('pending', 'confirmed')),
                      (SELECT count(*) FROM (SELECT time_slot_id FROM appointments_appointment
                         WHERE status IN ('pending', 'confirmed') GROUP BY time_slot_id HAVING count(*) > 1) s),
                      (SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM appointments_appointment
                         WHERE status IN ('pending', 'confirmed') GROUP BY time_slot_id HAVING count(*) > 1) s)"""
        )
        booked, slots, extra = cursor.fetchone()
    print(RESULT + json.dumps({"booked": booked, "double_booked_slots": slots, "extra_promises": int(extra)}))


def peer_queries():
    """Queries of one booking POST (the test client, the peer's code path): the first POST of a
    fresh login and a second one by another parent, once the settings are cached."""
    _peer_setup()
    from appointments.models import TimeSlot
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from users.models import Parent

    peer_reset_rows()
    counts, sql = [], []
    parents = list(Parent.objects.select_related("user").order_by("pk")[:2])
    free = list(TimeSlot.objects.order_by("-date", "-start_time").values_list("pk", flat=True)[:2])
    for parent, slot in zip(parents, free, strict=True):
        client = Client()
        client.force_login(parent.user)
        with CaptureQueriesContext(connection) as queries:
            response = client.post(f"/appointments/preview/{slot}/", {"purpose": "Gesprek"})
        assert response.status_code == 302 and response.url == "/appointments/", response
        counts.append(len(queries))
        sql = [q["sql"][:100] for q in queries.captured_queries]
    peer_reset_rows()
    print(RESULT + json.dumps({"first": counts[0], "second": counts[1], "statements": sql}))


def peer_reset_rows():
    from appointments.models import Appointment, TimeSlot
    from communications.models import Notification

    Appointment.objects.all().delete()
    Notification.objects.all().delete()
    TimeSlot.objects.update(is_available=True)


# -- our side and the run (our virtualenv) -----------------------------------------------------------


class Peer:
    """The peer's checkout, its Python, its environment and its server."""

    def __init__(self, directory, python, database_url):
        self.dir, self.python = Path(directory).resolve(), Path(python)
        if not (self.dir / "ricas_school_manager" / "settings.py").exists():
            raise SystemExit(f"{self.dir} is not a checkout of deigratia-ms/SchoolApp (see the docstring)")
        if not self.python.exists():
            raise SystemExit(f"no Python at {self.python}: give the peer a virtualenv (see the docstring)")
        self.database_url = peer_database_url(database_url)
        self.env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": os.environ.get("HOME", "/tmp"),
            "DATABASE_URL": database_url,  # peer_settings derives its own name from it
            "DJANGO_SETTINGS_MODULE": "peer_settings",
            "PYTHONPATH": os.pathsep.join([str(self.dir), str(BENCH)]),
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": f"{HOST},localhost,testserver",
        }
        self.server = None

    def run(self, *args, capture=True):
        done = subprocess.run([str(self.python), *args], cwd=self.dir, env=self.env, check=True,
                              capture_output=capture, text=True)  # fmt: skip
        return done.stdout

    def helper(self, *args):
        out = self.run(__file__, *args)  # the peer's settings print to stdout too
        return json.loads(next(line for line in out.splitlines() if line.startswith(RESULT))[len(RESULT) :])

    def start(self, port, workers):
        gunicorn = self.python.with_name("gunicorn")
        self.server = subprocess.Popen(
            [str(gunicorn), "ricas_school_manager.wsgi:application", "--workers", str(workers), "--bind",
             f"{HOST}:{port}", "--backlog", "2048", "--timeout", "60", "--log-level", "warning"],
            cwd=self.dir, env=self.env, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        _wait_for(port, PEER_LOGIN, self.server)
        return self.server


def _wait_for(port, path, process):
    import urllib.request

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}{path}", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit(f"the server on port {port} did not answer on {path}")


def check_page(port, path, cookie):
    """The booking page answers 200 for a logged-in parent (the warm-up's answers are not kept)."""
    import urllib.request

    request = urllib.request.Request(f"http://{HOST}:{port}{path}", headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=60) as response:
        if response.status != 200 or response.url != f"http://{HOST}:{port}{path}":
            raise SystemExit(f"{path} answered {response.status} at {response.url}")


def places(round, families, chosen):
    """Per family, the (teacher rank, slot rank) of the first slot it books in our rush: the
    peer's (day, time) for the same parent."""
    from bench_booking import _teachers

    from conversations.models import Slot

    rank = {staff.pk: n for n, staff in enumerate(_teachers(round))}
    where, seen = {}, {}
    for slot in Slot.objects.filter(round=round).order_by("staff_id", "starts_at"):
        n = seen[slot.staff_id] = seen.get(slot.staff_id, -1) + 1
        where[slot.pk] = (rank[slot.staff_id], n)
    out = []
    for (_session, _guardian, kids), choice in zip(families, chosen, strict=True):
        out.append(where[choice[kids[0].pk]])
    return out


def peer_plan(port, concurrency, sessions, slots):
    csrf = secrets.token_hex(16)  # 32 characters: Django accepts the unmasked secret as the form token

    def headers(session_key, post=False):
        text = f"Cookie: sessionid={session_key}; csrftoken={csrf}\r\n"
        return text + ("Content-Type: application/x-www-form-urlencoded\r\n" if post else "")

    trivial = [["GET", PEER_LOGIN, "", ""]] * len(sessions)
    step = max(1, len(sessions) // 60)
    pages = [["GET", f"/appointments/preview/{slot}/", headers(session), ""]
             for session, slot in list(zip(sessions, slots, strict=True))[::step]]  # fmt: skip
    book = [
        ["POST", f"/appointments/preview/{slot}/", headers(session, post=True),
         urlencode({"csrfmiddlewaretoken": csrf, "purpose": "Termly One-on-One Appointment"})]
        for session, slot in zip(sessions, slots, strict=True)
    ]  # fmt: skip
    return {"port": port, "concurrency": concurrency, "warm": trivial[:200] + pages, "trivial": trivial, "book": book}


def run_client(plan):
    """bench_booking's asyncio client, in a separate process, on one plan."""
    import bench_booking

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(plan, handle)
    try:
        done = subprocess.run([sys.executable, bench_booking.__file__, "client", handle.name], check=True,
                              capture_output=True, text=True, env={**os.environ, "PYTHONPATH": ""})  # fmt: skip
    finally:
        os.unlink(handle.name)
    return json.loads(done.stdout)


def adjacent_racers(where):
    """An order of the families that puts the ones posting for the same slot next to each other, at
    the front (`--adjacent-racers`): with 3 sync workers, racers far apart in the queue seldom meet."""
    count = {place: where.count(place) for place in map(tuple, where)}
    racing = sorted((n for n, place in enumerate(where) if count[tuple(place)] > 1), key=lambda n: tuple(where[n]))
    return racing + [n for n in range(len(where)) if count[tuple(where[n])] == 1]


def measure_ours(port, args, round, families, chosen):
    import bench_booking as ours
    from django.db import connections

    ours.reset(round)
    connections.close_all()
    out = run_client(ours.plan(port, args.concurrency, round, families, chosen))
    book_path = ours.reverse_book(round)
    results = out["book"]["results"]
    statuses = [r["status"] for r in results] + [r["status"] for r in out["trivial"]["results"]]
    outcome = {
        "trivial": ours.figures(out["trivial"]),
        "book": ours.figures(out["book"]),
        "booked_posts": sum(1 for r in results if r["status"] == 302 and r["location"].endswith("/mijn/")),
        "refused": sum(1 for r in results if r["status"] == 302 and r["location"].endswith(book_path)),
        "errors_5xx": sum(1 for s in statuses if s >= 500),
        "double_bookings": ours.double_bookings(round),
    }
    connections.close_all()
    return outcome


def measure_peer(peer, port, args, seeded):
    import bench_booking as ours

    peer.helper("peer-reset")
    order = seeded["order"]
    sessions, slots = [seeded["sessions"][n] for n in order], [seeded["slots"][n] for n in order]
    out = run_client(peer_plan(port, args.concurrency, sessions, slots))
    results = out["book"]["results"]
    statuses = [r["status"] for r in results] + [r["status"] for r in out["trivial"]["results"]]
    found = peer.helper("peer-outcome")
    return {
        "trivial": ours.figures(out["trivial"]),
        "book": ours.figures(out["book"]),
        "booked_posts": sum(1 for r in results if r["status"] == 302 and r["location"] == "/appointments/"),
        "refused": sum(1 for r in results if r["status"] == 404),
        "errors_5xx": sum(1 for s in statuses if s >= 500),
        "double_bookings": found["double_booked_slots"],
        "extra_promises": found["extra_promises"],
        "appointments": found["booked"],
    }


def uptime():
    """`uptime` in UTC (Django sets TZ to the project's time zone in this process)."""
    return subprocess.run(["uptime"], capture_output=True, text=True, env={**os.environ, "TZ": "UTC"}).stdout.strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("peer_dir", nargs="?", default=os.environ.get("PEER_DIR"),
                        help="a checkout of deigratia-ms/SchoolApp (or PEER_DIR in the environment)")  # fmt: skip
    parser.add_argument("--peer-python", help="the peer virtualenv's python (default: peer-venv beside PEER_DIR)")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--adjacent-racers", action="store_true",
                        help="racing families' posts together, first (not bench_booking's order)")  # fmt: skip
    args = parser.parse_args()
    if not args.peer_dir:  # `make bench` runs every bench without arguments
        print("bench_peer.py: skipped, no peer checkout given (PEER_DIR; see the docstring)", file=sys.stderr)
        return
    sys.path[:0] = [str(BENCH), str(ROOT)]
    import bench_booking as ours

    uptime_before = uptime()
    database_url, redis_url = ours.configure()
    python = args.peer_python or str(Path(args.peer_dir).resolve().with_name("peer-venv") / "bin" / "python")
    peer = Peer(args.peer_dir, python, database_url)
    from support import Spread, ratios, recreate_database, repetitions, report

    # ours, as bench_booking seeds it
    recreate_database(database_url)
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    import django

    django.setup()
    import redis
    from django.db import connections

    redis.Redis.from_url(redis_url).flushdb()
    round, families = ours.seed()
    chosen = ours.choices(round, families)
    where = places(round, families, chosen)
    connections.close_all()

    # the peer: its tables, its settings, the same slots and parents
    recreate_database(peer.database_url)
    peer.run("manage.py", "migrate", "--run-syncdb", "--noinput")
    peer.run("manage.py", "createcachetable")
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        plan = {"days": ours.TEACHERS, "times": ours.SLOTS_PER_TEACHER, "places": where,
                "children": [len(kids) for _s, _g, kids in families]}  # fmt: skip
        json.dump(plan, handle)
    peer.run(__file__, "peer-seed", handle.name)
    seeded = json.loads(Path(handle.name).read_text())
    order = seeded["order"] = adjacent_racers(where) if args.adjacent_racers else list(range(len(families)))
    os.unlink(handle.name)
    posts_per_slot = {slot: seeded["slots"].count(slot) for slot in seeded["slots"]}
    racing = sum(n for n in posts_per_slot.values() if n > 1), sum(1 for n in posts_per_slot.values() if n > 1)

    our_port, peer_port = ours.free_port(), ours.free_port()
    servers = [ours.start_gunicorn(our_port, args.workers)]
    runs = []
    try:
        servers.append(peer.start(peer_port, args.workers))
        from django.conf import settings

        check_page(our_port, ours.reverse_book(round), f"{settings.SESSION_COOKIE_NAME}={families[0][0]}")
        check_page(peer_port, f"/appointments/preview/{seeded['slots'][0]}/", f"sessionid={seeded['sessions'][0]}")
        for n in range(repetitions()):
            sides = ("ours", "peer") if n % 2 == 0 else ("peer", "ours")
            run = {"order": sides}
            for side in sides:
                if side == "ours":
                    run["ours"] = measure_ours(our_port, args, round, [families[i] for i in order],
                                               [chosen[i] for i in order])  # fmt: skip
                else:
                    run["peer"] = measure_peer(peer, peer_port, args, seeded)
            runs.append(run)
            print(f"run {n + 1}: ours {run['ours']['book']['per_second']:.1f} POSTs/s, "
                  f"peer {run['peer']['book']['per_second']:.1f} POSTs/s", flush=True)  # fmt: skip
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
    our_counts = ours.query_counts(round, families)
    peer_counts = peer.helper("peer-queries")
    connections.close_all()
    uptime_after = uptime()

    def spread(side, *keys):
        values = []
        for run in runs:
            value = run[side]
            for key in keys:
                value = value[key]
            values.append(value)
        return Spread.of(values)

    our_rps, peer_rps = spread("ours", "book", "per_second"), spread("peer", "book", "per_second")
    print(
        f"\nbooking rush, ours beside the peer (deigratia-ms/SchoolApp): {len(families)} parents each "
        f"({racing[0]} of them racing for {racing[1]} slots), 704 slots, {args.workers} gunicorn sync workers "
        f"each, bench_booking's asyncio client ({args.concurrency} in flight); the order alternates per "
        f"repetition{'; racing posts together, first (--adjacent-racers)' if args.adjacent_racers else ''}"
    )
    print(f"  uptime before: {uptime_before}\n  uptime after:  {uptime_after}")
    for side, title in (("ours", "ours (Ouderbetrokkenheid)"), ("peer", "the peer (SchoolApp appointments)")):
        rows = [
            ("trivial view (login page) req/s", spread(side, "trivial", "per_second"), ""),
            ("booking POSTs/s", spread(side, "book", "per_second"), ""),
            ("booking p95", spread(side, "book", "p95_ms"), "ms"),
            ("booking POSTs/s ÷ its trivial req/s",
             ratios(spread(side, "book", "per_second").values, spread(side, "trivial", "per_second").values), ""),
            ("booked (POSTs answered with success)", spread(side, "booked_posts"), ""),
            ("refused (slot taken)", spread(side, "refused"), ""),
            ("double bookings", spread(side, "double_bookings"), ""),
            ("5xx", spread(side, "errors_5xx"), ""),
        ]  # fmt: skip
        report(title, rows)
    report("ours ÷ the peer, paired per repetition", [
        ("booking POSTs/s", ratios(our_rps.values, peer_rps.values), "(goal ≥ 1.0)"),
        ("booking p95", ratios(spread("ours", "book", "p95_ms").values, spread("peer", "book", "p95_ms").values), ""),
    ])  # fmt: skip
    print(f"  queries per booking POST: ours {our_counts['one child']} (one child), "
          f"{our_counts['two-child chain']} (two-child chain); the peer {peer_counts['second']} "
          f"({peer_counts['first']} for the first POST after start-up)")  # fmt: skip
    print(f"  peer double bookings are slots with two or more confirmed appointments (extra parents promised a "
          f"taken slot per run: {[r['peer']['extra_promises'] for r in runs]})")  # fmt: skip
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    summary = {"runs": runs, "queries_per_post": {"ours": our_counts, "peer": peer_counts},
               "uptime": [uptime_before, uptime_after], "workers": args.workers,
               "concurrency": args.concurrency}  # fmt: skip
    (results / "bench_peer.json").write_text(json.dumps(summary, indent=2))
    bad = [r for r in runs if r["ours"]["double_bookings"] or r["ours"]["errors_5xx"] or r["peer"]["errors_5xx"]]
    if bad:
        raise SystemExit(f"unexpected outcome (double bookings of ours, or 5xx): {bad}")


if __name__ == "__main__":
    helpers = {"peer-seed": peer_seed, "peer-reset": peer_reset, "peer-outcome": peer_outcome,
               "peer-queries": peer_queries}  # fmt: skip
    if len(sys.argv) > 1 and sys.argv[1] in helpers:
        helpers[sys.argv[1]](*sys.argv[2:])
    else:
        main()
