"""The address a request came from, trusting ``X-Forwarded-For`` only as far as configured.

Every per-client limit (API throttling, sign-in lockout, password-reset emails) keys on this
one function. ``NUM_PROXIES`` says how many proxies of ours stand in front of the app: each
appends the address it received from, so the client is that many entries from the right of
``X-Forwarded-For``. Entries further left were written by the client and prove nothing; with
the default 0 the header is ignored and ``REMOTE_ADDR`` is the client.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    remote_addr = request.META.get("REMOTE_ADDR", "") or ""
    proxies = int(getattr(settings, "NUM_PROXIES", 0) or 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote_addr
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if not hops:
        return remote_addr
    # Fewer hops than proxies: the request bypassed part of the chain; the leftmost hop is
    # still the furthest address our first proxy vouches for.
    return hops[-min(proxies, len(hops))]
