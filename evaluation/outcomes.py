"""Outcome measures per pupil, from data the app already holds.

``measure(key, school=…, pupil_ids=…, start=…, end=…, domain=…)`` returns {pupil id: value}
for the pupils of ``school`` among ``pupil_ids`` (one query picks those; ids of another
school's pupils are dropped). Query counts below are on top of that one. A pupil left out of the dict has no value
for that measure (e.g. no test result at one of the two moments, or no invitation to count a
share of): the analysis leaves them out and the app reports how many.

The window [start, end] is in Amsterdam calendar days, both included.

- ``test_growth``: growth in DLE (didactic age equivalent: months of schooling from groep 3,
  the scale of the development view and its chart) between two test moments. The first moment
  is the pupil's most recent result taken on or before ``start`` (at most a year before it),
  the second the most recent result after ``start`` up to ``end``. The level that counts is
  development.rules.effective_level (the school table's level, else the reported level, else
  the reported DLE); a level reported as "below"/"above" (<E3, E8+) counts as its bound.
  With ``domain`` one domain; without, the mean over the domains with both moments.
  One query.
- ``session_attendance``: of the information sessions (start in the window) the pupil's
  guardians were invited to for this pupil, the share at which one of them was present
  (ticked present, or registered as walk-in). One query.
- ``answers``: of the invitations for this pupil in the window, the share answered: session
  invitations (coming, not coming or maybe) and conversation rounds (invited in the window,
  for the pupil's year level) with a preference from one of the pupil's guardians or a
  booking for the pupil. At most five queries.
- ``bookings``: the number of confirmed, not cancelled conversations for the pupil with a
  slot in the window (0 when none). One query.
- ``reached``: 1 when the family counts as reached by the reach app's rule
  (reach.selectors.Family.reached: answered an invitation, attended a session or booked a
  conversation), applied to this pupil's invitations and bookings in the window; else 0.
  Two queries.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from conversations.models import Booking, BookingStatus, Preference, Round
from development.models import Domain, TestResult
from development.rules import effective_level
from meetings.models import Invitation, Response, WalkIn
from ouderbetrokkenheid.school.clock import AMSTERDAM
from ouderbetrokkenheid.school.models import Enrollment, Pupil

BASELINE_AT_MOST = datetime.timedelta(days=365)


@dataclass(frozen=True)
class Outcome:
    label: str
    level: str  # "pupil" (a value per child) — the unit the values are given for
    higher_is_better: bool
    unit: str  # what one step of the raw difference means (for the result page)


OUTCOMES: dict[str, Outcome] = {
    "test_growth": Outcome(_("Groei in toetsresultaten"), "pupil", True, _("maanden (DLE)")),
    "session_attendance": Outcome(_("Aanwezig bij bijeenkomsten"), "pupil", True, _("deel van de uitnodigingen")),
    "answers": Outcome(_("Uitnodigingen beantwoord"), "pupil", True, _("deel van de uitnodigingen")),
    "bookings": Outcome(_("Gesprekken geboekt"), "pupil", True, _("gesprekken")),
    "reached": Outcome(_("Gezin bereikt"), "pupil", True, _("deel van de gezinnen")),
}


def measure(
    key: str,
    *,
    school,
    pupil_ids: Iterable[int],
    start: datetime.date,
    end: datetime.date,
    domain: str | None = None,
) -> dict[int, float]:
    """The outcome ``key`` per pupil (see the module's docstring for each definition)."""
    if key not in OUTCOMES:
        raise ValueError(f"unknown outcome {key!r}")
    if end < start:
        raise ValueError("end before start")
    if domain is not None and domain not in Domain.values:
        raise ValueError(f"unknown domain {domain!r}")
    school_id = getattr(school, "pk", school)
    ids = sorted(set(pupil_ids))
    if ids:  # only the school's own pupils (one query)
        ids = list(Pupil.objects.filter(school_id=school_id, pk__in=ids).order_by("pk").values_list("pk", flat=True))
    if not ids:
        return {}
    return _MEASURES[key](school_id=school_id, pupil_ids=ids, start=start, end=end, domain=domain)


def _window(start, end):
    return (
        datetime.datetime.combine(start, datetime.time(), tzinfo=AMSTERDAM),
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time(), tzinfo=AMSTERDAM),
    )


# -- test growth ----------------------------------------------------------------------------------


def _test_growth(*, school_id, pupil_ids, start, end, domain):
    rows = TestResult.objects.filter(
        pupil_id__in=pupil_ids, pupil__school_id=school_id, taken_on__gt=start - BASELINE_AT_MOST, taken_on__lte=end
    )
    if domain is not None:
        rows = rows.filter(domain=domain)
    before: dict[tuple[int, str], tuple] = {}
    after: dict[tuple[int, str], tuple] = {}
    for pupil_id, dom, taken_on, reported, derived, dle in rows.order_by("taken_on", "pk").values_list(
        "pupil_id", "domain", "taken_on", "level_reported", "level_derived", "dle_reported"
    ):
        level, _source = effective_level(reported, derived, dle)
        if level is None:
            continue
        (before if taken_on <= start else after)[(pupil_id, dom)] = (taken_on, level.dle)  # the latest wins
    growth = defaultdict(list)
    for (pupil_id, dom), (_day, first) in before.items():
        if (pupil_id, dom) in after:
            growth[pupil_id].append(after[(pupil_id, dom)][1] - first)
    return {pupil_id: sum(values) / len(values) for pupil_id, values in growth.items()}


# -- sessions -------------------------------------------------------------------------------------


def _session_rows(pupil_ids, start, end):
    """(pupil id, session id, response, present) per invitation for a pupil to a session in the window."""
    through = Invitation.pupils.through
    walked_in = WalkIn.objects.filter(session_id=OuterRef("invitation__session_id"),
                                      guardian_id=OuterRef("invitation__guardian_id"))  # fmt: skip
    low, high = _window(start, end)
    return (
        through.objects.filter(
            pupil_id__in=pupil_ids, invitation__session__starts_at__gte=low, invitation__session__starts_at__lt=high
        )
        .annotate(walked_in=Exists(walked_in))
        .values_list("pupil_id", "invitation__session_id", "invitation__response", "invitation__attended", "walked_in")
    )


def _session_attendance(*, school_id, pupil_ids, start, end, domain):
    invited, present = defaultdict(set), defaultdict(set)
    rows = _session_rows(pupil_ids, start, end).filter(invitation__session__school_year__school_id=school_id)
    for pupil_id, session_id, _response, attended, walked_in in rows:
        invited[pupil_id].add(session_id)
        if attended or walked_in:
            present[pupil_id].add(session_id)
    return {pupil_id: len(present[pupil_id]) / len(sessions) for pupil_id, sessions in invited.items()}


# -- answers, bookings, reached -------------------------------------------------------------------


def _answers(*, school_id, pupil_ids, start, end, domain):
    invited, answered = defaultdict(set), defaultdict(set)
    rows = _session_rows(pupil_ids, start, end).filter(invitation__session__school_year__school_id=school_id)
    for pupil_id, session_id, response, _attended, _walked_in in rows:
        invited[pupil_id].add(("session", session_id))
        if response != Response.NONE:
            answered[pupil_id].add(("session", session_id))
    low, high = _window(start, end)
    rounds = list(
        Round.objects.filter(school_year__school_id=school_id, invited_at__gte=low, invited_at__lt=high).values_list(
            "pk", "school_year_id", "year_levels"
        )
    )
    if rounds:
        years = {year_id for _pk, year_id, _levels in rounds}
        levels = defaultdict(set)  # (pupil, school year) → year levels
        for pupil_id, year_id, level in Enrollment.objects.filter(
            pupil_id__in=pupil_ids, group__school_year_id__in=years
        ).values_list("pupil_id", "group__school_year_id", "year_level"):
            levels[(pupil_id, year_id)].add(level)
        round_ids = [pk for pk, _year, _levels in rounds]
        for pupil_id in pupil_ids:
            for pk, year_id, round_levels in rounds:
                if levels[(pupil_id, year_id)] & set(round_levels or ()):
                    invited[pupil_id].add(("round", pk))
        booked = Booking.objects.filter(round_id__in=round_ids, pupil_id__in=pupil_ids).values_list(
            "pupil_id", "round_id"
        )
        preferred = Preference.objects.filter(
            round_id__in=round_ids,
            guardian__children_links__pupil_id__in=pupil_ids,
            guardian__children_links__receives_information=True,
        ).values_list("guardian__children_links__pupil_id", "round_id")
        for pupil_id, round_id in [*booked, *preferred]:
            if ("round", round_id) in invited[pupil_id]:
                answered[pupil_id].add(("round", round_id))
    return {pupil_id: len(answered[pupil_id]) / len(items) for pupil_id, items in invited.items() if items}


def _confirmed_bookings(school_id, pupil_ids, start, end):
    low, high = _window(start, end)
    return Booking.objects.filter(
        pupil_id__in=pupil_ids,
        round__school_year__school_id=school_id,
        status=BookingStatus.CONFIRMED,
        slot__starts_at__gte=low,
        slot__starts_at__lt=high,
    )


def _bookings(*, school_id, pupil_ids, start, end, domain):
    counts = dict.fromkeys(pupil_ids, 0.0)
    for pupil_id in _confirmed_bookings(school_id, pupil_ids, start, end).values_list("pupil_id", flat=True):
        counts[pupil_id] += 1
    return counts


def _reached(*, school_id, pupil_ids, start, end, domain):
    reached = set(_confirmed_bookings(school_id, pupil_ids, start, end).values_list("pupil_id", flat=True))
    rows = _session_rows(pupil_ids, start, end).filter(invitation__session__school_year__school_id=school_id)
    for pupil_id, _session_id, response, attended, walked_in in rows:
        if response != Response.NONE or attended or walked_in:
            reached.add(pupil_id)
    return {pupil_id: float(pupil_id in reached) for pupil_id in pupil_ids}


_MEASURES = {
    "test_growth": _test_growth,
    "session_attendance": _session_attendance,
    "answers": _answers,
    "bookings": _bookings,
    "reached": _reached,
}
