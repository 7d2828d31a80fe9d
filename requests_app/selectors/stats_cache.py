"""Public figures read through the cache, keyed by the data fingerprint.

The statistics API (``api/stats.py``) and the refreshes of the public pages' figures
(``selectors/page_figures.py``) read the same entries: while nothing the figures depend on has
changed, a call costs the fingerprint query (``stats_data_version``) and a cache read,
whatever the data size. A caller needing several figures reads the fingerprint once and
passes it to each ``cached`` call.

An entry is ``{"rows": ..., "digest": ...}``; the digest (of the figures themselves) is what
the API's ETag is made of, so a write that leaves the public figures alone keeps it.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache

from requests_app.selectors.stats import (
    StatsFilters,
    exemption_stats,
    refusal_stats,
    stats_data_version,
)

CACHE_PREFIX = "stats:v2"  # v2: {"rows", "digest"}


def digest_of(rows: Any) -> str:
    return hashlib.sha256(json.dumps(rows, sort_keys=True, default=str).encode()).hexdigest()


def cached(
    kind: str, params: str, compute: Callable[[], Any], *, version: str | None = None
) -> dict[str, Any]:
    """The entry for ``kind`` and ``params``, computed and stored on a miss.

    The fingerprint moves with every write, private ones included, so it only decides when
    to recompute; ``version`` is that fingerprint when the caller already read it.
    """
    if version is None:
        version = stats_data_version()
    key = cache_key(kind, params, version)
    entry = cache.get(key)
    if entry is None:
        rows = compute()
        entry = {"rows": rows, "digest": digest_of(rows)}
        # The digest alone as well: a revalidation (If-None-Match) reads a few bytes, not
        # the figures (by authority, 25,000 rows: 50 ms to unpickle).
        cache.set_many(
            {key: entry, f"{key}:digest": entry["digest"]}, timeout=settings.STATS_CACHE_SECONDS
        )
    return entry


def cache_key(kind: str, params: str, version: str) -> str:
    return f"{CACHE_PREFIX}:{kind}:" + hashlib.sha256(f"{version}|{params}".encode()).hexdigest()


def cached_digest(kind: str, params: str, version: str) -> str | None:
    """The digest of the cached figures for ``params`` at ``version``; None if not cached."""
    return cache.get(f"{cache_key(kind, params, version)}:digest")


def exemption_stats_cached(filters: StatsFilters, *, version: str | None = None) -> list[dict]:
    """``exemption_stats(filters)``, shared with ``GET stats/exemptions/``."""
    return cached(
        "exemptions", filters.as_key(), lambda: exemption_stats(filters), version=version
    )["rows"]


def refusal_params(group_by: str, filters: StatsFilters, today: datetime.date) -> str:
    # past_deadline_unanswered moves with the date: today is part of the key.
    return f"group_by={group_by}|{filters.as_key()}|today={today.isoformat()}"


def refusal_stats_cached(
    group_by: str, filters: StatsFilters, today: datetime.date, *, version: str | None = None
) -> list[dict]:
    """``refusal_stats(group_by, filters, today)``, shared with ``GET stats/refusals/``."""
    return cached(
        "refusals",
        refusal_params(group_by, filters, today),
        lambda: refusal_stats(group_by, filters, today),
        version=version,
    )["rows"]
