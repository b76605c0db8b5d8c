"""Settings for the test suite: real PostgreSQL and Redis on this machine (override with env)."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ouderbetrokkenheid")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")

from .settings import *  # noqa: E402,F403
from .settings import CACHES, STORAGES, VAR_DIR  # noqa: E402

DEBUG = False
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "messaging.sms.LocmemSMSBackend"
MESSAGING_SMS_PROVIDER = MESSAGING_WHATSAPP_PROVIDER = "messaging.channels.locmem.LocmemProvider"
STATIC_ROOT = VAR_DIR / "test-static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Each pytest-xdist worker keeps its cache keys (login throttles, heartbeat, …) under its own
# prefix in the shared Redis database, so a worker that clears its keys never clears another's.
# The Celery worker processes a test starts inherit the variable and so share their test's prefix.
CACHES = {
    name: {**cache, "KEY_PREFIX": f"obtest-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"}
    for name, cache in CACHES.items()
}
