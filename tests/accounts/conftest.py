"""Fresh throttle counters and SMS outbox for every test.

Only the throttle keys are removed (not a FLUSHDB): the Redis database may also be
the Celery broker of other tests.
"""

import re

import pytest

from messaging import sms
from tests.cache_keys import delete_keys

LINK_RE = re.compile(r"https?://\S+/accounts/l/[\w-]+/")
CODE_RE = re.compile(r"\b(\d{6})\b")
CSRF_RE = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def clear_throttle():
    """This process's throttle counters only (a parallel worker's stay: see tests/cache_keys.py)."""
    delete_keys("*throttle:*")


@pytest.fixture(autouse=True)
def fresh_throttle_and_outbox():
    clear_throttle()
    sms.outbox.clear()
    yield
    clear_throttle()
    sms.outbox.clear()


@pytest.fixture
def login_links_at_once():
    """The login request hands the sending to a Celery task (accounts.tasks.send_login_link); here
    the task runs in this process, right away (Celery's eager mode), so a test reads the mail or SMS
    as soon as the request returns. tests/accounts/test_timing.py runs it in a real worker instead."""
    from ouderbetrokkenheid.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _accounts_send_login_links_at_once(login_links_at_once):
    pass


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
