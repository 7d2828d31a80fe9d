"""Fixed-window counters in the shared cache, for limits outside the API's throttling."""

from __future__ import annotations

import hashlib
import logging

from django.core.cache import cache

log = logging.getLogger(__name__)


def within_limit(scope: str, subject: str, limit: int, window_seconds: int) -> bool:
    """Count one more event for ``subject``; False once more than ``limit`` fell in the window.

    The subject is hashed into the key, so an email address never sits in the cache as text.
    With the cache unreachable the event is allowed: a limit that fails closed would turn a
    Redis outage into nobody being able to reset a password.
    """
    digest = hashlib.sha256(subject.encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{digest}"
    try:
        cache.add(key, 0, timeout=window_seconds)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window_seconds)
            count = 1
    except Exception:
        log.warning("rate limit %s not counted: cache unavailable", scope, exc_info=True)
        return True
    return count <= limit
