"""With the cache (Redis) down, anonymous calls still answer (issue 11 item 8).

Before, Django's Redis backend raised on every call: the anonymous throttle reads the cache
first, so every anonymous API call was a 500. Now statistics are computed uncached and the
throttle lets calls through. The outage is real: a Redis URL on a closed port.
"""

import datetime
import os
import secrets

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from foitracker.env import cache_config
from tests.api.conftest import answer, make_request

CLOSED = "redis://127.0.0.1:1/0"


@pytest.fixture
def refused_request(alice, authority):
    foi_request = make_request(alice, authority)
    answer(foi_request, datetime.date(2022, 6, 20), outcome="refused", exemptions=["foia-s24"])
    return foi_request


@pytest.fixture
def cache_down(settings):
    settings.CACHES = cache_config(CLOSED, 0.5)


def _rates(settings, rate):
    return override_settings(
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": rate}}
    )


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/stats/refusals/?group_by=authority",
        "/api/v1/stats/exemptions/",
        "/api/v1/authorities/",
        "/api/v1/requests/",
    ],
)
def test_anonymous_calls_answer_with_the_cache_down(db, cache_down, refused_request, url):
    response = APIClient().get(url)
    assert response.status_code == 200, response.content


def test_statistics_are_computed_uncached_with_the_cache_down(db, cache_down, refused_request):
    first = APIClient().get("/api/v1/stats/exemptions/").json()
    assert [row["code"] for row in first] == ["foia-s24"]
    assert APIClient().get("/api/v1/stats/exemptions/").json() == first


def test_the_throttle_allows_calls_it_cannot_count(db, settings, cache_down):
    with _rates(settings, "2/minute"):
        client = APIClient(REMOTE_ADDR="203.0.113.9")
        assert {client.get("/api/v1/exemptions/").status_code for _ in range(5)} == {200}


def test_a_reachable_redis_cache_still_counts_and_throttles(db, settings, require_services):
    url = os.environ.get("CACHE_URL") or os.environ.get("CELERY_BROKER_URL", "")
    if not url.startswith("redis"):
        if require_services:
            pytest.fail("CI must give a Redis URL (CACHE_URL or CELERY_BROKER_URL)")
        pytest.skip("needs a Redis URL in CACHE_URL or CELERY_BROKER_URL")
    settings.CACHES = cache_config(url, 0.5)
    settings.CACHES["default"]["KEY_PREFIX"] = f"test-{secrets.token_hex(4)}"  # no collisions
    with _rates(settings, "2/minute"):
        client = APIClient(REMOTE_ADDR="203.0.113.10")
        statuses = [client.get("/api/v1/exemptions/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
