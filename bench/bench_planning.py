"""Timing of planning a week for a whole school: ~5,000 pupils, 10,000 guardians, 200 groups.

Every group's week plan is saved (a progress line for every pupil, the library's tip and
encouragement) and approved, which writes every part through `message_part_add`: one part
per pupil, kind and guardian; siblings' parts merge into one message per guardian and kind.

Baseline, in the same run and database: the same number of outbox rows written the cheapest
way PostgreSQL allows from Django, `Message.objects.bulk_create` in batches of 1,000 (rolled
back afterwards). It is the floor for "this many rows into this table with these indexes and
constraints"; the ratio to it is the price of what planning adds: rendering per language,
consent, merging siblings, the row locks that keep the weekly cap under concurrent planners.
(A trivial view round-trip, as in bench_import.py, measures something else: request overhead.)

    .venv/bin/python bench/bench_planning.py

Environment: BENCH_PLAN_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/ob_bench_plan),
BENCH_GROUPS (default 200), BENCH_PUPILS_PER_GROUP (default 25).
"""

import datetime
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.scratch import recreate_database  # noqa: E402

DATABASE_URL = os.environ.get("BENCH_PLAN_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ob_bench_plan")
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ["DJANGO_SETTINGS_MODULE"] = "ouderbetrokkenheid.settings_test"

GROUPS = int(os.environ.get("BENCH_GROUPS", "200"))
PUPILS_PER_GROUP = int(os.environ.get("BENCH_PUPILS_PER_GROUP", "25"))
REAPPROVE_SAMPLE = 20  # re-approving costs what approving does; a sample shows it
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


def baseline(school, rows):
    """`rows` bare outbox rows by bulk_create in batches of 1,000, rolled back."""
    from django.db import transaction
    from django.utils import timezone

    from messaging.models import Message
    from ouderbetrokkenheid.school.models import Guardian

    guardians = list(Guardian.objects.filter(school=school).values_list("pk", flat=True))
    now = timezone.now()
    start = time.perf_counter()
    with transaction.atomic():
        for offset in range(0, rows, 1000):
            Message.objects.bulk_create(
                Message(school=school, guardian_id=guardians[i % len(guardians)], purpose="notice", day=now.date(),
                        channel="email", text="x" * 60, scheduled_at=now, idempotency_key=f"bench:{i}")
                for i in range(offset, min(rows, offset + 1000))
            )  # fmt: skip
        seconds = time.perf_counter() - start
        transaction.set_rollback(True)
    return seconds


def main():
    recreate_database(DATABASE_URL)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from messaging.models import Message, MessagePart, week_start
    from messaging.planning import week_plan_approve, week_plan_get_or_propose, week_plan_save
    from ouderbetrokkenheid.school.models import Enrollment, GuardianOf

    today = timezone.localdate()
    week = week_start(today) + datetime.timedelta(days=7)
    setup_seconds, (school, leader, groups, rng) = timed(lambda: build_school(today))
    links = GuardianOf.objects.filter(guardian__school=school).count()
    pupils_by_group = {}
    for group_id, pupil_id in Enrollment.objects.filter(group__in=groups).values_list("group_id", "pupil_id"):
        pupils_by_group.setdefault(group_id, []).append(pupil_id)

    def save_all():
        plans = []
        for group in groups:
            proposal = week_plan_get_or_propose(group=group, week=week)
            lines = {pk: rng.choice(LINES) for pk in pupils_by_group[group.pk]}
            plans.append(week_plan_save(group=group, week=week, theme="Bench", tip=proposal.tip,
                                        encouragement=proposal.encouragement, progress=lines, by=leader))  # fmt: skip
        return plans

    def approve_all(plans):
        return [week_plan_approve(plan=plan, by=leader) for plan in plans]

    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        save_seconds, plans = timed(save_all)
        save_queries = counter.count
        approve_seconds, results = timed(lambda: approve_all(plans))
        approve_queries = counter.count - save_queries
        again_seconds, again = timed(lambda: approve_all(plans[:REAPPROVE_SAMPLE]))
    parts = sum(r.parts for r in results)
    messages = Message.objects.filter(school=school, purpose="engagement", week=week).count()
    guardians = Message.objects.filter(school=school, week=week).values("guardian").distinct().count()
    assert MessagePart.objects.filter(message__school=school).count() == parts, "re-approval duplicated parts"
    baseline_seconds = baseline(school, messages)

    print(f"school: {len(groups)} groups, {sum(map(len, pupils_by_group.values()))} pupils, "
          f"{guardians} guardians with messages, {links} guardian links (setup {setup_seconds:.1f} s)")  # fmt: skip
    print(f"week {week:%G-W%V}: {parts} parts in {messages} messages (siblings merged, one per guardian and kind)")
    print(f"{'step':<58} {'s':>8} {'per s':>10} {'queries':>9}")
    rows = [
        (f"save {len(groups)} week plans (a line for every pupil)", save_seconds, len(groups), save_queries),
        ("approve all plans: parts via message_parts_add", approve_seconds, parts, approve_queries),
        (
            f"approve {len(again)} plans again (replaces, no duplicates)",
            again_seconds,
            sum(r.parts for r in again),
            None,
        ),
        (f"baseline: bulk_create {messages} bare outbox rows", baseline_seconds, messages, None),
    ]
    for name, seconds, items, queries in rows:
        print(f"{name:<58} {seconds:>8.2f} {items / seconds:>10.0f} {queries if queries is not None else '':>9}")
    print(f"messages/s when planning: {messages / approve_seconds:.0f}; "
          f"planning costs {approve_seconds / baseline_seconds:.0f}x the bare insert of the same rows")  # fmt: skip


if __name__ == "__main__":
    main()
