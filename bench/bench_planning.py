"""Planning a week for a whole school (~5,000 pupils, 10,000 guardians, 200 groups) against a bulk
insert of the same rows.

Every group's week plan is saved (a progress line for every pupil, the library's tip and
encouragement) and approved, which writes every part through `message_parts_add`: one part per
pupil, kind and guardian; siblings' parts merge into one message per guardian and kind.

Baselines, in the same run and database, right after each approval: the rows that approval wrote,
written again the cheapest way PostgreSQL allows from Django (rolled back afterwards):
- **same rows**: its outbox rows and their parts, `bulk_create` in batches of 1,000;
- **messages only**: its outbox rows alone (the floor the bench used before; planning also writes
  the parts, so this ratio overstates what planning adds).
The ratio is the price of what planning adds: reading the group, rendering per language, consent,
merging siblings, the row locks that keep the weekly cap under concurrent planners.

Each of `repetitions()` rounds plans a new week (after a warm-up week). With `--compare` each
round also approves another week with Django's `bulk_update` in place of `bulk_set` (the engine
before this change) to show before and after in one run. Printed: min/median/max of the seconds,
the ratios and the queries.

    DATABASE_URL=postgres://…/scratch REDIS_URL=redis://…/n .venv/bin/python bench/bench_planning.py [--compare]

DATABASE_URL (dropped and recreated!) and REDIS_URL from the environment (bench.support);
BENCH_GROUPS (default 200), BENCH_PUPILS_PER_GROUP (default 25). Writes bench/results/bench_planning.json.
"""

import argparse
import datetime
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.support import Spread, environment_urls, ratios, recreate_database, repetitions, report  # noqa: E402

DATABASE_URL, REDIS_URL = environment_urls()
os.environ.update(
    DATABASE_URL=DATABASE_URL, REDIS_URL=REDIS_URL, DJANGO_SETTINGS_MODULE="ouderbetrokkenheid.settings_test"
)

GROUPS = int(os.environ.get("BENCH_GROUPS", "200"))
PUPILS_PER_GROUP = int(os.environ.get("BENCH_PUPILS_PER_GROUP", "25"))
SIBLING_SHARE = 0.1  # a tenth of the pupils share their guardians with a pupil in another group
LANGUAGES = ["nl"] * 6 + ["ar", "tr", "pl", "uk", "en"]
LINES = ["goed geoefend met tafels", "oefent nog met lezen van lange woorden", "werkt netjes", "leest vlot"]


def build_school(today):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from messaging.models import Kind, LibraryEntry, LibraryText
    from ouderbetrokkenheid.school import models as m

    rng = random.Random(7)
    school = m.School.objects.create(board=m.SchoolBoard.objects.create(name="Bench"), brin="98PL00", name="Bench",
                                     region="midden")  # fmt: skip
    year = m.SchoolYear.objects.create(
        school=school, first_day=today - datetime.timedelta(days=60), last_day=today + datetime.timedelta(days=240)
    )
    user = get_user_model().objects.create_user(email="directie@bench.example.nl", password="geheim-wachtwoord-42")
    leader = m.Staff.objects.create(user=user, school=school, first_name="Dick", last_name="Graaf",
                                    is_leadership=True, is_teacher=False)  # fmt: skip
    groups = m.Group.objects.bulk_create(m.Group(school_year=year, name=f"{i % 8 + 1}-{i:03d}") for i in range(GROUPS))
    pupils = m.Pupil.objects.bulk_create(
        m.Pupil(school=school, external_id=str(100000 + i), first_name=f"Kind{i}", last_name="Bench",
                date_of_birth=datetime.date(2018, 1, 1))
        for i in range(GROUPS * PUPILS_PER_GROUP)
    )  # fmt: skip
    guardians = m.Guardian.objects.bulk_create(
        m.Guardian(school=school, external_id=str(500000 + i), last_name=f"Ouder{i}", email=f"o{i}@bench.example.nl",
                   language=rng.choice(LANGUAGES))
        for i in range(2 * len(pupils))
    )  # fmt: skip
    m.Enrollment.objects.bulk_create(
        m.Enrollment(pupil=p, group=group, year_level=int(group.name[0]), start_date=year.first_day)
        for i, p in enumerate(pupils)
        if (group := groups[i // PUPILS_PER_GROUP])
    )  # fmt: skip
    links = [m.GuardianOf(guardian=guardians[2 * i + k], pupil=p) for i, p in enumerate(pupils) for k in (0, 1)]
    for i in rng.sample(range(len(pupils)), int(SIBLING_SHARE * len(pupils))):
        sibling = (i + PUPILS_PER_GROUP * rng.randint(1, GROUPS - 1)) % len(pupils)  # in another group
        links += [m.GuardianOf(guardian=guardians[2 * sibling + k], pupil=pupils[i]) for k in (0, 1)]
    m.GuardianOf.objects.bulk_create(links, ignore_conflicts=True)
    now = timezone.now()
    for level in range(1, 9):
        for kind, nl, ar in (
            (Kind.TIP, "Tip: lees elke dag samen met {child}.", "نصيحة: اقرأ مع {child} كل يوم."),
            (Kind.ENCOURAGEMENT, "Goed bezig, {child}!", "أحسنت يا {child}!"),
            (Kind.PROGRESS, "Nieuws over {child}: {line}", "أخبار عن {child}: {line}"),
        ):
            entry = LibraryEntry.objects.create(school=school, kind=kind, year_level=level)
            LibraryText.objects.bulk_create(
                [
                    LibraryText(entry=entry, language="nl", text=nl),
                    LibraryText(entry=entry, language="ar", text=ar, approved_at=now),
                ]
            )
    return school, leader, groups, rng


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


FAR = datetime.timedelta(days=7000)  # the copies' week: clear of the weekly-cap constraint


def baseline(school, week, *, with_parts):
    """The outbox rows (and, `with_parts`, their parts) planned for `week`, bulk-created again
    with new keys in batches of 1,000 and rolled back; returns the seconds."""
    from django.db import transaction

    from messaging.models import Message, MessagePart

    fields = ["guardian_id", "purpose", "kind", "week", "day", "channel", "language", "subject", "text",
              "scheduled_at", "expires_at", "idempotency_key"]  # fmt: skip
    rows = list(Message.objects.filter(school=school, week=week).order_by("pk").values("pk", *fields))
    parts = list(MessagePart.objects.filter(message__school=school, message__week=week).values_list(
        "message_id", "pupil_id", "source", "text", "valid_until"))  # fmt: skip
    start = time.perf_counter()
    with transaction.atomic():
        made = {}
        for offset in range(0, len(rows), 1000):
            chunk = rows[offset : offset + 1000]
            copies = Message.objects.bulk_create(
                Message(school=school, **{**{f: r[f] for f in fields}, "week": r["week"] + FAR,
                        "idempotency_key": "copy:" + r["idempotency_key"]})
                for r in chunk
            )  # fmt: skip
            made.update(zip((r["pk"] for r in chunk), copies, strict=True))
        if with_parts:
            for offset in range(0, len(parts), 1000):
                MessagePart.objects.bulk_create(
                    MessagePart(message=made[m], pupil_id=p, source=s, text=t, valid_until=v)
                    for m, p, s, t, v in parts[offset : offset + 1000]
                )
        seconds = time.perf_counter() - start
        transaction.set_rollback(True)
    return seconds


def uptime():
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--compare", action="store_true", help="also approve with bulk_update (before bulk_set)")
    args = parser.parse_args()
    recreate_database(DATABASE_URL)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from messaging import services
    from messaging.models import Message, MessagePart
    from messaging.planning import week_plan_approve, week_plan_get_or_propose, week_plan_save
    from ouderbetrokkenheid.school.calendar import week_start
    from ouderbetrokkenheid.school.models import Enrollment, GuardianOf

    today = timezone.localdate()
    setup_seconds, (school, leader, groups, rng) = timed(lambda: build_school(today))
    links = GuardianOf.objects.filter(guardian__school=school).count()
    pupils_by_group = {}
    for group_id, pupil_id in Enrollment.objects.filter(group__in=groups).values_list("group_id", "pupil_id"):
        pupils_by_group.setdefault(group_id, []).append(pupil_id)
    weeks = iter(week_start(today) + datetime.timedelta(days=7 * n) for n in range(1, 40))

    def plans_for(week):
        plans = []
        for group in groups:
            proposal = week_plan_get_or_propose(group=group, week=week)
            lines = {pk: rng.choice(LINES) for pk in pupils_by_group[group.pk]}
            plans.append(week_plan_save(group=group, week=week, theme="Bench", tip=proposal.tip,
                                        encouragement=proposal.encouragement, progress=lines, by=leader))  # fmt: skip
        return plans

    def approve(week, *, bulk_update=False):
        plans = plans_for(week)
        counter = QueryCounter()
        bulk_set = services.bulk_set
        if bulk_update:
            services.bulk_set = lambda objs, fields: Message.objects.bulk_update(objs, fields)
        try:
            with connection.execute_wrapper(counter):
                seconds, results = timed(lambda: [week_plan_approve(plan=plan, by=leader) for plan in plans])
        finally:
            services.bulk_set = bulk_set
        parts = sum(r.parts for r in results)
        assert MessagePart.objects.filter(message__school=school, message__week=week).count() == parts
        return seconds, counter.count, parts, Message.objects.filter(school=school, week=week).count()

    approve(next(weeks))  # warm-up
    runs = {name: [] for name in ("approve", "same_rows", "messages_only", "approve_bulk_update")}
    for _ in range(repetitions()):
        week = next(weeks)
        seconds, queries, parts, messages = approve(week)
        runs["approve"].append(seconds)
        runs["same_rows"].append(baseline(school, week, with_parts=True))
        runs["messages_only"].append(baseline(school, week, with_parts=False))
        if args.compare:
            runs["approve_bulk_update"].append(approve(next(weeks), bulk_update=True)[0])
    load = uptime()
    print(
        f"school: {len(groups)} groups, {sum(map(len, pupils_by_group.values()))} pupils, {links} guardian links "
        f"(setup {setup_seconds:.1f} s); a week: {parts} parts in {messages} messages, {queries} queries"
    )
    rows = [
        ("approve every plan of a week", Spread.of(runs["approve"]), "s"),
        ("bulk insert of the same rows (messages + parts)", Spread.of(runs["same_rows"]), "s"),
        ("bulk insert of the messages only", Spread.of(runs["messages_only"]), "s"),
        ("ratio approve / same rows", ratios(runs["approve"], runs["same_rows"]), "x"),
        ("ratio approve / messages only", ratios(runs["approve"], runs["messages_only"]), "x"),
    ]
    if args.compare:
        rows += [
            ("approve with bulk_update (before)", Spread.of(runs["approve_bulk_update"]), "s"),
            ("ratio before / same rows", ratios(runs["approve_bulk_update"], runs["same_rows"]), "x"),
            ("ratio before / messages only", ratios(runs["approve_bulk_update"], runs["messages_only"]), "x"),
        ]
    report("Planning a week", rows)
    print(f"load after: {load}")
    result = {"messages": messages, "parts": parts, "queries": queries, "load": load,
              **{name: Spread.of(values).as_dict() for name, values in runs.items() if values}}  # fmt: skip
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "bench_planning.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
