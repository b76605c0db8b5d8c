"""Setting up, freezing and analysing an evaluation.

- `population(evaluation)`: the children in the study with their unit (family or group) and cluster;
  families are the connected parts of the guardian–child links, so siblings (and half-siblings through
  a shared guardian) are always one unit.
- `freeze(evaluation, by)`: draws the lottery with a fresh seed (recorded), writes the assignments and
  the wait-list rows (`InterventionDelay`) of the "later" families' guardians, records the plan as
  canonical JSON with its SHA-256 fingerprint, and sets `frozen_at`: one transaction.
- `compute_result(evaluation)`: measures the outcome, withholds it when an arm has fewer than
  `MIN_PER_ARM` children, else the effect (cluster-robust by group, or by family when siblings).
- the researchers' export: request, approval (another leadership member or the board), the CSV with
  per-evaluation pseudonyms and its log.
"""

import csv
import dataclasses
import hashlib
import hmac
import io
import json
import secrets
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from messaging.planning import delayed_parts_withdraw
from ouderbetrokkenheid.school.interventions import (
    WEEKLY_KIND_INTERVENTION,
    Intervention,
    intervention_delays_clear,
    intervention_delays_set,
)
from ouderbetrokkenheid.school.models import Enrollment, GuardianOf, SchoolYear

from . import stats
from .models import TREATED_ARMS, Arm, Assignment, Design, Evaluation, ExportLog, ExportRequest, FrozenPlanError
from .models import Result as ResultRow
from .outcomes import OUTCOMES, measure

PLAN_VERSION = 1
#: The interventions whose messages the planners write ahead (withdrawn from delayed guardians at freezing).
MESSAGING_INTERVENTIONS = {
    Intervention.WEEKLY_MESSAGES,
    *WEEKLY_KIND_INTERVENTION.values(),
    Intervention.SUMMER_READING,
}
MIN_PER_ARM = 10  # privacy: results only when each arm has at least this many children
#: Assumed intra-cluster correlation of the outcome for the power calculation (stated on the page):
#: children of one group share a teacher and a class (0.15, usual for test growth in primary
#: schools); siblings share a home (0.3).
ASSUMED_ICC = {Design.GROUP: stats.ICC_GROUP_TEST_GROWTH, Design.FAMILY: stats.ICC_FAMILY, Design.LAST_YEAR: 0.0}
ANALYSIS = {
    Design.FAMILY: "difference in means now-vs-later, Cohen's d (pooled SD) with 95% CI; "
    "cluster-robust standard errors by family (siblings)",
    Design.GROUP: "difference in means now-vs-later, Cohen's d (pooled SD) with 95% CI; "
    "cluster-robust standard errors by group",
    Design.LAST_YEAR: "difference-in-differences: (this year's cohort post - pre) minus (last year's cohort "
    "post - pre), same calendar windows one year apart; Cohen's d with 95% CI",
}


# -- the population -------------------------------------------------------------------------------


@dataclasses.dataclass
class Member:
    pupil_id: int
    unit: str  # "family:<smallest pupil id>" or "group:<id>"
    cluster: str
    group_id: int | None = None


def school_year_on(school, day):
    return SchoolYear.objects.filter(school=school, first_day__lte=day, last_day__gte=day).first()


def _enrolled(year, day):
    """{pupil_id: group_id} of the children enrolled in `year` on `day` (the latest enrollment begun)."""
    rows = (
        Enrollment.objects.filter(group__school_year=year, start_date__lte=day)
        .exclude(end_date__lt=day)
        .order_by("start_date", "pk")
        .values_list("pupil_id", "group_id")
    )
    return dict(rows)


def _families(pupil_ids, school):
    """{pupil_id: family key}: children who share a guardian (directly or through a sibling) are one family."""
    parent = {p: p for p in pupil_ids}

    def find(p):
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    by_guardian = defaultdict(list)
    for guardian_id, pupil_id in GuardianOf.objects.filter(guardian__school=school, pupil_id__in=pupil_ids).values_list(
        "guardian_id", "pupil_id"
    ):
        by_guardian[guardian_id].append(pupil_id)
    for children in by_guardian.values():
        first = find(children[0])
        for other in children[1:]:
            root = find(other)
            if root != first:
                parent[max(root, first)] = min(root, first)
                first = min(root, first)
    return {p: f"family:{find(p)}" for p in pupil_ids}


def population(evaluation, *, year=None, day=None):
    """The children of the study on the start day (or `day`), each with its unit and cluster."""
    day = day or evaluation.start
    year = year or school_year_on(evaluation.school, day)
    if year is None:
        return []
    enrolled = _enrolled(year, day)
    families = _families(list(enrolled), evaluation.school)
    members = []
    for pupil_id in sorted(enrolled):
        group_id = enrolled[pupil_id]
        family = families[pupil_id]
        if evaluation.design == Design.GROUP:
            unit = cluster = f"group:{group_id}"
        else:
            unit = cluster = family
        members.append(Member(pupil_id, unit, cluster, group_id))
    return members


@dataclasses.dataclass
class Power:
    n_treated: int
    n_control: int
    units: int
    cluster_size: float
    icc: float
    mde: float | None  # smallest detectable d (alpha 0.05, power 0.8)

    @property
    def too_small_for(self):
        return self.mde is None


def power(evaluation, members=None, *, last_year_members=None):
    """The smallest effect this study can detect with this school's numbers."""
    members = population(evaluation) if members is None else members
    if evaluation.design == Design.LAST_YEAR:
        if last_year_members is None:
            last_year_members = last_year_population(evaluation)
        n_t, n_c, units, size = len(members), len(last_year_members), len(members) + len(last_year_members), 1.0
    else:
        units = len({m.unit for m in members})
        later = units // 2
        size = len(members) / units if units else 1.0
        n_c = round(later * size)
        n_t = len(members) - n_c
    icc = ASSUMED_ICC[evaluation.design]
    mde = None
    if n_t >= 2 and n_c >= 2 and units >= 4:
        mde = stats.minimum_detectable_effect(n_t, n_c, cluster_size=max(size, 1.0), icc=icc)
        mde = None if mde == float("inf") else mde
    return Power(n_t, n_c, units, round(size, 2), icc, mde)


def last_year_population(evaluation):
    """Last year's cohort: the children enrolled on the same day one school year earlier."""
    day = _one_year_back(evaluation.start)
    year = school_year_on(evaluation.school, day)
    if year is None:
        return []
    return [Member(p, f"pupil:{p}", f"pupil:{p}", g) for p, g in sorted(_enrolled(year, day).items())]


def _one_year_back(day):
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


# -- freezing ---------------------------------------------------------------------------------------


def canonical_json(plan) -> str:
    return json.dumps(plan, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def fingerprint_of(plan) -> str:
    return hashlib.sha256(canonical_json(plan).encode()).hexdigest()


def fingerprint_holds(evaluation) -> bool:
    """The stored plan still hashes to its fingerprint."""
    return bool(evaluation.plan) and fingerprint_of(evaluation.plan) == evaluation.fingerprint


def strata_of(evaluation, members):
    """A family lottery is balanced within groups (a family's stratum: the group of its first child);
    a group lottery is not stratified (None)."""
    if evaluation.design != Design.FAMILY:
        return None
    strata = {}
    for m in members:  # sorted by pupil id: the family's first child comes first
        strata.setdefault(m.unit, f"group:{m.group_id}")
    return strata


def draw(evaluation, members, seed):
    """{unit: "now"|"later"} for the members' units (reproducible from `seed`)."""
    units = sorted({m.unit for m in members})
    return stats.draw_lottery(units, seed, strata=strata_of(evaluation, members))


def build_plan(evaluation, members, arms, last_year_members=(), pw=None):
    units = defaultdict(list)
    for m in members:
        units[m.unit].append(m.pupil_id)
    plan = {
        "version": PLAN_VERSION,
        "school": evaluation.school.brin,
        "intervention": evaluation.intervention,
        "question": evaluation.question,
        "outcome": evaluation.outcome,
        "domain": evaluation.domain,
        "design": evaluation.design,
        "analysis": ANALYSIS[Design(evaluation.design)],
        "start": evaluation.start.isoformat(),
        "weeks_later": evaluation.weeks_later if evaluation.is_lottery else None,
        "outcome_window": [evaluation.outcome_start.isoformat(), evaluation.outcome_end.isoformat()],
        "min_effect": str(evaluation.min_effect),
        "min_per_arm": MIN_PER_ARM,
        "alpha": "0.05",
        "seed": evaluation.seed,
        "power": {
            "n_treated": pw.n_treated,
            "n_control": pw.n_control,
            "icc_assumed": str(pw.icc),
            "cluster_size": str(pw.cluster_size),
            "mde": None if pw.mde is None else f"{pw.mde:.2f}",
        }
        if pw
        else None,
        "units": {unit: {"arm": arms[unit], "pupils": sorted(ids)} for unit, ids in sorted(units.items())},
        "strata": strata_of(evaluation, members),
    }
    if evaluation.design == Design.LAST_YEAR:
        plan["last_year_cohort"] = sorted(m.pupil_id for m in last_year_members)
    return plan


def validate_for_freezing(evaluation, today):
    if evaluation.is_frozen:
        raise FrozenPlanError(_("Dit plan is al vastgelegd."))
    if evaluation.start < today:
        raise ValidationError(_("Leg het plan vast vóór de start: de startdatum is al voorbij."))
    if evaluation.outcome not in OUTCOMES:
        raise ValidationError(_("Onbekende uitkomst."))


@transaction.atomic
def freeze(evaluation, *, by, today=None, seed=None):
    """Freeze the plan: draw the lottery, write assignments and wait-list rows, fingerprint it."""
    today = today or timezone.localdate()
    evaluation = Evaluation.objects.select_for_update().select_related("school").get(pk=evaluation.pk)
    validate_for_freezing(evaluation, today)
    members = population(evaluation)
    last_year_members = last_year_population(evaluation) if evaluation.design == Design.LAST_YEAR else []
    if not members:
        raise ValidationError(_("Er zitten op de startdatum geen leerlingen in de groepen van deze school."))
    if evaluation.is_lottery:
        evaluation.seed = secrets.randbits(62) if seed is None else seed
        arms = draw(evaluation, members, evaluation.seed)
    else:
        evaluation.seed = None
        arms = {m.unit: Arm.THIS_YEAR.value for m in members}
    pw = power(evaluation, members, last_year_members=last_year_members)
    plan = build_plan(evaluation, members, arms, last_year_members, pw)
    rows = [Assignment(evaluation=evaluation, pupil_id=m.pupil_id, unit=m.unit, cluster=m.cluster, arm=arms[m.unit])
            for m in members]  # fmt: skip
    rows += [
        Assignment(evaluation=evaluation, pupil_id=m.pupil_id, unit=m.unit, cluster=m.cluster, arm=Arm.LAST_YEAR)
        for m in last_year_members
    ]
    Assignment.objects.bulk_create(rows)
    if evaluation.is_lottery:
        _write_delays(evaluation, [m for m in members if arms[m.unit] == Arm.LATER], today=today)
    Evaluation.objects.filter(pk=evaluation.pk).update(
        seed=evaluation.seed,
        plan=plan,
        fingerprint=fingerprint_of(plan),
        frozen_at=timezone.now(),
        frozen_by=by,
    )
    evaluation.refresh_from_db()
    return evaluation


def _write_delays(evaluation, later_members, *, today):
    """The "later" children's guardians get the intervention from the later start on (intention to treat:
    a guardian with a child in a "later" group waits, also for a sibling in a "now" group).

    Weekly and summer-reading messages approved before the freeze are withdrawn from them in the
    same transaction: a freeze that fails withdraws nothing, and no delayed guardian's message
    can go out between the wait-list and the withdrawal (the planners read the list themselves
    from then on)."""
    guardian_ids = set(
        GuardianOf.objects.filter(
            pupil_id__in=[m.pupil_id for m in later_members], guardian__school=evaluation.school
        ).values_list("guardian_id", flat=True)
    )
    intervention_delays_set(
        school=evaluation.school,
        intervention=evaluation.intervention,
        guardian_ids=guardian_ids,
        until=evaluation.later_start,
        evaluation_ref=f"evaluation:{evaluation.pk}",
    )
    if evaluation.intervention in MESSAGING_INTERVENTIONS:
        delayed_parts_withdraw(school=evaluation.school, today=today)


@transaction.atomic
def withdraw(evaluation, *, by, today=None):
    """Withdraw a frozen evaluation before its start: it is marked withdrawn (by whom, when), its plan,
    fingerprint and lottery stay exactly as frozen (the record of what was decided), and everyone on
    its wait-list is released. Messages already withdrawn at freezing are not planned again here: the
    weekly plans and the summer reading include the released guardians from their next run on.
    Returns the number of wait-list rows released."""
    today = today or timezone.localdate()
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if not evaluation.is_frozen:
        raise ValidationError(_("Alleen een vastgelegd plan kan worden ingetrokken; een concept kunt u wijzigen."))
    if evaluation.is_withdrawn:
        raise ValidationError(_("Dit onderzoek is al ingetrokken."))
    if evaluation.start <= today:
        raise ValidationError(_("Intrekken kan alleen vóór de start: het onderzoek is al begonnen."))
    Evaluation.objects.filter(pk=evaluation.pk).update(withdrawn_at=timezone.now(), withdrawn_by=by)
    return intervention_delays_clear(evaluation_ref=f"evaluation:{evaluation.pk}")


def redraw(plan):
    """The lottery drawn again from the plan's recorded seed: {unit: arm} (the check of reproducibility)."""
    return stats.draw_lottery(sorted(plan["units"]), plan["seed"], strata=plan.get("strata"))


# -- the result -------------------------------------------------------------------------------------


def result_due(evaluation, today=None):
    today = today or timezone.localdate()
    return evaluation.is_frozen and not evaluation.is_withdrawn and today > evaluation.outcome_end


def _measure(evaluation, pupil_ids, start, end):
    return measure(
        evaluation.outcome,
        school=evaluation.school,
        pupil_ids=sorted(set(pupil_ids)),
        start=start,
        end=end,
        domain=evaluation.domain or None,
    )


def _effect_dict(effect):
    return {k: (float(v) if isinstance(v, float) else v) for k, v in dataclasses.asdict(effect).items()}


@transaction.atomic
def compute_result(evaluation, *, today=None):
    """Measure and analyse (after the outcome window); stores and returns the Result row."""
    if not result_due(evaluation, today):
        raise ValidationError(_("De uitkomst is nog niet gemeten: het meetvenster loopt nog."))
    assignments = list(evaluation.assignments.values_list("pk", "pupil_id", "arm", "cluster"))
    arms_stats, effect, withheld = {}, None, ""
    if evaluation.design == Design.LAST_YEAR:
        this_year = [a for a in assignments if a[2] == Arm.THIS_YEAR]
        last_year = [a for a in assignments if a[2] == Arm.LAST_YEAR]
        length = evaluation.outcome_end - evaluation.outcome_start
        pre_end = evaluation.start  # the pre window ends at the start (test growth: the test moment at the start)
        windows = {
            Arm.THIS_YEAR: ((pre_end - length, pre_end), (evaluation.outcome_start, evaluation.outcome_end)),
            Arm.LAST_YEAR: (
                (_one_year_back(pre_end - length), _one_year_back(pre_end)),
                (_one_year_back(evaluation.outcome_start), _one_year_back(evaluation.outcome_end)),
            ),
        }
        pre, post, treated = [], [], []
        for arm, rows in ((Arm.THIS_YEAR, this_year), (Arm.LAST_YEAR, last_year)):
            (pre_window, post_window) = windows[arm]
            ids = [r[1] for r in rows]
            before = _measure(evaluation, ids, *pre_window)
            after = _measure(evaluation, ids, *post_window)
            for _pk, pupil_id, _arm, _cluster in rows:
                if pupil_id in before and pupil_id in after:
                    pre.append(before[pupil_id])
                    post.append(after[pupil_id])
                    treated.append(arm == Arm.THIS_YEAR)
            values = [after[r[1]] - before[r[1]] for r in rows if r[1] in before and r[1] in after]
            arms_stats[arm.value] = _arm_stats(values)
        withheld = _withheld(arms_stats)
        if not withheld:
            effect, withheld = _analyse(stats.did_effect, pre, post, treated)
    else:
        values = _measure(evaluation, [a[1] for a in assignments], evaluation.outcome_start, evaluation.outcome_end)
        outcome, treated, clusters = [], [], []
        per_arm = defaultdict(list)
        for _pk, pupil_id, arm, cluster in assignments:
            if pupil_id in values:
                outcome.append(values[pupil_id])
                treated.append(arm in TREATED_ARMS)
                clusters.append(cluster)
                per_arm[arm].append(values[pupil_id])
        for arm in (Arm.NOW, Arm.LATER):
            arms_stats[arm.value] = _arm_stats(per_arm[arm])
        withheld = _withheld(arms_stats)
        if not withheld:
            effect, withheld = _analyse(stats.effect_size, outcome, treated, clusters=clusters)
    ResultRow.objects.filter(evaluation=evaluation).delete()
    return ResultRow.objects.create(
        evaluation=evaluation,
        effect=_effect_dict(effect) if effect is not None else None,
        arms=arms_stats,
        withheld=withheld,
    )


def _analyse(function, *args, **kwargs):
    """(effect, "") or (None, why): the stats refuse an interval they cannot give honestly (too few clusters)."""
    try:
        return function(*args, **kwargs), ""
    except ValueError as error:
        return None, _("Geen uitkomst getoond: %(why)s") % {"why": error}


def _arm_stats(values):
    n = len(values)
    mean = sum(values) / n if n else None
    sd = (sum((v - mean) ** 2 for v in values) / (n - 1)) ** 0.5 if n > 1 else None
    return {"n": n, "mean": mean, "sd": sd}


def _withheld(arms_stats):
    small = [arm for arm, s in arms_stats.items() if s["n"] < MIN_PER_ARM]
    if small:
        return _(
            "Geen uitkomst getoond: in elke groep van de vergelijking moeten minstens %(n)s kinderen met een "
            "meting zitten (privacy); hier zijn het er %(counts)s."
        ) % {"n": MIN_PER_ARM, "counts": " en ".join(str(s["n"]) for s in arms_stats.values())}
    return ""


# -- the researchers' export ----------------------------------------------------------------------


def request_export(evaluation, *, by_staff, purpose):
    if not evaluation.is_frozen or evaluation.is_withdrawn:
        raise ValidationError(_("Alleen een vastgelegd onderzoek kan worden geëxporteerd."))
    return ExportRequest.objects.create(evaluation=evaluation, requested_by=by_staff, purpose=purpose)


def approve_export(export_request, *, by_user):
    """Another leadership member of the school, or a board admin of its board, approves."""
    if export_request.is_approved:
        return export_request
    if export_request.requested_by_id and export_request.requested_by.user_id == by_user.pk:
        raise PermissionDenied(_("Een ander lid van de directie (of het bestuur) moet het verzoek goedkeuren."))
    export_request.approved_by = by_user
    export_request.approved_at = timezone.now()
    export_request.save(update_fields=["approved_by", "approved_at"])
    return export_request


def pseudonym(evaluation, kind, key) -> str:
    """A stable pseudonym within one evaluation (HMAC-SHA256 with a secret): not linkable across evaluations."""
    secret = getattr(settings, "EVALUATION_PSEUDONYM_SECRET", "") or settings.SECRET_KEY
    message = f"evaluation:{evaluation.pk}:{kind}:{key}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:16]


EXPORT_COLUMNS = ("child", "arm", "cluster", "outcome", "value", "window_start", "window_end")


def export_csv(export_request, *, by_user) -> str:
    """The pseudonymised rows (no names, ids or birth dates), logged."""
    if not export_request.is_approved:
        raise PermissionDenied(_("Dit exportverzoek is nog niet goedgekeurd."))
    evaluation = export_request.evaluation
    assignments = list(evaluation.assignments.values_list("pupil_id", "arm", "cluster"))
    windows = [(evaluation.outcome_start, evaluation.outcome_end)]
    if evaluation.design == Design.LAST_YEAR:
        windows.append((_one_year_back(evaluation.outcome_start), _one_year_back(evaluation.outcome_end)))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    count = 0
    for window in windows:
        values = _measure(evaluation, [a[0] for a in assignments], *window)
        for pupil_id, arm, cluster in assignments:
            if evaluation.design == Design.LAST_YEAR and (arm == Arm.LAST_YEAR) != (window is not windows[0]):
                continue
            value = values.get(pupil_id)
            writer.writerow([
                pseudonym(evaluation, "child", pupil_id),
                arm,
                pseudonym(evaluation, "cluster", cluster),
                evaluation.outcome,
                "" if value is None else f"{value:.4f}",
                window[0].isoformat(),
                window[1].isoformat(),
            ])  # fmt: skip
            count += 1
    ExportLog.objects.create(request=export_request, evaluation=evaluation, downloaded_by=by_user, rows=count)
    return out.getvalue()
