"""The public calendar feeds (ICS, reached by a secret token): the school year and the conversations."""

from django.http import Http404, HttpResponse

from conversations import ical as conversations_ical
from ouderbetrokkenheid.accounts.access import public
from yearplan import feeds, ical


@public
def feed(request, token):
    """The feed for calendar apps: the secret token is the key (no login; unknown or revoked: 404)."""
    owner = feeds.feed_owner(token)
    if owner is None:
        raise Http404
    body = ical.staff_feed(owner.staff) if owner.staff_id else ical.guardian_feed(owner.guardian)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="schooljaar.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


@public
def conversations_feed(request, token):
    """A guardian's conversations for calendar apps, behind the same secret link (no login; unknown,
    revoked, a deactivated account or no linked child any more: 404). Times and teacher only."""
    owner = feeds.feed_owner(token)
    if owner is None or owner.guardian_id is None:
        raise Http404
    response = HttpResponse(
        conversations_ical.guardian_feed(owner.guardian), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="gesprekken.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
