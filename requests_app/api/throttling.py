"""Per-client throttling of anonymous clients, with the rate read at request time.

DRF's ``AnonRateThrottle`` copies the rates when its module is imported, so a changed
``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` (an environment variable, a test override)
would be ignored. This one reads the live setting; the rate comes from ``ANON_THROTTLE_RATE``.
The client is ``client_ip``: a forged ``X-Forwarded-For`` cannot buy a fresh allowance, and
the counts live in the default cache (Redis in production), shared by every worker.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

from requests_app.client_ip import client_ip


class AnonymousThrottle(AnonRateThrottle):
    scope = "anon"

    def get_rate(self) -> str | None:
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        return None if rate is None else str(rate)

    def get_ident(self, request) -> str:
        return client_ip(request)
