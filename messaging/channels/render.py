"""A message rendered for one channel, in the guardian's language.

E-mail: subject, body and a footer with a signed unsubscribe link for the message's
topic (plus List-Unsubscribe headers for one-click unsubscribe, RFC 8058).
SMS: the text and a short STOP hint. WhatsApp: the plain text.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ouderbetrokkenheid.school.models import Channel

from ..consent import topic_of, unsubscribe_url, words_for
from ..inbound import reply_address
from ..models import Kind, Purpose, Topic
from .base import Outgoing


def site_url(path: str) -> str:
    return getattr(settings, "SITE_URL", "http://localhost:8000").rstrip("/") + path


def callback_url(name: str) -> str:
    base = getattr(settings, "MESSAGING_CALLBACK_BASE_URL", "") or getattr(settings, "SITE_URL", "")
    return (base or "http://localhost:8000").rstrip("/") + reverse(name)


def default_subject(message) -> str:
    if message.purpose == Purpose.REMINDER:
        return _("Herinnering van school")
    if message.purpose == Purpose.NOTICE:
        return _("Belangrijk bericht van school")
    return {
        Kind.PROGRESS: _("Nieuws over uw kind"),
        Kind.TIP: _("Een tip voor thuis"),
        Kind.ENCOURAGEMENT: _("Goed bezig!"),
    }.get(message.kind, _("Bericht van school"))


def sms_hint(message) -> str:
    """The STOP hint in the message's language, naming the keyword of that language."""
    words = words_for(message.language)
    if message.purpose == Purpose.ENGAGEMENT:
        return _("Geen tips en nieuws meer? Stuur %(stop)s.") % words
    if message.purpose == Purpose.REMINDER:
        return _("Geen herinneringen meer? Stuur %(stop_all)s.") % words
    return ""


@dataclass
class Shared:
    """What the messages of one batch share while they are rendered: read once, reused.

    `attachments` {message pk: ((filename, content type, content), …)} and `states`
    {(guardian pk, topic): subscription state} are read for the whole batch; the footer (with
    its signed unsubscribe link) is made once per guardian, topic and language."""

    attachments: dict | None = None
    states: dict | None = None
    made: dict = field(default_factory=dict)

    def once(self, key, make):
        """`make()`, made once per batch for `key`."""
        if key not in self.made:
            self.made[key] = make()
        return self.made[key]


def _once(shared, key, make):
    return make() if shared is None else shared.once(key, make)


LINK = "\x00unsubscribe\x00"  # where the guardian's own link goes in a footer rendered once per batch


def _footer_template(topic, link):
    return render_to_string(
        "messaging/delivery/email_footer.txt",
        {
            "unsubscribe_url": link,
            "topic_label": Topic(topic).label if topic else "",
            "preferences_url": site_url(reverse("messaging:preferences")),
        },
    ).strip()


def _footer(message, topic, shared):
    """(footer, unsubscribe link); in a batch the template is rendered once per topic and language."""
    state = shared.states.get((message.guardian_id, topic), "") if shared and shared.states is not None else None
    link = site_url(unsubscribe_url(guardian=message.guardian, topic=topic, state=state)) if topic else ""
    if shared is None:
        return _footer_template(topic, link), link
    footer = shared.once(("footer", topic, message.language), lambda: _footer_template(topic, LINK if topic else ""))
    return footer.replace(LINK, link), link


def _email(message, key, shared=None) -> Outgoing:
    topic = topic_of(message)
    memo = (message.guardian_id, topic, message.language)
    footer, link = _once(shared, memo, lambda: _footer(message, topic, shared))
    if shared is not None and shared.attachments is not None:
        attachments = shared.attachments.get(message.pk, ())
    else:
        attachments = tuple(message.attachments.values_list("filename", "content_type", "content"))
    headers = {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"} if link else {}
    if reply_to := reply_address(message):  # a reply lands in the family's thread (messaging.inbound)
        headers["Reply-To"] = reply_to
    return Outgoing(
        channel=Channel.EMAIL,
        to=message.guardian.email,
        subject=message.subject or default_subject(message),
        text=f"{message.text}\n\n{footer}",
        idempotency_key=key,
        headers=headers,
        attachments=attachments,
    )


def _phone(message, channel, key, shared=None) -> Outgoing:
    hint = sms_hint(message) if channel == Channel.SMS else ""
    status_callback = _once(shared, "twilio_status", lambda: callback_url("messaging:twilio_status"))
    return Outgoing(
        channel=channel,
        to=message.guardian.mobile,
        text=f"{message.text}\n{hint}" if hint else message.text,
        idempotency_key=key,
        status_callback=status_callback,
    )


def outgoing_for(message, channel: str, shared: Shared | None = None) -> Outgoing:
    """The message as `channel` carries it; the key is the message's idempotency key per channel.
    `shared`: what a batch read once for all its messages (see Shared)."""
    key = f"{message.idempotency_key}/{channel}"
    with translation.override(message.language):
        return _email(message, key, shared) if channel == Channel.EMAIL else _phone(message, channel, key, shared)
