"""The real services an integration test reaches: Redis on the broker's host, and the test
database as a URL another process can open. Unreachable, a test skips, or fails under
REQUIRE_SERVICES=1 (CI), where integration tests must run."""

from __future__ import annotations

import os
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
from django.db import connection


def unavailable(require_services: bool, reason: str):
    if require_services:
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1: integration tests must run)")
    pytest.skip(reason)


def redis_for(db: int, require_services: bool):
    """(URL, client) of Redis database ``db`` on CI's CELERY_BROKER_URL host, reachable."""
    import redis

    configured = os.environ.get("CELERY_BROKER_URL", "")
    base = configured if configured.startswith("redis://") else "redis://127.0.0.1:6379/0"
    parts = urlsplit(base)
    url = urlunsplit((parts.scheme, parts.netloc, f"/{db}", "", ""))
    client = redis.Redis.from_url(url, socket_connect_timeout=3)
    try:
        client.ping()
    except redis.RedisError as exc:
        unavailable(require_services, f"Redis is unreachable at {url}: {exc}")
    return url, client


def database_url_for(require_services: bool, who: str = "a worker process") -> str:
    """The test database as a URL ``who`` (another process) can open: PostgreSQL only."""
    config = connection.settings_dict
    if connection.vendor != "postgresql":
        unavailable(
            require_services,
            f"{who} cannot open the in-memory SQLite test database; run with "
            "DATABASE_URL=postgres://...",
        )
    user = quote(config.get("USER") or "")
    password = f":{quote(config['PASSWORD'])}" if config.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    host = f"{config.get('HOST') or 'localhost'}:{config.get('PORT') or 5432}"
    return f"postgres://{auth}{host}/{config['NAME']}"
