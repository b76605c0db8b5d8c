"""The statistical harness: does the analysis keep its promises on simulated schools?

A simulated school has 8 groups of 25 children (200), living in families of 1–3 children whose
siblings sit in different groups. Test growth per child is

    growth = group effect + family effect + own noise      (variances 0.15 + 0.20 + 0.65 = 1)

so the ICC by group is 0.15 (the literature's 0.1–0.2) and siblings correlate 0.20. We plant an
effect of d = 0.3 (0.3 SD of growth) on the children who start "now", or none, and analyse as
the app does:

- family lottery: the families drawn with ``draw_lottery`` stratified by the youngest child's
  group, analysis cluster-robust by family;
- group lottery: the 8 groups drawn 4/4, analysis cluster-robust by group (CR2, t with 7 df).

Over RUNS seeded runs per design we require: the 95 % CI covers the planted d in ~95 % of runs
(0.91–0.99, about ±3 binomial SEs at 200 runs), a significant result without effect in ~5 %
(0.02–0.09), and the power formula within a binomial tolerance of the empirical rejection rate.
The figures are printed (visible without ``-s``).
"""

import math
from dataclasses import dataclass

import numpy as np
import pytest

from evaluation import stats

RUNS = 200
GROUPS = 8
PER_GROUP = 25
VAR_GROUP, VAR_FAMILY = 0.15, 0.20
PLANTED_D = 0.3


@dataclass
class School:
    group: np.ndarray  # group index per child
    family: np.ndarray  # family index per child
    family_stratum: dict  # family → group of its youngest child


def simulated_school(rng) -> School:
    """200 children in 8 groups; families of 1 (60 %), 2 (30 %) or 3 (10 %) children."""
    n = GROUPS * PER_GROUP
    group = np.repeat(np.arange(GROUPS), PER_GROUP)
    sizes = []
    while sum(sizes) < n:
        sizes.append(int(rng.choice([1, 2, 3], p=[0.6, 0.3, 0.1])))
    sizes[-1] -= sum(sizes) - n
    # Siblings sit in different groups: each family takes one child from each of the groups
    # with the most children left (ties at random), largest families first.
    left = {g: list(rng.permutation(np.flatnonzero(group == g))) for g in range(GROUPS)}
    family = np.full(n, -1)
    for fam_id, size in enumerate(sorted(sizes, reverse=True)):
        ranked = sorted(range(GROUPS), key=lambda g: (-len(left[g]), rng.random()))
        for g in ranked[:size]:
            family[left[g].pop()] = fam_id
    stratum = {}
    for c in range(n):
        f = int(family[c])
        stratum[f] = min(stratum.get(f, GROUPS), int(group[c]))
    return School(group=group, family=family, family_stratum=stratum)


def growth(rng, school: School, treated: np.ndarray, d: float) -> np.ndarray:
    n_fam = int(school.family.max()) + 1
    g = rng.normal(0, math.sqrt(VAR_GROUP), GROUPS)[school.group]
    f = rng.normal(0, math.sqrt(VAR_FAMILY), n_fam)[school.family]
    e = rng.normal(0, math.sqrt(1 - VAR_GROUP - VAR_FAMILY), len(treated))
    return 10 + g + f + e + d * treated  # SD 1 in these units; the level does not matter


def one_run(seed: int, design: str, d: float) -> stats.Effect:
    rng = np.random.default_rng(seed)
    school = simulated_school(rng)
    if design == "family":
        families = sorted(school.family_stratum)
        arms = stats.draw_lottery(families, seed, strata=school.family_stratum)
        treated = np.array([arms[int(f)] == "now" for f in school.family], dtype=float)
        clusters = school.family
    else:
        arms = stats.draw_lottery(list(range(GROUPS)), seed)
        treated = np.array([arms[int(g)] == "now" for g in school.group], dtype=float)
        clusters = school.group
    y = growth(rng, school, treated, d)
    return stats.effect_size(y, treated, clusters=clusters)


@dataclass
class Figures:
    design: str
    coverage: float
    power_empirical: float
    false_positive: float
    null_coverage: float
    power_predicted: float
    mean_d: float
    mean_width: float
    n_clusters: float


def simulate(design: str) -> Figures:
    planted = [one_run(1000 + s, design, PLANTED_D) for s in range(RUNS)]
    null = [one_run(5000 + s, design, 0.0) for s in range(RUNS)]
    n_t = np.mean([e.n_treated for e in planted])
    n_c = np.mean([e.n_control for e in planted])
    n_cl = np.mean([e.n_clusters for e in planted])
    if design == "family":
        m, icc = GROUPS * PER_GROUP / n_cl, VAR_FAMILY
    else:
        m, icc = PER_GROUP, VAR_GROUP
    return Figures(
        design=design,
        coverage=np.mean([e.ci_low <= PLANTED_D <= e.ci_high for e in planted]),
        power_empirical=np.mean([e.p < 0.05 for e in planted]),
        false_positive=np.mean([e.p < 0.05 for e in null]),
        null_coverage=np.mean([e.ci_low <= 0 <= e.ci_high for e in null]),
        power_predicted=stats.power_for(PLANTED_D, n_t, n_c, cluster_size=m, icc=icc),
        mean_d=np.mean([e.d for e in planted]),
        mean_width=np.mean([e.ci_high - e.ci_low for e in planted]),
        n_clusters=n_cl,
    )


@pytest.fixture(scope="module", params=["family", "group"])
def figures(request):
    fig = simulate(request.param)
    capman = request.config.pluginmanager.getplugin("capturemanager")
    with capman.global_and_fixture_disabled():
        print(
            f"\n[harness] {fig.design} lottery, {RUNS} runs each, 8 groups x 25 children, ICC group "
            f"{VAR_GROUP}, siblings {VAR_FAMILY}, ~{fig.n_clusters:.0f} clusters: planted d={PLANTED_D}: "
            f"coverage {fig.coverage:.3f}, mean d {fig.mean_d:.3f}, mean CI width {fig.mean_width:.2f}, "
            f"rejected {fig.power_empirical:.3f} vs power_for {fig.power_predicted:.3f}; "
            f"no effect: significant {fig.false_positive:.3f}, CI covers 0 {fig.null_coverage:.3f}"
        )
    return fig


def test_ci_covers_the_planted_effect_in_about_95_percent(figures):
    assert 0.91 <= figures.coverage <= 0.99


def test_no_effect_is_significant_in_about_5_percent(figures):
    assert 0.02 <= figures.false_positive <= 0.09
    assert 0.91 <= figures.null_coverage <= 0.98


def test_estimate_is_unbiased(figures):
    # The mean of 200 estimates lies within ~3 SEs of the planted d.
    se_of_mean = figures.mean_width / (2 * 1.96) / math.sqrt(RUNS)
    assert abs(figures.mean_d - PLANTED_D) < 3.5 * se_of_mean + 0.02


def test_power_formula_matches_the_simulation(figures):
    p = figures.power_predicted
    tolerance = 3 * math.sqrt(p * (1 - p) / RUNS) + 0.02
    assert abs(figures.power_empirical - p) <= tolerance


# -- without a lottery: this year's cohort against last year's (difference-in-differences) -----------


def one_did_run(seed: int, d: float) -> stats.Effect:
    """Two cohorts of 8 groups x 25, each measured before and after. Last year's cohort is
    stronger (a fixed cohort difference: the DiD removes it); growth varies by group (ICC 0.15),
    so the analysis clusters by group (16 clusters, 8 per arm)."""
    rng = np.random.default_rng(seed)
    n = GROUPS * PER_GROUP
    treated = np.repeat([1.0, 0.0], n)
    group = np.repeat(np.arange(2 * GROUPS), PER_GROUP)  # this year's groups 0–7, last year's 8–15
    level = rng.normal(0, math.sqrt(0.6), 2 * n) - 0.4 * (treated == 0)
    pre = level + rng.normal(0, math.sqrt(0.4), 2 * n)
    change = rng.normal(0, math.sqrt(VAR_GROUP), 2 * GROUPS)[group] + rng.normal(0, math.sqrt(0.1), 2 * n)
    post = level + 0.5 + change + d * treated
    return stats.did_effect(pre, post, treated, clusters=group)


@pytest.fixture(scope="module")
def did_figures(request):
    planted = [one_did_run(9000 + s, PLANTED_D) for s in range(RUNS)]
    null = [one_did_run(13000 + s, 0.0) for s in range(RUNS)]
    sd_post = math.sqrt(0.6 + VAR_GROUP + 0.1)  # the planted d is in SDs of post (within a cohort)
    fig = {
        "coverage": np.mean([e.ci_low <= PLANTED_D / sd_post <= e.ci_high for e in planted]),
        "false_positive": np.mean([e.p < 0.05 for e in null]),
        "rejected": np.mean([e.p < 0.05 for e in planted]),
        "mean_d": np.mean([e.d for e in planted]),
        "true_d": PLANTED_D / sd_post,
    }
    capman = request.config.pluginmanager.getplugin("capturemanager")
    with capman.global_and_fixture_disabled():
        print(
            f"\n[harness] difference-in-differences (no lottery), {RUNS} runs, 2 cohorts x 8 groups x 25, "
            f"clustered by group: true d={fig['true_d']:.3f}: coverage {fig['coverage']:.3f}, "
            f"mean d {fig['mean_d']:.3f}, rejected {fig['rejected']:.3f}; "
            f"no effect: significant {fig['false_positive']:.3f}"
        )
    return fig


def test_did_covers_the_planted_effect_and_keeps_its_error_rate(did_figures):
    assert 0.91 <= did_figures["coverage"] <= 0.99
    assert 0.02 <= did_figures["false_positive"] <= 0.09
    assert abs(did_figures["mean_d"] - did_figures["true_d"]) < 0.05


def test_simulated_families_never_span_one_group_twice():
    school = simulated_school(np.random.default_rng(3))
    pairs = set(zip(school.family.tolist(), school.group.tolist(), strict=True))
    assert len(pairs) == GROUPS * PER_GROUP
