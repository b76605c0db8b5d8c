"""Template filters for the year calendar pages."""

from django import template

from ..formatting import event_when
from ..labels import display_title, kind_code, kind_label

register = template.Library()


@register.filter
def state_of(states, event):
    """The draft state of an event on a staff page: "new", "changed" or "published"."""
    return states.get(event.uid, "published") if states else "published"


@register.filter
def is_draft(day_events, states):
    return any(states.get(e.uid, "published") != "published" for e in day_events) if states else False


register.filter("kind_label", kind_label)
register.filter("kind_code", kind_code)
register.filter("event_title", display_title)
register.filter("event_when", event_when)
