"""Build the national dataset (issue 15) inside PostgreSQL: a million requests in minutes.

    .venv/bin/python bench/generate_national.py                      # 1M requests into bench1m
    .venv/bin/python bench/generate_national.py --requests 20000 --database bench_small

The database (default ``bench1m``, on the server of ``DATABASE_URL`` or 127.0.0.1:5432 as
``postgres``) is created if missing and migrated; the generated tables are emptied first, so a
re-run replaces the data. Every row is made by ``INSERT ... SELECT`` over ``generate_series``
(no Python row loops) and passes the models' constraints. At ``--requests 1000000``:

- 25,000 authorities (schools, councils, NHS bodies... across the four nations; Scottish
  bodies answer under FOISA, a tenth of requests are environmental: EIR/EISR), 50,000 users,
  200 organisations with 2,000 members, 200 campaigns, one of them to 4,922 bodies;
- requests received from January 2016 to November 2026, more in recent years, ~88% public,
  1.5% withdrawn; ~1.49M responses (acknowledgements, extensions, clarifications, fees
  notices, first and second substantive answers), ~1.27M exemption citations (1-4 per refusal,
  the personal-data and commercial exemptions most often), ~102k internal reviews, ~11k
  complaints to the ICO or the Scottish Information Commissioner;
- then the stage and deadline columns, by the app's own ``deadlines_recompute_bulk``, and
  the tables analysed.

Counts scale with ``--requests`` (authorities ``requests/40``...), so a test can run it small.
Random draws come from ``setseed``: the same arguments give the same data.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.national_sql import sizes, statements  # noqa: E402

# Tables the generator fills, emptied before a run (a dedicated database).
GENERATED_TABLES = [
    "requests_app_foirequest",
    "requests_app_campaign",
    "requests_app_publicauthority",
    "requests_app_organisation",
    "auth_user",
]


def generate(
    requests: int,
    *,
    say: Callable[[str], object] = print,
    batch_size: int = 10_000,
) -> dict[str, int]:
    """Fill the current database (``django.db.connection``) with the national dataset scaled
    to ``requests``; returns the row counts. Expects tables without other bench rows."""
    from django.db import connection, transaction

    from requests_app.models import FOIRequest
    from requests_app.services.deadlines_bulk import deadlines_recompute_bulk

    counts = sizes(requests)
    with connection.cursor() as cursor:
        deferred = _secondary_indexes(cursor)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            # Built once at the end, in bulk, rather than entry by entry on every insert and
            # again on every row the deadline recompute rewrites.
            for name, _ in deferred:
                cursor.execute(f'DROP INDEX "{name}"')
            for label, sql, params in statements(counts):
                started = time.perf_counter()
                cursor.execute(sql, params)
                if label != "seed":
                    say(f"  {label}: {time.perf_counter() - started:.1f} s")
            for table in ("users", "orgs", "authorities", "campaigns", "plan", "exemptions"):
                cursor.execute(f"DROP TABLE bench_{table}")
            cursor.execute("ANALYZE")

        started = time.perf_counter()
        deadlines_recompute_bulk(FOIRequest.objects.all(), batch_size=batch_size)
        say(f"  deadlines: {time.perf_counter() - started:.1f} s")
    finally:
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            # Foreign keys are checked at commit; an index cannot be built with checks pending
            # (a caller's open transaction: the tests).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for _, definition in deferred:
                cursor.execute(definition)
        say(f"  {len(deferred)} indexes: {time.perf_counter() - started:.1f} s")
    _rebuild_summaries(say)
    return table_counts()


# The tables filled; their indexes that enforce nothing are dropped while loading, except
# those leading with request_id, by which the deadline recompute reads each batch's events.
_LOADED = (
    "requests_app_foirequest",
    "requests_app_response",
    "requests_app_exemptioncitation",
    "requests_app_internalreview",
    "requests_app_regulatorcomplaint",
)


def _secondary_indexes(cursor) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of each index to build after loading."""
    cursor.execute(
        """
        SELECT c.relname, pg_get_indexdef(i.indexrelid)
        FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
        WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
          AND NOT (i.indrelid::regclass::text <> 'requests_app_foirequest'
                   AND a.attname IS NOT DISTINCT FROM 'request_id')
        ORDER BY c.relname
        """,
        [list(_LOADED)],
    )
    return cursor.fetchall()


def _rebuild_summaries(say: Callable[[str], object]) -> None:
    """Anything the app stores beside the base tables is rebuilt from them, as after a
    restore (the rows above were loaded around the services)."""
    from requests_app.services.search_documents import search_documents_rebuild
    from requests_app.services.summary_rebuild import summaries_rebuild

    started = time.perf_counter()
    summarised = summaries_rebuild()
    say(f"  statistics summary ({summarised:,} requests): {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    documents = search_documents_rebuild()
    say(f"  search documents ({documents:,}): {time.perf_counter() - started:.1f} s")


def table_counts() -> dict[str, int]:
    from django.contrib.auth import get_user_model

    from requests_app.models import (
        Campaign,
        ExemptionCitation,
        FOIRequest,
        InternalReview,
        Membership,
        Organisation,
        PublicAuthority,
        RegulatorComplaint,
        Response,
    )

    models = {
        "requests": FOIRequest,
        "authorities": PublicAuthority,
        "responses": Response,
        "citations": ExemptionCitation,
        "reviews": InternalReview,
        "complaints": RegulatorComplaint,
        "campaigns": Campaign,
        "users": get_user_model(),
        "organisations": Organisation,
        "memberships": Membership,
    }
    return {name: model.objects.count() for name, model in models.items()}


def database_url(name: str) -> str:
    """``DATABASE_URL`` with its database name replaced by ``name``."""
    from urllib.parse import urlsplit, urlunsplit

    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        base = "postgres://postgres@127.0.0.1:5432/postgres"
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"/{name}"))


def ensure_database(url: str) -> None:
    import psycopg
    from dj_database_url import parse

    config = parse(url)
    with psycopg.connect(
        host=config.get("HOST") or "localhost",
        port=config.get("PORT") or 5432,
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    ) as admin:
        name = config["NAME"]
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--database", default="bench1m", help="PostgreSQL database name")
    parser.add_argument("--batch-size", type=int, default=10_000)
    args = parser.parse_args()

    url = database_url(args.database)
    ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foitracker.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    if set(GENERATED_TABLES) <= set(connection.introspection.table_names()):
        # Emptied before migrating: a migration that fills a new column row by row would
        # otherwise walk the old million rows.
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(GENERATED_TABLES)} RESTART IDENTITY CASCADE")
    call_command("migrate", verbosity=0)
    print(f"Generating {args.requests:,} requests into {args.database}...", flush=True)
    counts = generate(args.requests, batch_size=args.batch_size, say=lambda s: print(s, flush=True))
    with connection.cursor() as cursor:
        # The recompute rewrote every request: reclaim the old row versions, refresh the
        # visibility map (index-only scans) and the planner's statistics.
        cursor.execute("VACUUM ANALYZE")
    print(f"Done in {time.perf_counter() - started:.0f} s:")
    for name, count in counts.items():
        print(f"  {name}: {count:,}")


if __name__ == "__main__":
    main()
