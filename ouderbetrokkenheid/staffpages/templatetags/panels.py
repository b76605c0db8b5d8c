"""Panels of one app shown inside another app's pages: `{% load panels %}`.

Templates load only their own app's tags or this aggregator's (issue 18): a meetings or
conversations page may not load `development` or `reach` tags, which sit above it. The aggregator
(staffpages reads across apps) composes them instead:

- `{% development_compact pupil "gesprek" %}`: the compact development chart and plain words on the
  conversation screen and in a shared record, when the person looking may read the pupil's view
  (staff in scope; a guardian only while it is published); the read is logged.
- `{% session_buddies session actor %}`: the buddy pairs among a session's invited parents,
  limited to the parents the viewer may see (a teacher: the families of their groups).
"""

from django import template

from development import access, selectors
from development.models import AccessAction
from development.present import view_context
from meetings.models import Invitation
from ouderbetrokkenheid.accounts.access import actor_for
from ouderbetrokkenheid.accounts.selectors import guardians_visible_to
from reach.buddies import pairs_for_guardians

register = template.Library()


@register.inclusion_tag("development/view/_compact.html", takes_context=True)
def development_compact(context, pupil, where="gesprek"):
    request = context.get("request")
    if request is None or pupil is None:
        return {}
    actor = actor_for(request)
    if not access.may_read(actor, pupil):
        return {}
    as_guardian = actor.staff is None or not access.pupils_changeable_by(actor.staff).filter(pk=pupil.pk).exists()
    view = selectors.pupil_view(pupil)
    uid = f"opp-{pupil.pk}"
    result = view_context(view, size="narrow", uid=uid, expectations=False)
    access.log_access(actor=actor, pupil=pupil, action=AccessAction.VIEW, what=f"ontwikkeling ({where})",
                      as_guardian=as_guardian)  # fmt: skip
    return result | {"uid": uid, "staff_link": not as_guardian}


@register.inclusion_tag("reach/_session_buddies.html")
def session_buddies(session, actor):
    invited = Invitation.objects.filter(session=session).values("guardian_id")
    visible = guardians_visible_to(actor).filter(pk__in=invited).values("pk")
    return {"pairs": list(pairs_for_guardians(visible))}
