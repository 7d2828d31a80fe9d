"""Recompute every request's stage and deadlines on demand, in bulk, with a progress bar."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections
from tqdm import tqdm

from requests_app.law.regimes import Regime
from requests_app.models import FOIRequest
from requests_app.models.choices import StageChoices
from requests_app.services.deadlines_rewrite import deadlines_recompute_table
from requests_app.services.search_documents import search_documents_rebuild
from requests_app.services.summary_rebuild import summaries_rebuild

REWRITE_SHARE = 5  # one changed row in REWRITE_SHARE: the locked whole-table rewrite


class Command(BaseCommand):
    help = (
        "Recompute the stage and deadline columns of requests from their events and the "
        "current calendars (including proclaimed holidays). Only changed rows are written. "
        "On PostgreSQL, when at least a fifth of the table changes, the changed rows are "
        "written in one transaction that locks the request table (reads and writes of "
        "requests wait until it commits) and rebuilds its indexes; --online never locks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--regime", choices=[r.value for r in Regime])
        parser.add_argument(
            "--open-only", action="store_true", help="Skip requests whose stage is closed."
        )
        parser.add_argument("--batch-size", type=int, default=10_000)
        parser.add_argument(
            "--online",
            action="store_true",
            help="Never lock the request table: write the changed rows in short batches "
            "with its indexes in place (several times slower when most rows change).",
        )
        parser.add_argument(
            "--full-search",
            action="store_true",
            help="Re-tokenise every search document (PostgreSQL) instead of recomputing only "
            "those whose source changed: the way to apply a change to the text-search "
            "configuration's dictionaries or stop words.",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(
        self,
        *args,
        regime=None,
        open_only=False,
        batch_size=10_000,
        online=False,
        full_search=False,
        no_progress=False,
        **_,
    ):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        queryset = FOIRequest.objects.all()
        if regime:
            queryset = queryset.filter(regime=regime)
        if open_only:
            queryset = queryset.exclude(stage=StageChoices.CLOSED)
        total = queryset.count()
        table_rows = FOIRequest.objects.count() if (regime or open_only) else total
        # Building the table's indexes once costs about as much as inserting an entry into
        # each for a fifth of its rows (docs/benchmarks.md, "Deadline recomputation").
        rewrite_at = None if online else max(1, table_rows // REWRITE_SHARE)
        with tqdm(
            total=total,
            unit="req",
            disable=no_progress,
            file=self.stderr._out,
            desc="Recomputing deadlines",
        ) as bar:
            # The summary is rebuilt whole below: no per-batch refresh of its rows.
            changed, rebuilt = deadlines_recompute_table(
                queryset, progress=bar.update, batch_size=batch_size, rewrite_at=rewrite_at
            )
        how = " (one locked rewrite, indexes rebuilt)" if rebuilt else ""
        self.stdout.write(self.style.SUCCESS(f"{total} requests checked, {changed} updated{how}."))
        # The statistics' summary and the search documents, checked against the base tables
        # (rows loaded around the services, a restored backup) and rewritten where they
        # differ. Each check reads every request (seconds at a million) with nothing to count
        # up: say what runs.
        if not no_progress:
            self.stderr.write(
                "Checking the statistics summary and the search documents against the requests..."
            )
        rewritten, documents = side_by_side(
            summaries_rebuild, partial(search_documents_rebuild, full=full_search)
        )
        self.stdout.write(
            self.style.SUCCESS(f"Statistics summary checked: {rewritten} requests' rows rewritten.")
        )
        # (SQLite searches the base tables and stores no documents: 0.)
        self.stdout.write(self.style.SUCCESS(f"Search documents checked: {documents} rewritten."))


def side_by_side(*calls: Callable[[], int]) -> list[int]:
    """Each call's result. On PostgreSQL, outside a transaction, each runs on its own thread
    and so its own connection: the two checks read the same base tables and write
    different ones (the summary tables, the search documents), and on two cores they then
    take the time of the slower (docs/benchmarks.md). Inside a transaction (whose writes
    another connection would not see) or on SQLite, one after the other."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return [call() for call in calls]

    def run(call: Callable[[], int]) -> int:
        try:
            return call()
        finally:
            connections.close_all()  # this thread's own connections only

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        futures = [pool.submit(run, call) for call in calls]
        return [future.result() for future in futures]
