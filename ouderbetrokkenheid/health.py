"""Is the installation healthy? Celery tasks `heartbeat` and `ping`, and the checks of the status page.

The worker check reads the last heartbeat, which beat schedules every minute
(CELERY_BEAT_SCHEDULE). A `ping` round-trip cannot tell, as there is no result
backend. Where the heartbeat is kept depends on the cache:

- a shared cache (Redis: production, tests): the cache key `health:heartbeat`,
  readable by every web process on every host;
- a per-process cache (locmem: development, OB_DEV=1): the file `VAR_DIR/heartbeat`,
  as the worker and `runserver` are separate processes on one machine.
"""

import datetime
import logging
import os
from dataclasses import dataclass

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

HEARTBEAT_KEY = "health:heartbeat"
HEARTBEAT_MAX_AGE = datetime.timedelta(minutes=2)
BROKER_TIMEOUT_SECONDS = 3
_PER_PROCESS_CACHES = ("locmem", "dummy")


@shared_task(name="ouderbetrokkenheid.health.heartbeat", ignore_result=True)
def heartbeat():
    """Record that a worker is alive (run by beat every minute)."""
    write_heartbeat(timezone.now())


@shared_task(name="ouderbetrokkenheid.health.ping")
def ping():
    return "pong"


def _cache_is_shared():
    backend = settings.CACHES["default"]["BACKEND"].lower()
    return not any(name in backend for name in _PER_PROCESS_CACHES)


def _heartbeat_file():
    return settings.VAR_DIR / "heartbeat"


def write_heartbeat(moment):
    value = moment.astimezone(datetime.UTC).isoformat()
    if _cache_is_shared():
        cache.set(HEARTBEAT_KEY, value, timeout=24 * 60 * 60)
        return
    path = _heartbeat_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"heartbeat.{os.getpid()}.tmp")
    partial.write_text(value)
    os.replace(partial, path)


def read_heartbeat():
    """The time of the last heartbeat (aware, UTC), or None."""
    if _cache_is_shared():
        value = cache.get(HEARTBEAT_KEY)
    else:
        try:
            value = _heartbeat_file().read_text()
        except OSError:
            value = None
    try:
        return datetime.datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def clear_heartbeat():
    if _cache_is_shared():
        cache.delete(HEARTBEAT_KEY)
    else:
        _heartbeat_file().unlink(missing_ok=True)


@dataclass(frozen=True)
class CheckResult:
    key: str
    label: str
    ok: bool
    detail: str


def check_database():
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        log.exception("Health check: database unreachable")
        return CheckResult("database", _("Database"), False, _("Geen verbinding met de database."))
    return CheckResult("database", _("Database"), True, _("De database antwoordt."))


def check_broker():
    from ouderbetrokkenheid.celery import app

    label = _("Wachtrij voor achtergrondtaken (broker)")
    if app.conf.broker_url.startswith("filesystem:"):
        return _check_broker_folder(label, app.conf.broker_transport_options or {})
    try:
        with app.connection_for_write(connect_timeout=BROKER_TIMEOUT_SECONDS) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0.5, timeout=BROKER_TIMEOUT_SECONDS)
    except Exception:
        log.exception("Health check: broker unreachable")
        return CheckResult("broker", label, False, _("Geen verbinding met de wachtrij."))
    return CheckResult("broker", label, True, _("De wachtrij is bereikbaar."))


def _check_broker_folder(label, options):
    """The filesystem broker (development) connects always; it only works when its folder is there."""
    folder = options.get("data_folder_in", "")
    if folder and os.path.isdir(folder) and os.access(folder, os.W_OK):
        return CheckResult("broker", label, True, _("De wachtrij is bereikbaar."))
    return CheckResult("broker", label, False, _("De map van de wachtrij ontbreekt: %(folder)s.") % {"folder": folder})


def check_worker(now=None):
    label = _("Achtergrondtaken (worker)")
    last = read_heartbeat()
    if last is None:
        return CheckResult("worker", label, False, _("Er draait geen worker: nog nooit een teken van leven."))
    seen = {"time": timezone.localtime(last).strftime("%d-%m-%Y %H:%M:%S")}
    if (now or timezone.now()) - last > HEARTBEAT_MAX_AGE:
        return CheckResult("worker", label, False, _("Er draait geen worker: laatste teken van leven %(time)s.") % seen)
    return CheckResult("worker", label, True, _("De worker draait: laatste teken van leven %(time)s.") % seen)


def run_checks():
    return [check_database(), check_broker(), check_worker()]
