"""Login throttling in the shared cache (Redis), per identity and per client IP.

Every attempt is counted before any check is done (atomic add + incr), so parallel
requests cannot slip past the limit. Limits come from settings.LOGIN_THROTTLE:
`{"per_identity": (attempts, seconds), "per_ip": (attempts, seconds)}`. Identities
are hashed in the cache key: no e-mail addresses or phone numbers in Redis.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

TOO_MANY_ATTEMPTS = _("Te veel pogingen. Probeer het over 15 minuten opnieuw.")


def client_ip(request):
    """The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT reverse proxies the
    address the outermost trusted proxy saw (counted from the right of X-Forwarded-For)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or "unknown"


def _key(scope, kind, value):
    digest = hashlib.sha256(str(value).strip().lower().encode()).hexdigest()
    return f"throttle:{scope}:{kind}:{digest}"


def _hit(key, window):
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr: this is the first attempt of a new window
        cache.add(key, 1, timeout=window)
        return 1


def _keys(scope, identity, ip):
    limits = settings.LOGIN_THROTTLE
    return [
        (_key(scope, "identity", identity), *limits["per_identity"]),
        (_key(scope, "ip", ip), *limits["per_ip"]),
    ]


def attempt(scope, *, identity, ip):
    """Count one attempt for `identity` and `ip`; False when either is over its limit."""
    allowed = True
    for key, limit, window in _keys(scope, identity, ip):
        allowed = _hit(key, window) <= limit and allowed
    return allowed


def succeeded(scope, *, identity, ip):
    """A successful login does not use up the budget: reset the identity, give the IP its attempt back."""
    cache.delete(_key(scope, "identity", identity))
    try:
        cache.decr(_key(scope, "ip", ip))
    except ValueError:
        pass
