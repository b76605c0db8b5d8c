"""No timing oracle in the parent login (issue 17, point 3).

A known and an unknown address take the same path: the request only hands the address to a
Celery task; a real worker sends the link afterwards (for the known address) or finds nothing
(for the unknown one). Measured with the test client, interleaved, 30 requests each.
"""

import statistics
import time

import pytest
from django.urls import reverse

from ouderbetrokkenheid.accounts.models import MagicLink

ROUNDS = 30


@pytest.fixture
def login_links_at_once():
    """Not here: the real worker sends (overrides the eager fixture of tests/accounts/conftest.py)."""
    yield


def timed_post(client, identity, ip):
    started = time.perf_counter()
    response = client.post(reverse("accounts:parent_login"), {"identity": identity}, REMOTE_ADDR=ip)
    elapsed = time.perf_counter() - started
    assert response.status_code == 302
    return elapsed, response.url


@pytest.mark.celery_worker
def test_known_and_unknown_addresses_answer_alike_and_the_worker_sends_afterwards(
    celery_worker_process, world, client, settings
):
    settings.LOGIN_THROTTLE = {"per_identity": (1000, 900), "per_ip": (1000, 900)}
    timed_post(client, "warm-up@example.nl", "10.7.0.1")  # first request pays the imports and connections
    known, unknown = [], []
    for i in range(ROUNDS):
        elapsed, known_url = timed_post(client, "anna@example.nl", f"10.7.1.{i}")
        known.append(elapsed)
        elapsed, unknown_url = timed_post(client, f"niemand-{i}@example.nl", f"10.7.2.{i}")
        unknown.append(elapsed)
        assert known_url == unknown_url == reverse("accounts:parent_login_sent")

    median_known, median_unknown = statistics.median(known), statistics.median(unknown)
    figures = (
        f"known: median {median_known * 1000:.1f} ms, range {min(known) * 1000:.1f}-{max(known) * 1000:.1f} ms; "
        f"unknown: median {median_unknown * 1000:.1f} ms, range {min(unknown) * 1000:.1f}-{max(unknown) * 1000:.1f} ms"
    )
    print(figures)
    assert max(median_known, median_unknown) / min(median_known, median_unknown) < 1.5, figures
    assert min(known) <= max(unknown) and min(unknown) <= max(known), figures  # the ranges overlap

    # Afterwards the worker sent Anna her 30 links; nothing was made for the unknown addresses.
    made = celery_worker_process.wait_for(lambda: MagicLink.objects.count() >= ROUNDS, timeout=60)
    assert made, celery_worker_process.log()[-3000:]
    assert set(MagicLink.objects.values_list("guardian", flat=True)) == {world.anna.pk}
    assert MagicLink.objects.count() == ROUNDS


def test_the_request_only_enqueues(world, client, settings, django_assert_max_num_queries):
    """Without a worker nothing is sent inside the request, for a known address either."""
    from django.core import mail

    with django_assert_max_num_queries(3):  # the session only: no guardian lookup in the request
        timed_post(client, "anna@example.nl", "10.7.3.1")
    assert mail.outbox == [] and not MagicLink.objects.exists()
