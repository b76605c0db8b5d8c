"""Demo development data for the demo school (school/demo.py builds the school; run after it).

    python manage.py demo_development

Gives the pupils now in groep 4–8 of "Basisschool De Regenboog" test results in the four domains
at every M and E moment since groep 3, on this app's own fictional score scale (no publisher's
norms). Most pupils are roughly on course; a few are special, so the view shows its cases:

- a pupil who repeated groep 4 (results of groep 4 in two school years),
- a lateral entrant (results only from entry, starting low and catching up),
- a pupil who meets the PrO delay criterion (delay ≥ 0.5 in maths and spelling),
- a pupil above E8 (">E8" in groep 8),
plus exit perspectives for them and one publication to a guardian of the demo parent's child.

Seeded and idempotent: running it twice (on the same day) adds nothing.
"""

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ouderbetrokkenheid.school.calendar import start_year_of
from ouderbetrokkenheid.school.models import Enrollment, GuardianOf, School, SchoolYear

from . import rules
from .models import Domain, ExitPerspective, Publication, ResultSource, TestResult

DEMO_BRIN = "99ZZ00"
DEMO_TEST = "LVS-toets (demo)"
SEED = 42
DOMAINS = list(Domain.values)


@dataclass(frozen=True)
class Profile:
    """Learning rate per domain, the school years (start year, year level) and the first moment."""

    kind: str  # on_course | repeated | lateral | pro | above_e8
    rates: dict
    years: tuple  # ((start_year, year_level), …) oldest first
    first_taken: datetime.date | None = None


def _moment_dates(start_year):
    return {"M": datetime.date(start_year + 1, 1, 25), "E": datetime.date(start_year + 1, 6, 10)}


def _years(current_start, year_level, repeated_level=None):
    """School years back to groep 3; a repeated level appears twice."""
    levels = list(range(rules.FIRST_YEAR_LEVEL, year_level + 1))
    if repeated_level:
        levels.insert(levels.index(repeated_level), repeated_level)
    first = current_start - (len(levels) - 1)
    return tuple((first + i, level) for i, level in enumerate(levels))


def _level_text(dle):
    return rules.level_for_dle(dle)  # the level reached: 27 → M5, 4 → <M3, 63 → E8+


def _band(delay):
    for limit, band in ((-0.1, "I"), (0.05, "II"), (0.2, "III"), (0.35, "IV")):
        if delay < limit:
            return band
    return "V"


def results_for(pupil, profile, today, rng):
    """The demo results of one pupil: one per domain and moment before today."""
    history = rules.didactic_history([(start, level, profile.kind == "lateral") for start, level in profile.years])
    rows = []
    for start, level in profile.years:
        for phase, taken_on in _moment_dates(start).items():
            if taken_on >= today or (profile.first_taken and taken_on < profile.first_taken):
                continue
            dl = rules.moment_dl(level, phase, history[start])
            for domain in DOMAINS:
                dle = max(0.0, dl * profile.rates[domain] * (1 + rng.uniform(-0.06, 0.06)))
                if profile.kind == "lateral":  # starts far behind, then catches up fast
                    dle = max(0.0, dle - 12 + 4 * (start - profile.years[0][0]))
                rows.append(
                    TestResult(
                        pupil=pupil,
                        domain=domain,
                        year_level=level,
                        phase=phase,
                        taken_on=taken_on,
                        school_year_start=start,
                        test_name=DEMO_TEST,
                        ability_score=int(100 + 2.2 * dle + rng.uniform(-4, 4)),
                        level_reported=_level_text(dle),
                        level_band=_band(rules.delay(dle, dl) or 0),
                        source=ResultSource.IMPORT,
                    )
                )
    return rows


def _profiles(enrollments, current_start, rng):
    """A profile per pupil; the first fitting pupil (by pupil number) gets each special case."""
    by_level = sorted(enrollments, key=lambda e: (e.year_level, e.pupil.external_id))
    special = {}
    for kind, levels, extra in (
        ("above_e8", (8,), lambda e: True),
        ("pro", (7,), lambda e: not e.is_lateral_entrant),
        ("repeated", (6,), lambda e: not e.is_lateral_entrant),
        ("lateral", (5, 6, 7), lambda e: e.is_lateral_entrant),
    ):
        chosen = next((e for e in by_level if e.year_level in levels and e.pupil_id not in special and extra(e)), None)
        if chosen:
            special[chosen.pupil_id] = kind
    profiles = {}
    for enrollment in by_level:
        kind = special.get(enrollment.pupil_id, "on_course")
        level = enrollment.year_level
        base = {"on_course": rng.uniform(0.85, 1.12), "repeated": 0.72, "lateral": 0.9, "pro": 0.45,
                "above_e8": 1.3}[kind]  # fmt: skip
        rates = {d: base + rng.uniform(-0.08, 0.08) for d in DOMAINS}
        if kind == "pro":
            rates.update(technical_reading=0.7, reading_comprehension=0.62)
        years = _years(current_start, level, repeated_level=4 if kind == "repeated" else None)
        first = enrollment.start_date if kind == "lateral" else None
        if kind == "lateral":
            years = tuple(y for y in years if y[0] >= start_year_of(enrollment.start_date))
        profiles[enrollment.pupil_id] = Profile(kind=kind, rates=rates, years=years, first_taken=first)
    return profiles, special


PERSPECTIVES = {
    "repeated": ("vmbo_kb", "Tempo na de doublure stabiel rond 0,75.", "Goede werkhouding", "Concentratie"),
    "pro": ("pro", "Achterstand van meer dan drie jaar in rekenen en spelling.", "Praktisch sterk", "Leestempo"),
    "above_e8": ("vwo", "Ver boven het niveau van eind groep 8 in alle domeinen.", "Nieuwsgierig", ""),
    "lateral": ("vmbo_gt", "Sinds de instroom een snelle groei; taal nog in ontwikkeling.", "Motivatie", "Taal"),
}


def load_development_demo(*, today=None, brin=DEMO_BRIN, reset=False) -> dict:
    """Add the demo results; returns {kind: pupil} of the special cases (empty without the school).
    `reset` first removes the demo results (not results entered by hand or imported)."""
    today = today or timezone.localdate()
    school = School.objects.filter(brin=brin).first()
    if school is None:
        return {}
    running = SchoolYear.objects.running_or_next(school, today)
    if running is not None:  # in the summer holiday: the history up to the coming year's first day
        today = max(today, running.first_day)
    if reset:
        TestResult.objects.filter(pupil__school=school, test_name=DEMO_TEST).delete()
    enrollments = list(
        Enrollment.objects.current(today)
        .filter(pupil__school=school, year_level__gte=4)
        .select_related("pupil", "group")
        .prefetch_related("group__teachers")
    )
    rng = random.Random(f"{SEED}-{brin}")
    profiles, special = _profiles(enrollments, start_year_of(today), rng)
    rows = []
    for enrollment in enrollments:
        pupil_rng = random.Random(f"{SEED}-{enrollment.pupil.external_id}")
        rows += results_for(enrollment.pupil, profiles[enrollment.pupil_id], today, pupil_rng)
    by_pupil = {e.pupil_id: e for e in enrollments}
    with transaction.atomic():
        TestResult.objects.bulk_create(rows, ignore_conflicts=True)
        for pupil_id, kind in special.items():
            _perspective(by_pupil[pupil_id], kind)
        _publish_for_demo_parent(enrollments)
    return {kind: by_pupil[pupil_id].pupil for pupil_id, kind in special.items()}


def _perspective(enrollment, kind):
    if enrollment.year_level < 6 or ExitPerspective.objects.filter(pupil=enrollment.pupil).exists():
        return
    track, reasoning, supporting, hindering = PERSPECTIVES[kind]
    teacher = next(iter(enrollment.group.teachers.all()), None)
    ExitPerspective.objects.create(
        pupil=enrollment.pupil, track=track, reasoning=reasoning, supporting=supporting, hindering=hindering,
        recorded_by=teacher,
    )  # fmt: skip


def _publish_for_demo_parent(enrollments):
    """Publish the view of one child (groep 4–8) of a demo parent with an e-mail address."""
    ids = [e.pupil_id for e in enrollments]
    link = (
        GuardianOf.objects.filter(pupil_id__in=ids, has_parental_authority=True)
        .exclude(guardian__email="")
        .order_by("guardian__external_id", "pupil__external_id")
        .first()
    )
    if link is not None:
        enrollment = next(e for e in enrollments if e.pupil_id == link.pupil_id)
        teacher = next(iter(enrollment.group.teachers.all()), None)
        Publication.objects.get_or_create(pupil_id=link.pupil_id, defaults={"published_by": teacher})
