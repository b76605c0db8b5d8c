"""Delete this test process's cache keys only.

The suite's Redis database is shared: by the pytest-xdist workers (each with its own KEY_PREFIX,
ouderbetrokkenheid/settings_test.py) and maybe by a Celery broker. So never FLUSHDB, and never
delete by a bare pattern: match only keys under this process's prefix.
"""

from django.core.cache import cache


def delete_keys(pattern):
    """Delete the keys of this process's cache whose unprefixed name matches `pattern` (a Redis glob)."""
    get_client = getattr(getattr(cache, "_cache", None), "get_client", None)
    if get_client is None:  # a per-process cache (locmem): it holds this process's keys only
        cache.clear()
        return
    redis = get_client(write=True)
    # Django stores "<KEY_PREFIX>:<version>:<key>"; the prefix has no glob characters.
    for key in redis.scan_iter(match=f"{cache.key_prefix}:*:{pattern}"):
        redis.delete(key)
