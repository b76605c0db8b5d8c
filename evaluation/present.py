"""How an evaluation reads: the toolkit's words for an effect size, the strength of evidence, the power
sentence, and the forest chart as a server-rendered SVG (no JavaScript; CSP forbids inline script
and style, so the SVG uses presentation attributes only)."""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ouderbetrokkenheid.school.interventions import Intervention

from . import stats
from .models import Arm, Design
from .outcomes import OUTCOMES

SIZE_WORDS = {"small": "klein", "medium": "middelgroot", "large": "groot"}


def nl(value, places=2):
    """A number the Dutch way: 0,35."""
    if value is None:
        return "–"
    return f"{value:.{places}f}".replace(".", ",").replace("-", "−")


def intervention_label(value):
    return str(dict(Intervention.choices).get(value, value))


def outcome_label(key, domain=""):
    info = OUTCOMES.get(key)
    label = _outcome_attr(info, "label", key)
    if domain:
        from development.models import Domain

        label = f"{label} ({dict(Domain.choices).get(domain, domain)})"
    return str(label)


def _outcome_attr(info, name, default=None):
    if info is None:
        return default
    if isinstance(info, dict):
        return info.get(name, default)
    return getattr(info, name, default)


def outcome_unit(key):
    return str(_outcome_attr(OUTCOMES.get(key), "unit", ""))


def higher_is_better(key):
    return bool(_outcome_attr(OUTCOMES.get(key), "higher_is_better", True))


def size_words(effect):
    """The toolkit's words: "geen aantoonbaar effect" when the 95 % CI spans 0, else klein/middelgroot/groot."""
    if effect is None:
        return ""
    if effect["ci_low"] <= 0 <= effect["ci_high"]:
        return _("geen aantoonbaar effect")
    word = SIZE_WORDS.get(stats.size_label(effect["d"]), "")
    return _("%(size)s effect") % {"size": word}


def direction_words(effect, outcome_key):
    if effect is None or effect["ci_low"] <= 0 <= effect["ci_high"]:
        return ""
    better = (effect["d"] > 0) == higher_is_better(outcome_key)
    return _("in het voordeel van de aanpak") if better else _("in het nadeel van de aanpak")


EVIDENCE = {
    Design.FAMILY: "Sterk bewijs: loting per gezin (broers en zussen samen).",
    Design.GROUP: "Sterk bewijs: loting per groep (minder precies dan per gezin, omdat kinderen in een groep op "
    "elkaar lijken; de analyse houdt daar rekening mee).",
    Design.LAST_YEAR: "Zwakker bewijs: zonder loting, vergeleken met het cohort van vorig schooljaar. Een verschil "
    "kan ook door iets anders komen dat dit jaar veranderde.",
}


def evidence(design):
    return _(EVIDENCE[Design(design)])


def power_sentence(mde, min_effect):
    if mde is None:
        return _("Met deze aantallen kan dit onderzoek geen effect aantonen: er zijn te weinig gezinnen of groepen.")
    if mde > float(min_effect):
        return _("Met deze aantallen kan dit onderzoek geen effect kleiner dan d = %(mde)s aantonen.") % {
            "mde": nl(mde, 1 if round(mde, 1) == round(mde, 2) else 2)
        }
    return _(
        "Met deze aantallen kan dit onderzoek een effect vanaf d = %(mde)s aantonen (80 %% kans, α = 0,05); "
        "dat is niet groter dan het kleinste effect dat u de moeite waard vindt (d = %(min)s)."
    ) % {"mde": nl(mde), "min": nl(float(min_effect))}


def arm_label(arm):
    return str(Arm(arm).label)


# -- the chart --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    label: str
    d: float
    low: float
    high: float
    pooled: bool = False


WIDTH, LEFT, RIGHT, ROW_H, TOP = 640, 190, 24, 30, 34
BANDS = ((0.2, "#f3f3f3"), (0.4, "#e4e4e4"))  # shading of "middelgroot" and "groot" (both signs)


def forest_svg(rows, *, title, description):
    """Each row's d with its 95 % CI on one axis, the toolkit's size bands behind them, 0 marked."""
    if not rows:
        return ""
    lo = min(-0.6, *(r.low for r in rows)) - 0.05
    hi = max(0.6, *(r.high for r in rows)) + 0.05
    plot_w = WIDTH - LEFT - RIGHT
    height = TOP + ROW_H * len(rows) + 34

    def x(v):
        return LEFT + (v - lo) / (hi - lo) * plot_w

    bottom = TOP + ROW_H * len(rows)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" class="evaluation-chart" '
        f'role="img" aria-labelledby="ev-title ev-desc">',
        f'<title id="ev-title">{escape(title)}</title><desc id="ev-desc">{escape(description)}</desc>',
    ]
    for edge, colour in BANDS:
        for sign in (1, -1):
            a, b = sorted((sign * edge, sign * 9))
            a, b = max(a, lo), min(b, hi)
            if a < b:
                out.append(f'<rect x="{x(a):.1f}" y="{TOP}" width="{x(b) - x(a):.1f}" height="{bottom - TOP}" '
                           f'fill="{colour}"/>')  # fmt: skip
    tick, ticks = -2.0, []
    while tick <= 2.0:
        if lo <= tick <= hi:
            ticks.append(tick)
        tick = round(tick + 0.2, 1)
    for t in ticks:
        out.append(f'<line x1="{x(t):.1f}" y1="{bottom}" x2="{x(t):.1f}" y2="{bottom + 4}" stroke="#555"/>')
        out.append(f'<text x="{x(t):.1f}" y="{bottom + 17}" text-anchor="middle" font-size="11">{nl(t, 1)}</text>')
    out.append(f'<line x1="{x(0):.1f}" y1="{TOP - 6}" x2="{x(0):.1f}" y2="{bottom}" stroke="#222" '
               'stroke-dasharray="4 3"/>')  # fmt: skip
    out.append(f'<text x="{LEFT + plot_w / 2:.1f}" y="{height - 2}" text-anchor="middle" font-size="11">'
               f'{escape(_("Effect (Cohen’s d) met 95 %-betrouwbaarheidsinterval"))}</text>')  # fmt: skip
    out.append(f'<text x="{x(0.3):.1f}" y="{TOP - 10}" text-anchor="middle" font-size="10">'
               f'{escape(_("middelgroot"))}</text>')  # fmt: skip
    if hi > 0.45:
        out.append(f'<text x="{x(min(hi, 0.4) + (hi - 0.4) / 2):.1f}" y="{TOP - 10}" text-anchor="middle" '
                   f'font-size="10">{escape(_("groot"))}</text>')  # fmt: skip
    for i, row in enumerate(rows):
        cy = TOP + ROW_H * i + ROW_H / 2
        weight = ' font-weight="bold"' if row.pooled else ""
        out.append(f'<text x="{LEFT - 8}" y="{cy + 4:.1f}" text-anchor="end" font-size="12"{weight}>'
                   f"{escape(row.label)}</text>")  # fmt: skip
        out.append(f'<line x1="{x(row.low):.1f}" y1="{cy:.1f}" x2="{x(row.high):.1f}" y2="{cy:.1f}" '
                   'stroke="#0072B2" stroke-width="2"/>')  # fmt: skip
        if row.pooled:
            corners = ((row.low, cy), (row.d, cy - 8), (row.high, cy), (row.d, cy + 8))
            pts = " ".join(f"{x(v):.1f},{y:.1f}" for v, y in corners)
            out.append(f'<polygon points="{pts}" fill="#D55E00"/>')
        else:
            out.append(f'<rect x="{x(row.d) - 5:.1f}" y="{cy - 5:.1f}" width="10" height="10" fill="#0072B2"/>')
    out.append("</svg>")
    return mark_safe("".join(out))


def effect_row(label, effect, pooled=False):
    return Row(label, effect["d"], effect["ci_low"], effect["ci_high"], pooled)
