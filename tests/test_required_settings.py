"""Production defaults that cannot fail silently (issue 17, points 1 and 2), each in a fresh process
with production settings: login codes go through the outbox's provider (Twilio), a feature that is
on refuses to start without its settings, and yes/no settings accept only known spellings."""

import pytest

from tests.test_settings import PRODUCTION, manage, python

SEND_A_LOGIN_CODE = (
    "import django; django.setup(); from django.conf import settings; "
    "from ouderbetrokkenheid.accounts.services import send_sms; "
    "print(settings.SMS_BACKEND, settings.MESSAGING_SMS_PROVIDER); "
    "send_sms(to='+31612345678', text='Uw code: 123456')"
)


def without(*names):
    return {k: v for k, v in PRODUCTION.items() if k not in names}


def test_production_login_codes_go_to_twilio_not_the_console(fake_twilio):
    env = {**PRODUCTION, **_twilio(fake_twilio)}
    result = python("-c", SEND_A_LOGIN_CODE, DJANGO_SETTINGS_MODULE="ouderbetrokkenheid.settings", **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["messaging.sms.ProviderSMSBackend", "messaging.channels.twilio.TwilioProvider"]
    assert "123456" not in result.stdout  # not printed to the console
    [message] = fake_twilio.accepted
    assert (message["to"], message["from"], message["body"]) == ("+31612345678", "+3197010000000", "Uw code: 123456")


def _twilio(fake):
    return {
        "TWILIO_ACCOUNT_SID": fake.account_sid,
        "TWILIO_AUTH_TOKEN": fake.auth_token,
        "TWILIO_BASE_URL": fake.base_url,
    }


@pytest.mark.parametrize("name", ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM"])
def test_production_refuses_to_start_without_twilio_credentials(name):
    result = manage("check", **without(name))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{name} must be set: MESSAGING_SMS_PROVIDER, MESSAGING_WHATSAPP_PROVIDER, SMS_BACKEND" in result.stderr


def test_production_refuses_whatsapp_through_twilio_without_its_sender():
    result = manage("check", **without("TWILIO_WHATSAPP_FROM"))
    assert result.returncode != 0
    assert "TWILIO_WHATSAPP_FROM must be set" in result.stderr


def test_production_refuses_the_console_sms_backend():
    result = manage("check", SMS_BACKEND="messaging.sms.ConsoleSMSBackend", **PRODUCTION)
    assert result.returncode != 0
    assert "SMS_BACKEND is the console backend" in result.stderr


def test_production_refuses_mailgun_without_its_keys():
    result = manage("check", EMAIL_ESP="mailgun", MAILGUN_API_KEY="key-1", **PRODUCTION)
    assert result.returncode != 0
    assert "MAILGUN_SENDER_DOMAIN, MAILGUN_WEBHOOK_SIGNING_KEY must be set: EMAIL_ESP=mailgun." in result.stderr


def test_production_refuses_to_start_without_site_url():
    result = manage("check", **without("SITE_URL"))
    assert result.returncode != 0
    assert "SITE_URL must be set" in result.stderr


def test_the_celery_worker_refuses_to_start_too():
    code = "from ouderbetrokkenheid.celery import app; app.loader.import_default_modules()"
    result = python("-c", code, DJANGO_SETTINGS_MODULE="ouderbetrokkenheid.settings", **without("TWILIO_AUTH_TOKEN"))
    assert result.returncode != 0
    assert "TWILIO_AUTH_TOKEN must be set" in result.stderr


def test_development_needs_none_of_them(tmp_path):
    result = manage("check", OB_DEV="1", OB_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("value", ["1", "TRUE", "Yes", "on", "0", "false", "NO", "Off"])
def test_yes_no_settings_accept_known_spellings(value):
    code = "import django; django.setup(); from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT)"
    result = python("-c", code, DJANGO_SETTINGS_MODULE="ouderbetrokkenheid.settings", SECURE_SSL_REDIRECT=value,
                    **PRODUCTION)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(value.lower() in ("1", "true", "yes", "on"))


@pytest.mark.parametrize("name,value", [("SECURE_SSL_REDIRECT", "Ture"), ("EMAIL_USE_TLS", "ja"), ("OB_DEV", "2")])
def test_yes_no_settings_refuse_anything_else_naming_the_variable(name, value):
    result = manage("check", **{**PRODUCTION, name: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{name}={value!r} is not a yes/no value" in result.stderr
