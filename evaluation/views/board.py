"""The board's pooled view: its schools' evaluations of the same intervention and outcome, pooled by a
random-effects meta-analysis, with the spread between schools shown (tau², I², each school's d)."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from ouderbetrokkenheid.accounts.access import actor_for, roles_required

from .. import present, selectors
from ..models import Design

board_required = roles_required("board_admin")


def _study(evaluation):
    effect = evaluation.result.effect
    return {
        "evaluation": evaluation,
        "d": present.nl(effect["d"]),
        "ci_low": present.nl(effect["ci_low"]),
        "ci_high": present.nl(effect["ci_high"]),
        "words": present.size_words(effect),
        "weaker": evaluation.design == Design.LAST_YEAR,
    }


def _topic(topic):
    rows = [present.effect_row(e.school.name, e.result.effect) for e in topic.studies]
    pooled = topic.pooled
    found = {"pooled": pooled, "studies": [_study(e) for e in topic.studies], "pooled_words": "", "pooled_fmt": None}
    if pooled is not None:
        rows.append(present.Row(_("Samen"), pooled.d, pooled.ci_low, pooled.ci_high, pooled=True))
        found["pooled_words"] = present.size_words({"d": pooled.d, "ci_low": pooled.ci_low, "ci_high": pooled.ci_high})
        found["pooled_fmt"] = {
            "d": present.nl(pooled.d),
            "ci_low": present.nl(pooled.ci_low),
            "ci_high": present.nl(pooled.ci_high),
            "tau2": present.nl(pooled.tau2, 3),
            "i2": present.nl(pooled.i2 * 100, 0),
        }
    found["title"] = (
        f"{present.intervention_label(topic.intervention)}: {present.outcome_label(topic.outcome, topic.domain)}"
    )
    found["chart"] = present.forest_svg(
        rows,
        title=found["title"],
        description=_("Per school het effect (d) met 95 %-interval; onderaan het gepoolde effect."),
    )
    return found


@board_required
def pooled(request):
    board = actor_for(request).board_admin.board
    topics = [_topic(topic) for topic in selectors.pooled_topics(board)]
    response = render(request, "evaluation/board.html", {"topics": topics, "board": board})
    response["Cache-Control"] = "private, no-store"
    return response
