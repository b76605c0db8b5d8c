"""Two requests at the same moment on PostgreSQL: a link is used once, a guardian gets one user."""

import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from ouderbetrokkenheid.accounts import services
from ouderbetrokkenheid.accounts.models import MagicLink
from ouderbetrokkenheid.school.models import Guardian


def run_together(target, args_list):
    barrier = threading.Barrier(len(args_list))
    results = [None] * len(args_list)

    def worker(i, args):
        try:
            barrier.wait(timeout=10)
            results[i] = target(*args)
        except Exception as exc:  # noqa: BLE001 - the test inspects what happened
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, args)) for i, args in enumerate(args_list)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def tokens_for(guardian, count):
    tokens = []
    for _ in range(count):
        services.magic_link_request(identity=guardian.email, request_base_url="http://testserver/")
    from django.core import mail

    for message in mail.outbox[-count:]:
        tokens.append(message.body.split("/accounts/l/", 1)[1].split("/", 1)[0])
    return tokens


def consume(token):
    return services.magic_link_consume(token=token)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_consumes_of_one_token_let_exactly_one_in(world):
    (token,) = tokens_for(world.anna, 1)

    results = run_together(consume, [(token,), (token,)])

    winners = [r for r in results if isinstance(r, Guardian)]
    losers = [r for r in results if isinstance(r, services.MagicLinkInvalid)]
    assert len(winners) == 1 and len(losers) == 1, results
    assert winners[0].pk == world.anna.pk
    assert MagicLink.objects.get().used_at is not None


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_first_logins_create_one_user(world, monkeypatch):
    tokens = tokens_for(world.anna, 2)
    users_before = get_user_model().objects.count()
    manager = get_user_model().objects
    real_create_user = manager.create_user

    def slow_create_user(*args, **kwargs):
        time.sleep(0.3)  # widen the window in which a second login could also see "no user yet"
        return real_create_user(*args, **kwargs)

    monkeypatch.setattr(manager, "create_user", slow_create_user)

    results = run_together(consume, [(tokens[0],), (tokens[1],)])

    assert all(isinstance(r, Guardian) for r in results), results
    assert results[0].user_id == results[1].user_id is not None
    assert get_user_model().objects.count() == users_before + 1
