"""Development/test provider: appends one JSON line per delivered message to a file.

Settings: MESSAGING_FILE_PATH (the file), MESSAGING_FILE_DELAY (seconds each send takes,
to play a slow provider). Like a provider that honours an idempotency key, it delivers a
key once across processes (checked under a file lock): a repeated key is not appended
again but logged in `<path>.duplicates` and answered with the first provider id. Tests
count both files.
"""

import fcntl
import hashlib
import json
import os
import time
from pathlib import Path

from django.conf import settings

from .base import Outgoing, Provider, SendResult


class FileProvider(Provider):
    def __init__(self, path=None, delay=None):
        self.path = Path(path or getattr(settings, "MESSAGING_FILE_PATH", "var/messages.jsonl"))
        self.delay = float(delay if delay is not None else getattr(settings, "MESSAGING_FILE_DELAY", 0))

    def send(self, outgoing: Outgoing) -> SendResult:
        if self.delay:
            time.sleep(self.delay)
        provider_id = "file-" + hashlib.sha256(outgoing.idempotency_key.encode()).hexdigest()[:24]
        line = json.dumps(
            {"key": outgoing.idempotency_key, "channel": outgoing.channel, "to": outgoing.to, "text": outgoing.text}
        )
        with open(self.path, "a+", encoding="utf-8") as log:
            fcntl.flock(log, fcntl.LOCK_EX)  # one check-and-append at a time, across processes
            log.seek(0)
            needle = json.dumps({"key": outgoing.idempotency_key})[1:-1] + ","
            seen = any(old.startswith("{" + needle) for old in log)
            if seen:
                with open(f"{self.path}.duplicates", "a", encoding="utf-8") as duplicates:
                    duplicates.write(line + "\n")
            else:
                log.write(line + "\n")
                log.flush()
                os.fsync(log.fileno())
        return SendResult(provider_id=provider_id, status="sent")
