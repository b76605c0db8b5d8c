"""SMS backends for short, immediate texts (parent login codes).

The messaging issue adds the real HTTP provider and the outbox; these backends
follow Django's e-mail backend pattern: console for development, locmem for tests.
"""

import sys

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


def send_sms(*, to, text):
    import_string(settings.SMS_BACKEND)().send(to=to, text=text)
