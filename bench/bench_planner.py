"""Timing of the fair planner on a 1,000-pupil school: 40 groups (a fifth with duo teachers),
~30 % of the pupils with a sibling in another group, ~10 % of the families with separated
parents (half of them asking for separate conversations), preferences from ~70 % of the families.

Measured in the same run and database:
- baseline: loading the same rows the planner reads (audience, guardian links, slots, preferences,
  teachers), nothing more;
- `plan_round` (load + plan);
after a warm-up of both, interleaved in each of `repetitions()` rounds; min/median/max of each and
of the paired ratio. Then `plan_apply` once: PROPOSED bookings through `bookings_create`, one
transaction per family.

    DATABASE_URL=postgres://…/scratch REDIS_URL=redis://…/n .venv/bin/python bench/bench_planner.py

DATABASE_URL (dropped and recreated!) and REDIS_URL from the environment (bench.support).
"""

import datetime
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

GROUPS, PUPILS_PER_GROUP, DAYS = 40, 25, 3


def timed(work):
    start = time.perf_counter()
    value = work()
    return time.perf_counter() - start, value


def build_school(rng, today):
    from django.contrib.auth import get_user_model

    from ouderbetrokkenheid.school import models as m

    users = get_user_model().objects
    school = m.School.objects.create(
        board=m.SchoolBoard.objects.create(name="Bench"), brin="97PL00", name="Bench", region="midden"
    )
    year = m.SchoolYear.objects.create(
        school=school, first_day=today - datetime.timedelta(days=60), last_day=today + datetime.timedelta(days=240)
    )
    leader = m.Staff.objects.create(
        user=users.create_user(email="directie@bench.example.nl"),
        school=school,
        first_name="Dick",
        last_name="Graaf",
        is_leadership=True,
    )
    groups = m.Group.objects.bulk_create(
        m.Group(school_year=year, name=f"{i % 8 + 1}{chr(65 + i // 8)}") for i in range(GROUPS)
    )
    teachers = []
    for i, group in enumerate(groups):
        for duo in range(2 if i % 5 == 0 else 1):
            staff = m.Staff.objects.create(
                user=users.create_user(email=f"lk{i}-{duo}@bench.example.nl"),
                school=school,
                first_name=f"Lk{i}",
                last_name=f"Duo{duo}",
                is_teacher=True,
            )
            group.teachers.add(staff)
            teachers.append((group, staff, duo))
    pupils = m.Pupil.objects.bulk_create(
        m.Pupil(
            school=school,
            external_id=str(100000 + i),
            first_name=f"Kind{i}",
            last_name="Bench",
            date_of_birth=datetime.date(2017, 1, 1),
        )
        for i in range(GROUPS * PUPILS_PER_GROUP)
    )
    seats = [g for g in groups for _ in range(PUPILS_PER_GROUP)]
    rng.shuffle(seats)
    m.Enrollment.objects.bulk_create(
        m.Enrollment(pupil=p, group=g, year_level=int(g.name[0]), start_date=year.first_day)
        for p, g in zip(pupils, seats, strict=True)
    )
    return school, year, leader, teachers, pupils


def build_families(rng, school, pupils):
    from ouderbetrokkenheid.school import models as m

    families, i = [], 0
    while i < len(pupils):
        size = rng.choices([1, 2, 3], weights=[82, 14, 4])[0]
        families.append(pupils[i : i + size])
        i += size
    guardians, links, separated = [], [], set()
    for n in range(len(families)):
        apart = rng.random() < 0.10
        count = 2 if apart or rng.random() < 0.7 else 1
        parents = [m.Guardian(school=school, external_id=f"{n}-{k}", last_name=f"Ouder{n}") for k in range(count)]
        guardians.append(parents)
        if apart:
            separated.add(n)
    m.Guardian.objects.bulk_create([g for parents in guardians for g in parents])
    for n, (children, parents) in enumerate(zip(families, guardians, strict=True)):
        links += [
            m.GuardianOf(guardian=g, pupil=p, invite_separately=n in separated) for g in parents for p in children
        ]
    m.GuardianOf.objects.bulk_create(links)
    return families, guardians, separated


def build_round(rng, year, today, teachers, guardians, separated):
    from conversations.models import Preference
    from conversations.rounds import round_create
    from conversations.slots import availability_add, slots_generate
    from ouderbetrokkenheid.school.clock import at_local

    days = [today + datetime.timedelta(days=14 + d) for d in range(DAYS)]
    round = round_create(
        school_year=year,
        kind="development_1",
        title="Bench",
        year_levels=list(range(1, 9)),
        first_day=days[0],
        last_day=days[-1],
        family_gap_minutes=5,
    )
    for _group, staff, duo in teachers:
        for d, day in enumerate(days):
            if duo and d == 0:  # the duo partner works the other days
                continue
            availability_add(
                round=round,
                staff=staff,
                starts_at=at_local(day, datetime.time(15)),
                ends_at=at_local(day, datetime.time(17)),
                room="lokaal",
            )
            availability_add(
                round=round,
                staff=staff,
                starts_at=at_local(day, datetime.time(19)),
                ends_at=at_local(day, datetime.time(20, 30)),
                protect_for_working_parents=True,
            )
    generate_seconds, _changes = timed(lambda: slots_generate(round=round))
    hours = [15, 16, 19, 20]
    preferences = []
    for n, parents in enumerate(guardians):
        if rng.random() >= 0.7:
            continue
        evening = rng.random() < 0.2
        choices = [(day, h) for day in days for h in hours if (h >= 19) == evening or not evening]
        picked = rng.sample(choices, k=min(len(choices), rng.randint(2, 5)))
        windows = [window(day, h) for day, h in sorted(picked)]
        joint = not (n in separated and rng.random() < 0.5)
        preferences += [Preference(round=round, guardian=g, windows=windows, joint=joint) for g in parents]
    Preference.objects.bulk_create(preferences)
    return round, generate_seconds


def window(day, hour):
    from ouderbetrokkenheid.school.clock import at_local

    start = at_local(day, datetime.time(hour))
    return {"start": start.isoformat(), "end": (start + datetime.timedelta(hours=1)).isoformat()}


def baseline(round):
    """Load the rows the planner reads, nothing more."""
    from conversations.models import BookingGuardian, Preference, Slot
    from conversations.rounds import round_audience
    from ouderbetrokkenheid.school.models import Group

    audience = round_audience(round=round)
    ids = {g.pk for i in audience for g in i.guardians}
    list(
        BookingGuardian.objects.filter(guardian_id__in=ids, active=True).values_list(
            "guardian_id", "starts_at", "ends_at"
        )
    )
    list(
        Group.teachers.through.objects.filter(group_id__in={i.group.pk for i in audience}).values_list(
            "group_id", "staff_id"
        )
    )
    list(Slot.objects.filter(round=round).values_list("pk", "staff_id", "starts_at", "ends_at", "protected"))
    list(Preference.objects.filter(round=round).values_list("guardian_id", "windows", "joint", "form"))
    return len(audience)


def main():
    import django

    recreate_database(DATABASE_URL)
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from conversations.models import Booking, Slot
    from conversations.planner import plan_apply, plan_round

    call_command("migrate", verbosity=0)
    rng = random.Random(11)
    today = timezone.localdate()
    setup, (school, year, leader, teachers, pupils) = timed(lambda: build_school(rng, today))
    _s, (families, guardians, separated) = timed(lambda: build_families(rng, school, pupils))
    _s, (round, generate_seconds) = timed(lambda: build_round(rng, year, today, teachers, guardians, separated))
    siblings = sum(len(f) for f in families if len(f) > 1)
    slot_count = Slot.objects.filter(round=round).count()
    print(
        f"school: {len(pupils)} pupils in {GROUPS} groups, {len(teachers)} teachers, {len(families)} families "
        f"({siblings} pupils with a sibling, {len(separated)} separated), {slot_count} slots"
    )
    print(f"slots_generate: {generate_seconds * 1000:.0f} ms")
    baseline(round)  # warm up both (connections, caches, imports)
    result = plan_round(round=round)
    base, plan = [], []
    for _ in range(repetitions()):
        connection.queries_log.clear()
        base.append(timed(lambda: baseline(round))[0] * 1000)
        seconds, result = timed(lambda: plan_round(round=round))
        plan.append(seconds * 1000)
    print(f"load average {os.getloadavg()[0]:.2f}")
    report("planning a round", [("baseline (load the same rows)", Spread.of(base), "ms"),
                                ("plan_round", Spread.of(plan), "ms"),
                                ("plan_round / baseline", ratios(plan, base), "x")])  # fmt: skip
    conversations = len(result.assignments) + sum(len(u.pupil_ids) for u in result.unplaced)
    print(
        f"  {len(result.assignments)} of {conversations} conversations placed, {len(result.unplaced)} unplaced, "
        f"{len(result.split)} families split"
    )
    reasons = {}
    for item in result.unplaced:
        key = item.reason.split(" bij leerkracht")[0]
        reasons[key] = reasons.get(key, 0) + 1
    for reason, count in sorted(reasons.items(), key=lambda kv: -kv[1]):
        print(f"    {count:4d} × {reason}")
    apply_seconds, outcome = timed(lambda: plan_apply(round=round, result=result, by_staff=leader))
    print(
        f"plan_apply: {apply_seconds:.1f} s for {len(outcome.bookings)} bookings "
        f"({len(outcome.refused)} families refused); {Booking.objects.filter(round=round).count()} in the database"
    )


if __name__ == "__main__":
    main()
