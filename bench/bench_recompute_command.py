"""Benchmark: ``manage.py recompute_deadlines`` with every row changed, as the command runs.

    .venv/bin/python bench/bench_recompute_command.py [--database bench1m] [--unchanged]

Copies the national dataset (``CREATE DATABASE ... TEMPLATE``: nobody else may be connected
to it meanwhile), wipes every request's deadline columns in the copy
(``national_calls.WIPE_DEADLINES``; ``--unchanged`` does not: the usual run, nothing to
write), ``VACUUM ANALYZE``, then runs the command in a child process with its phases timed,
and drops the copy. Prints the phases, the CPU the machine spent during each (core-seconds,
from ``/proc/stat``: the command's two threads and its PostgreSQL backends together; none
off Linux), and one JSON line.
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
    "stage",
    "locked rewrite",
    "UPDATE",
    "index builds",
    "deadlines",
    "checks side by side",
    "whole command",
)


def run_on_copy(database: str, *, wipe: bool = True) -> dict:
    """On a copy of ``database`` (its deadline columns wiped unless ``wipe`` is false): the
    command's phases (seconds) and the CPU spent in each (core-seconds, or None), the rows
    it wrote and whether in one locked rewrite, the load average before and after, and
    what it said."""
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
    times, cpu, result = _timed_phases()
    load = os.getloadavg()[0]
    out = io.StringIO()
    started, busy = time.perf_counter(), _busy()
    call_command("recompute_deadlines", "--no-progress", stdout=out)
    times["whole command"] = time.perf_counter() - started
    cpu["whole command"] = _spent(busy)
    print(
        json.dumps(
            {
                "phases": times,
                "cpu": cpu,
                **result,
                "load": [load, os.getloadavg()[0]],
                "said": out.getvalue().splitlines(),
            }
        )
    )


def _busy() -> float | None:
    """Core-seconds the machine has spent busy since boot (Linux), or None."""
    try:
        with open("/proc/stat") as stat:
            fields = [int(f) for f in stat.readline().split()[1:]]
    except OSError:
        return None
    idle = fields[3] + fields[4]  # idle and iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _spent(since: float | None) -> float | None:
    now = _busy()
    return None if since is None or now is None else now - since


def _timed_phases() -> tuple[dict[str, float], dict[str, float | None], dict]:
    """Wrap the command's steps so that their times and CPU add up in the returned dicts,
    and what the deadlines' service returned lands in the third."""
    from requests_app.management.commands import recompute_deadlines as command
    from requests_app.services import deadlines_rewrite as rewrite

    times: dict[str, float] = {}
    cpu: dict[str, float | None] = {}
    result: dict = {}

    def timed(module, name: str, phase: str) -> None:
        real = getattr(module, name)

        def run(*args, **kwargs):
            started, busy = time.perf_counter(), _busy()
            try:
                returned = real(*args, **kwargs)
                if phase == "deadlines":
                    result["changed"], result["rebuilt"] = returned
                return returned
            finally:
                times[phase] = times.get(phase, 0.0) + time.perf_counter() - started
                spent = _spent(busy)
                if phase not in cpu or spent is None or cpu[phase] is None:
                    cpu[phase] = spent
                else:
                    cpu[phase] = cpu[phase] + spent

        setattr(module, name, run)

    timed(rewrite, "batches_recompute", "read + compute + stage")
    timed(rewrite, "_stage", "stage")
    timed(rewrite, "_rewrite", "locked rewrite")
    timed(rewrite, "raw_execute", "UPDATE")
    timed(command, "deadlines_recompute_table", "deadlines")
    timed(command, "side_by_side", "checks side by side")
    dropped = rewrite.secondary_indexes_dropped

    @contextmanager
    def builds_timed(cursor, table):
        with dropped(cursor, table) as names:
            yield names
            started, busy = time.perf_counter(), _busy()  # the rest of this block builds
        times["index builds"] = time.perf_counter() - started
        cpu["index builds"] = _spent(busy)

    rewrite.secondary_indexes_dropped = builds_timed
    return times, cpu, result


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
            spent = result["cpu"].get(phase)
            cpu = f"   cpu {spent:5.1f} core-s" if spent is not None else ""
            print(f"{phase:24s} {result['phases'][phase]:6.1f} s{cpu}")
    print(f"load average {result['load'][0]:.1f} before, {result['load'][1]:.1f} after")
    print(*result["said"], sep="\n")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
