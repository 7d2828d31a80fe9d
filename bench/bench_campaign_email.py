"""Benchmark: "send every request by email" for a campaign of N requests, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/foitracker_bench_email \\
        .venv/bin/python bench/bench_campaign_email.py [--requests 50] [--runs 3] [--write]

Creates and migrates the database if needed; each run makes a fresh campaign of N requests
(one authority each), then times ``campaign_email_send`` (the one transaction that writes the
N outgoing rows, their exact bytes, and moves each request's sent date and deadlines) with its
query count, and the delivery of the N rows (``email_message_deliver``, Django's locmem
backend: the claim, the send and the fenced "sent", without a network). ``--write`` puts the
figures in docs/benchmarks.md, replacing this benchmark's previous section.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foitracker.settings")
os.environ.setdefault("DEBUG", "true")
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

SECTION = "## Campaign send by email (bench/bench_campaign_email.py)"


def one_run(n: int) -> tuple[float, int, float]:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from requests_app.models import Campaign, FOIRequest, PublicAuthority
    from requests_app.services import email_delivery
    from requests_app.services.email_delivery import email_message_deliver
    from requests_app.services.email_sending import campaign_email_send
    from requests_app.services.requests import foi_request_create

    tag = uuid.uuid4().hex[:8]
    User = __import__("django.contrib.auth", fromlist=["get_user_model"]).get_user_model()
    owner = User.objects.create(username=f"bench-{tag}", email=f"bench-{tag}@example.org")
    campaign = Campaign.objects.create(name=f"Bench {tag}", slug=f"bench-{tag}", owner=owner)
    for i in range(n):
        authority = PublicAuthority.objects.create(
            name=f"Council {tag} {i}",
            slug=f"council-{tag}-{i}",
            authority_type="local_council",
            nation="england",
            email=f"foi{i}@council-{tag}.gov.uk",
        )
        foi_request_create(
            owner=owner,
            authority=authority,
            title=f"Prevent referrals {i}",
            text="How many under-18s were referred to Prevent in each year 2015-2021?",
            sent_on=datetime.date.today() - datetime.timedelta(days=2),
            campaign=campaign,
        )
    queued: list[int] = []
    email_delivery.enqueue = lambda name, pk: queued.append(pk)  # no broker: time the writes
    foi_requests = list(FOIRequest.objects.filter(campaign=campaign).select_related("authority"))
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        with transaction.atomic():
            messages = campaign_email_send(
                campaign=campaign, foi_requests=foi_requests, sent_by=owner
            )
        send_seconds = time.perf_counter() - start
    assert len(messages) == n == len(queued)
    start = time.perf_counter()
    for message in messages:
        assert email_message_deliver(message.pk) == "sent"
    deliver_seconds = time.perf_counter() - start
    return send_seconds, len(queries.captured_queries), deliver_seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (it is created if missing).")
    from bench.bench_reminder_sweep import ensure_database

    ensure_database(url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    results = [one_run(args.requests) for _ in range(args.runs)]
    send = statistics.median(r[0] for r in results)
    queries = results[-1][1]
    deliver = statistics.median(r[2] for r in results)
    n = args.requests
    lines = [
        SECTION,
        "",
        f"PostgreSQL, a campaign of {n} requests (one authority each), median of {args.runs} "
        "runs on the 2-core development machine.",
        "",
        "| step | time | per request | queries |",
        "|---|---|---|---|",
        f"| `campaign_email_send` (one transaction) | {send * 1000:.0f} ms | "
        f"{send * 1000 / n:.1f} ms | {queries} ({queries / n:.1f} per request) |",
        f"| delivering the {n} rows (claim, send to locmem, fenced sent) | "
        f"{deliver * 1000:.0f} ms | {deliver * 1000 / n:.1f} ms | |",
        "",
        "Each request costs its row lock and re-read, the checks (already emailed? answered?), "
        "the sent-date update (validation, deadline recompute, history row, the statistics "
        "summary rows, moot reminders) and the outgoing row: the queries grow linearly with the "
        "campaign, and a campaign of several hundred bodies takes seconds in one request.",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        path = ROOT / "docs" / "benchmarks.md"
        doc = path.read_text()
        if SECTION in doc:
            before, rest = doc.split(SECTION, 1)
            after = rest[rest.find("\n## ") + 1 :] if "\n## " in rest else ""
            doc = before + text + ("\n" + after if after else "")
        else:
            doc = doc.rstrip("\n") + "\n\n" + text
        path.write_text(doc)


if __name__ == "__main__":
    main()
