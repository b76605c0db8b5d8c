"""The provider interface every channel goes through.

A provider takes one `Outgoing` and returns a `SendResult`, or raises `TransientError`
(worth retrying: timeouts, HTTP 5xx/429) or `PermanentError` (retrying cannot help:
invalid number, opted-out recipient). Which provider serves a channel is a setting:
MESSAGING_EMAIL_PROVIDER, MESSAGING_SMS_PROVIDER, MESSAGING_WHATSAPP_PROVIDER (dotted paths).
"""

import abc
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string

from ouderbetrokkenheid.school.models import Channel

DEFAULT_PROVIDERS = {
    Channel.EMAIL: "messaging.channels.email.EmailProvider",
    Channel.SMS: "messaging.channels.console.ConsoleProvider",
    Channel.WHATSAPP: "messaging.channels.console.ConsoleProvider",
}


class SendError(Exception):
    def __init__(self, message, *, code=""):
        super().__init__(message)
        self.code = str(code or "")

    def __str__(self):
        text = super().__str__()
        return f"{self.code}: {text}" if self.code else text


class TransientError(SendError):
    """The provider may accept it later: retry with backoff."""


class PermanentError(SendError):
    """The provider will never accept it on this channel: fall back at once."""


@dataclass(frozen=True)
class Outgoing:
    channel: str
    to: str
    text: str
    idempotency_key: str
    subject: str = ""
    headers: dict = field(default_factory=dict)
    status_callback: str = ""
    attachments: tuple = ()  # (filename, content type, text); e-mail only


@dataclass(frozen=True)
class SendResult:
    provider_id: str
    status: str = ""  # the provider's own word: queued, sent, delivered …


class Provider(abc.ABC):
    """Send one message."""

    @abc.abstractmethod
    def send(self, outgoing: Outgoing) -> SendResult: ...


def provider_for(channel: str) -> Provider:
    path = getattr(settings, f"MESSAGING_{channel.upper()}_PROVIDER", None) or DEFAULT_PROVIDERS[channel]
    return import_string(path)()
