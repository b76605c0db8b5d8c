"""Development provider: prints each message to standard output."""

import sys
import uuid

from .base import Outgoing, Provider, SendResult


class ConsoleProvider(Provider):
    stream = None  # sys.stdout at call time

    def send(self, outgoing: Outgoing) -> SendResult:
        stream = self.stream or sys.stdout
        subject = f" [{outgoing.subject}]" if outgoing.subject else ""
        stream.write(f"{outgoing.channel} → {outgoing.to}{subject} ({outgoing.idempotency_key})\n{outgoing.text}\n\n")
        stream.flush()
        return SendResult(provider_id=f"console-{uuid.uuid4().hex}", status="sent")
