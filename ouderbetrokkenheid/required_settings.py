"""Settings a feature needs when it is on: checked when Django starts, in every process.

Why at startup (AppConfig.ready) and not as a system check: gunicorn and the Celery worker never
run `manage.py check`, so a worker would start without Twilio credentials and fail only when the
first login code or message goes out. `django.setup()` runs in the web app, the worker, beat and
every management command, after the settings module (settings_test included) is complete; an
error here stops the process with one message that names every missing variable.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

TWILIO = "messaging.channels.twilio.TwilioProvider"
CONSOLE_BACKENDS = ("messaging.channels.console.ConsoleProvider", "messaging.sms.ConsoleSMSBackend")
PROVIDER_SMS_BACKEND = "messaging.sms.ProviderSMSBackend"
TWILIO_NEEDS = ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM")
MAILGUN_NEEDS = ("MAILGUN_API_KEY", "MAILGUN_SENDER_DOMAIN", "MAILGUN_WEBHOOK_SIGNING_KEY")


def _missing(names, values):
    return [name for name in names if not values.get(name)]


def _twilio_problems(channel_paths):
    problems = []
    values = {name: getattr(settings, name, "") for name in (*TWILIO_NEEDS, "TWILIO_WHATSAPP_FROM")}
    used_for = sorted(name for name, path in channel_paths.items() if path == TWILIO)
    if used_for and (missing := _missing(TWILIO_NEEDS, values)):
        problems.append(f"{', '.join(missing)} must be set: {', '.join(used_for)} send through Twilio.")
    if channel_paths.get("MESSAGING_WHATSAPP_PROVIDER") == TWILIO and not values["TWILIO_WHATSAPP_FROM"]:
        problems.append("TWILIO_WHATSAPP_FROM must be set: MESSAGING_WHATSAPP_PROVIDER sends through Twilio.")
    return problems


def _channel_paths():
    paths = {
        "MESSAGING_SMS_PROVIDER": getattr(settings, "MESSAGING_SMS_PROVIDER", ""),
        "MESSAGING_WHATSAPP_PROVIDER": getattr(settings, "MESSAGING_WHATSAPP_PROVIDER", ""),
    }
    sms_backend = getattr(settings, "SMS_BACKEND", "")
    # Login codes through the outbox's provider count as that provider's use.
    paths["SMS_BACKEND"] = paths["MESSAGING_SMS_PROVIDER"] if sms_backend == PROVIDER_SMS_BACKEND else sms_backend
    return paths


def _console_problems(channel_paths):
    if getattr(settings, "DEV", False) or settings.DEBUG:
        return []
    return [
        f"{name} is the console backend: in production nothing would reach parents (use Twilio)."
        for name, path in channel_paths.items()
        if path in CONSOLE_BACKENDS
    ]


def _email_problems():
    esp = getattr(settings, "EMAIL_ESP", "")
    if not esp:
        return []
    if esp != "mailgun":
        return [f"EMAIL_ESP={esp!r} is unknown: leave it empty (SMTP) or use 'mailgun'."]
    if missing := _missing(MAILGUN_NEEDS, getattr(settings, "ANYMAIL", {})):
        return [f"{', '.join(missing)} must be set: EMAIL_ESP=mailgun."]
    return []


def _site_problems():
    if getattr(settings, "DEV", False) or getattr(settings, "SITE_URL", ""):
        return []
    return ["SITE_URL must be set: login links and messages to parents point to it."]


def problems():
    """Every missing or wrong setting, as sentences naming the variable."""
    paths = _channel_paths()
    return [*_console_problems(paths), *_twilio_problems(paths), *_email_problems(), *_site_problems()]


def refuse_to_start_without_required_settings():
    if found := problems():
        raise ImproperlyConfigured("The app cannot start:\n- " + "\n- ".join(found))
