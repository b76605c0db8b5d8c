"""Unit tests of evaluation.stats: the lottery, effect sizes, power and the meta-analysis."""

import math
from collections import Counter

import numpy as np
import pytest
from scipy import stats as sps

from evaluation import stats

# --- the lottery -------------------------------------------------------------------------------


def test_lottery_is_reproducible_from_the_seed_on_any_machine():
    units = [f"fam-{i}" for i in range(10)]
    first = stats.draw_lottery(units, 20261206)
    assert stats.draw_lottery(list(reversed(units)), 20261206) == first  # order passed does not matter
    # A fixed expectation: random.Random(seed) is Python's Mersenne Twister, the same everywhere.
    assert [u for u, arm in first.items() if arm == "later"] == ["fam-0", "fam-3", "fam-6", "fam-7", "fam-8"]
    assert stats.draw_lottery(units, 20261207) != first


def test_lottery_is_balanced_overall_and_within_strata():
    families = list(range(101))
    strata = {f: f % 7 for f in families}  # 7 groups of 14 or 15 families
    arms = stats.draw_lottery(families, 5, strata=strata)
    assert Counter(arms.values()) == {"later": 50, "now": 51}  # round(101 · 0.5) = 50 later
    for g in range(7):
        members = [f for f in families if strata[f] == g]
        later = sum(arms[f] == "later" for f in members)
        assert math.floor(len(members) / 2) <= later <= math.ceil(len(members) / 2)


def test_lottery_later_share():
    arms = stats.draw_lottery(list(range(40)), 1, later_share=0.25)
    assert Counter(arms.values()) == {"later": 10, "now": 30}


def test_lottery_by_family_never_splits_siblings():
    # Pupils → family: the caller draws families, each child follows its family.
    family_of = {"pim": "f1", "pam": "f1", "bo": "f2", "kai": "f3", "kim": "f3", "kees": "f3", "lot": "f4"}
    for seed in range(50):
        arms = stats.draw_lottery(sorted(set(family_of.values())), seed)
        arm_of_pupil = {pupil: arms[fam] for pupil, fam in family_of.items()}
        assert arm_of_pupil["pim"] == arm_of_pupil["pam"]
        assert arm_of_pupil["kai"] == arm_of_pupil["kim"] == arm_of_pupil["kees"]
        assert set(arms) == {"f1", "f2", "f3", "f4"}


def test_lottery_refuses_duplicates_and_missing_strata():
    with pytest.raises(ValueError):
        stats.draw_lottery([1, 1, 2], 0)
    with pytest.raises(ValueError):
        stats.draw_lottery([1, 2], 0, strata={1: "a"})


# --- effect sizes ------------------------------------------------------------------------------


def test_effect_without_clusters_is_welch():
    rng = np.random.default_rng(0)
    y = np.concatenate([rng.normal(0.5, 1, 40), rng.normal(0, 2, 60)])
    t = np.array([1] * 40 + [0] * 60)
    e = stats.effect_size(y, t)
    welch = sps.ttest_ind(y[:40], y[40:], equal_var=False)
    assert e.diff == pytest.approx(y[:40].mean() - y[40:].mean())
    # HC2 with only the dummy is Welch's standard error (df differ: n − 2 instead of Satterthwaite).
    assert e.diff / ((e.ci_high - e.ci_low) / 2 / sps.t.ppf(0.975, 98) / e.d * e.diff) == pytest.approx(
        welch.statistic, rel=1e-6
    )
    pooled = math.sqrt((39 * y[:40].var(ddof=1) + 59 * y[40:].var(ddof=1)) / 98)
    assert e.d == pytest.approx(e.diff / pooled)
    assert (e.n_treated, e.n_control, e.n_clusters, e.method) == (40, 60, None, "ols")


def test_effect_with_baseline_adjusts_the_difference():
    rng = np.random.default_rng(1)
    base = rng.normal(0, 1, 200)
    t = np.array([1, 0] * 100)
    base[t == 1] += 0.5  # the arms differ at baseline by chance
    y = base + 0.2 * t + rng.normal(0, 0.5, 200)
    raw = stats.effect_size(y, t)
    adj = stats.effect_size(y, t, baseline=base)
    assert raw.diff > 0.5
    assert adj.diff == pytest.approx(0.2, abs=0.12)
    assert adj.ci_high - adj.ci_low < raw.ci_high - raw.ci_low


def test_cluster_robust_equals_the_t_test_on_cluster_means_when_balanced():
    rng = np.random.default_rng(2)
    groups = np.repeat(np.arange(8), 20)
    t = (groups % 2).astype(float)
    y = rng.normal(0, 0.5, 8)[groups] + rng.normal(0, 1, 160) + 0.3 * t
    e = stats.effect_size(y, t, clusters=groups)
    means = np.array([y[groups == g].mean() for g in range(8)])
    se = math.sqrt(means[1::2].var(ddof=1) / 4 + means[0::2].var(ddof=1) / 4)
    half = sps.t.ppf(0.975, 7) * se  # CR2 is exact here; df G − 1 = 7
    assert (e.ci_high - e.ci_low) * _sd(y, t) / 2 == pytest.approx(half, rel=1e-6)
    assert e.n_clusters == 8
    assert e.method == "ols-cluster-robust"


def _sd(y, t):
    return stats._pooled_sd(np.asarray(y, float), np.asarray(t, float))


def test_too_few_clusters_is_refused_with_a_message():
    groups = np.repeat(np.arange(4), 10)
    t = (groups % 2).astype(float)
    y = np.random.default_rng(3).normal(size=40)
    with pytest.raises(ValueError, match="Te weinig clusters"):
        stats.effect_size(y, t, clusters=groups)


def test_missing_outcomes_are_left_out():
    y = [1.0, 2.0, float("nan"), 3.0, 1.5, 2.5]
    t = [1, 1, 1, 0, 0, 0]
    e = stats.effect_size(y, t)
    assert (e.n_treated, e.n_control) == (2, 3)


def test_did_removes_a_fixed_cohort_difference():
    rng = np.random.default_rng(4)
    n = 300
    t = np.array([1] * n + [0] * n)
    level = rng.normal(0, 1, 2 * n) + 2.0 * t  # this year's cohort is simply stronger
    pre = level + rng.normal(0, 0.3, 2 * n)
    post = level + 1.0 + 0.25 * t + rng.normal(0, 0.3, 2 * n)
    e = stats.did_effect(pre, post, t)
    assert e.diff == pytest.approx(0.25, abs=0.08)
    assert e.method == "did"
    families = np.arange(2 * n) // 2
    assert stats.did_effect(pre, post, t, clusters=families).method == "did-cluster-robust"


def test_size_labels_follow_the_toolkit():
    assert stats.size_label(0.19) == "small"
    assert stats.size_label(-0.1) == "small"
    assert stats.size_label(0.20) == "medium"
    assert stats.size_label(0.39) == "medium"
    assert stats.size_label(0.40) == "large"
    assert stats.size_label(-0.6) == "large"


# --- power -------------------------------------------------------------------------------------


def test_power_textbook_values():
    # 64 per arm detect d = 0.5 with 80 % power (Cohen 1988, table 2.4.1).
    assert stats.power_for(0.5, 64, 64) == pytest.approx(0.80, abs=0.01)
    assert stats.minimum_detectable_effect(64, 64) == pytest.approx(0.5, abs=0.01)
    assert stats.power_for(0.0, 64, 64) == pytest.approx(0.05, abs=1e-9)


def test_design_effect_shrinks_power_and_grows_the_mde():
    plain = stats.minimum_detectable_effect(100, 100)
    clustered = stats.minimum_detectable_effect(
        100, 100, cluster_size=25, icc=stats.ICC_GROUP_TEST_GROWTH
    )  # 8 groups of 25
    assert plain == pytest.approx(0.40, abs=0.01)
    assert clustered > 0.9  # "none smaller than d = 0.9": the app says so plainly
    assert stats.power_for(0.3, 100, 100, cluster_size=25, icc=0.15) < stats.power_for(0.3, 100, 100)


# --- meta-analysis -----------------------------------------------------------------------------

# BCG vaccine trials (Colditz et al. 1994; metafor's dat.bcg): log risk ratios.
BCG = [
    (4, 119, 11, 128),
    (6, 300, 29, 274),
    (3, 228, 11, 209),
    (62, 13536, 248, 12619),
    (33, 5036, 47, 5761),
    (180, 1361, 372, 1079),
    (8, 2537, 10, 619),
    (505, 87886, 499, 87892),
    (29, 7470, 45, 7232),
    (17, 1699, 65, 1600),
    (186, 50448, 141, 27197),
    (5, 2493, 3, 2338),
    (27, 16886, 29, 17825),
]


def _effect(y, se):
    z = sps.norm.ppf(0.975)
    return stats.Effect(
        diff=y, d=y, ci_low=y - z * se, ci_high=y + z * se, p=0.0, n_treated=1, n_control=1, n_clusters=None, method=""
    )


def test_meta_analysis_reproduces_metafor_dersimonian_laird():
    effects = []
    for a, b, c, d in BCG:
        y = math.log((a / (a + b)) / (c / (c + d)))
        v = 1 / a - 1 / (a + b) + 1 / c - 1 / (c + d)
        effects.append(_effect(y, math.sqrt(v)))
    pooled = stats.meta_analysis(effects)
    # metafor: rma(yi, vi, data = dat.bcg, method = "DL")
    assert pooled.d == pytest.approx(-0.7141, abs=1e-4)
    assert pooled.ci_low == pytest.approx(-1.0644, abs=1e-4)
    assert pooled.ci_high == pytest.approx(-0.3638, abs=1e-4)
    assert pooled.tau2 == pytest.approx(0.3088, abs=1e-4)
    assert pooled.i2 == pytest.approx(0.9212, abs=1e-4)
    assert pooled.q == pytest.approx(152.2330, abs=1e-3)
    assert pooled.k == 13
    assert pooled.p < 0.001


def test_meta_analysis_of_homogeneous_studies_is_the_fixed_effect():
    pooled = stats.meta_analysis([_effect(0.3, 0.1), _effect(0.3, 0.2)])
    assert pooled.tau2 == 0.0
    assert pooled.i2 == 0.0
    assert pooled.d == pytest.approx(0.3)
    se = math.sqrt(1 / (1 / 0.01 + 1 / 0.04))
    assert pooled.ci_high - pooled.d == pytest.approx(sps.norm.ppf(0.975) * se)
