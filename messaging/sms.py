"""SMS backends for short, immediate texts (parent login codes).

The messaging issue adds the real HTTP provider and the outbox; these backends
follow Django's e-mail backend pattern: console for development, locmem for tests.
"""

import sys
import uuid

from django.conf import settings
from django.utils.module_loading import import_string

outbox = []  # LocmemSMSBackend writes here, like django.core.mail.outbox


class ConsoleSMSBackend:
    def send(self, *, to, text):
        sys.stdout.write(f"SMS naar {to}: {text}\n")
        sys.stdout.flush()


class LocmemSMSBackend:
    def send(self, *, to, text):
        outbox.append({"to": to, "text": text})


class ProviderSMSBackend:
    """Login codes through the outbox's SMS provider (MESSAGING_SMS_PROVIDER, e.g. Twilio), at once."""

    def send(self, *, to, text):
        from .channels.base import Outgoing, provider_for

        key = f"sms-now:{uuid.uuid4().hex}"
        provider_for("sms").send(Outgoing(channel="sms", to=to, text=text, idempotency_key=key))


def send_sms(*, to, text):
    import_string(settings.SMS_BACKEND)().send(to=to, text=text)
