"""``/healthz`` and ``manage.py healthcheck``: can this process reach what it needs?

Three checks, run side by side, each bounded by ``HEALTHZ_TIMEOUT_MS`` (so a host that
drops packets cannot hang the probe): the database (a fresh connection, ``SELECT 1``), the
Celery broker (a Redis ``PING``, or the filesystem queue folder being writable) and the
cache (a Redis ``PING``, or a write and read back). The answer names what is down; the
reasons stay in the log, since the endpoint is public.
"""

from __future__ import annotations

import copy
import logging
import math
import os
import secrets
import threading
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)

OK = "ok"


def check_database(timeout: float) -> None:
    live = connections[DEFAULT_DB_ALIAS]
    config = copy.deepcopy(live.settings_dict)
    if live.vendor == "postgresql":  # libpq's minimum is 2 seconds
        config["OPTIONS"] = {**config["OPTIONS"], "connect_timeout": max(2, math.ceil(timeout))}
    # Its own connection: the request's may be a pooled one that has not noticed the outage.
    probe = type(live)(config, DEFAULT_DB_ALIAS)
    try:
        with probe.cursor() as cursor:
            cursor.execute("SELECT 1")
    finally:
        probe.close()


def check_broker(timeout: float) -> None:
    url = settings.CELERY_BROKER_URL
    if url.startswith(("redis://", "rediss://")):
        _ping_redis(url, timeout)
    elif url.startswith("filesystem://"):
        folder = Path(str(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"]))
        if not (folder.is_dir() and os.access(folder, os.W_OK)):
            raise OSError(f"the queue folder {folder} is missing or read-only")
    else:
        from kombu import Connection

        with Connection(url, connect_timeout=timeout) as connection:
            connection.connect()


def check_cache(timeout: float) -> None:
    cache = caches["default"]
    ping = getattr(cache, "ping", None)
    if ping is not None:  # Redis: the backend hides outages from every other caller
        ping()
        return
    token = secrets.token_hex(8)
    cache.set(f"healthz:{token}", token, timeout=10)
    if cache.get(f"healthz:{token}") != token:
        raise RuntimeError("the cache did not give back what was stored")


def _ping_redis(url: str, timeout: float) -> None:
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
    try:
        client.ping()
    finally:
        client.close()


CHECKS: dict[str, Callable[[float], None]] = {
    "database": check_database,
    "broker": check_broker,
    "cache": check_cache,
}


def run_checks(timeout: float | None = None) -> dict[str, str]:
    """``{"database": "ok", "broker": "down", ...}``: every check, none longer than timeout."""
    timeout = settings.HEALTHZ_TIMEOUT_MS / 1000 if timeout is None else timeout
    results = dict.fromkeys(CHECKS, "timed out")

    def run(name: str, check: Callable[[float], None]) -> None:
        try:
            check(timeout)
        except Exception as exc:  # any failure means "down"; the log keeps its cause
            logger.warning("health check: %s is down: %s: %s", name, type(exc).__name__, exc)
            results[name] = "down"
        else:
            results[name] = OK

    threads = [
        threading.Thread(target=run, args=item, name=f"healthz-{item[0]}", daemon=True)
        for item in CHECKS.items()
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    return dict(results)


def health_report(timeout: float | None = None) -> tuple[int, dict]:
    checks = run_checks(timeout)
    down = [name for name, result in checks.items() if result != OK]
    body = {"status": "unavailable" if down else OK, "down": down, "checks": checks}
    return (503 if down else 200), body


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    status, body = health_report()
    return JsonResponse(body, status=status)
