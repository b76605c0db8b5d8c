"""The development view inside other apps' pages (conversation screen and records, portal home),
without those apps importing `development`: `{% load development_tags %}`.

`{% development_compact pupil %}` renders the compact chart and the plain words when the person
looking may read the pupil's view (staff in scope; a guardian only while it is published), logs
the read, and renders nothing otherwise.
"""

from django import template

from ouderbetrokkenheid.accounts.access import actor_for

from .. import access, selectors
from ..chart import legend_key
from ..models import AccessAction, Publication
from ..present import view_context

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


@register.simple_tag
def development_published(pupils):
    """The ids of those pupils whose view is published to their guardians (one query), for portal links."""
    return set(Publication.objects.filter(pupil__in=list(pupils)).values_list("pupil_id", flat=True))


@register.filter
def opp_key(domain):
    """The chart's line and marker of a domain, small, beside its words."""
    return legend_key(domain)
