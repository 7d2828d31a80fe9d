"""Benchmark: recomputing the deadlines of many requests (issue 3: "a million requests in well
under a minute").

Two measurements:

1. ``law``: the vectorised deadline chain (``law.deadlines_vectorised.compute_chains``) over N
   synthetic requests held in numpy arrays, all four regimes, every optional step present. No
   database.
2. ``db``: ``deadlines_recompute_bulk`` over M requests with events in a throwaway test
   database (use PostgreSQL): a full run where every row changes (columns wiped first), a
   run where nothing changes (the common case for a proclaimed day), and a proclaimed day.

Run::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \\
        .venv/bin/python bench/bench_recompute.py --law-rows 1000000 --db-rows 100000
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foitracker.settings")
os.environ.setdefault("DEBUG", "true")

NAT = np.datetime64("NaT", "D")


def synthetic_arrays(n: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Receipts over 2020-2030, a response for 70%, a review for 20%, a decision for 15%."""
    start = np.datetime64("2020-01-01", "D")
    received = start + rng.integers(0, 3650, n).astype("timedelta64[D]")

    def maybe(base: np.ndarray, share: float, max_gap: int) -> np.ndarray:
        gap = rng.integers(0, max_gap, n).astype("timedelta64[D]")
        keep = (rng.random(n) < share) & ~np.isnat(base)
        return np.where(keep, base + gap, NAT)

    clarified = maybe(received, 0.05, 20)
    responded = maybe(received, 0.7, 40)
    requested = maybe(responded, 0.3, 50)
    decided = maybe(requested, 0.75, 40)
    unpaid = maybe(received, 0.02, 15)
    return {
        "received_on": received,
        "clarification_pending": rng.random(n) < 0.02,
        "clarification_received_on": clarified,
        "paused_days": np.where(rng.random(n) < 0.03, rng.integers(1, 15, n), 0),
        "fee_unpaid_notice_on": unpaid,
        "extended_on": maybe(received, 0.05, 28),
        "school": rng.random(n) < 0.05,
        "responded_on": responded,
        "review_requested_on": requested,
        "review_decided_on": decided,
    }


def bench_law(rows: int, repeat: int) -> dict:
    from requests_app.law.calendars import calendar_for
    from requests_app.law.deadlines_vectorised import compute_chains

    rng = np.random.default_rng(2000)
    arrays = synthetic_arrays(rows, rng)
    regimes = rng.choice(["foia", "eir", "foisa", "eisr"], rows, p=[0.7, 0.1, 0.15, 0.05])
    calendars = {r: calendar_for(r) for r in ("foia", "eir", "foisa", "eisr")}
    timings = []
    for _ in range(repeat):
        began = time.perf_counter()
        for regime, calendar in calendars.items():
            mask = regimes == regime
            compute_chains(
                regime=regime,
                calendar=calendar,
                **{name: values[mask] for name, values in arrays.items()},
            )
        timings.append(time.perf_counter() - began)
    return {"rows": rows, "best_s": min(timings), "median_s": float(np.median(timings))}


def bench_db(rows: int, batch_size: int) -> dict:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        return _bench_db(rows, batch_size, connection.vendor)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _bench_db(rows: int, batch_size: int, vendor: str) -> dict:
    from django.contrib.auth import get_user_model

    from requests_app.models import (
        FOIRequest,
        ProclaimedHoliday,
        PublicAuthority,
    )
    from requests_app.services.deadlines_bulk import (
        deadlines_recompute_bulk,
        deadlines_recompute_for_day,
    )

    rng = np.random.default_rng(7)
    owner = get_user_model().objects.create(username="bench")
    authorities = [
        PublicAuthority.objects.create(name=n, slug=n, authority_type=t, nation=nat)
        for n, t, nat in [
            ("eng", "local_council", "england"),
            ("sct", "local_council", "scotland"),
            ("sch", "school", "wales"),
        ]
    ]
    began = time.perf_counter()
    if vendor == "postgresql":
        events = _generate_postgresql(rows, owner.pk, [a.pk for a in authorities])
    else:
        events = _generate_orm(rows, owner, authorities, rng)
    setup_s = time.perf_counter() - began

    def timed(fn):
        began = time.perf_counter()
        result = fn()
        return result, time.perf_counter() - began

    queryset = FOIRequest.objects.all()
    full_changed, full_s = timed(lambda: deadlines_recompute_bulk(queryset, batch_size=batch_size))
    none_changed, none_s = timed(lambda: deadlines_recompute_bulk(queryset, batch_size=batch_size))
    day = datetime.date(2025, 3, 14)
    ProclaimedHoliday.objects.create(date=day, name="Bench day", nation="uk_wide")
    day_changed, day_s = timed(lambda: deadlines_recompute_for_day(day=day, nation="uk_wide"))
    return {
        "vendor": vendor,
        "rows": rows,
        "events": events,
        "setup_s": setup_s,
        "full": {"changed": full_changed, "seconds": full_s},
        "unchanged": {"changed": none_changed, "seconds": none_s},
        "proclaimed_day": {"changed": day_changed, "seconds": day_s},
    }


def _generate_orm(rows, owner, authorities, rng) -> int:
    from requests_app.models import FOIRequest, InternalReview, Response

    received = datetime.date(2024, 1, 1)
    offsets = rng.integers(0, 700, rows)
    picks = rng.integers(0, 3, rows)
    objs = []
    for i in range(rows):
        authority = authorities[picks[i]]
        day = received + datetime.timedelta(days=int(offsets[i]))
        objs.append(
            FOIRequest(
                owner=owner,
                authority=authority,
                regime=authority.default_regime,
                title=f"Request {i}",
                sent_on=day,
                received_on=day,
            )
        )
    FOIRequest.objects.bulk_create(objs, batch_size=5000)
    ids = list(FOIRequest.objects.order_by("pk").values_list("pk", "received_on"))
    responses, reviews = [], []
    for (pk, day), roll in zip(ids, rng.random(len(ids)), strict=True):
        if roll < 0.6:
            answered = day + datetime.timedelta(days=15)
            responses.append(
                Response(request_id=pk, received_on=answered, kind="substantive", outcome="refused")
            )
            if roll < 0.15:
                reviews.append(
                    InternalReview(request_id=pk, requested_on=answered + datetime.timedelta(10))
                )
        elif roll < 0.63:
            responses.append(Response(request_id=pk, received_on=day, kind="fees_notice"))
        elif roll < 0.66:
            responses.append(Response(request_id=pk, received_on=day, kind="clarification_request"))
    Response.objects.bulk_create(responses, batch_size=5000)
    InternalReview.objects.bulk_create(reviews, batch_size=5000)
    return len(responses) + len(reviews)


def _generate_postgresql(rows: int, owner_id: int, authority_ids: list[int]) -> int:
    """The same mix as ``_generate_orm``, generated inside PostgreSQL (a million in seconds):
    60% answered (15% of all with a review), 3% fees notices, 3% clarification requests."""
    from django.db import connection

    statements = [
        (
            """INSERT INTO requests_app_foirequest (owner_id, authority_id, regime, title, text,
                sent_on, received_on, authority_reference, visibility, stage, initial_outcome,
                created_at, updated_at)
            SELECT %s, (%s::bigint[])[1 + g %% 3], (ARRAY['foia', 'foisa', 'foia'])[1 + g %% 3],
                'Request ' || g, '', d, d, '', 'private', 'awaiting_response', '', now(), now()
            FROM generate_series(1::bigint, %s) AS g,
                LATERAL (SELECT DATE '2024-01-01' + (g * 7919 %% 700)::int AS d) AS x""",
            [owner_id, authority_ids, rows],
        ),
        (
            """INSERT INTO requests_app_response (request_id, received_on, kind, outcome,
                letter_text, attachment, created_at)
            SELECT id, received_on + 15, 'substantive', 'refused', '', '', now()
            FROM requests_app_foirequest WHERE id %% 100 < 60""",
            [],
        ),
        (
            """INSERT INTO requests_app_response (request_id, received_on, kind, outcome,
                letter_text, attachment, created_at)
            SELECT id, received_on + 2,
                CASE WHEN id %% 100 < 63 THEN 'fees_notice' ELSE 'clarification_request' END,
                '', '', '', now()
            FROM requests_app_foirequest WHERE id %% 100 BETWEEN 60 AND 65""",
            [],
        ),
        (
            """INSERT INTO requests_app_internalreview (request_id, requested_on, outcome, notes,
                created_at)
            SELECT id, received_on + 25, '', '', now()
            FROM requests_app_foirequest WHERE id %% 100 < 15""",
            [],
        ),
    ]
    events = 0
    with connection.cursor() as cursor:
        for number, (sql, params) in enumerate(statements):
            cursor.execute(sql, params)
            if number:
                events += cursor.rowcount
        # Fresh tables have no planner statistics; a live database has (autovacuum).
        cursor.execute("ANALYZE")
    return events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--law-rows", type=int, default=1_000_000)
    parser.add_argument("--db-rows", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.law_rows:
        law = bench_law(args.law_rows, args.repeat)
        print(
            f"law: {law['rows']:,} requests, vectorised chain best {law['best_s']:.2f}s "
            f"(median {law['median_s']:.2f}s)"
        )
    if args.db_rows:
        db = bench_db(args.db_rows, args.batch_size)
        per_million = 1_000_000 / db["rows"]
        print(
            f"db ({db['vendor']}): {db['rows']:,} requests, {db['events']:,} events "
            f"(generated in {db['setup_s']:.1f}s)"
        )
        for key in ("full", "unchanged", "proclaimed_day"):
            run = db[key]
            scaled = (
                f" (~{run['seconds'] * per_million:.1f}s per million, extrapolated)"
                if db["rows"] != 1_000_000
                else ""
            )
            print(f"  {key}: {run['seconds']:.2f}s, {run['changed']:,} rows changed{scaled}")


if __name__ == "__main__":
    main()
