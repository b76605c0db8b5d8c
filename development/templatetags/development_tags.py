"""development's own tags, for its templates and the aggregators' (the portal home):
`{% load development_tags %}`. The compact view inside conversations' pages is the aggregator's
`{% development_compact %}` (ouderbetrokkenheid/staffpages/templatetags/panels.py)."""

from django import template

from ..chart import legend_key
from ..models import Publication

register = template.Library()


@register.simple_tag
def development_published(pupils):
    """The ids of those pupils whose view is published to their guardians (one query), for portal links."""
    return set(Publication.objects.filter(pupil__in=list(pupils)).values_list("pupil_id", flat=True))


@register.filter
def opp_key(domain):
    """The chart's line and marker of a domain, small, beside its words."""
    return legend_key(domain)
