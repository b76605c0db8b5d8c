"""E-mail through Django's mail framework (EMAIL_BACKEND: SMTP, a provider's backend,
console or locmem). The Message-ID is derived from the idempotency key, so a resend of
the same message after a crash carries the same Message-ID and mail systems that
de-duplicate on it (Gmail and most clients do) show it once.

With an ESP through django-anymail (EMAIL_ESP=mailgun, see settings) the ESP's message id is
stored, and its signed tracking webhook reports bounces and complaints (messaging.bounces)."""

import hashlib
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage

from .base import Outgoing, PermanentError, Provider, SendResult, TransientError


def message_id_for(key: str) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "localhost"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}>"


class EmailProvider(Provider):
    def send(self, outgoing: Outgoing) -> SendResult:
        message_id = message_id_for(outgoing.idempotency_key)
        email = EmailMessage(
            subject=outgoing.subject,
            body=outgoing.text,
            to=[outgoing.to],
            headers={"Message-ID": message_id, **outgoing.headers},
        )
        for filename, content_type, content in outgoing.attachments:
            email.attach(filename, content, content_type)
        try:
            email.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as exc:
            raise PermanentError(f"address refused: {exc.recipients}", code="smtp-recipient") from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise TransientError(str(exc) or exc.__class__.__name__, code="smtp") from exc
        # Through an ESP (django-anymail) the ESP's id is what its tracking webhook reports.
        status = getattr(email, "anymail_status", None)
        esp_id = getattr(status, "message_id", None) if status is not None else None
        return SendResult(provider_id=str(esp_id) if esp_id else message_id, status="sent")
