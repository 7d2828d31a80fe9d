"""Benchmark: full-text search at national scale, API and web, common and rare words.

    .venv/bin/python bench/bench_search.py [--database bench1m] [--repeat 5] [--explain]

Anonymous calls through Django's test client in this process (``DEBUG`` off, templates not
instrumented as tests have them, the cache in Redis db ``--cache-db``):
``/api/v1/requests/?q=`` (the default order) and the web page ``/requests/?q=`` (newest
first, 50 a page). One warm-up, then the median of ``--repeat``
runs, with the time its SQL took (the sum over its queries) and the number of queries.
``--explain`` prints the plan of each call's slowest query (EXPLAIN ANALYZE).
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


def setup(database: str, cache_db: int) -> None:
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database}"
    os.environ["CACHE_URL"] = f"redis://127.0.0.1:6379/{cache_db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foitracker.settings")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only, never served")  # DEBUG off demands one
    # The test client's host, without ``setup_test_environment``: that instruments every
    # template render (a signal and a copy of the context each, for assertTemplateUsed),
    # which a page of select options pays hundreds of times and a server never does.
    os.environ["ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()


def words_to_try() -> list[tuple[str, str, str]]:
    """(label, words, a filter): common words, a citation, a phrase, rare words, a
    reference, none, and a common word with a filter that keeps a few of its matches."""
    from requests_app.models import FOIRequest

    reference = (
        FOIRequest.objects.public()
        .exclude(authority_reference="")
        .order_by("pk")
        .values_list("authority_reference", flat=True)[500_000:500_001]
        .first()
    ) or "FOI-1"
    return [
        ("common (1 request in 30)", "potholes", ""),
        ("very common (1 in 2)", "decision", ""),
        ("common phrase", '"national security"', ""),
        ("citation", "s24", ""),
        ("rare (one campaign)", "campaign 17", ""),
        ("reference, whole", reference, ""),
        ("no match", "zebra", ""),
        ("common, filtered", "potholes", "status=overdue"),
        ("no search: the list itself", "", ""),
    ]


def plan_lines(sql: str, params) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) {sql}", params)
        return [row[0] for row in cursor.fetchall()]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default="bench1m")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cache-db", type=int, default=11)
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    setup(args.database, args.cache_db)
    from urllib.parse import quote_plus

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    print(f"load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f}")
    print("| search | words | API | its SQL | queries | web | its SQL | queries |")
    print("|---|---|---|---|---|---|---|---|")
    for label, words, extra in words_to_try():
        cells = []
        query = "&".join(p for p in (f"q={quote_plus(words)}" if words else "", extra) if p)
        query = f"?{query}" if query else ""
        for url in (f"/api/v1/requests/{query}", f"/requests/{query}"):
            client.get(url, secure=True)  # warm-up (HTTPS: DEBUG off redirects plain HTTP)
            times, sql = [], []
            for _ in range(args.repeat):
                started = time.perf_counter()
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(url, secure=True)
                times.append(time.perf_counter() - started)
                sql.append(sum(float(q["time"]) for q in queries.captured_queries))
                assert response.status_code == 200, (url, response.status_code)
            cells += [
                f"{statistics.median(times) * 1000:.0f} ms",
                f"{statistics.median(sql) * 1000:.0f} ms",
                str(len(queries)),
            ]
            if args.explain:
                slowest = max(queries.captured_queries, key=lambda q: float(q["time"]))
                print(f"--- {url}: slowest query {float(slowest['time']) * 1000:.0f} ms")
                for line in plan_lines(slowest["sql"], None):
                    print("   ", line)
        print(f"| {label} | `{words}` {extra} | " + " | ".join(cells) + " |")
    print(f"load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f}")


if __name__ == "__main__":
    main()
