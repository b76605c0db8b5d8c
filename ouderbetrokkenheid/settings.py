"""Settings, all from the environment.

Production is the default: DEBUG off, a SECRET_KEY is required, secure cookies.
Development mode is explicit: OB_DEV=1 (set by `make run`), which turns on DEBUG,
SQLite and the filesystem Celery broker, so the app runs without any server.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    return os.environ.get(name, default)


_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


def env_bool(name, default=False):
    """Only known spellings: a typo such as SECURE_SSL_REDIRECT=Ture must not silently mean False."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is not a yes/no value: use one of {', '.join(_TRUE + _FALSE)}."
    )


DEV = env_bool("OB_DEV")
DEBUG = env_bool("DEBUG", DEV)
VAR_DIR = Path(env("OB_VAR_DIR", str(BASE_DIR / "var")))
if DEV:
    VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEV:
        raise ImproperlyConfigured("SECRET_KEY must be set (or OB_DEV=1 for development).")
    SECRET_KEY = "dev-only-insecure-key-never-used-in-production-0123456789"

ALLOWED_HOSTS = [h.strip() for h in env("ALLOWED_HOSTS", "localhost,127.0.0.1" if DEV else "").split(",") if h.strip()]
# The public address of the app, for links in e-mails and text messages.
# Required in production (ouderbetrokkenheid/required_settings.py).
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000" if DEV else "").rstrip("/")
CSRF_TRUSTED_ORIGINS = [o.strip() for o in env("CSRF_TRUSTED_ORIGINS").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "anymail",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "ouderbetrokkenheid.school",
    "ouderbetrokkenheid.accounts",
    "ouderbetrokkenheid.portal",
    "ouderbetrokkenheid.staffpages",
    "ouderbetrokkenheid.privacy",
    "meetings",
    "conversations",
    "messaging",
    "development",
    "yearplan",
    "reach",
    "threads",
    "simulation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "ouderbetrokkenheid.accounts.backends.AuthenticationMiddleware",
    "ouderbetrokkenheid.accounts.middleware.ActingSchoolMiddleware",
    "ouderbetrokkenheid.accounts.language.UserLanguageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "csp.middleware.CSPMiddleware",
    "ouderbetrokkenheid.nostore.PrivateNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "ouderbetrokkenheid.accounts.mfa.middleware.MFARequiredMiddleware",
    "ouderbetrokkenheid.accounts.middleware.AccessPolicyMiddleware",
]

ROOT_URLCONF = "ouderbetrokkenheid.urls"
WSGI_APPLICATION = "ouderbetrokkenheid.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "ouderbetrokkenheid.accounts.context_processors.roles",
            ],
        },
    },
]

# Database: DATABASE_URL, else SQLite in development. Production requires DATABASE_URL.
_default_db = f"sqlite:///{VAR_DIR / 'db.sqlite3'}" if DEV else ""
DATABASE_URL = env("DATABASE_URL", _default_db)
if not DATABASE_URL:
    raise ImproperlyConfigured("DATABASE_URL must be set (or OB_DEV=1 for development).")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=int(env("DB_CONN_MAX_AGE", "60")))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default: the web server, the worker and beat share one file. WAL lets readers
    # go on beside the one writer; a transaction takes the write lock when it begins (IMMEDIATE),
    # so two never deadlock upgrading a read lock, and a writer waits up to the busy timeout
    # instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["ouderbetrokkenheid.accounts.backends.AccountBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Cache: Redis when configured (shared by all web processes: throttling needs that), else local memory.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Internationalisation: Dutch first; parent pages also in five more languages.
LANGUAGE_CODE = "nl"
LANGUAGES = [
    ("nl", "Nederlands"),
    ("en", "English"),
    ("ar", "العربية"),
    ("tr", "Türkçe"),
    ("pl", "Polski"),
    ("uk", "Українська"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: SMTP in production (EMAIL_HOST …); console in development.
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEV else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
# Or an ESP through django-anymail, which reports bounces and complaints to a signed webhook
# (/berichten/mailgun/tracking/): EMAIL_ESP=mailgun with MAILGUN_API_KEY, MAILGUN_SENDER_DOMAIN,
# MAILGUN_WEBHOOK_SIGNING_KEY (and ANYMAIL_WEBHOOK_SECRET "user:password" for basic auth).
EMAIL_ESP = env("EMAIL_ESP")
if EMAIL_ESP == "mailgun":
    EMAIL_BACKEND = "anymail.backends.mailgun.EmailBackend"
ANYMAIL = {
    "MAILGUN_API_KEY": env("MAILGUN_API_KEY"),
    "MAILGUN_SENDER_DOMAIN": env("MAILGUN_SENDER_DOMAIN"),
    "MAILGUN_API_URL": env("MAILGUN_API_URL", "https://api.eu.mailgun.net/v3"),
    "MAILGUN_WEBHOOK_SIGNING_KEY": env("MAILGUN_WEBHOOK_SIGNING_KEY"),
    "WEBHOOK_SECRET": env("ANYMAIL_WEBHOOK_SECRET") or None,
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Ouderbetrokkenheid <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# SMS for parent login codes: a backend path. By default the outbox's SMS provider
# (MESSAGING_SMS_PROVIDER below: Twilio in production, the console in development).
SMS_BACKEND = env("SMS_BACKEND", "messaging.sms.ProviderSMSBackend")

# Messaging channels: providers by dotted path; Twilio's REST API for SMS and WhatsApp in production.
MESSAGING_EMAIL_PROVIDER = env("MESSAGING_EMAIL_PROVIDER", "messaging.channels.email.EmailProvider")
MESSAGING_SMS_PROVIDER = env(
    "MESSAGING_SMS_PROVIDER",
    "messaging.channels.console.ConsoleProvider" if DEV else "messaging.channels.twilio.TwilioProvider",
)
MESSAGING_WHATSAPP_PROVIDER = env("MESSAGING_WHATSAPP_PROVIDER", MESSAGING_SMS_PROVIDER)
# Where the SMS provider posts delivery callbacks; empty means SITE_URL.
MESSAGING_CALLBACK_BASE_URL = env("MESSAGING_CALLBACK_BASE_URL")
MESSAGING_LEASE_SECONDS = int(env("MESSAGING_LEASE_SECONDS", "600"))
# A message sent more than this many hours after its planned moment says it comes late (messaging/lateness.py).
MESSAGING_LATE_AFTER_HOURS = float(env("MESSAGING_LATE_AFTER_HOURS", "3"))
# Parents' e-mail replies: the domain of the per-message reply addresses (a Mailgun route forwards
# it to /berichten/mailgun/inbound/); empty: e-mails carry no Reply-To (messaging/inbound.py).
MESSAGING_REPLY_DOMAIN = env("MESSAGING_REPLY_DOMAIN")
TWILIO_ACCOUNT_SID = env("TWILIO_ACCOUNT_SID")
TWILIO_AUTH_TOKEN = env("TWILIO_AUTH_TOKEN")
TWILIO_FROM = env("TWILIO_FROM")
TWILIO_WHATSAPP_FROM = env("TWILIO_WHATSAPP_FROM")
TWILIO_BASE_URL = env("TWILIO_BASE_URL", "https://api.twilio.com")

# Imports: one that would end more than this share of the running enrollments, or more than this
# number of them, stops unless that number is confirmed (school/importing/leavers.py).
IMPORT_MAX_LEAVERS_SHARE = float(env("IMPORT_MAX_LEAVERS_SHARE", "0.10"))
IMPORT_MAX_LEAVERS = int(env("IMPORT_MAX_LEAVERS", "20"))

# Parent magic links and login throttling.
MAGIC_LINK_TTL_SECONDS = 15 * 60
LOGIN_THROTTLE = {"per_identity": (5, 15 * 60), "per_ip": (20, 15 * 60)}
# Number of reverse proxies in front of the app that append to X-Forwarded-For (0: none).
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))

# Celery: Redis in production/tests, the filesystem broker for the embedded default.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL)
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "filesystem://"
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "out"),
        "data_folder_out": str(_broker_dir / "out"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "UTC"
CELERY_ENABLE_UTC = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {"task": "ouderbetrokkenheid.health.heartbeat", "schedule": 60.0},
    "dispatch-due-messages": {"task": "messaging.tasks.dispatch_due", "schedule": 60.0},
    "summer-reading": {"task": "messaging.tasks.schedule_summer_reading", "schedule": 6 * 60 * 60.0},
    # Buddy reminders before information sessions: scheduled, moved or withdrawn as sessions change.
    "buddy-reminders": {"task": "reach.tasks.buddy_reminders", "schedule": 15 * 60.0},
    # Confirmations of bookings whose hand-over to a worker was lost (conversations.tasks).
    "announce-bookings": {"task": "conversations.tasks.bookings_announce_sweep", "schedule": 60.0},
    # Retention periods (docs/privacy.md): every night at 02:30 UTC (03:30 or 04:30 in Amsterdam).
    "retention": {"task": "ouderbetrokkenheid.privacy.tasks.apply_retention", "schedule": crontab(hour=2, minute=30)},
    # Teachers who chose a digest hear about parents' new replies at their set times (threads.tasks).
    "thread-digests": {"task": "threads.tasks.digests_send", "schedule": 5 * 60.0},
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# Sessions: read from Redis when configured (every page reads the session; the database stays the
# store of record, so a flushed cache only costs a read).
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Security: safe by default, relaxed only in development.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Content-Security-Policy (django-csp; docs/security.md): no inline script or style anywhere, no
# framing, forms post only here. Violations are reported to /csp-report/ (logged).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "report-uri": "/csp-report/",
    },
}

# Staff two-step login (django-otp; accounts/mfa/): the name authenticator apps show.
OTP_TOTP_ISSUER = "Ouderbetrokkenheid"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # Django's own console handler already prints these in development; don't print them twice.
    "loggers": {
        "django": {"handlers": [], "propagate": True, "level": env("LOG_LEVEL", "INFO")},
        # WeasyPrint reports every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
