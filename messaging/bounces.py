"""E-mail delivery feedback from the ESP (django-anymail's tracking signal).

A hard bounce, a rejection by the ESP or a spam complaint marks the guardian's address as not
working (`Guardian.email_bounced`): channels_for skips it from then on, so the next message
goes by the next channel, and the guardian shows on the teacher's "niet bereikbaar" list and
in the reach dashboard. The bounced message itself falls back to the next channel at once
(engine.delivery_update). A soft bounce (deferred) changes nothing: the ESP retries.

The webhook is anymail's, verified by the ESP's signature (Mailgun: HMAC-SHA256 of timestamp
and token with the webhook signing key) and, when ANYMAIL WEBHOOK_SECRET is set, basic auth.
"""

import logging

from django.db import transaction

from ouderbetrokkenheid.school.models import Guardian

from . import engine
from .models import MessageAttempt

logger = logging.getLogger(__name__)

HARD = {"bounced": "bounced", "rejected": "rejected", "complained": "complained"}


def _ids(message_id: str) -> list[str]:
    bare = (message_id or "").strip().strip("<>")
    return [bare, f"<{bare}>"] if bare else []


@transaction.atomic
def email_feedback(*, event_type: str, message_id: str, recipient: str, reason: str = "") -> MessageAttempt | None:
    """Apply one ESP tracking event; returns the attempt it concerned (None if not ours or not hard)."""
    if event_type not in HARD:
        return None
    attempt = MessageAttempt.objects.filter(provider_id__in=_ids(message_id), channel="email").first()
    if attempt is None:
        logger.info("ESP event %s for an unknown message %s", event_type, message_id)
        return None
    guardian = Guardian.objects.select_for_update().get(pk=attempt.message.guardian_id)
    address = (recipient or guardian.email).lower()
    if address and address == guardian.email:
        guardian.email_bounced = address
        guardian.save(update_fields=["email_bounced"])
    code = f"{HARD[event_type]} {reason}".strip()[:60]
    engine.delivery_update(provider_id=attempt.provider_id, provider_status="undelivered", error_code=code)
    return attempt


def on_tracking(sender, event, esp_name, **kwargs):
    """anymail.signals.tracking receiver."""
    email_feedback(
        event_type=event.event_type,
        message_id=str(event.message_id or ""),
        recipient=event.recipient or "",
        reason=str(event.reject_reason or event.description or "")[:200],
    )
