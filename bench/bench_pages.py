"""Benchmark: the public pages at national scale, warm and on the first hit after a write.

    .venv/bin/python bench/bench_pages.py --database <copy of bench1m> [--repeat 3] [--explain]

Anonymous calls through Django's test client in this process (``DEBUG`` off, the cache in
Redis db ``--cache-db``, cleared first): the home page, the busiest authority's page,
``/exemptions/``, ``/exemptions/foia-s24/``, the largest campaign's desk (first page and
page 99). "After a write" stamps one request's statistics summary as a write does (the data
fingerprint changes), then times the page's first hit (after one untimed hit that compiles
its templates, as a running server has): it writes, so give a copy of
``bench1m`` (``--no-write`` on ``bench1m`` itself times warm hits only). "Warm" is the
median of ``--repeat`` hits that follow, once the refresh the first hit queued has run
(here, in this process, as the worker would: its time is printed too). Prints each call's
time, the sum of its queries' times, the number of queries and, with ``--explain``, the
plan of its slowest query.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))

from bench.bench_search import plan_lines, setup  # noqa: E402


def pages() -> list[tuple[str, str]]:
    from django.db.models import Count

    from requests_app.models import Campaign, FOIRequest

    busiest = (
        FOIRequest.objects.values("authority__slug")
        .order_by()
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    largest = Campaign.objects.annotate(n=Count("foi_requests")).order_by("-n").first()
    assert busiest is not None and largest is not None
    return [
        ("home", "/"),
        (f"authority ({busiest['n']:,} requests)", f"/authorities/{busiest['authority__slug']}/"),
        ("exemptions", "/exemptions/"),
        ("exemption", "/exemptions/foia-s24/"),
        (f"campaign ({largest.n:,} requests)", f"/campaigns/{largest.slug}/"),  # type: ignore[attr-defined]
        ("campaign, page 99", f"/campaigns/{largest.slug}/?page=99"),
    ]


def write() -> None:
    """What any write does to the pages' data fingerprint: a summary row stamped."""
    from django.utils import timezone

    from requests_app.models import RequestSummary

    row = RequestSummary.objects.order_by("-request_id").first()
    assert row is not None
    RequestSummary.objects.filter(pk=row.pk).update(refreshed_at=timezone.now())


def refresh_claimed() -> float:
    """What the worker does with the refreshes the pages queued: each claimed page's
    figures computed and stored (``tasks.refresh_page_figures``), in this process."""
    from requests_app.models import PageFigures
    from requests_app.services.page_figures import page_figures_refresh

    started = time.perf_counter()
    for key in PageFigures.objects.filter(claimed_at__isnull=False).values_list("key", flat=True):
        page_figures_refresh(key)
    return time.perf_counter() - started


def timed(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, secure=True)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, sum(float(q["time"]) for q in queries.captured_queries), queries


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cache-db", type=int, default=8)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    setup(args.database, args.cache_db)
    from django.core.cache import cache
    from django.test import Client

    cache.clear()
    client = Client()
    client.get("/", secure=True)  # the process's own set-up (templates, Celery's app)
    print(f"load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f}")
    print("| page | after a write (SQL, queries) | the worker's refresh | warm (SQL, queries) |")
    print("|---|---|---|---|")
    for label, url in pages():
        cold = refresh = ""
        client.get(url, secure=True)  # its templates compiled, as in a running server
        if not args.no_write:
            refresh_claimed()
            write()
            elapsed, sql, queries = timed(client, url)
            cold = f"{ms(elapsed)} ({ms(sql)}, {len(queries)})"
            refresh = ms(refresh_claimed())
        runs = [timed(client, url) for _ in range(args.repeat + 1)][1:]
        elapsed = statistics.median(r[0] for r in runs)
        sql = statistics.median(r[1] for r in runs)
        warm = f"{ms(elapsed)} ({ms(sql)}, {len(runs[-1][2])})"
        print(f"| {label} `{url}` | {cold} | {refresh} | {warm} |")
        if args.explain:
            captured = runs[-1][2].captured_queries
            slowest = max(captured, key=lambda q: float(q["time"]))
            print(f"--- slowest query {float(slowest['time']) * 1000:.0f} ms")
            for line in plan_lines(slowest["sql"], None):
                print("   ", line)
    print(f"load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f}")


if __name__ == "__main__":
    main()
