"""Test provider: keeps messages in `outbox`, like django.core.mail.outbox.

`fail_next(error, times=1)` makes the next sends raise `error` (a TransientError or
PermanentError), to test retries and fallback in one process."""

import uuid

from .base import Outgoing, Provider, SendResult

outbox: list[Outgoing] = []
_failures: list[Exception] = []


def fail_next(error, *, times=1):
    _failures.extend([error] * times)


def reset():
    outbox.clear()
    _failures.clear()


class LocmemProvider(Provider):
    def send(self, outgoing: Outgoing) -> SendResult:
        if _failures:
            raise _failures.pop(0)
        outbox.append(outgoing)
        return SendResult(provider_id=f"locmem-{uuid.uuid4().hex}", status="sent")
