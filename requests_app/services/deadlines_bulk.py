"""Vectorised recomputation of many requests (work in progress: falls back to one by one)."""

from __future__ import annotations

from requests_app.services.deadlines import deadlines_recompute


def recompute_bulk(queryset, progress=None, **kwargs) -> int:
    count = 0
    for foi_request in queryset.select_related("authority").iterator():
        deadlines_recompute(foi_request)
        count += 1
    if progress:
        progress(count)
    return count
