"""Which evaluations an actor sees (the lookup is the check: anything else is a 404), and the board's
pooled view."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.http import Http404

from ouderbetrokkenheid.school.models import School

from . import stats
from .models import Evaluation, ExportRequest


def schools_for(actor):
    """The schools an actor may evaluate: leadership its own school, a board admin the board's schools."""
    if actor.staff is not None and actor.staff.is_leadership:
        return School.objects.filter(pk=actor.staff.school_id)
    if actor.board_admin is not None:
        return School.objects.filter(board_id=actor.board_admin.board_id).order_by("name")
    return School.objects.none()


def evaluations_for(actor):
    return Evaluation.objects.filter(school__in=schools_for(actor)).select_related("school", "result")


def evaluation_for(actor, pk):
    evaluation = evaluations_for(actor).filter(pk=pk).first()
    if evaluation is None:
        raise Http404
    return evaluation


def export_request_for(actor, evaluation, pk):
    found = ExportRequest.objects.filter(evaluation=evaluation, pk=pk).select_related("requested_by").first()
    if found is None:
        raise Http404
    return found


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
        Evaluation.objects.filter(school__board=board, frozen_at__isnull=False, result__effect__isnull=False)
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
