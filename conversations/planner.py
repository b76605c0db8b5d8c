"""The fair planner: assigns the round's free slots to whole families at once.

`plan_assignments` is a pure function over plain values (fast, testable without a database);
`plan_round` loads a round into those values, `plan_apply` writes the result as PROPOSED bookings,
one all-or-nothing call per family.

Rules, in order of priority:
- a family's conversations are back-to-back (each starts `family_gap_minutes` after the previous
  one ends, give or take less than one slot), with one teacher or several;
- a guardian's preference windows are honoured; families with preferences go first, the tightest
  windows first; families without preferences get what remains;
- protected evening slots go, in the first pass, only to families whose windows all lie in the
  evening (working parents); in the last pass to anyone;
- separated parents get one joint conversation per child, or, if either chose so, one each;
- if back-to-back is impossible, the family's conversations are placed apart (reported as split);
- every family (or child) that cannot be placed is reported with the reason.
"""

import bisect
import datetime
import itertools
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from ouderbetrokkenheid.school.models import Group, Guardian, Pupil, Staff

from . import invitations
from .booking import BookingItem, BookingRefused, bookings_create
from .models import ACTIVE, Booking, BookingGuardian, BookingStatus, Preference, Slot, closed_by_absence
from .preferences import parse_windows
from .rounds import round_audience
from .slots import is_evening


@dataclass(frozen=True)
class PlanSlot:
    id: int
    staff_id: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    protected: bool = False


@dataclass(frozen=True)
class Conversation:
    pupil_id: int
    guardian_ids: tuple
    teacher_ids: tuple


@dataclass
class Family:
    key: str
    label: str
    conversations: list


@dataclass(frozen=True)
class PlanPreference:
    windows: tuple = ()  # ((start, end), ...) aware datetimes
    joint: bool = True
    form: str = ""


@dataclass(frozen=True)
class Assignment:
    family: str
    slot_id: int
    pupil_id: int
    guardian_ids: tuple
    form: str


@dataclass(frozen=True)
class Unplaced:
    family: str
    label: str
    pupil_ids: tuple
    reason: str

    def __iter__(self):  # (family, reason), as the view and tests unpack it
        return iter((self.label, self.reason))


@dataclass
class PlanResult:
    assignments: list = field(default_factory=list)
    unplaced: list = field(default_factory=list)
    split: list = field(default_factory=list)  # families placed, but not back-to-back


@dataclass
class _Unit:
    """Conversations of one family linked by a shared guardian: placed as one chain."""

    family: Family
    conversations: list
    windows: dict  # guardian id -> windows (only guardians who gave preferences)

    @property
    def has_preferences(self):
        return bool(self.windows)

    @property
    def evening_only(self):
        return self.has_preferences and all(is_evening(s) for ws in self.windows.values() for s, _e in ws)


class _Board:
    """The slots, which are taken, and fast lookups per teacher."""

    def __init__(self, slots, busy):
        self.by_staff = defaultdict(list)
        for slot in sorted(slots, key=lambda s: (s.starts_at, s.staff_id, s.id)):
            self.by_staff[slot.staff_id].append(slot)
        self.starts = {staff: [s.starts_at for s in ss] for staff, ss in self.by_staff.items()}
        self.taken = set()
        self._of = {}
        self.busy = defaultdict(list, {g: list(v) for g, v in (busy or {}).items()})

    def free_for(self, guardian_ids, slot):
        return slot.id not in self.taken and not any(
            s < slot.ends_at and slot.starts_at < e for g in guardian_ids for s, e in self.busy[g]
        )

    def take(self, slot, guardian_ids):
        self.taken.add(slot.id)
        for g in guardian_ids:
            self.busy[g].append((slot.starts_at, slot.ends_at))

    def release(self, slot, guardian_ids):
        self.taken.discard(slot.id)
        for g in guardian_ids:
            self.busy[g].remove((slot.starts_at, slot.ends_at))

    def of(self, staff_ids):
        """All slots of these teachers, taken or not, by start time (cached: the slots never change)."""
        if staff_ids not in self._of:
            slots = (s for staff in staff_ids for s in self.by_staff.get(staff, []))
            self._of[staff_ids] = sorted(slots, key=lambda s: (s.starts_at, s.staff_id))
        return self._of[staff_ids]

    def between(self, staff_ids, earliest, latest):
        """Slots of these teachers starting in [earliest, latest), by start time."""
        found = []
        for staff in staff_ids:
            starts, slots = self.starts.get(staff, []), self.by_staff.get(staff, [])
            i = bisect.bisect_left(starts, earliest)
            while i < len(slots) and starts[i] < latest:
                found.append(slots[i])
                i += 1
        return sorted(found, key=lambda s: (s.starts_at, s.staff_id))


def _fits(slot, conversation, unit):
    for g in conversation.guardian_ids:
        windows = unit.windows.get(g)
        if windows and not any(s <= slot.starts_at and slot.ends_at <= e for s, e in windows):
            return False
    return True


class _Planner:
    def __init__(self, *, round, slots, busy, names):
        self.board = _Board(slots, busy)
        self.gap = datetime.timedelta(minutes=round.family_gap_minutes)
        self.length = datetime.timedelta(minutes=round.slot_minutes)
        self.forms = list(round.forms or ["at_school"])
        self.names = names or {}

    def usable(self, slot, conversation, unit, protected_ok):
        return (
            (protected_ok or not slot.protected)
            and _fits(slot, conversation, unit)
            and self.board.free_for(conversation.guardian_ids, slot)
        )

    def candidates(self, conversation, unit, protected_ok):
        slots = self.board.of(conversation.teacher_ids)
        return [s for s in slots if self.usable(s, conversation, unit, protected_ok)]

    def chain(self, unit, protected_ok):
        """The earliest back-to-back chain for the unit's conversations, in any order (up to 4)."""
        convs = unit.conversations
        orders = list(itertools.permutations(convs)) if len(convs) <= 4 else [tuple(convs)]
        best = None
        for order in orders:
            found = self._chain_in_order(order, unit, protected_ok)
            if found and (best is None or found[0][1].starts_at < best[0][1].starts_at):
                best = found
        return best

    def _chain_in_order(self, order, unit, protected_ok):
        first, rest = order[0], order[1:]
        for start in self.candidates(first, unit, protected_ok):
            chain = [(first, start)]
            for conversation in rest:
                earliest = chain[-1][1].ends_at + self.gap
                nxt = next(
                    (
                        s
                        for s in self.board.between(conversation.teacher_ids, earliest, earliest + self.length)
                        if self.usable(s, conversation, unit, protected_ok)
                    ),
                    None,
                )
                if nxt is None:
                    break
                chain.append((conversation, nxt))
            if len(chain) == len(order):
                return chain
        return None

    def apart(self, unit, protected_ok):
        """Place the unit's conversations one by one (not back-to-back); returns (placed, missing)."""
        placed, missing = [], []
        for conversation in unit.conversations:
            options = self.candidates(conversation, unit, protected_ok)
            if options:
                self.board.take(options[0], conversation.guardian_ids)
                placed.append((conversation, options[0]))
            else:
                missing.append(conversation)
        return placed, missing

    def reason(self, conversation, unit):
        if not conversation.teacher_ids:
            return _("geen leerkracht gekoppeld aan de groep")
        teachers = ", ".join(self.names.get(t, str(t)) for t in conversation.teacher_ids)
        slots = self.board.of(conversation.teacher_ids)
        if not slots:
            return _("geen gespreksplekken bij leerkracht %(teacher)s") % {"teacher": teachers}
        fitting = [s for s in slots if _fits(s, conversation, unit)]
        if not fitting:
            return _("geen tijd binnen de opgegeven voorkeuren")
        if all(s.id in self.board.taken for s in slots):
            return _("te weinig plekken bij leerkracht %(teacher)s") % {"teacher": teachers}
        return _("de plekken binnen de opgegeven voorkeuren bij leerkracht %(teacher)s zijn al vergeven") % {
            "teacher": teachers
        }

    def form_for(self, conversation, preferences):
        for g in conversation.guardian_ids:
            chosen = preferences.get(g)
            if chosen and chosen.form in self.forms:
                return chosen.form
        return self.forms[0]


def _units(family, preferences):
    """Split a family's conversations into chains: conversations sharing a guardian belong together."""
    parent = list(range(len(family.conversations)))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with = {}
    for i, conversation in enumerate(family.conversations):
        for g in conversation.guardian_ids:
            if g in first_with:
                parent[root(i)] = root(first_with[g])
            first_with.setdefault(g, i)
    groups = defaultdict(list)
    for i, conversation in enumerate(family.conversations):
        groups[root(i)].append(conversation)
    units = []
    for convs in groups.values():
        guardians = {g for c in convs for g in c.guardian_ids}
        windows = {g: tuple(preferences[g].windows) for g in sorted(guardians) if g in preferences}
        windows = {g: w for g, w in windows.items() if w}
        convs.sort(key=lambda c: (c.teacher_ids, c.pupil_id, c.guardian_ids))
        units.append(_Unit(family=family, conversations=convs, windows=windows))
    return units


def plan_assignments(*, round, slots, families, preferences, busy=None, names=None) -> PlanResult:
    """Assign free `slots` (PlanSlot) to `families` (Family) honouring `preferences`
    ({guardian id: PlanPreference}); `busy` ({guardian id: [(start, end)]}) are existing conversations;
    `names` ({staff id: name}) are used in the reasons. Deterministic for equal input."""
    planner = _Planner(round=round, slots=slots, busy=busy, names=names)
    units = [u for family in sorted(families, key=lambda f: f.key) for u in _units(family, preferences)]
    tightness = {id(u): min(len(planner.candidates(c, u, u.evening_only)) for c in u.conversations) for u in units}
    first = sorted(
        (u for u in units if u.has_preferences), key=lambda u: (tightness[id(u)], -len(u.conversations), u.family.key)
    )
    second = sorted((u for u in units if not u.has_preferences), key=lambda u: (-len(u.conversations), u.family.key))
    result, placed, left = PlanResult(), {}, []
    for unit in first + second:
        chain = planner.chain(unit, protected_ok=unit.evening_only)
        if chain:
            _take(planner, placed, unit, chain)
        else:
            left.append(unit)
    for unit in left:
        chain = planner.chain(unit, protected_ok=True)
        if chain:
            _take(planner, placed, unit, chain)
            continue
        done, missing = planner.apart(unit, protected_ok=True)
        _remember(placed, unit, done)
        if done and len(unit.conversations) > 1:
            result.split.append(
                Unplaced(
                    unit.family.key,
                    unit.family.label,
                    tuple(c.pupil_id for c, _s in done),
                    _("de gesprekken konden niet aansluitend worden ingepland"),
                )
            )
        for conversation in missing:
            result.unplaced.append(
                Unplaced(
                    unit.family.key, unit.family.label, (conversation.pupil_id,), planner.reason(conversation, unit)
                )
            )
    for (unit_family, conversation), slot in sorted(placed.items(), key=lambda kv: (kv[1].starts_at, kv[1].staff_id)):
        result.assignments.append(
            Assignment(
                unit_family,
                slot.id,
                conversation.pupil_id,
                conversation.guardian_ids,
                planner.form_for(conversation, preferences),
            )
        )
    return result


def _take(planner, placed, unit, chain):
    for conversation, slot in chain:
        planner.board.take(slot, conversation.guardian_ids)
    _remember(placed, unit, chain)


def _remember(placed, unit, chain):
    for conversation, slot in chain:
        placed[(unit.family.key, conversation)] = slot


# -- the round, loaded and written ------------------------------------------------------------------


def _load_preferences(round):
    return {
        p.guardian_id: PlanPreference(windows=tuple(parse_windows(p.windows)), joint=p.joint, form=p.form)
        for p in Preference.objects.filter(round=round)
    }


def _families(audience, preferences, teachers, booked):
    """Families: guardians and children linked through GuardianOf (one component each)."""
    parent = {}

    def root(key):
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for invitee in audience:
        for guardian in invitee.guardians:
            parent[root(("g", guardian.pk))] = root(("p", invitee.pupil.pk))
    members = defaultdict(list)
    for invitee in audience:
        members[root(("p", invitee.pupil.pk))].append(invitee)
    families = []
    for invitees in members.values():
        conversations = [c for i in invitees for c in _conversations(i, preferences, teachers, booked)]
        if conversations:
            key = "-".join(str(i.pupil.pk) for i in invitees)
            label = ", ".join(f"{i.pupil.full_name} ({i.group})" for i in invitees)
            families.append(Family(key=key, label=label, conversations=conversations))
    return families


def _conversations(invitee, preferences, teachers, booked):
    guardians = [g.pk for g in invitee.guardians if (invitee.pupil.pk, g.pk) not in booked]
    staff = tuple(sorted(teachers.get(invitee.group.pk, ())))
    separate = invitee.separated and any(g in preferences and not preferences[g].joint for g in guardians)
    if separate:
        return [Conversation(invitee.pupil.pk, (g,), staff) for g in guardians]
    return [Conversation(invitee.pupil.pk, tuple(guardians), staff)] if guardians else []


def plan_round(*, round) -> PlanResult:
    """Plan the round's free slots for every family in its audience not yet booked. Seven queries."""
    audience = round_audience(round=round)
    guardian_ids = {g.pk for i in audience for g in i.guardians}
    links = BookingGuardian.objects.filter(guardian_id__in=guardian_ids, active=True)
    booked = set(links.filter(round=round).values_list("pupil_id", "guardian_id"))
    busy = defaultdict(list)
    for guardian_id, starts_at, ends_at in links.values_list("guardian_id", "starts_at", "ends_at"):
        busy[guardian_id].append((starts_at, ends_at))
    through = Group.teachers.through.objects.filter(group_id__in={i.group.pk for i in audience})
    teachers = defaultdict(set)
    for group_id, staff_id in through.values_list("group_id", "staff_id"):
        teachers[group_id].add(staff_id)
    taken = Booking.objects.filter(ACTIVE, slot=OuterRef("pk"))
    slots = (
        Slot.objects.filter(round=round, starts_at__gt=timezone.now())
        .exclude(Exists(taken))
        .exclude(closed_by_absence())
    )
    if round.needs_second_staff:
        slots = slots.filter(second_staff__isnull=False)
    plan_slots = [PlanSlot(*row) for row in slots.values_list("pk", "staff_id", "starts_at", "ends_at", "protected")]
    staff_ids = {t for ts in teachers.values() for t in ts}
    names = {s.pk: s.full_name for s in Staff.objects.filter(pk__in=staff_ids)}
    preferences = _load_preferences(round)
    families = _families(audience, preferences, teachers, booked)
    result = plan_assignments(
        round=round, slots=plan_slots, families=families, preferences=preferences, busy=busy, names=names
    )
    for invitee in audience:
        if not invitee.guardians:
            label = f"{invitee.pupil.full_name} ({invitee.group})"
            reason = _("geen ouder/verzorger om uit te nodigen")
            result.unplaced.append(Unplaced(str(invitee.pupil.pk), label, (invitee.pupil.pk,), reason))
    return result


@dataclass
class ApplyResult:
    bookings: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # [(family label, Dutch message)]


def plan_apply(*, round, result, by_staff=None, base_url=None) -> ApplyResult:
    """Write the plan as PROPOSED bookings: one all-or-nothing `bookings_create` per family, and the
    family is told its proposed times once; a family the booking service refuses (someone booked
    meanwhile) is reported, the others go ahead."""

    slots = Slot.objects.in_bulk({a.slot_id for a in result.assignments})
    pupils = Pupil.objects.in_bulk({a.pupil_id for a in result.assignments})
    guardians = Guardian.objects.in_bulk({g for a in result.assignments for g in a.guardian_ids})
    labels = {u.family: u.label for u in result.unplaced + result.split}
    topics = dict(Preference.objects.filter(round=round).exclude(topics="").values_list("guardian_id", "topics"))
    outcome = ApplyResult()
    for family, assignments in itertools.groupby(
        sorted(result.assignments, key=lambda a: a.family), lambda a: a.family
    ):
        items = [
            BookingItem(slot=slots[a.slot_id], pupil=pupils[a.pupil_id],
                        guardians=[guardians[g] for g in a.guardian_ids], form=a.form)
            for a in assignments
        ]  # fmt: skip
        try:
            with transaction.atomic():
                made = bookings_create(round=round, items=items, status=BookingStatus.PROPOSED, by_staff=by_staff)
                _topics_copy(made, items, topics)
                invitations.proposals_notice(bookings=made, base_url=base_url)
            outcome.bookings += made
        except BookingRefused as refusal:
            label = labels.get(family) or ", ".join(i.pupil.full_name for i in items)
            outcome.refused.append((label, str(refusal)))
    return outcome


def _topics_copy(bookings, items, topics):
    """What the parents asked to discuss (their preference) goes with the proposed booking."""
    for booking, item in zip(bookings, items, strict=True):
        text = "\n".join(dict.fromkeys(topics[g.pk] for g in item.guardians if g.pk in topics))
        if text and not booking.topics:
            booking.topics = text
            booking.save(update_fields=["topics"])


@dataclass(frozen=True)
class PlanRow:
    slot: object
    pupil: object
    guardians: list
    form: str


def plan_rows(result) -> list[PlanRow]:
    """The proposal as rows for a page: three queries."""
    slots = Slot.objects.select_related("staff").in_bulk({a.slot_id for a in result.assignments})
    pupils = Pupil.objects.in_bulk({a.pupil_id for a in result.assignments})
    guardians = Guardian.objects.in_bulk({g for a in result.assignments for g in a.guardian_ids})
    return [
        PlanRow(slots[a.slot_id], pupils[a.pupil_id], [guardians[g] for g in a.guardian_ids], a.form)
        for a in result.assignments
    ]
