"""Anonymous clients are throttled per IP at ANON_THROTTLE_RATE; signed-in users are not."""

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
