"""Benchmark: the refusal and exemption statistics over many public requests.

Fills a throwaway test database with N requests (four regimes, ~75% answered, a second
substantive response for some, 0-3 citations each, reviews for 15%) using ``bulk_create``,
then times ``refusal_stats`` for each ``group_by`` and ``exemption_stats``, uncached, and
the API call when cached (one fingerprint query).

Run::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \\
        .venv/bin/python bench/bench_stats.py --rows 100000
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foitracker.settings")
os.environ.setdefault("DEBUG", "true")


def fill(rows: int, seed: int = 7) -> None:
    from django.contrib.auth import get_user_model

    from requests_app.models import (
        Exemption,
        ExemptionCitation,
        FOIRequest,
        InternalReview,
        PublicAuthority,
        Response,
    )

    rng = random.Random(seed)
    owner = get_user_model().objects.create(username="bench")
    authorities = PublicAuthority.objects.bulk_create(
        [
            PublicAuthority(
                name=f"Authority {i}",
                slug=f"authority-{i}",
                authority_type=rng.choice(["local_council", "police", "nhs", "school"]),
                nation=nation,
                default_regime="foisa" if nation == "scotland" else "foia",
            )
            for i, nation in enumerate(
                rng.choice(["england", "wales", "scotland", "northern_ireland"]) for _ in range(400)
            )
        ]
    )
    exemptions: dict[str, list[Exemption]] = {}
    for exemption in Exemption.objects.all():
        exemptions.setdefault(exemption.regime, []).append(exemption)
    start = datetime.date(2019, 1, 1)
    requests = []
    for _ in range(rows):
        authority = rng.choice(authorities)
        regime = authority.default_regime
        if rng.random() < 0.1:
            regime = "eisr" if regime == "foisa" else "eir"
        received = start + datetime.timedelta(days=rng.randrange(0, 1400))
        requests.append(
            FOIRequest(
                owner=owner,
                authority=authority,
                regime=regime,
                title="Bench",
                sent_on=received,
                received_on=received,
                visibility="public" if rng.random() < 0.9 else "private",
                response_due=received + datetime.timedelta(days=28),
            )
        )
    requests = FOIRequest.objects.bulk_create(requests, batch_size=5000)
    responses, cited, reviews = [], [], []
    for foi_request in requests:
        if rng.random() < 0.75:
            for n in range(2 if rng.random() < 0.1 else 1):
                outcome = rng.choice(["granted", "partial", "refused", "not_held", "ncnd"])
                responses.append(
                    Response(
                        request=foi_request,
                        received_on=foi_request.received_on
                        + datetime.timedelta(days=rng.randrange(1, 60) + 30 * n),
                        kind="substantive",
                        outcome=outcome,
                    )
                )
            if rng.random() < 0.15:
                reviews.append(
                    InternalReview(
                        request=foi_request,
                        requested_on=foi_request.received_on + datetime.timedelta(days=70),
                        decided_on=foi_request.received_on + datetime.timedelta(days=90),
                        outcome=rng.choice(["upheld", "overturned", "partially_overturned"]),
                    )
                )
    responses = Response.objects.bulk_create(responses, batch_size=5000)
    for response in responses:
        if response.outcome in ("partial", "refused", "ncnd"):
            for exemption in rng.sample(exemptions[response.request.regime], rng.randint(1, 3)):
                cited.append(
                    ExemptionCitation(response=response, exemption=exemption, cited_as="bench")
                )
    ExemptionCitation.objects.bulk_create(cited, batch_size=5000)
    InternalReview.objects.bulk_create(reviews, batch_size=5000)
    print(
        f"filled: {len(requests)} requests, {len(responses)} responses, "
        f"{len(cited)} citations, {len(reviews)} reviews"
    )


def timed(label: str, call, repeat: int) -> None:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        call()
        times.append(time.perf_counter() - began)
    print(f"{label:38s} median {statistics.median(times) * 1000:8.1f} ms  (n={repeat})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from django.core.cache import cache
        from rest_framework.test import APIClient

        from requests_app.selectors.stats import (
            GroupBy,
            StatsFilters,
            exemption_stats,
            refusal_stats,
        )

        fill(args.rows)
        if connection.vendor == "postgresql":
            # As autovacuum would after a load: without statistics the planner guesses a
            # handful of rows and may nest loops over what are in fact 100,000.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"database: {connection.vendor}")
        for group_by in GroupBy:
            timed(
                f"refusal_stats(group_by={group_by.value})",
                lambda g=group_by: refusal_stats(g, StatsFilters()),
                args.repeat,
            )
        timed("exemption_stats()", lambda: exemption_stats(StatsFilters()), args.repeat)
        timed(
            "exemption_stats(regime=foia)",
            lambda: exemption_stats(StatsFilters(regime="foia")),
            args.repeat,
        )
        client = APIClient()
        cache.clear()
        client.get("/api/v1/stats/refusals/", {"group_by": "authority"})
        timed(
            "GET stats/refusals/ (cached)",
            lambda: client.get("/api/v1/stats/refusals/", {"group_by": "authority"}),
            args.repeat * 5,
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
