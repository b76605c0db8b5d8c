"""Timing and query counts of the reach dashboard and its CSV exports, with a trivial page as baseline.

Builds, in its own scratch PostgreSQL database (dropped, created, migrated), a school of BENCH_REACH_PUPILS
(1,000) pupils in 16 groups (two per year level; 5 % lateral entrants) and about 1,700 guardians (one in ten pupils
a younger sibling in an existing family, nine in ten families with two guardians; home languages,
interpreter and simple-Dutch needs, some without e-mail or mobile, a few without the right to
information), in the current school year of the demo calendar (holidays, study days). With
bulk_create, as tests/reach/demo_activity.py does through the services, the year's activity up to
today (about 12 weeks):

- three information sessions (groep 1–3, 4–6, 7–8) with an invitation to every guardian of their
  year levels, answers (coming, not coming, maybe, none), attendance, teachers' priority marks and
  walk-ins;
- a round of start conversations: a slot per pupil with the group's teacher, bookings for most
  pupils (one or both guardians; some cancelled) and records (came / did not come);
- a weekly engagement message to every guardian for every week (85 % delivered) and notices;
- follow-ups of not-reached guardians (session, conversation and reach) and a few buddy pairs.

A second school of a quarter of the size with the same data checks that the dashboard and the
exports cost the same number of queries for a quarter of the families.

Measured through django.test.Client, logged in as the school's leadership, after a warm-up of
every page: the dashboard page (the first page of its not-reached list, and that list filtered on
a group), the figures CSV and the not-reached CSV, against a logged-in GET of the login page (the
session, the user and base.html: the least a page costs), interleaved in each of `repetitions()`
rounds; per round the median of PAGE_RUNS requests. Printed: min/median/max over the rounds of
each median, of its ratio to the same round's baseline, the bytes and the queries of one request.

    DATABASE_URL=postgres://…/scratch REDIS_URL=redis://…/n .venv/bin/python bench/bench_reach.py

DATABASE_URL (dropped and recreated!) and REDIS_URL from the environment (bench.support);
BENCH_REACH_PUPILS (default 1000: about 1,700 guardians), BENCH_REPEAT (default 3). Writes
bench/results/bench_reach.json.
"""

import datetime
import json
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

PUPILS = int(os.environ.get("BENCH_REACH_PUPILS", "1000"))
SCHOOLS = (("97RB00", "De Bereikbare", PUPILS), ("97RB01", "Het Kwart", PUPILS // 4))
GROUPS = 16  # two per year level
PAGE_RUNS = 10
BASELINE_RUNS = 50
WARM_UP = 3
SESSION_LEVELS = ([1, 2, 3], [4, 5, 6], [7, 8])
LANGUAGES = ["nl"] * 12 + ["ar", "ar", "tr", "tr", "pl", "uk", "en", "so"]
LAST_NAMES = ["Bakker", "El Idrissi", "Yılmaz", "Kowalski", "Kovalenko", "Nguyễn", "de Vries", "Jansen", "Öztürk"]


def build_school(brin, name, n_pupils, today, seed):
    """One school with its year, people and activity; returns (leadership user, year, figures)."""
    from django.contrib.auth import get_user_model

    from ouderbetrokkenheid.school import demo
    from ouderbetrokkenheid.school import models as m

    rng = random.Random(seed)
    User = get_user_model()
    school = m.School.objects.create(board=m.SchoolBoard.objects.create(name=f"Bestuur {name}"), brin=brin,
                                     name=name, region="midden")  # fmt: skip
    year = demo.ensure_year(school, demo.current_start_year(today))
    users = User.objects.bulk_create(User(email=f"{brin.lower()}-{i}@bench.example.nl") for i in range(GROUPS + 2))
    staff = m.Staff.objects.bulk_create(
        [m.Staff(user=users[0], school=school, first_name="Dirk", last_name="Directie", is_leadership=True),
         m.Staff(user=users[1], school=school, first_name="Ilse", last_name="IB", is_ib=True)]
        + [m.Staff(user=u, school=school, first_name="Leer", last_name=f"Kracht {g}", is_teacher=True)
           for g, u in enumerate(users[2:])]
    )  # fmt: skip
    teachers = staff[2:]
    groups = m.Group.objects.bulk_create(
        m.Group(school_year=year, name=f"{g // 2 + 1}{'ab'[g % 2]}") for g in range(GROUPS)
    )
    m.Group.teachers.through.objects.bulk_create(
        m.Group.teachers.through(group_id=g.pk, staff_id=t.pk) for g, t in zip(groups, teachers, strict=True)
    )
    pupils = m.Pupil.objects.bulk_create(
        m.Pupil(school=school, external_id=str(i), first_name=f"Kind{i}", last_name=rng.choice(LAST_NAMES),
                date_of_birth=datetime.date(today.year - 5 - (i * GROUPS // n_pupils) // 2, 1, 1))
        for i in range(n_pupils)
    )  # fmt: skip
    enrollments = m.Enrollment.objects.bulk_create(
        m.Enrollment(pupil=p, group=groups[i * GROUPS // n_pupils], year_level=(i * GROUPS // n_pupils) // 2 + 1,
                     start_date=year.first_day, is_lateral_entrant=rng.random() < 0.05)
        for i, p in enumerate(pupils)
    )  # fmt: skip
    families, links = [], []  # families: [guardians]; a tenth of the pupils is the sibling of an earlier one
    family_of = {}
    for i, pupil in enumerate(pupils):
        if families and rng.random() < 0.1:
            family_of[pupil.pk] = rng.randrange(len(families))
            continue
        language = rng.choice(LANGUAGES)
        size = 2 if rng.random() < 0.9 else 1
        families.append([
            m.Guardian(school=school, external_id=f"{i}-{k}", first_name=("Moeder", "Vader")[k],
                       last_name=pupil.last_name, email="" if rng.random() < 0.05 else f"o{i}-{k}@example.nl",
                       mobile="" if rng.random() < 0.04 else f"+316{rng.randrange(10**7, 10**8)}",
                       language=language,
                       needs_interpreter=language != "nl" and rng.random() < 0.3,
                       prefers_simple_dutch=rng.random() < 0.1)
            for k in range(size)
        ])  # fmt: skip
        family_of[pupil.pk] = len(families) - 1
    m.Guardian.objects.bulk_create([g for family in families for g in family])
    for pupil in pupils:
        for guardian in families[family_of[pupil.pk]]:
            links.append(m.GuardianOf(guardian=guardian, pupil=pupil, receives_information=rng.random() > 0.02))
    m.GuardianOf.objects.bulk_create(links)
    activity = build_activity(year, staff, teachers, enrollments, families, family_of, links, today, rng)
    return users[0], year, {"pupils": len(pupils), "guardians": sum(map(len, families))} | activity


def build_activity(year, staff, teachers, enrollments, families, family_of, links, today, rng):
    import secrets

    from django.db import transaction

    from conversations.models import Attendance, Booking, BookingGuardian, BookingStatus, Record, Round, Slot
    from conversations.models import FollowUp as ConversationFollowUp
    from meetings.models import FollowUp as SessionFollowUp
    from meetings.models import Invitation, ProgrammeItem, Response, Session, WalkIn
    from meetings.priority import MANUAL
    from meetings.programme import programme_install
    from messaging.models import DeliveryStatus, Kind, Message, Purpose, Status
    from ouderbetrokkenheid.school.calendar import week_start
    from ouderbetrokkenheid.school.clock import at_local
    from reach.models import BuddyPair, ReachFollowUp

    informed = {(link.guardian_id, link.pupil_id) for link in links if link.receives_information}
    by_level = {}
    for e in enrollments:
        by_level.setdefault(e.year_level, []).append(e.pupil_id)
    # -- three sessions, an invitation per guardian of the audience, answers and attendance
    with transaction.atomic():
        programme_install(school=year.school)
    items = list(ProgrammeItem.objects.filter(school=year.school).order_by("number")[:3])
    sessions = Session.objects.bulk_create(
        Session(item=item, school_year=year, year_levels=levels, location="Aula",
                starts_at=at_local(year.first_day + datetime.timedelta(days=17 + 21 * n), datetime.time(19, 30)),
                invitations_sent_at=at_local(year.first_day + datetime.timedelta(days=3), datetime.time(9)))
        for n, (item, levels) in enumerate(zip(items, SESSION_LEVELS, strict=True))
    )  # fmt: skip
    invitations, invited_pupils = [], []
    for session in sessions:
        audience = {}
        for level in session.year_levels:
            for pupil_id in by_level.get(level, []):
                for guardian in families[family_of[pupil_id]]:
                    if (guardian.pk, pupil_id) in informed:
                        audience.setdefault(guardian.pk, []).append(pupil_id)
        for guardian_id, pupil_ids in audience.items():
            response = rng.choices(Response.values, weights=[3, 4, 2, 1])[0]
            invitations.append(Invitation(
                session=session, guardian_id=guardian_id, token_hash=secrets.token_hex(32),
                invited_at=session.invitations_sent_at, response=response,
                responded_at=session.invitations_sent_at + datetime.timedelta(days=2) if response else None,
                attended=(rng.random() < 0.75) if response == Response.COMING else None,
                priority_reasons=[MANUAL] if rng.random() < 0.05 else [],
            ))  # fmt: skip
            invited_pupils.append(pupil_ids)
    Invitation.objects.bulk_create(invitations)
    Invitation.pupils.through.objects.bulk_create(
        Invitation.pupils.through(invitation_id=inv.pk, pupil_id=pupil_id)
        for inv, pupil_ids in zip(invitations, invited_pupils, strict=True) for pupil_id in pupil_ids
    )  # fmt: skip
    not_coming = [i for i in invitations if not i.attended]
    WalkIn.objects.bulk_create(WalkIn(session=i.session, name="binnenloper", guardian_id=i.guardian_id)
                               for i in rng.sample(not_coming, min(10, len(not_coming))))  # fmt: skip
    # -- start conversations: a slot per pupil with the group's teacher, most booked
    first = year.first_day + datetime.timedelta(days=30)
    start_round = Round.objects.create(
        school_year=year, kind="start", title="Startgesprekken", year_levels=list(range(1, 9)), first_day=first,
        last_day=first + datetime.timedelta(days=1), forms=["at_school"], slot_minutes=10,
    )  # fmt: skip
    teacher_of = {group_id: teachers[n] for n, group_id in enumerate(sorted({e.group_id for e in enrollments}))}
    slots, booked = [], []
    per_teacher = {}
    for e in enrollments:
        teacher = teacher_of[e.group_id]
        n = per_teacher[teacher.pk] = per_teacher.get(teacher.pk, -1) + 1
        starts = at_local(first + datetime.timedelta(days=n // 16), datetime.time(14)) + datetime.timedelta(
            minutes=10 * (n % 16)
        )
        slots.append(
            Slot(round=start_round, staff=teacher, starts_at=starts, ends_at=starts + datetime.timedelta(minutes=10))
        )
        booked.append(rng.random() < 0.8)
    Slot.objects.bulk_create(slots)
    bookings = []
    for e, slot, is_booked in zip(enrollments, slots, booked, strict=True):
        if is_booked:
            cancelled = rng.random() < 0.08
            status = BookingStatus.CANCELLED if cancelled else BookingStatus.CONFIRMED
            bookings.append(Booking(round=start_round, slot=slot, pupil_id=e.pupil_id, status=status))
    Booking.objects.bulk_create(bookings)
    busy, booking_guardians = {}, []  # guardian -> [(start, end)]: a guardian is in one conversation at a time
    for booking in bookings:
        slot, active = booking.slot, booking.status == BookingStatus.CONFIRMED
        guardians = [g for g in families[family_of[booking.pupil_id]] if (g.pk, booking.pupil_id) in informed]
        for guardian in guardians[:1] if rng.random() < 0.5 else guardians:
            if active and any(s < slot.ends_at and slot.starts_at < e for s, e in busy.get(guardian.pk, [])):
                continue
            if active:
                busy.setdefault(guardian.pk, []).append((slot.starts_at, slot.ends_at))
            booking_guardians.append(BookingGuardian(booking=booking, guardian=guardian, round=start_round,
                                                     pupil_id=booking.pupil_id, starts_at=slot.starts_at,
                                                     ends_at=slot.ends_at, active=active))  # fmt: skip
    BookingGuardian.objects.bulk_create(booking_guardians)
    Record.objects.bulk_create(
        Record(booking=b, author=b.slot.staff, going_well="Gaat goed", to_improve="Tafels oefenen",
               attendance=Attendance.CAME if rng.random() < 0.85 else Attendance.NO_SHOW)
        for b in bookings if b.status == BookingStatus.CONFIRMED and rng.random() < 0.9
    )  # fmt: skip
    # -- messages: a weekly engagement message to every guardian, and notices
    guardians = [g for family in families for g in family]
    messages, monday = [], week_start(year.first_day)
    kinds = list(Kind.values)
    while monday + datetime.timedelta(days=7) <= today:
        for n, guardian in enumerate(guardians):
            sent = at_local(monday + datetime.timedelta(days=rng.randrange(5)), datetime.time(rng.choice([8, 12, 18])))
            delivered = rng.random() < 0.85
            channel = "email" if guardian.email else "sms"
            messages.append(Message(
                school_id=guardian.school_id, guardian=guardian, purpose=Purpose.ENGAGEMENT, kind=kinds[n % 3],
                week=monday, day=sent.date(), channel=channel, text="Deze week in de klas …", scheduled_at=sent,
                status=Status.SENT, sent_at=sent, idempotency_key=f"bench:{secrets.token_hex(10)}",
                delivery_status=DeliveryStatus.DELIVERED if delivered else DeliveryStatus.UNDELIVERED,
            ))  # fmt: skip
            if rng.random() < 0.2:  # a notice, an hour later
                later = sent + datetime.timedelta(hours=1)
                messages.append(Message(
                    school_id=guardian.school_id, guardian=guardian, purpose=Purpose.NOTICE, day=later.date(),
                    channel=channel, subject="Mededeling", scheduled_at=later, status=Status.SENT, sent_at=later,
                    delivery_status=DeliveryStatus.DELIVERED, idempotency_key=f"bench:{secrets.token_hex(10)}",
                ))  # fmt: skip
        monday += datetime.timedelta(days=7)
    Message.objects.bulk_create(messages, batch_size=2000)
    # -- follow-ups of guardians without an answer, and buddy pairs
    leader = staff[0]
    silent = [i for i in invitations if not i.response]
    SessionFollowUp.objects.bulk_create(SessionFollowUp(invitation=i, outcome=rng.choice(["called", "no_answer"]),
                                                        by=teacher_of_guardian(i, teachers))
                                        for i in silent[::4])  # fmt: skip
    ConversationFollowUp.objects.bulk_create(ConversationFollowUp(round=start_round, guardian_id=i.guardian_id,
                                                                  outcome="home_visit", by=staff[1])
                                             for i in silent[1::6])  # fmt: skip
    ReachFollowUp.objects.bulk_create(ReachFollowUp(school_year=year, guardian_id=i.guardian_id, outcome="called",
                                                    by=leader) for i in silent[2::5])  # fmt: skip
    now = datetime.datetime.now(datetime.UTC)
    BuddyPair.objects.bulk_create(
        BuddyPair(school=year.school, guardian_id=i.guardian_id, buddy=guardians[n], created_by=leader,
                  guardian_consent_at=now, guardian_consent_how="mondeling", guardian_consent_by=leader,
                  buddy_consent_at=now, buddy_consent_how="schriftelijk", buddy_consent_by=leader)
        for n, i in enumerate(silent[3:60:8]) if guardians[n].pk != i.guardian_id
    )  # fmt: skip
    return {"sessions": len(sessions), "invitations": len(invitations), "bookings": len(bookings),
            "booking_guardians": len(booking_guardians), "messages": len(messages)}  # fmt: skip


def teacher_of_guardian(invitation, teachers):
    return teachers[invitation.guardian_id % len(teachers)]


def timed(function, runs):
    """The median in seconds over `runs` calls, and the last response."""
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), result


def queries_of(function):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        result = function()
    return len(queries), result


def main():
    recreate_database(DATABASE_URL)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from reach import selectors

    today = timezone.localdate()
    start = time.perf_counter()
    built = [build_school(brin, name, n, today, seed) for seed, (brin, name, n) in enumerate(SCHOOLS)]
    setup_seconds = time.perf_counter() - start

    def get(client, url, expected):
        def call():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            assert response["Content-Type"].startswith(expected), (url, response["Content-Type"])
            return response

        return call

    cases = []  # (name, school index, call)
    for index, (leader, year, counts) in enumerate(built):
        client = Client()
        client.force_login(leader)
        if index == 0:
            cases.append(("baseline: logged-in GET of the login page", 0,
                          get(client, reverse("accounts:login"), "text/html")))  # fmt: skip
        label = f"{counts['pupils']} pupils"
        page = reverse("reach:dashboard_year", args=[year.pk])
        group = year.groups.order_by("name").first()
        cases += [
            (f"dashboard page ({label})", index, get(client, page, "text/html")),
            (f"dashboard, a group's not reached ({label})", index, get(client, f"{page}?groep={group.pk}",
                                                                        "text/html")),
            (f"figures CSV ({label})", index, get(client, reverse("reach:dashboard_csv", args=[year.pk]), "text/csv")),
            (f"not-reached CSV ({label})", index, get(client, reverse("reach:not_reached_csv", args=[year.pk]),
                                                      "text/csv")),
        ]  # fmt: skip
        data = selectors.dashboard(year=year)
        counts |= {"population": data.total.total, "weeks": len(data.weeks), "not_reached": len(data.not_reached),
                   "shares": {m: share for m, _count, share in data.total.cells},
                   "reached_weekly": data.total.reached_weekly}  # fmt: skip
    for _name, _index, call in cases:  # warm up every page (templates, caches, connections)
        for _ in range(WARM_UP):
            call()
    medians = {name: [] for name, _index, _call in cases}
    responses = {}
    for _round in range(repetitions()):
        for name, _index, call in cases:
            runs = BASELINE_RUNS if name.startswith("baseline") else PAGE_RUNS
            median, responses[name] = timed(call, runs)
            medians[name].append(median * 1000)
    baseline = medians[cases[0][0]]
    figures = []
    for name, _index, call in cases:
        figures.append({"step": name, "median_ms": Spread.of(medians[name]).as_dict(),
                        "x_baseline": ratios(medians[name], baseline).as_dict(), "queries": queries_of(call)[0],
                        "bytes": len(responses[name].content)})  # fmt: skip

    for _leader, year, counts in built:
        print(
            f"{year.school.name}: {counts['pupils']} pupils, {counts['guardians']} guardians "
            f"({counts['population']} in the population), {counts['sessions']} sessions with "
            f"{counts['invitations']} invitations, {counts['bookings']} bookings ({counts['booking_guardians']} "
            f"guardians), {counts['messages']} messages over {counts['weeks']} counted weeks; "
            f"{counts['not_reached']} not reached"
        )
        print(f"  shares %: {counts['shares']}, reached per week {counts['reached_weekly']} %")
    print(f"setup {setup_seconds:.1f} s; load average {os.getloadavg()[0]:.2f}")
    report("median ms per request", [(row["step"], Spread.of(medians[row["step"]]), "ms") for row in figures])
    report("ratio to the baseline (same round)",
           [(row["step"], ratios(medians[row["step"]], baseline), "x") for row in figures[1:]])  # fmt: skip
    print(f"\n{'step':<52} {'queries':>8} {'KiB':>8}")
    for row in figures:
        print(f"{row['step']:<52} {row['queries']:>8} {row['bytes'] / 1024:>8.1f}")
    per_school = {}
    for row, (_name, index, _call) in zip(figures, cases, strict=True):
        if not row["step"].startswith("baseline"):
            per_school.setdefault(index, []).append(row)
    big, small = per_school[0], per_school[1]
    same = [b["queries"] == s["queries"] for b, s in zip(big, small, strict=True)]
    print(
        "queries, large vs small school: "
        + ", ".join(f"{b['step'].split(' (')[0]} {b['queries']} vs {s['queries']}" for b, s in zip(big, small,
                                                                                                   strict=True))
        + (": the same" if all(same) else ": DIFFERENT (grows with the data)")
    )  # fmt: skip
    summary = {"schools": [counts for _leader, _year, counts in built], "queries_same_for_4x": all(same),
               "load_average": os.getloadavg(), "figures": figures}  # fmt: skip
    results_dir = ROOT / "bench" / "results"
    results_dir.mkdir(exist_ok=True)
    (results_dir / "bench_reach.json").write_text(json.dumps(summary, indent=2, default=str) + "\n")


if __name__ == "__main__":
    main()
