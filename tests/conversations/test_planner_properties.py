"""The pure planner on a generated school: every assignment respects every rule."""

import datetime
import random
from types import SimpleNamespace

from conversations.planner import Conversation, Family, PlanPreference, PlanSlot, plan_assignments

UTC = datetime.UTC
BASE = datetime.datetime(2026, 11, 30, 14, 0, tzinfo=UTC)  # 15:00 Amsterdam
ROUND = SimpleNamespace(slot_minutes=15, family_gap_minutes=5, forms=["at_school"])
MIN = datetime.timedelta(minutes=1)


def school(seed=7, teachers=8, families=90):
    rng = random.Random(seed)
    slots, n = [], 0
    for staff in range(1, teachers + 1):
        for day in range(2):
            start = BASE + datetime.timedelta(days=day)
            times = [start + 15 * i * MIN for i in range(8)] + [start + 4 * 60 * MIN + 15 * i * MIN for i in range(4)]
            for moment in times:
                n += 1
                slots.append(PlanSlot(n, staff, moment, moment + 15 * MIN, protected=moment.hour >= 16))
    fams, prefs, guardian = [], {}, 1000
    for k in range(families):
        guardians = tuple(range(guardian, guardian + rng.choice([1, 2])))
        guardian += len(guardians)
        convs = [
            Conversation(10 * k + c, guardians, (rng.randint(1, teachers),)) for c in range(rng.choice([1, 1, 2, 3]))
        ]
        fams.append(Family(key=f"{k:03}", label=f"gezin {k}", conversations=convs))
        if rng.random() < 0.7:
            day = BASE + datetime.timedelta(days=rng.randint(0, 1))
            window = (day + rng.choice([0, 60, 240]) * MIN, day + rng.choice([120, 300]) * MIN)
            prefs[guardians[0]] = PlanPreference(windows=(tuple(sorted(window)),))
    return slots, fams, prefs


def test_every_assignment_respects_the_rules_and_every_conversation_is_accounted_for():
    slots, families, prefs = school()
    result = plan_assignments(round=ROUND, slots=slots, families=families, preferences=prefs)
    by_id = {s.id: s for s in slots}
    assert len({a.slot_id for a in result.assignments}) == len(result.assignments)
    busy = {}
    for a in result.assignments:
        slot = by_id[a.slot_id]
        for g in a.guardian_ids:
            assert not any(s < slot.ends_at and slot.starts_at < e for s, e in busy.get(g, [])), g
            busy.setdefault(g, []).append((slot.starts_at, slot.ends_at))
            if g in prefs:
                assert any(s <= slot.starts_at and slot.ends_at <= e for s, e in prefs[g].windows)
    split = {u.family for u in result.split}
    for family in families:
        mine = sorted(
            (by_id[a.slot_id] for a in result.assignments if a.family == family.key), key=lambda s: s.starts_at
        )
        if family.key not in split:
            for first, second in zip(mine, mine[1:], strict=False):
                assert 5 * MIN <= second.starts_at - first.ends_at < 20 * MIN, family.key
    placed = len(result.assignments)
    missing = sum(len(u.pupil_ids) for u in result.unplaced)
    assert placed + missing == sum(len(f.conversations) for f in families)
    assert all(u.reason for u in result.unplaced)


def test_the_planner_is_deterministic():
    slots, families, prefs = school(seed=3)
    one = plan_assignments(round=ROUND, slots=slots, families=families, preferences=prefs)
    two = plan_assignments(
        round=ROUND, slots=list(reversed(slots)), families=list(reversed(families)), preferences=prefs
    )
    assert one.assignments == two.assignments and one.unplaced == two.unplaced
