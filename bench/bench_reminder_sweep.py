"""Benchmark: the reminder sweep's planning queries over a million requests on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/foitracker_bench_reminders \\
        .venv/bin/python bench/bench_reminder_sweep.py [--rows 1000000] [--write]

Creates the database if needed, migrates it, fills ``requests_app_foirequest`` with
``INSERT ... SELECT generate_series`` (skipped when it already holds ``--rows``), then times
``planned_owner_reminders`` (the sweep's reads: one range query per rule) and a whole sweep
(planning, ``bulk_create`` of the reminders, the queue selection) rolled back afterwards.
Each rule's query is EXPLAINed with ANALYZE to show which index answers it. ``--write`` puts
the figures in docs/benchmarks.md, replacing this benchmark's previous section.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foitracker.settings")
os.environ.setdefault("DEBUG", "true")

SECTION = "## Reminder sweep planning (bench/bench_reminder_sweep.py)"
# A fixed Wednesday, so the figures do not depend on the day the benchmark runs.
TODAY = datetime.date(2024, 3, 13)


def ensure_database(url: str) -> None:
    import psycopg
    from dj_database_url import parse

    config = parse(url)
    name = config["NAME"]
    admin = psycopg.connect(
        host=config.get("HOST") or "localhost",
        port=config.get("PORT") or 5432,
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    )
    with admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')


FILL_SQL = """
INSERT INTO requests_app_foirequest (
    owner_id, authority_id, regime, title, text, sent_on, received_on, authority_reference,
    visibility, stage, initial_outcome, answered_on, response_due, response_due_latest,
    fee_lapses_on, review_request_deadline, review_response_due, review_response_due_latest,
    regulator_complaint_deadline, next_deadline, created_at, updated_at
)
SELECT
    %(first_user)s + (n %% %(users)s),
    %(first_authority)s + (n %% %(authorities)s),
    (ARRAY['foia', 'foia', 'foia', 'eir', 'foisa', 'eisr'])[1 + n %% 6],
    'Request ' || n, '', received, received, '', 'public', stage,
    CASE WHEN stage IN ('answered', 'review_requested', 'closed') THEN 'refused' ELSE '' END,
    CASE WHEN stage IN ('answered', 'review_requested', 'closed') THEN received + 20 END,
    CASE WHEN stage IN ('awaiting_response', 'answered', 'review_requested', 'closed')
         THEN received + 28 END,
    CASE WHEN stage IN ('awaiting_response', 'answered', 'review_requested', 'closed')
         THEN received + 56 END,
    CASE WHEN stage = 'fees_pending' THEN received + 92 END,
    CASE WHEN stage IN ('answered', 'review_requested', 'closed') THEN received + 76 END,
    CASE WHEN stage IN ('review_requested', 'closed') THEN received + 110 END,
    CASE WHEN stage IN ('review_requested', 'closed') THEN received + 138 END,
    CASE WHEN stage IN ('answered', 'closed') AND n %% 4 = 0 THEN received + 160 END,
    NULL, now(), now()
FROM (
    -- 7919 is prime to 4000, so each run of 4000 consecutive n covers every day once; the
    -- stage changes per run, so every day gets every stage.
    SELECT n,
           DATE '2014-01-01' + (n::bigint * 7919 %% 4000)::int AS received,
           CASE
               WHEN (n / 4000) %% 20 < 9 THEN 'closed'
               WHEN (n / 4000) %% 20 < 14 THEN 'answered'
               WHEN (n / 4000) %% 20 < 17 THEN 'awaiting_response'
               WHEN (n / 4000) %% 20 < 18 THEN 'review_requested'
               WHEN (n / 4000) %% 20 < 19 THEN 'fees_pending'
               ELSE 'awaiting_clarification'
           END AS stage
    FROM generate_series(1, %(rows)s) AS n
) AS generated
"""


def fill(rows: int) -> float:
    from django.contrib.auth import get_user_model
    from django.db import connection

    from requests_app.models import FOIRequest, PublicAuthority

    started = time.perf_counter()
    User = get_user_model()
    users = list(User.objects.filter(username__startswith="bench-").order_by("pk"))
    if not users:
        User.objects.bulk_create(
            User(username=f"bench-{n}", email=f"bench-{n}@example.org") for n in range(1000)
        )
        users = list(User.objects.filter(username__startswith="bench-").order_by("pk"))
    authorities = list(PublicAuthority.objects.filter(slug__startswith="bench-").order_by("pk"))
    if not authorities:
        PublicAuthority.objects.bulk_create(
            PublicAuthority(
                name=f"Bench council {n}",
                slug=f"bench-{n}",
                authority_type="local_council",
                nation="scotland" if n % 3 == 0 else "england",
                default_regime="foisa" if n % 3 == 0 else "foia",
            )
            for n in range(400)
        )
        authorities = list(PublicAuthority.objects.filter(slug__startswith="bench-").order_by("pk"))
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE requests_app_foirequest CASCADE")
        cursor.execute(
            FILL_SQL,
            {
                "rows": rows,
                "first_user": users[0].pk,
                "users": len(users),
                "first_authority": authorities[0].pk,
                "authorities": len(authorities),
            },
        )
        cursor.execute("ANALYZE")
    assert FOIRequest.objects.count() == rows
    return time.perf_counter() - started


def index_nodes(plan: dict) -> list[str]:
    found = []
    if "Index Name" in plan:
        found.append(f"{plan['Node Type']} on {plan['Index Name']}")
    for child in plan.get("Plans", []):
        found += index_nodes(child)
    return found


def has_seq_scan_on_requests(plan: dict) -> bool:
    if plan.get("Node Type") == "Seq Scan" and plan.get("Relation Name") == (
        "requests_app_foirequest"
    ):
        return True
    return any(has_seq_scan_on_requests(child) for child in plan.get("Plans", []))


def explain(queryset) -> dict:
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}", params)
        (plan,) = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)[0]
    return plan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL database of its own (it is truncated).")
    ensure_database(url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from requests_app.models import FOIRequest
    from requests_app.services.reminder_planning import (
        catch_up_days,
        clarification_queryset,
        planned_owner_reminders,
        rule_queryset,
    )
    from requests_app.services.reminder_rules import owner_rules, regime_calendars
    from requests_app.services.reminders import reminders_sweep

    call_command("migrate", verbosity=0)
    fill_seconds = None
    if FOIRequest.objects.count() != args.rows:
        print(f"Filling {args.rows:,} requests...", flush=True)
        fill_seconds = fill(args.rows)
        print(f"  {fill_seconds:.1f} s")

    planned = planned_owner_reminders(TODAY)  # warm the cache and the holiday tables
    timings = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        planned = planned_owner_reminders(TODAY)
        timings.append(time.perf_counter() - started)
    median_ms = statistics.median(timings) * 1000

    sweep_ms = []
    for _ in range(3):
        try:
            with transaction.atomic():
                started = time.perf_counter()
                result = reminders_sweep(
                    now=datetime.datetime(2024, 3, 13, 9, tzinfo=datetime.UTC),
                    enqueue=lambda pk: None,
                    include_digests=False,
                )
                sweep_ms.append((time.perf_counter() - started) * 1000)
                raise RuntimeError("roll back")
        except RuntimeError:
            pass

    calendars = regime_calendars()
    rows = []
    for rule in owner_rules(catch_up_days()):
        plan = explain(rule_queryset(rule, TODAY, calendars).values_list("pk", "owner_id"))
        rows.append((rule.kind, rule.field, plan))
    plan = explain(clarification_queryset(TODAY, calendars).values_list("request_id"))
    rows.append(("clarification_pending", "response.received_on", plan))

    version = connection.cursor().connection.info.server_version
    lines = [
        SECTION,
        "",
        f"PostgreSQL {version // 10000}.{version % 10000}, {args.rows:,} requests "
        f"(generated with `INSERT ... SELECT generate_series`; 45% closed, 25% answered, 15% "
        f"awaiting a response, the rest in review, fees or clarification), sweep as of "
        f"{TODAY:%a %-d %b %Y}. Shared 2-core machine; median of {args.repeat} runs.",
        "",
        f"- Planning (`planned_owner_reminders`: the holidays query + {len(rows)} range queries):"
        f" **{median_ms:.0f} ms** for {len(planned):,} reminders due.",
        f"- Whole sweep (planning, `bulk_create(ignore_conflicts=True)` of {result.inserted:,} "
        f"rows, queue selection; rolled back): **{statistics.median(sweep_ms):.0f} ms**.",
        "",
        "| rule | column | rows found | time | index used |",
        "|---|---|---|---|---|",
    ]
    seq_scans = []
    for kind, column, plan in rows:
        nodes = sorted(set(index_nodes(plan["Plan"])))
        if has_seq_scan_on_requests(plan["Plan"]):
            seq_scans.append(kind)
        lines.append(
            f"| {kind} | {column} | {plan['Plan'].get('Actual Rows', 0)} | "
            f"{plan['Execution Time']:.1f} ms | {'; '.join(nodes) or '(none)'} |"
        )
    lines += [
        "",
        "No rule scans the whole requests table."
        if not seq_scans
        else f"Sequential scans of the requests table: {', '.join(seq_scans)}.",
        "",
    ]
    report = "\n".join(lines)
    print(report)

    if args.write:
        path = ROOT / "docs" / "benchmarks.md"
        text = path.read_text() if path.exists() else "# Benchmarks\n"
        if SECTION in text:
            before, _, after = text.partition(SECTION)
            rest = after.split("\n## ", 1)
            after = f"\n## {rest[1]}" if len(rest) == 2 else ""
            text = before + report + after
        else:
            text = text.rstrip("\n") + "\n\n" + report
        path.write_text(text.rstrip("\n") + "\n")
        print(f"Wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
