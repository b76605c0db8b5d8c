"""Which evaluations an actor sees (the lookup is the check: anything else is a 404), and the board's
pooled view."""

from collections import defaultdict
from dataclasses import dataclass, field

from ouderbetrokkenheid.accounts.selectors import get_or_404
from ouderbetrokkenheid.school.models import School

from . import stats
from .models import Evaluation, ExportRequest


def evaluation_schools_visible_to(actor):
    """The schools an actor may evaluate: leadership its own school, a board admin the board's schools
    (narrower than accounts' `schools_visible_to`: other staff evaluate nothing)."""
    if actor.staff is not None and actor.staff.is_leadership:
        return School.objects.filter(pk=actor.staff.school_id)
    if actor.board_admin is not None:
        return School.objects.filter(board_id=actor.board_admin.board_id).order_by("name")
    return School.objects.none()


def evaluations_visible_to(actor):
    return Evaluation.objects.filter(school__in=evaluation_schools_visible_to(actor)).select_related("school", "result")


def evaluation_for(actor, evaluation_id):
    return get_or_404(evaluations_visible_to(actor), evaluation_id)


def export_requests_visible_to(actor, evaluation):
    """The export requests of one evaluation, if the actor sees that evaluation."""
    return ExportRequest.objects.filter(
        evaluation=evaluation, evaluation__in=evaluations_visible_to(actor)
    ).select_related("requested_by")


def export_request_for(actor, evaluation, export_id):
    return get_or_404(export_requests_visible_to(actor, evaluation), export_id)


@dataclass
class PooledTopic:
    intervention: str
    outcome: str
    domain: str
    studies: list = field(default_factory=list)  # frozen evaluations with a shown effect
    pooled: object = None  # stats.Pooled when k >= 2


def pooled_topics(board):
    """The board's schools' evaluations with a result, per (intervention, outcome, domain), pooled."""
    topics = defaultdict(list)
    evaluations = (
        Evaluation.objects.filter(
            school__board=board, frozen_at__isnull=False, withdrawn_at__isnull=True, result__effect__isnull=False
        )
        .select_related("school", "result")
        .order_by("school__name", "pk")
    )
    for evaluation in evaluations:
        topics[(evaluation.intervention, evaluation.outcome, evaluation.domain)].append(evaluation)
    found = []
    for (intervention, outcome, domain), studies in sorted(topics.items()):
        topic = PooledTopic(intervention, outcome, domain, studies)
        if len(studies) >= 2:
            topic.pooled = stats.meta_analysis([stats.Effect(**e.result.effect) for e in studies])
        found.append(topic)
    return found
