"""A Redis cache that degrades instead of failing while Redis is down.

Everything this project caches can be done without the cache: statistics are computed
again, and a throttle that cannot count lets the call through. With Django's own backend a
Redis outage was a 500 on every anonymous API call (the throttle reads the cache first), so
here a connection or timeout error is logged and answered as a miss: ``get`` gives the
default, ``set``, ``delete`` and ``clear`` do nothing, ``add`` and ``touch`` say False
(``incr`` still raises: nothing here counts with it).

After a failure the cache is not tried again for ``RETRY_AFTER`` seconds, so an outage
costs one failed connection per process every few seconds rather than one per call. The
client is built with short socket timeouts and no retries (``cache_config`` in settings).
``ping`` still raises: ``/healthz`` must see the outage.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER = 5.0
T = TypeVar("T")


class ResilientRedisCache(RedisCache):
    _down_until = 0.0

    def _degrade(self, fallback: T, method: Callable[..., T], *args: Any) -> T:
        if time.monotonic() < self._down_until:
            return fallback
        try:
            return method(*args)
        except (RedisError, OSError) as exc:
            self._down_until = time.monotonic() + RETRY_AFTER
            logger.warning("cache unavailable, carrying on without it: %s", exc)
            return fallback

    def ping(self) -> None:
        """Raise unless Redis answers: for the health check, which must see an outage."""
        self._cache.get_client(write=True).ping()

    def get(self, key, default=None, version=None) -> Any:
        return self._degrade(default, super().get, key, default, version)

    def get_many(self, keys, version=None) -> dict:
        return self._degrade({}, super().get_many, keys, version)

    def has_key(self, key, version=None) -> bool:
        return self._degrade(False, super().has_key, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        self._degrade(None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None) -> list:
        return self._degrade([], super().set_many, data, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        return self._degrade(False, super().add, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        return self._degrade(False, super().touch, key, timeout, version)

    def delete(self, key, version=None) -> bool:
        return self._degrade(False, super().delete, key, version)

    def delete_many(self, keys, version=None) -> None:
        self._degrade(None, super().delete_many, keys, version)

    def clear(self) -> None:
        self._degrade(None, super().clear)
