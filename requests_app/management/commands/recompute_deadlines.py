"""Recompute every request's stage and deadlines on demand, in bulk, with a progress bar."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from requests_app.law.regimes import Regime
from requests_app.models import FOIRequest
from requests_app.models.choices import StageChoices
from requests_app.services.deadlines_bulk import deadlines_recompute_bulk
from requests_app.services.search_documents import search_documents_rebuild
from requests_app.services.summaries import summaries_rebuild


class Command(BaseCommand):
    help = (
        "Recompute the stage and deadline columns of requests from their events and the "
        "current calendars (including proclaimed holidays). Only changed rows are written."
    )

    def add_arguments(self, parser):
        parser.add_argument("--regime", choices=[r.value for r in Regime])
        parser.add_argument(
            "--open-only", action="store_true", help="Skip requests whose stage is closed."
        )
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, regime=None, open_only=False, batch_size=5000, no_progress=False, **_):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        queryset = FOIRequest.objects.all()
        if regime:
            queryset = queryset.filter(regime=regime)
        if open_only:
            queryset = queryset.exclude(stage=StageChoices.CLOSED)
        total = queryset.count()
        with tqdm(
            total=total,
            unit="req",
            disable=no_progress,
            file=self.stderr._out,
            desc="Recomputing deadlines",
        ) as bar:
            # The summary is rebuilt whole below: no per-batch refresh of its rows.
            changed = deadlines_recompute_bulk(
                queryset, progress=bar.update, batch_size=batch_size, summaries=False
            )
        self.stdout.write(self.style.SUCCESS(f"{total} requests checked, {changed} updated."))
        # The statistics' summary, rebuilt whole from the base tables (rows loaded around
        # the services, a restored backup): set-based, a few seconds at a million requests.
        summarised = summaries_rebuild()
        self.stdout.write(self.style.SUCCESS(f"{summarised} request summaries rebuilt."))
        # And the search documents (PostgreSQL; SQLite searches the base tables).
        documents = search_documents_rebuild()
        self.stdout.write(self.style.SUCCESS(f"{documents} search documents rebuilt."))
