"""Shared steps: plan and approve a group's week through the services, as a teacher would."""

from messaging.models import Kind, Message
from messaging.planning import week_plan_approve, week_plan_get_or_propose, week_plan_save


def plan_week(group, week, by, lines=None, *, theme="", tip=True, encouragement=True):
    proposal = week_plan_get_or_propose(group=group, week=week)
    return week_plan_save(
        group=group, week=week, theme=theme, by=by, progress=lines or {},
        tip=proposal.tip if tip else None, encouragement=proposal.encouragement if encouragement else None,
    )  # fmt: skip


def approve_week(group, week, by, lines=None, **options):
    return week_plan_approve(plan=plan_week(group, week, by, lines, **options), by=by)


def messages_of(guardian, week=None):
    """{kind: message} of the guardian's engagement messages (that week)."""
    found = Message.objects.filter(guardian=guardian, purpose="engagement").exclude(status="cancelled")
    if week is not None:
        found = found.filter(week=week)
    by_kind = {}
    for message in found:
        assert message.kind not in by_kind, f"two {message.kind} messages for {guardian}"
        by_kind[message.kind] = message
    return by_kind


ALL_KINDS = {Kind.PROGRESS, Kind.TIP, Kind.ENCOURAGEMENT}
