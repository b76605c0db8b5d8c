"""Settings override for the open-source peer served by `bench/bench_peer.py` (not part of our app).

The peer is deigratia-ms/SchoolApp (project package `ricas_school_manager`); see bench_peer.py for
how to get it. This module is imported by the peer's own Python (its virtualenv, Django 5.1) with
the peer's checkout and this directory on PYTHONPATH. It keeps the peer's settings (middleware,
database cache, `cached_db` sessions, cached template loaders with DEBUG off) and changes only
what the bench needs:

- PostgreSQL from `DATABASE_URL`, in a database of its own: the name in the URL with `_peer`
  appended (the bench drops and recreates it);
- persistent connections (60 s, as ours; the peer's own production settings use 300);
- DEBUG off (set in the environment before the peer's settings read it, since they choose
  middleware and template loaders by it), no HTTPS redirects, the hosts the bench uses;
- e-mail to Django's in-memory backend: the peer renders and builds its confirmation e-mail in
  the request as it would for SMTP, but nothing leaves the machine;
- its file log to a scratch directory instead of the checkout;
- its own apps' tables created from the models, not its migrations (see MIGRATION_MODULES).
"""

import os
import tempfile
from pathlib import Path
from urllib.parse import urlparse

from bench_peer import peer_database_url

os.environ["DEBUG"] = "False"
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
os.environ["SECURE_SSL_REDIRECT"] = "False"
os.environ["ENVIRONMENT"] = "bench"

from ricas_school_manager.settings import *  # noqa: E402, F403
from ricas_school_manager.settings import DATABASES, LOGGING  # noqa: E402

_url = os.environ.get("DATABASE_URL", "")
if not _url.startswith(("postgres://", "postgresql://")):
    raise RuntimeError("peer_settings needs DATABASE_URL (PostgreSQL)")
_parts = urlparse(peer_database_url(_url))
DATABASES["default"] = {
    "ENGINE": "django.db.backends.postgresql",
    "NAME": _parts.path.lstrip("/"),
    "USER": _parts.username or "",
    "PASSWORD": _parts.password or "",
    "HOST": _parts.hostname or "",
    "PORT": str(_parts.port or ""),
    # persistent connections, as ours (DB_CONN_MAX_AGE 60) and as the peer's production settings (300)
    "CONN_MAX_AGE": 60,
}
DEBUG = False
SECURE_SSL_REDIRECT = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
_log_dir = Path(tempfile.gettempdir()) / "peer-bench-logs"
_log_dir.mkdir(exist_ok=True)
LOGGING["handlers"]["file"]["filename"] = _log_dir / "django.log"
STATIC_ROOT = _log_dir  # WhiteNoise serves from the finders (the peer's WHITENOISE_USE_FINDERS); no collectstatic
# The peer's migration history does not apply to an empty database (assignments 0019 and 0020
# both add `status`), and its custom user model cannot be created without migrations while
# django.contrib.auth has them: every app's tables are created from the models
# (`migrate --run-syncdb`).
MIGRATION_MODULES = {app.rsplit(".", 1)[-1]: None for app in INSTALLED_APPS}  # noqa: F405
