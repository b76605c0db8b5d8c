"""Production settings: safe by default, refusing to start without a secret; checked as a fresh process."""

import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "SECRET_KEY": secrets.token_urlsafe(64),
    "DATABASE_URL": "postgres://ob:secret@db.internal:5432/ouderbetrokkenheid",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "ALLOWED_HOSTS": "ouders.example.nl",
    "EMAIL_HOST": "smtp.example.nl",
    "SITE_URL": "https://ouders.example.nl",
    "TWILIO_ACCOUNT_SID": "AC" + secrets.token_hex(16),
    "TWILIO_AUTH_TOKEN": secrets.token_hex(16),
    "TWILIO_FROM": "+3197010000000",
    "TWILIO_WHATSAPP_FROM": "+3197010000001",
}


def python(*args, **env):
    """Run Python in the project with only PATH and `env` in the environment (no OB_DEV, no test settings)."""
    clean = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", **env}
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120)


def manage(*args, **env):
    return python("manage.py", *args, **env)


def test_production_settings_pass_the_deploy_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_defaults_are_safe():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS)"
    )
    result = python("-c", code, DJANGO_SETTINGS_MODULE="ouderbetrokkenheid.settings", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "True", "31536000"]


def test_settings_refuse_to_start_without_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SECRET_KEY" in result.stderr


def test_settings_refuse_to_start_without_database_url():
    env = {k: v for k, v in PRODUCTION.items() if k != "DATABASE_URL"}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "DATABASE_URL" in result.stderr


def test_development_mode_starts_without_secret_key(tmp_path):
    result = manage("check", OB_DEV="1", OB_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr


def test_production_collectstatic_builds_the_hashed_manifest(tmp_path):
    """Whitenoise's manifest storage must find every file the vendored CSS and JS refer to."""
    result = manage("collectstatic", "--noinput", STATIC_ROOT=str(tmp_path), **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "staticfiles.json").exists()
    assert list((tmp_path / "vendor" / "bootstrap").glob("bootstrap.rtl.min.*.css"))


SQLITE_WRITERS = """
import threading, time
import django
django.setup()
from django.db import connection, transaction

with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    print(cursor.fetchone()[0])
    cursor.execute("CREATE TABLE counter (n integer)")
    cursor.execute("INSERT INTO counter VALUES (0)")
errors = []

def add_one():
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT n FROM counter")
            n = cursor.fetchone()[0]
            time.sleep(0.3)
            cursor.execute("UPDATE counter SET n = %s", [n + 1])
    except Exception as error:
        errors.append(repr(error))
    finally:
        connection.close()

threads = [threading.Thread(target=add_one) for _ in range(3)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT n FROM counter")
    print(cursor.fetchone()[0], errors)
"""


def test_development_sqlite_lets_the_web_server_and_the_worker_write_side_by_side(tmp_path):
    """`make run` shares one SQLite file between the web server, the worker and beat: three
    transactions that read and then write must wait for each other (no "database is locked", no
    lost update), and readers must not wait for a writer (WAL)."""
    result = python("-c", SQLITE_WRITERS, DJANGO_SETTINGS_MODULE="ouderbetrokkenheid.settings", OB_DEV="1",
                    OB_VAR_DIR=str(tmp_path))  # fmt: skip
    assert result.returncode == 0, result.stderr
    journal_mode, outcome = result.stdout.strip().splitlines()
    assert journal_mode == "wal"
    assert outcome == "3 []"
