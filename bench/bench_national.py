"""Benchmark: issue 15's table on the national dataset, each call beside its raw SQL.

    .venv/bin/python bench/bench_national.py [--database bench1m] [--repeat 3] [--write]

Reads the database ``bench/generate_national.py`` built (``bench1m`` by default). Calls go
through Django's test client in this process (DEBUG on, the cache in Redis db
``--cache-db``), except the CSV export, which runs in a child process so its peak memory is
the serving process's own. Each call is interleaved with one hand-written SQL statement over
the base tables that returns the same numbers, ``--repeat`` times; the medians are printed.
Statistics are uncached (the cache is cleared before each call) unless said otherwise.
``recompute_deadlines`` with every row changed runs the command itself on a copy of the
database whose deadline columns were wiped (``bench_recompute_command``; ``--skip-recompute``
leaves it out: the copy and the wipe take a couple of minutes). ``--write`` puts the
table in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime
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

from bench import national_calls as raw  # noqa: E402
from bench.generate_national import database_url  # noqa: E402

SECTION = "## National scale: issue 15's table (bench/bench_national.py)"
TODAY = datetime.date(2026, 12, 3)
HOLIDAY = datetime.date(2026, 12, 28)  # a Monday three weeks ahead, proclaimed at short notice
# The figures (the "before" column).
BEFORE = {
    "refusals:authority": "23.4 s",
    "refusals": "19-23 s",
    "exemptions": "7.1 s",
    "cached": "252 ms",
    "304": "148 ms",
    "home": "7.7 s",
    "exemption page": "6.6 s",
    "campaign": "1.6 s",
    "csv": "111 s, 5.6 GB peak",
    "deep page": "1.7 s",
    "search": "1.7-3.2 s",
    "recompute": "41-83 s",
    "holiday": "seq scan",
}


def setup(database: str, cache_db: int) -> None:
    os.environ["DATABASE_URL"] = database_url(database)
    os.environ["CACHE_URL"] = f"redis://127.0.0.1:6379/{cache_db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foitracker.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's hosts, and templates' context captured


def seconds(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def get(client, url: str, status: int = 200, **headers):
    def run():
        response = client.get(url, **headers)
        assert response.status_code == status, (url, response.status_code)
        if getattr(response, "streaming", False):
            for _ in response.streaming_content:
                pass
        return response

    return run


def uncached(fn):
    from django.core.cache import cache

    def run():
        cache.clear()
        return fn()

    return run


def interleaved(repeat: int, app, sql=None) -> tuple[float, float | None]:
    """Medians of ``repeat`` alternating runs (one warm-up each first)."""
    app()
    if sql:
        sql()
    app_s, sql_s = [], []
    for _ in range(repeat):
        app_s.append(seconds(app))
        if sql:
            sql_s.append(seconds(sql))
    return statistics.median(app_s), statistics.median(sql_s) if sql_s else None


def fmt(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def ratio(app: float, sql: float | None) -> str:
    return f"{app / sql:.2f}x" if sql else ""


def csv_child(database: str, cache_db: int) -> None:
    """In a child process: stream the CSV of all public requests, print time and peak RSS."""
    import resource

    setup(database, cache_db)
    from django.test import Client

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    client = Client()
    started = time.perf_counter()
    response = client.get("/api/v1/requests/?format=csv")
    assert response.status_code == 200, response.status_code
    size = rows = 0
    chunks = response.streaming_content if response.streaming else [response.content]
    for chunk in chunks:
        size += len(chunk)
        rows += chunk.count(b"\n")
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "seconds": elapsed,
                "rows": rows - 1,
                "bytes": size,
                "streamed": bool(response.streaming),
                "peak_mb": peak / 1024,
                "before_mb": before / 1024,
            }
        )
    )


def run_csv(args) -> tuple[dict, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--csv-child", "--database", args.database],
        capture_output=True,
        text=True,
        check=True,
    )
    child = json.loads(out.stdout.strip().splitlines()[-1])
    copy_s = seconds(raw.copy_public_requests)
    return child, copy_s


def run_recompute(database: str) -> tuple[dict, str]:
    """``manage.py recompute_deadlines`` as it runs, on a copy of the database whose every
    row's deadline columns were wiped (``bench_recompute_command``): its phases, and how
    many rows it wrote (formatted)."""
    from django.db import connection

    from bench.bench_recompute_command import run_on_copy

    connection.close()  # a database being copied may have no other session
    result = run_on_copy(database)
    return result["phases"], f"{result['changed']:,}"


def holiday_plan() -> tuple[str, float, int, float]:
    """(index nodes, execution ms, rows) of the lookup, and the same query's time with index
    scans disabled (the plan it had before: a sequential scan)."""
    from django.db import connection, transaction

    from requests_app.services.deadlines_bulk import requests_affected_by_day

    sql, params = (
        requests_affected_by_day(HOLIDAY, "uk_wide").order_by().values("pk").query.sql_with_params()
    )

    def explain(*settings: str) -> dict:
        with transaction.atomic(), connection.cursor() as cursor:
            for setting in settings:
                cursor.execute(f"SET LOCAL {setting}")
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
        return (json.loads(plan) if isinstance(plan, str) else plan)[0]

    def nodes(plan: dict) -> list[str]:
        found = [f"{plan['Node Type']} on {plan['Index Name']}"] if "Index Name" in plan else []
        for child in plan.get("Plans", []):
            found += nodes(child)
        return found

    off = ("enable_bitmapscan = off", "enable_indexscan = off")
    # Warmed once each, then the median of three: a first read of the pages from disk (a
    # copy of the database made just before, say) would time the disk, not the plan.
    explain(), explain(*off)
    runs = [(explain(), explain(*off)) for _ in range(3)]
    plan = sorted((p for p, _ in runs), key=lambda p: p["Execution Time"])[1]
    seq = sorted((s for _, s in runs), key=lambda s: s["Execution Time"])[1]
    return (
        ", ".join(nodes(plan["Plan"])) or plan["Plan"]["Node Type"],
        plan["Execution Time"],
        plan["Plan"].get("Actual Rows", 0),
        seq["Execution Time"],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="bench1m")
    parser.add_argument("--cache-db", type=int, default=7, help="Redis database number")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-recompute", action="store_true")
    parser.add_argument("--skip-csv", action="store_true")
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--csv-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.csv_child:
        csv_child(args.database, args.cache_db)
        return
    setup(args.database, args.cache_db)
    from django.test import Client

    client = Client()
    rows: list[tuple[str, str, str, str, str]] = []

    def row(label, key, app_s, sql_s=None, note=""):
        line = (label, BEFORE.get(key, ""), fmt(app_s), fmt(sql_s), ratio(app_s, sql_s) or note)
        rows.append(line)
        print(" | ".join(line), flush=True)

    for label, key, app, sql in raw.calls(client, TODAY):
        app_s, sql_s = interleaved(args.repeat, uncached(app), sql)
        row(label, key, app_s, sql_s)

    # Cached statistics and a 304: the cache primed, then the same call and a conditional one.
    url = "/api/v1/stats/refusals/?group_by=regime"
    etag = get(client, url)()["ETag"]
    from requests_app.selectors.stats_version import stats_data_version

    cached_s, version_s = interleaved(args.repeat * 3, get(client, url), stats_data_version)
    row(f"`{url}` cached", "cached", cached_s, version_s, "")
    not_modified_s, _ = interleaved(
        args.repeat * 3, get(client, url, 304, HTTP_IF_NONE_MATCH=etag), stats_data_version
    )
    row("the same, `If-None-Match` (304)", "304", not_modified_s, version_s)

    if not args.skip_csv:
        child, copy_s = run_csv(args)
        row(
            f"`requests/?format=csv`, {child['rows']:,} rows",
            "csv",
            child["seconds"],
            copy_s,
        )
        rows[-1] = (
            *rows[-1][:2],
            f"{fmt(child['seconds'])}, {child['peak_mb']:.0f} MB peak "
            f"({child['before_mb']:.0f} MB before){'' if child['streamed'] else ', not streamed'}",
            f"COPY {fmt(copy_s)}",
            rows[-1][4],
        )
    if not args.skip_recompute:
        phases, changed = run_recompute(args.database)
        row(
            f"`recompute_deadlines`, {changed} rows, every one changed: deadlines "
            f"{fmt(phases['deadlines'])} (locked rewrite {fmt(phases['locked rewrite'])}) + "
            f"the two checks side by side {fmt(phases['checks side by side'])}",
            "recompute",
            phases["whole command"],
        )
    nodes, lookup_ms, found, seq_ms = holiday_plan()
    rows.append(
        (
            f"proclaimed holiday ({HOLIDAY}): finding the {found:,} rows it moves",
            BEFORE["holiday"],
            f"{lookup_ms:.0f} ms: {nodes}",
            f"seq scan {seq_ms:.0f} ms",
            ratio(lookup_ms, seq_ms),
        )
    )
    print(" | ".join(rows[-1]))
    report(args, rows)


NOTES = """\
Raw SQL: one hand-written statement over the base tables returning the same figures
(`bench/national_calls.py`; its medians are in calendar days, as SQL alone does not know the
bank holidays), the campaign's every row, a GIN search page of 50, PostgreSQL's own `COPY`
of the CSV's columns. The CSV runs in a child process: its peak is that process's maximum
resident set, "before" the same just before the call (Django loaded). `recompute_deadlines`
is the command as it runs (`bench/bench_recompute_command.py`: the deadlines, in one locked
rewrite, then the summary and search checks side by side) on a copy of the database whose
every row's deadline columns were wiped and `VACUUM ANALYZE`d. The holiday row shows the
lookup's plan and its execution time beside the same query with index scans disabled.
Reproduce: `.venv/bin/python bench/bench_national.py --repeat 3 --write` (after
`bench/generate_national.py`)."""


def report(args, rows) -> None:
    from django.db import connection

    from requests_app.models import FOIRequest

    version = connection.cursor().connection.info.server_version
    lines = [
        SECTION,
        "",
        f"PostgreSQL {version // 10000}.{version % 10000}, database `{args.database}` "
        f"({FOIRequest.objects.count():,} requests, made by `bench/generate_national.py`), "
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, load average "
        f"{os.getloadavg()[0]:.1f} on the shared 2-core machine. Django's test client in one "
        f"process (DEBUG on, Redis cache); median of {args.repeat} interleaved runs of each "
        f"call and its raw SQL; statistics uncached unless said.",
        "",
        "| call | before (issue) | now | raw SQL | ratio |",
        "|---|---|---|---|---|",
        *(f"| {' | '.join(r)} |" for r in rows),
        "",
        NOTES,
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        path = ROOT / "docs" / "benchmarks.md"
        doc = path.read_text()
        if SECTION in doc:
            before, _, after = doc.partition(SECTION)
            rest = after.split("\n## ", 1)
            doc = before + text + (f"\n## {rest[1]}" if len(rest) == 2 else "")
        else:
            doc = doc.rstrip("\n") + "\n\n" + text
        path.write_text(doc.rstrip("\n") + "\n")
        print(f"Wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
