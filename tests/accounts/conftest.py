"""Fresh throttle counters and SMS outbox for every test.

Only the throttle keys are removed (not a FLUSHDB): the Redis database may also be
the Celery broker of other tests.
"""

import re

import pytest
from django.core.cache import cache

from messaging import sms

LINK_RE = re.compile(r"https?://\S+/accounts/l/[\w-]+/")
CODE_RE = re.compile(r"\b(\d{6})\b")
CSRF_RE = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def clear_throttle():
    backend = getattr(cache, "_cache", None)
    if hasattr(backend, "get_client"):
        client = backend.get_client(write=True)
        for key in client.scan_iter(match="*throttle:*"):
            client.delete(key)
    else:
        cache.clear()


@pytest.fixture(autouse=True)
def fresh_throttle_and_outbox():
    clear_throttle()
    sms.outbox.clear()
    yield
    clear_throttle()
    sms.outbox.clear()


@pytest.fixture
def client_factory():
    """Several independent browsers in one test."""
    from django.test import Client

    return Client


@pytest.fixture
def sms_outbox():
    return sms.outbox


def link_in(text):
    match = LINK_RE.search(text)
    assert match, text
    return match.group(0)


def code_in(text):
    match = CODE_RE.search(text)
    assert match, text
    return match.group(1)


def without_csrf(content):
    return CSRF_RE.sub(b"", content)


def session_user_id(client):
    value = client.session.get("_auth_user_id")
    return int(value) if value is not None else None
