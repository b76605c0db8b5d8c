"""A small panel other apps' staff pages include: the buddy pairs among a session's invited
parents, limited to the parents the viewer may see (a teacher: the families of their groups)."""

from django import template

from meetings.models import Invitation
from ouderbetrokkenheid.accounts.selectors import guardians_visible_to
from reach.buddies import pairs_for_guardians

register = template.Library()


@register.inclusion_tag("reach/_session_buddies.html")
def session_buddies(session, actor):
    invited = Invitation.objects.filter(session=session).values("guardian_id")
    visible = guardians_visible_to(actor).filter(pk__in=invited).values("pk")
    return {"pairs": list(pairs_for_guardians(visible))}
