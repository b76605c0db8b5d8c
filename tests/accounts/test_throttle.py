"""The throttle counts in the shared cache, atomically, without storing identities in clear text."""

from django.core.cache import cache
from django.test import override_settings

from ouderbetrokkenheid.accounts import throttle


def test_allows_the_limit_then_refuses():
    results = [throttle.attempt("test", identity="a@example.nl", ip="10.0.0.1") for _ in range(6)]
    assert results == [True] * 5 + [False]


def test_identity_and_ip_are_counted_separately():
    for i in range(5):
        throttle.attempt("test", identity="a@example.nl", ip=f"10.0.0.{i}")
    assert not throttle.attempt("test", identity="a@example.nl", ip="10.0.0.99")
    assert throttle.attempt("test", identity="b@example.nl", ip="10.0.0.99")


def test_scopes_do_not_share_counters():
    for _ in range(6):
        throttle.attempt("one", identity="a@example.nl", ip="10.0.0.1")
    assert throttle.attempt("two", identity="a@example.nl", ip="10.0.0.1")


@override_settings(LOGIN_THROTTLE={"per_identity": (2, 900), "per_ip": (3, 900)})
def test_limits_come_from_settings():
    assert throttle.attempt("test", identity="a", ip="ip")
    assert throttle.attempt("test", identity="a", ip="ip")
    assert not throttle.attempt("test", identity="a", ip="ip")
    assert not throttle.attempt("test", identity="b", ip="ip")  # fourth attempt from this IP


def test_cache_keys_do_not_contain_the_identity():
    throttle.attempt("test", identity="anna@example.nl", ip="10.0.0.1")
    key = throttle._key("test", "identity", "anna@example.nl")
    assert "anna" not in key
    assert cache.get(key) == 1


def test_success_resets_the_identity_and_refunds_the_ip():
    for _ in range(3):
        throttle.attempt("test", identity="a", ip="10.0.0.1")
    throttle.succeeded("test", identity="a", ip="10.0.0.1")
    assert cache.get(throttle._key("test", "identity", "a")) is None
    assert cache.get(throttle._key("test", "ip", "10.0.0.1")) == 2


def test_client_ip_behind_a_trusted_proxy_is_the_forwarded_address(rf, settings):
    from ouderbetrokkenheid.accounts.throttle import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7", REMOTE_ADDR="10.0.0.1")
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "198.51.100.7"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "203.0.113.9"
