"""The week's notice of the practice card: parents hear of an information session at least
INVITE_DAYS_AHEAD days before it. Staff-facing: the refusal is shown to leadership."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ouderbetrokkenheid.school.clock import local_day
from ouderbetrokkenheid.school.dates import day_month

INVITE_DAYS_AHEAD = 7


def invite_too_late(session, today: datetime.date | None = None) -> bool:
    """Whether the session is less than INVITE_DAYS_AHEAD days away (or over): too late to invite for."""
    today = today or timezone.localdate()
    return (local_day(session.starts_at) - today).days < INVITE_DAYS_AHEAD


def refuse_late_invitation(session) -> None:
    """Raise a ValidationError saying why, when it is too late to invite for `session`."""
    if not invite_too_late(session):
        return
    day = day_month(timezone.localtime(session.starts_at))
    if session.invitations_sent_at:
        message = _(
            "De bijeenkomst is op %(day)s, over minder dan %(days)s dagen: er gaan geen uitnodigingen meer uit. "
            "Ouders die al zijn uitgenodigd, krijgen een bericht als u de bijeenkomst aanpast."
        )
    else:
        message = _(
            "Nodig ouders minstens %(days)s dagen voor de bijeenkomst uit. De bijeenkomst is op %(day)s: "
            "verplaats haar eerst naar een dag minstens %(days)s dagen na vandaag."
        )
    raise ValidationError(message % {"day": day, "days": INVITE_DAYS_AHEAD})
