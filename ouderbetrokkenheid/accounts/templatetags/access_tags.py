"""`{% if actor|may_open:"app:view" %}`: a link only for those the view's own access policy lets in."""

from django import template

from ..access import may_open as _may_open

register = template.Library()


@register.filter
def may_open(actor, url_name):
    return bool(actor) and _may_open(actor, url_name)
