"""The provider interface every channel goes through.

A provider takes one `Outgoing` and returns a `SendResult`, or raises `TransientError`
(worth retrying: HTTP 5xx/429, no connection) or `PermanentError` (retrying cannot help:
invalid number, opted-out recipient), or `UnknownOutcomeError` when the request went out
but no answer came back (a timeout, the connection dropped): the provider may have accepted
it. Then the engine does not send again blindly: it first asks `lookup` whether the provider
has the message (a provider that cannot tell returns None and is sent again; e-mail carries
a stable Message-ID that mail systems de-duplicate). Which provider serves a channel is a setting:
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


class UnknownOutcomeError(TransientError):
    """The request reached the provider but its answer did not reach us: look it up before resending."""


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

    def lookup(self, outgoing: Outgoing, *, since) -> SendResult | None:
        """The provider's record of `outgoing` if it accepted it at or after `since`, else None.
        Raises TransientError when the provider cannot be asked now (then nothing is resent)."""
        return None


def provider_for(channel: str) -> Provider:
    path = getattr(settings, f"MESSAGING_{channel.upper()}_PROVIDER", None) or DEFAULT_PROVIDERS[channel]
    return import_string(path)()
