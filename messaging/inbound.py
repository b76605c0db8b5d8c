"""Replies from parents: SMS and WhatsApp (Twilio's inbound webhook) and e-mail (a reply address
per message, received through Mailgun's inbound route), turned into one `Reply` for whoever
listens (the `reply_received` signal; the threads app files it in the family's thread).

Messaging knows no feature: it finds the guardian and the message the reply answers, and hands
both on. STOP keywords are handled before this (consent.sms_keyword), so they keep working first.

- SMS/WhatsApp: the guardian is found by the sending number (`whatsapp:` stripped); when several
  guardians share it, the one who was last sent a message on that channel. That message is the
  one answered.
- E-mail: every e-mail to a guardian carries a Reply-To `antwoord+<message pk>-<signature>@<domain>`
  (MESSAGING_REPLY_DOMAIN; without it no Reply-To is set). The signature is an HMAC of the message
  pk with the SECRET_KEY (django.utils.crypto.salted_hmac), so a forged address finds nothing.

A provider retries a webhook it got no answer to: `reference` (Twilio's MessageSid, the e-mail's
Message-ID) lets the listener file a reply once.
"""

import hmac
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.dispatch import Signal
from django.utils.crypto import salted_hmac

from ouderbetrokkenheid.school.models import Channel, Guardian

from .models import Message, Status

logger = logging.getLogger(__name__)
SALT = "messaging.inbound.reply-address"
LOCAL_PART = re.compile(r"^antwoord\+(\d+)-([0-9a-f]{20})$")

#: sent with `reply=Reply`; a receiver may return a short text to answer the parent at once
#: (SMS/WhatsApp: in the webhook's TwiML answer), or None.
reply_received = Signal()


@dataclass(frozen=True)
class Reply:
    guardian: Guardian
    channel: str  # Channel value, or "portal"
    body: str
    reference: str = ""  # the provider's id of the inbound message
    answers: Message | None = None  # the outbox message the parent replied to


def _signature(message_pk: int) -> str:
    return salted_hmac(SALT, str(message_pk)).hexdigest()[:20]


def reply_domain() -> str:
    return getattr(settings, "MESSAGING_REPLY_DOMAIN", "") or ""


def reply_address(message) -> str:
    """The Reply-To of an e-mail for `message`, or "" when inbound e-mail is not set up."""
    domain = reply_domain()
    return f"antwoord+{message.pk}-{_signature(message.pk)}@{domain}" if domain else ""


def message_for_address(address: str) -> Message | None:
    """The message a reply address was made for; None for a forged, foreign or unknown one."""
    local, _at, domain = (address or "").strip().strip("<>").lower().rpartition("@")
    match = LOCAL_PART.match(local)
    if not match or not reply_domain() or domain != reply_domain().lower():
        return None
    pk, signature = match.groups()
    if not hmac.compare_digest(signature, _signature(int(pk))):
        return None
    return Message.objects.select_related("guardian").filter(pk=pk).first()


def _dispatch(reply: Reply) -> list[str]:
    answers = reply_received.send(sender=Reply, reply=reply)
    return [str(text) for _receiver, text in answers if text]


def phone_reply(*, number: str, body: str, reference: str = "") -> list[str]:
    """An inbound SMS or WhatsApp that is not a keyword; returns the texts to answer with."""
    channel = Channel.WHATSAPP if number.startswith("whatsapp:") else Channel.SMS
    number = number.removeprefix("whatsapp:")
    guardians = list(Guardian.objects.filter(mobile=number)) if number else []
    if not guardians or not body.strip():
        logger.info("inbound %s from an unknown number or empty: dropped", channel)
        return []
    last = (
        Message.objects.filter(guardian__in=guardians, channel=channel, status=Status.SENT)
        .select_related("guardian")
        .order_by("-sent_at", "-pk")
        .first()
    )
    guardian = last.guardian if last else guardians[0]
    return _dispatch(Reply(guardian=guardian, channel=channel, body=body.strip(), reference=reference, answers=last))


def email_reply(*, recipients, body: str, reference: str = "") -> list[str]:
    """An inbound e-mail to one of our reply addresses (`recipients`: the envelope and To
    addresses); nothing happens for an address we did not make."""
    message = next((m for m in map(message_for_address, recipients) if m is not None), None)
    if message is None or not (body or "").strip():
        logger.info("inbound e-mail to an unknown reply address or empty: dropped")
        return []
    return _dispatch(
        Reply(guardian=message.guardian, channel=Channel.EMAIL, body=body.strip(), reference=reference, answers=message)
    )


def on_inbound(sender, event, esp_name, **kwargs):
    """anymail.signals.inbound receiver (Mailgun's inbound route, signature checked by anymail)."""
    mail = event.message
    recipients = [mail.envelope_recipient or ""] + [a.addr_spec for a in (mail.to or [])]
    body = getattr(mail, "stripped_text", None) or mail.text or ""
    email_reply(recipients=recipients, body=body, reference=str(mail.get("Message-ID", "") or event.event_id or ""))
