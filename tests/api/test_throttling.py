"""Anonymous clients are throttled per IP at ANON_THROTTLE_RATE; signed-in users are not."""

import os

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from tests.api.conftest import client_for

THREE_PER_MINUTE = {
    "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"},
}


def _rest_framework(**overrides):
    from django.conf import settings

    return {**settings.REST_FRAMEWORK, **overrides}


@pytest.mark.parametrize(
    "url",
    ["/api/v1/requests/", "/api/v1/authorities/", "/api/v1/stats/refusals/", "/api/v1/exemptions/"],
)
def test_anonymous_reads_are_throttled_per_ip(db, url):
    with override_settings(REST_FRAMEWORK=_rest_framework(**THREE_PER_MINUTE)):
        client = APIClient(REMOTE_ADDR="203.0.113.7")
        statuses = [client.get(url).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        refused = client.get(url)
        assert int(refused["Retry-After"]) > 0
        # Another address has its own allowance.
        assert APIClient(REMOTE_ADDR="203.0.113.8").get(url).status_code == 200


def test_signed_in_users_are_not_throttled_as_anonymous(alice):
    with override_settings(REST_FRAMEWORK=_rest_framework(**THREE_PER_MINUTE)):
        client = client_for(alice)
        assert {client.get("/api/v1/requests/").status_code for _ in range(5)} == {200}


def test_a_forged_forwarded_for_buys_no_fresh_allowance(db):
    # No proxy is configured (NUM_PROXIES=0), so X-Forwarded-For is the client's own words.
    with override_settings(REST_FRAMEWORK=_rest_framework(**THREE_PER_MINUTE)):
        statuses = [
            APIClient(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
            .get("/api/v1/authorities/")
            .status_code
            for n in range(5)
        ]
    assert statuses == [200, 200, 200, 429, 429]


def test_behind_one_proxy_the_address_it_saw_is_the_client(db, settings):
    settings.NUM_PROXIES = 1
    proxy = "10.0.0.2"  # every request arrives from the proxy; it appends the client

    def get(forwarded_for: str) -> int:
        client = APIClient(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=forwarded_for)
        return client.get("/api/v1/authorities/").status_code

    with override_settings(REST_FRAMEWORK=_rest_framework(**THREE_PER_MINUTE)):
        # The client forges a different left-hand entry each time: still one client.
        assert [get(f"192.0.2.{n}, 203.0.113.7") for n in range(4)] == [200, 200, 200, 429]
        # Another client behind the same proxy has its own allowance.
        assert get("203.0.113.8") == 200


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.1", "203.0.113.7"),
        (1, "", "203.0.113.7"),
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "192.0.2.9, 198.51.100.1", "198.51.100.1"),
        (2, "192.0.2.9, 198.51.100.1, 10.0.0.3", "198.51.100.1"),
        (3, "198.51.100.1", "198.51.100.1"),  # fewer hops than proxies: the first one's word
        (1, " , ", "203.0.113.7"),
    ],
)
def test_client_ip(rf, settings, proxies, forwarded, expected):
    from requests_app.client_ip import client_ip

    settings.NUM_PROXIES = proxies
    request = rf.get("/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_deploy_check_asks_for_a_shared_cache(settings):
    from requests_app.checks import shared_cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [w.id for w in shared_cache(None)] == ["requests_app.W001"]
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/1",
        }
    }
    assert shared_cache(None) == []


def test_counts_live_in_redis_where_every_worker_sees_them(db, require_services):
    import uuid

    import redis

    url = os.environ.get("CACHE_URL") or "redis://127.0.0.1:6379/0"
    try:
        raw = redis.Redis.from_url(url, socket_connect_timeout=2)
        raw.ping()
    except redis.exceptions.ConnectionError:
        if require_services:
            pytest.fail("Redis is unreachable")
        pytest.skip("needs Redis on 127.0.0.1:6379")
    prefix = f"throttle-test-{uuid.uuid4().hex}"  # no clear(): the database may be shared
    shared = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        }
    }
    with override_settings(CACHES=shared, REST_FRAMEWORK=_rest_framework(**THREE_PER_MINUTE)):
        client = APIClient(REMOTE_ADDR="203.0.113.9")
        statuses = [client.get("/api/v1/authorities/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    # Another process reads the same count straight from Redis.
    keys = raw.keys(f"{prefix}:*throttle_anon_203.0.113.9")
    assert keys, "the throttle count is not in Redis"
    raw.delete(*keys)
