"""In CI (REQUIRE_SERVICES=1) the suite must run on the real PostgreSQL and Redis.

These tests fail, never skip, when CI was meant to use them and they are not in use, so a
green run can never hide a suite that quietly fell back to SQLite or the embedded broker.
On a laptop (no REQUIRE_SERVICES) they skip, saying why, rather than pass vacuously.
"""

import os

import pytest
from django.conf import settings
from django.db import connection


@pytest.fixture
def in_ci(require_services):
    if not require_services:
        pytest.skip("checks CI's real services; set REQUIRE_SERVICES=1 to run")


def test_database_is_postgresql_in_ci(db, in_ci):
    assert connection.vendor == "postgresql", "CI must run the suite on PostgreSQL"
    with connection.cursor() as cursor:
        cursor.execute("select 1")
        assert cursor.fetchone() == (1,)


def test_broker_is_redis_in_ci(in_ci):
    import redis

    url = settings.CELERY_BROKER_URL
    assert url.startswith("redis://"), "CI must use the Redis broker"
    assert redis.Redis.from_url(url, socket_connect_timeout=5).ping() is True


@pytest.mark.parametrize("name", ["DATABASE_URL", "CELERY_BROKER_URL"])
def test_ci_exports_service_urls(name, in_ci):
    assert os.environ.get(name), f"{name} must be set in CI"
