"""In CI (REQUIRE_SERVICES=1) the suite must run on the real PostgreSQL and Redis.

These tests fail, never skip, when CI was meant to use them and they are not in use, so a
green run can never hide a suite that quietly fell back to SQLite or the embedded broker.
"""

import os

import pytest
from django.conf import settings
from django.db import connection


def test_database_is_postgresql_in_ci(db, require_services):
    if not require_services:
        assert connection.vendor in {"sqlite", "postgresql"}
        return
    assert connection.vendor == "postgresql", "CI must run the suite on PostgreSQL"
    with connection.cursor() as cursor:
        cursor.execute("select 1")
        assert cursor.fetchone() == (1,)


def test_broker_is_redis_in_ci(require_services):
    if not require_services:
        assert settings.CELERY_BROKER_URL.split("://")[0] in {"filesystem", "redis", "memory"}
        return
    import redis

    url = settings.CELERY_BROKER_URL
    assert url.startswith("redis://"), "CI must use the Redis broker"
    assert redis.Redis.from_url(url, socket_connect_timeout=5).ping() is True


@pytest.mark.parametrize("name", ["DATABASE_URL", "CELERY_BROKER_URL"])
def test_ci_exports_service_urls(name, require_services):
    if require_services:
        assert os.environ.get(name), f"{name} must be set in CI"
