"""Benchmark: ``manage.py recompute_deadlines`` with every row changed, as the command runs.

    .venv/bin/python bench/bench_recompute_command.py [--database bench1m] [--unchanged]

Copies the national dataset (``CREATE DATABASE ... TEMPLATE``: nobody else may be connected
to it meanwhile), wipes every request's deadline columns in the copy
(``national_calls.WIPE_DEADLINES``; ``--unchanged`` does not: the usual run, nothing to
write), ``VACUUM ANALYZE``, then runs the command in a child process with its phases timed,
and drops the copy. Prints the phases and one JSON line.
``bench/bench_national.py`` reports the same run in issue 15's table.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import national_calls as raw  # noqa: E402
from bench.generate_national import database_url  # noqa: E402

# What the child reports, in the order the command runs them.
PHASES = (
    "read + compute + stage",
    "locked rewrite",
    "UPDATE",
    "index builds",
    "deadlines",
    "checks side by side",
    "whole command",
)


def run_on_copy(database: str, *, wipe: bool = True) -> dict:
    """The command's phases (seconds) on a copy of ``database`` (its deadline columns wiped
    unless ``wipe`` is false), the load average before and after, and what it said."""
    import psycopg

    copy = f"{database}_recompute"
    with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{copy}"')
        admin.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{database}"')
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--child", "--database", copy]
            + ([] if wipe else ["--unchanged"]),
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{copy}"')
    return json.loads(out.stdout.strip().splitlines()[-1])


def child(database: str, *, wipe: bool) -> None:
    os.environ["DATABASE_URL"] = database_url(database)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foitracker.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    with connection.cursor() as cursor:
        if wipe:
            cursor.execute(raw.WIPE_DEADLINES)
        cursor.execute("VACUUM ANALYZE")
    times = _timed_phases()
    load = os.getloadavg()[0]
    out = io.StringIO()
    started = time.perf_counter()
    call_command("recompute_deadlines", "--no-progress", stdout=out)
    times["whole command"] = time.perf_counter() - started
    said = out.getvalue().splitlines()
    print(json.dumps({"phases": times, "load": [load, os.getloadavg()[0]], "said": said}))


def _timed_phases() -> dict[str, float]:
    """Wrap the command's steps so that their times add up in the returned dict."""
    from requests_app.management.commands import recompute_deadlines as command
    from requests_app.services import deadlines_rewrite as rewrite

    times: dict[str, float] = {}

    def timed(module, name: str, phase: str) -> None:
        real = getattr(module, name)

        def run(*args, **kwargs):
            started = time.perf_counter()
            try:
                return real(*args, **kwargs)
            finally:
                times[phase] = times.get(phase, 0.0) + time.perf_counter() - started

        setattr(module, name, run)

    timed(rewrite, "batches_recompute", "read + compute + stage")
    timed(rewrite, "_rewrite", "locked rewrite")
    timed(rewrite, "raw_execute", "UPDATE")
    timed(command, "deadlines_recompute_table", "deadlines")
    timed(command, "side_by_side", "checks side by side")
    dropped = rewrite.secondary_indexes_dropped

    @contextmanager
    def builds_timed(cursor, table):
        with dropped(cursor, table) as names:
            yield names
            times["index builds"] = -time.perf_counter()  # the rest of this block builds
        times["index builds"] += time.perf_counter()

    rewrite.secondary_indexes_dropped = builds_timed
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="bench1m")
    parser.add_argument(
        "--unchanged", action="store_true", help="keep the deadlines: nothing to write"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.database, wipe=not args.unchanged)
        return
    result = run_on_copy(args.database, wipe=not args.unchanged)
    for phase in PHASES:
        if phase in result["phases"]:
            print(f"{phase:24s} {result['phases'][phase]:6.1f} s")
    print(f"load average {result['load'][0]:.1f} before, {result['load'][1]:.1f} after")
    print(*result["said"], sep="\n")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
