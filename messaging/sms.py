"""SMS backends for short, immediate texts (parent login codes).

accounts sends login codes through the backend settings.SMS_BACKEND names
(accounts.services.send_sms); these backends follow Django's e-mail backend pattern: console for
development, locmem for tests, and in production the outbox's own provider, at once.
"""

import sys
import uuid

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
