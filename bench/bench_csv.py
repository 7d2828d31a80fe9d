"""Benchmark: the CSV downloads of every public request, beside PostgreSQL's own COPY.

    .venv/bin/python bench/bench_csv.py [--database bench1m] [--repeat 3]

Each download (the API's ``requests/?format=csv`` and the web's ``/requests/?format=csv``)
runs in a child process (Django's test client, anonymous, DEBUG on), after the same view's
first page (the process's warm-up), read to the end: its time, its size and the child's
peak resident set. Interleaved with it, in this process, the
same ``COPY (SELECT ...) TO STDOUT`` the download ran (taken from the child's query log), so
"COPY, same select" is the database's share of the work, and the hand-written COPY of
``bench/national_calls.py`` (19 plain columns of the same rows, no ``text``, no formatting)
as the floor. Medians of ``--repeat`` runs; the load average is printed with them.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.generate_national import database_url  # noqa: E402

URLS = {"api": "/api/v1/requests/?format=csv", "web": "/requests/?format=csv"}


def setup(database: str) -> None:
    os.environ["DATABASE_URL"] = database_url(database)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foitracker.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host


def child(database: str, url: str) -> None:
    """Download ``url`` to the end; print time, rows, bytes, peak RSS and the COPY run."""
    import resource

    setup(database)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    # The first request of a process loads the URL conf, DRF, templates...: ~6 s on this
    # machine, not the download's. The same view's first page (JSON or HTML) pays it.
    client.get(url.replace("format=csv", "format=json"))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        size = lines = 0
        chunks = response.streaming_content if response.streaming else [response.content]
        for chunk in chunks:
            size += len(chunk)
            lines += chunk.count(b"\r\n")
        response.close()
    elapsed = time.perf_counter() - started
    copies = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("COPY")]
    print(
        json.dumps(
            {
                "seconds": elapsed,
                "lines": lines,
                "bytes": size,
                "streamed": bool(response.streaming),
                "queries": len(queries.captured_queries),
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "before_mb": before / 1024,
                "copy": copies[-1] if copies else None,
            }
        )
    )


def run_child(database: str, url: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", url, "--database", database],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def copy_seconds(statement: str) -> tuple[float, int]:
    """``statement`` (a COPY TO STDOUT) read to the end: seconds, bytes."""
    from django.db import connection

    connection.ensure_connection()
    size = 0
    started = time.perf_counter()
    with connection.connection.cursor() as cursor, cursor.copy(statement) as copy:
        for block in copy:
            size += len(block)
    return time.perf_counter() - started, size


def measure(database: str, which: str, repeat: int) -> dict:
    """The download ``which`` ("api" or "web") and its COPYs, interleaved ``repeat`` times."""
    from bench import national_calls as raw

    app, same, hand, children = [], [], [], []
    for _ in range(repeat):
        result = run_child(database, URLS[which])
        children.append(result)
        app.append(result["seconds"])
        if result["copy"]:
            same.append(copy_seconds(result["copy"])[0])
        hand.append(copy_seconds(raw.CSV_COPY)[0])
    last = children[-1]
    return {
        "url": URLS[which],
        "seconds": app,
        "copy_same_select": same,
        "copy_hand_written": hand,
        "rows": last["lines"] - 1,
        "mb": last["bytes"] / 1e6,
        "peak_mb": max(c["peak_mb"] for c in children),
        "before_mb": last["before_mb"],
        "queries": last["queries"],
        "streamed": last["streamed"],
        "load": os.getloadavg(),
    }


def summary(figures: dict) -> str:
    app = statistics.median(figures["seconds"])
    hand = statistics.median(figures["copy_hand_written"])
    line = (
        f"`{figures['url']}`: {figures['rows']:,} rows, {figures['mb']:.0f} MB, "
        f"{app:.1f} s (runs {', '.join(f'{s:.1f}' for s in figures['seconds'])}), "
        f"peak RSS {figures['peak_mb']:.0f} MB ({figures['before_mb']:.0f} MB before), "
        f"{figures['queries']} queries"
    )
    if figures["copy_same_select"]:
        same = statistics.median(figures["copy_same_select"])
        line += f"; COPY of the same select {same:.1f} s ({app / same:.2f}x)"
    line += f"; hand-written COPY {hand:.1f} s ({app / hand:.2f}x)"
    return line + f"; load average {figures['load'][0]:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="bench1m")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=sorted(URLS), action="append")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.database, args.child)
        return
    setup(args.database)
    for which in args.only or sorted(URLS):
        figures = measure(args.database, which, args.repeat)
        print(json.dumps({k: v for k, v in figures.items()}), flush=True)
        print(summary(figures), flush=True)


if __name__ == "__main__":
    main()
