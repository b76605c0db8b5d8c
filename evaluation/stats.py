"""The statistics of a school's own evaluation: effect sizes, power, the lottery, pooling.

Pure functions (numpy, scipy, statsmodels); no Django. The app (``evaluation``) records a
plan, draws the lottery with :func:`draw_lottery`, measures an outcome per pupil and calls
:func:`effect_size` (lottery) or :func:`did_effect` (no lottery: this year's cohort against
last year's); a board pools its schools' results with :func:`meta_analysis`.

Conventions
-----------
- Cohen's d is the raw difference (treated − control) divided by the pooled within-arm SD of
  the outcome (or of the ``standardizer`` given). With a baseline covariate the numerator is the
  covariate-adjusted difference, the denominator stays the SD of the outcome (the usual ANCOVA
  convention: adjusting makes the estimate more precise, it does not change the scale).
- The 95 % CI of d is the CI of the raw difference divided by that SD (the SD is treated as
  known; with arms of ≥ 10 children the error this makes is small next to the CI itself).
- Without clusters: OLS with HC2 standard errors (heteroskedasticity-robust; with only the
  treatment dummy this is Welch's unequal-variance test) and t with n − k df. ``method`` "ols".
- With clusters (the family, or the group when the lottery was by group): OLS with
  cluster-robust standard errors. We use the bias-reduced CR2 estimator (Bell & McCaffrey 2002)
  rather than CR1: with the handful of groups a primary school has (8–16), CR1 underestimates
  the variance (by about 1/G) and rejects too often; CR2 is exact for a balanced design with
  the treatment at cluster level. Inference uses t with G − 1 degrees of freedom, as for CR1.
  ``method`` "ols-cluster-robust" (or "did-cluster-robust"). Below
  :data:`MIN_CLUSTERS_PER_ARM` clusters in either arm we refuse (ValueError with a Dutch
  message the app may show): no honest interval is possible.

Why a small school sees wide intervals: with a group lottery the number of groups, not the
number of children, decides the precision (the design effect 1 + (m − 1)·ICC). See
:func:`minimum_detectable_effect`.
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import statsmodels.api as sm
from scipy import optimize
from scipy import stats as sps

__all__ = [
    "ICC_FAMILY",
    "ICC_GROUP_TEST_GROWTH",
    "MIN_CLUSTERS_PER_ARM",
    "Effect",
    "Pooled",
    "did_effect",
    "draw_lottery",
    "effect_size",
    "meta_analysis",
    "minimum_detectable_effect",
    "power_for",
    "size_label",
]

# Intra-class correlation of test growth among children of one group (class). Studies of
# achievement report ICCs of about 0.10–0.25 for levels (Hedges & Hedberg 2007: ~0.2 in primary
# education), lower for growth and after a pre-test; 0.15 is the middle of the 0.1–0.2 range.
ICC_GROUP_TEST_GROWTH = 0.15
# Correlation of test growth between siblings (the family as cluster). Sibling correlations in
# achievement *levels* are about 0.4–0.5; in growth they are lower. 0.3 errs on the careful
# side. With 1.3–1.6 children per family the design effect stays small either way.
ICC_FAMILY = 0.3

# Fewer clusters than this in either arm: no cluster-robust interval worth showing.
MIN_CLUSTERS_PER_ARM = 3

NOW = "now"
LATER = "later"

_Z95 = sps.norm.ppf(0.975)


@dataclass(frozen=True)
class Effect:
    diff: float  # raw units, treated − control (adjusted for the baseline if given)
    d: float  # Cohen's d (pooled SD)
    ci_low: float  # 95 % CI of d
    ci_high: float
    p: float
    n_treated: int
    n_control: int
    n_clusters: int | None
    method: str  # "ols", "ols-cluster-robust", "did-cluster-robust", "did"


@dataclass(frozen=True)
class Pooled:
    d: float
    ci_low: float
    ci_high: float
    tau2: float  # between-school variance of the true effects (DerSimonian–Laird)
    i2: float  # share of the spread that is real heterogeneity, 0..1
    q: float  # Cochran's Q
    p: float  # p-value of the pooled effect
    k: int  # number of studies


def size_label(d: float) -> str:
    """The toolkit's words for an effect size: "small", "medium" or "large" (by |d|)."""
    a = abs(d)
    if a < 0.20:
        return "small"
    if a < 0.40:
        return "medium"
    return "large"


# --- effect sizes --------------------------------------------------------------------------------


def _as_arrays(outcome, treated, clusters, baseline):
    y = np.asarray(outcome, dtype=float)
    t = np.asarray(treated, dtype=float)
    if y.ndim != 1 or t.shape != y.shape:
        raise ValueError("outcome and treated must be one-dimensional and of equal length")
    if not np.all((t == 0) | (t == 1)):
        raise ValueError("treated must be 0/1 (or booleans)")
    keep = np.isfinite(y)
    b = None
    if baseline is not None:
        b = np.asarray(baseline, dtype=float)
        if b.shape != y.shape:
            raise ValueError("baseline must have the length of outcome")
        keep &= np.isfinite(b)
    g = None
    if clusters is not None:
        g = np.asarray(list(clusters), dtype=object)
        if g.shape != y.shape:
            raise ValueError("clusters must have the length of outcome")
    y, t = y[keep], t[keep]
    b = b[keep] if b is not None else None
    g = g[keep] if g is not None else None
    return y, t, g, b


def _pooled_sd(y, t) -> float:
    y1, y0 = y[t == 1], y[t == 0]
    n1, n0 = len(y1), len(y0)
    if n1 < 2 or n0 < 2:
        raise ValueError("Te weinig leerlingen in een van beide groepen om een effect te berekenen.")
    var = ((n1 - 1) * y1.var(ddof=1) + (n0 - 1) * y0.var(ddof=1)) / (n1 + n0 - 2)
    if not var > 0:
        raise ValueError("De uitkomst is voor iedereen gelijk: er valt geen effect te berekenen.")
    return math.sqrt(var)


def _cluster_codes(g, t):
    """Integer codes of the clusters; checks the minimum number per arm."""
    _, codes = np.unique(g.astype(str), return_inverse=True)
    per_arm = [len(np.unique(codes[t == arm])) for arm in (1, 0)]
    if min(per_arm) < MIN_CLUSTERS_PER_ARM:
        raise ValueError(
            f"Te weinig clusters voor een eerlijke analyse: {per_arm[0]} in de groep die nu begint en "
            f"{per_arm[1]} in de groep die later begint; nodig zijn er minstens {MIN_CLUSTERS_PER_ARM} per groep."
        )
    return codes, len(np.unique(codes))


def _cr2_cov(X, resid, codes, n_clusters):
    """Bell–McCaffrey CR2 cluster-robust covariance of the OLS coefficients."""
    bread = np.linalg.inv(X.T @ X)
    meat = np.zeros_like(bread)
    order = np.argsort(codes, kind="stable")
    bounds = np.flatnonzero(np.diff(codes[order])) + 1
    for idx in np.split(order, bounds):
        Xg, eg = X[idx], resid[idx]
        H = Xg @ bread @ Xg.T
        w, v = np.linalg.eigh(np.eye(len(idx)) - H)
        inv_sqrt = np.where(w > 1e-10, 1.0 / np.sqrt(np.clip(w, 1e-10, None)), 0.0)
        A = (v * inv_sqrt) @ v.T
        s = Xg.T @ (A @ eg)
        meat += np.outer(s, s)
    return bread @ meat @ bread


def _fit(y, t, g, b, *, standardizer, method_base):
    n1, n0 = int((t == 1).sum()), int((t == 0).sum())
    sd = float(standardizer) if standardizer is not None else _pooled_sd(y, t)
    if not sd > 0:
        raise ValueError("standardizer must be positive")
    cols = [np.ones_like(y), t] + ([b] if b is not None else [])
    X = np.column_stack(cols)
    model = sm.OLS(y, X)
    if g is None:
        res = model.fit(cov_type="HC2", use_t=True)
        diff, se = float(res.params[1]), float(res.bse[1])
        df = res.df_resid
        n_clusters = None
        method = method_base
    else:
        codes, n_clusters = _cluster_codes(g, t)
        res = model.fit()
        cov = _cr2_cov(X, res.resid, codes, n_clusters)
        diff, se = float(res.params[1]), float(math.sqrt(cov[1, 1]))
        df = n_clusters - 1
        method = f"{method_base}-cluster-robust"
    if se > 0:
        tval = diff / se
        p = float(2 * sps.t.sf(abs(tval), df))
    else:
        p = 0.0 if diff else 1.0
    half = float(sps.t.ppf(0.975, df)) * se
    return Effect(
        diff=diff,
        d=diff / sd,
        ci_low=(diff - half) / sd,
        ci_high=(diff + half) / sd,
        p=p,
        n_treated=n1,
        n_control=n0,
        n_clusters=n_clusters,
        method=method,
    )


def effect_size(outcome, treated, *, clusters=None, baseline=None, standardizer: float | None = None) -> Effect:
    """The effect of starting now (treated = 1) against starting later (treated = 0).

    ``outcome``, ``treated`` (0/1), ``clusters`` (any hashable per child: family or group id)
    and ``baseline`` (a pre-measure, optional) are aligned per child; children with a missing
    (NaN) outcome or baseline are left out. ``standardizer`` optionally fixes the SD that
    turns the difference into d (e.g. the SD of test *levels* when the outcome is growth, so
    that d is on the scale of the toolkit's studies); by default the pooled SD of the outcome.
    """
    y, t, g, b = _as_arrays(outcome, treated, clusters, baseline)
    return _fit(y, t, g, b, standardizer=standardizer, method_base="ols")


def did_effect(pre, post, treated, *, clusters=None, standardizer: float | None = None) -> Effect:
    """Difference-in-differences without a lottery: this year's cohort (treated = 1) against
    last year's (treated = 0), each measured before (``pre``) and after (``post``).

    The estimate is (post − pre) of this year minus (post − pre) of last year: the OLS of the
    change on the cohort dummy, so a fixed difference between the cohorts drops out; what
    remains assumes both cohorts would have changed alike without the intervention (parallel
    trends) — weaker evidence than a lottery, and the app says so. d divides by the pooled SD
    of ``post`` (the outcome's own scale) unless ``standardizer`` is given.
    """
    pre_a = np.asarray(pre, dtype=float)
    post_a = np.asarray(post, dtype=float)
    if pre_a.shape != post_a.shape:
        raise ValueError("pre and post must be of equal length")
    change = post_a - pre_a
    y, t, g, _ = _as_arrays(change, treated, clusters, None)
    if standardizer is None:
        p_all, t_all = post_a, np.asarray(treated, dtype=float)
        keep = np.isfinite(change)
        standardizer = _pooled_sd(p_all[keep], t_all[keep])
    return _fit(y, t, g, None, standardizer=standardizer, method_base="did")


# --- power ---------------------------------------------------------------------------------------


def _design(n_treated, n_control, cluster_size, icc):
    if n_treated < 2 or n_control < 2:
        raise ValueError("need at least two children per arm")
    if cluster_size < 1 or not 0 <= icc < 1:
        raise ValueError("cluster_size ≥ 1 and 0 ≤ icc < 1")
    deff = 1 + (cluster_size - 1) * icc
    se = math.sqrt(deff * (1 / n_treated + 1 / n_control))
    n = n_treated + n_control
    if cluster_size > 1 and icc > 0:
        df = max(1.0, n / cluster_size - 1)  # as in the analysis: t with G − 1 df
    else:
        df = n - 2
    return se, df


def power_for(d, n_treated, n_control, *, cluster_size=1.0, icc=0.0, alpha=0.05) -> float:
    """The chance that a study of this size finds a true effect ``d`` significant (two-sided).

    Children within a cluster (group or family) of average size ``cluster_size`` are
    correlated by ``icc``; the design effect 1 + (m − 1)·ICC inflates the variance. Uses the
    noncentral t distribution with the df of the analysis (n − 2, or G − 1 with clusters).
    Defaults for ``icc``: :data:`ICC_GROUP_TEST_GROWTH` for a group lottery on test growth,
    :data:`ICC_FAMILY` for a family lottery.
    """
    se, df = _design(n_treated, n_control, cluster_size, icc)
    crit = sps.t.ppf(1 - alpha / 2, df)
    nc = abs(d) / se
    return float(sps.nct.sf(crit, df, nc) + sps.nct.cdf(-crit, df, nc))


def minimum_detectable_effect(n_treated, n_control, *, cluster_size=1.0, icc=0.0, alpha=0.05, power=0.8) -> float:
    """The smallest d this study finds with the given power (80 % by default)."""
    if not 0 < power < 1:
        raise ValueError("power must be between 0 and 1")
    _design(n_treated, n_control, cluster_size, icc)
    f = lambda d: power_for(d, n_treated, n_control, cluster_size=cluster_size, icc=icc, alpha=alpha) - power  # noqa: E731
    hi = 1.0
    while f(hi) < 0:
        hi *= 2
        if hi > 1e3:
            return math.inf
    return float(optimize.brentq(f, 0.0, hi, xtol=1e-6))


# --- the lottery ---------------------------------------------------------------------------------


def _unit_key(u):
    return (type(u).__name__, str(u))


def draw_lottery(
    units: Sequence[Hashable],
    seed: int,
    *,
    later_share: float = 0.5,
    strata: Mapping[Hashable, Hashable] | None = None,
) -> dict[Hashable, str]:
    """Who starts "now" and who starts "later": reproducible from ``seed`` on any machine.

    The unit is the family (the caller passes family ids, so siblings always share an arm) or
    the group. Units are sorted first, so the order the caller passes does not matter; the
    draw uses ``random.Random(seed)`` (Python's Mersenne Twister, the same on every platform).
    With ``strata`` (unit → stratum, e.g. family → group) the draw is balanced within each
    stratum: each gets ⌊n·share⌋ or ⌈n·share⌉ "later" units, and overall exactly
    round(N·share).
    """
    if not 0 < later_share < 1:
        raise ValueError("later_share must be between 0 and 1")
    ordered = sorted(units, key=_unit_key)
    if len(set(ordered)) != len(ordered):
        raise ValueError("units must be unique")
    rng = random.Random(seed)
    if strata is None:
        groups = {None: ordered}
    else:
        missing = [u for u in ordered if u not in strata]
        if missing:
            raise ValueError(f"no stratum for {missing[:3]}")
        groups = {}
        for u in ordered:
            groups.setdefault(strata[u], []).append(u)
    keys = sorted(groups, key=_unit_key)
    # Whole "later" places per stratum, then the remaining places to strata with a fraction,
    # chosen at random (so rounding does not pile up in one arm).
    base = {k: math.floor(len(groups[k]) * later_share) for k in keys}
    target = round(len(ordered) * later_share)
    fractional = [k for k in keys if len(groups[k]) * later_share - base[k] > 1e-9]
    extra = target - sum(base.values())
    for k in rng.sample(fractional, max(0, min(extra, len(fractional)))):
        base[k] += 1
    arm: dict[Hashable, str] = {}
    for k in keys:
        members = list(groups[k])
        rng.shuffle(members)
        for i, u in enumerate(members):
            arm[u] = LATER if i < base[k] else NOW
    return {u: arm[u] for u in ordered}


# --- pooling across schools ----------------------------------------------------------------------


def meta_analysis(effects: Sequence[Effect]) -> Pooled:
    """Random-effects pooling (DerSimonian–Laird) of the schools' d's.

    Each study's SE is derived from its 95 % CI: (ci_high − ci_low) / (2 · 1.96). (A CI from a
    t distribution with few df is wider than a normal one, so such a study weighs a little less
    than its true precision — the careful direction.)
    """
    k = len(effects)
    if k == 0:
        raise ValueError("nothing to pool")
    d = np.array([e.d for e in effects], dtype=float)
    se = np.array([(e.ci_high - e.ci_low) / (2 * _Z95) for e in effects], dtype=float)
    if np.any(se <= 0):
        raise ValueError("every study needs a confidence interval of positive width")
    return _dersimonian_laird(d, se**2)


def _dersimonian_laird(d, v) -> Pooled:
    k = len(d)
    w = 1 / v
    fixed = float(np.sum(w * d) / np.sum(w))
    q = float(np.sum(w * (d - fixed) ** 2))
    c = float(np.sum(w) - np.sum(w**2) / np.sum(w))
    tau2 = max(0.0, (q - (k - 1)) / c) if k > 1 else 0.0
    i2 = max(0.0, (q - (k - 1)) / q) if q > 0 else 0.0
    w_re = 1 / (v + tau2)
    pooled = float(np.sum(w_re * d) / np.sum(w_re))
    se = float(math.sqrt(1 / np.sum(w_re)))
    p = float(2 * sps.norm.sf(abs(pooled) / se))
    return Pooled(
        d=pooled,
        ci_low=float(pooled - _Z95 * se),
        ci_high=float(pooled + _Z95 * se),
        tau2=tau2,
        i2=i2,
        q=q,
        p=p,
        k=k,
    )
