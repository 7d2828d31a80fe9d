"""The calls ``bench_national.py`` times, each with the hand-written SQL over the base tables
that returns the same numbers (or the same rows), as issue 15 measured them.

The raw refusal statistics give the median in calendar days: SQL alone does not know the
bank holidays that the app's working days skip. Everything else is the same figure.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator

from django.db import connection

PUBLIC_FIRST_ANSWERS = """
    first AS (
        SELECT DISTINCT ON (r.request_id) r.id, r.request_id, r.received_on, r.outcome
        FROM requests_app_response r WHERE r.kind = 'substantive'
        ORDER BY r.request_id, r.received_on, r.id
    )"""

GROUP_KEYS = {
    "authority": "q.authority_id",
    "authority_type": "a.authority_type",
    "nation": "a.nation",
    "regime": "q.regime",
    "campaign": "q.campaign_id",
    "year": "extract(year FROM q.received_on)",
}


def refusals_sql(group_by: str) -> str:
    key = GROUP_KEYS[group_by]
    outcomes = ", ".join(
        f"count(*) FILTER (WHERE f.outcome = '{o}')"
        for o in ("granted", "partial", "refused", "not_held", "ncnd")
    )
    return f"""
        WITH {PUBLIC_FIRST_ANSWERS},
        reviews AS (
            SELECT request_id, count(*) AS n,
                count(*) FILTER (WHERE outcome IN ('overturned', 'partially_overturned')) AS o
            FROM requests_app_internalreview GROUP BY request_id
        )
        SELECT {key}, count(*), count(f.request_id), {outcomes},
            count(*) FILTER (WHERE f.received_on <= q.response_due),
            count(*) FILTER (WHERE f.request_id IS NULL AND q.stage = 'awaiting_response'
                             AND q.response_due < %s),
            coalesce(sum(v.n), 0), coalesce(sum(v.o), 0),
            percentile_cont(0.5) WITHIN GROUP (ORDER BY f.received_on - q.received_on)
        FROM requests_app_foirequest q
        JOIN requests_app_publicauthority a ON a.id = q.authority_id
        LEFT JOIN first f ON f.request_id = q.id
        LEFT JOIN reviews v ON v.request_id = q.id
        WHERE q.visibility = 'public'
        GROUP BY 1"""


def exemptions_sql(where: str = "") -> str:
    return f"""
        WITH {PUBLIC_FIRST_ANSWERS},
        scope AS (
            SELECT q.id, q.regime FROM requests_app_foirequest q
            JOIN requests_app_publicauthority a ON a.id = q.authority_id
            WHERE q.visibility = 'public' {where}
        )
        SELECT e.code, count(DISTINCT s.id)
        FROM scope s JOIN first f ON f.request_id = s.id
        JOIN requests_app_exemptioncitation c ON c.response_id = f.id
        JOIN requests_app_exemption e ON e.id = c.exemption_id
        GROUP BY e.code
        UNION ALL
        SELECT s.regime, count(*) FROM scope s
        WHERE EXISTS (SELECT 1 FROM requests_app_response r
                      WHERE r.request_id = s.id AND r.kind = 'substantive')
        GROUP BY s.regime"""


CAMPAIGN_ROWS = """
    SELECT q.id, q.title, a.name, q.stage, q.received_on, q.response_due, q.next_deadline,
        q.initial_outcome
    FROM requests_app_foirequest q JOIN requests_app_publicauthority a ON a.id = q.authority_id
    WHERE q.campaign_id = %s AND q.visibility = 'public' ORDER BY a.name, q.id"""

# The stored search documents (migration 0019): the expression indexes this once read are gone.
SEARCH_PAGE = """
    SELECT q.id, q.title, q.received_on FROM requests_app_foirequest q
    JOIN requests_app_requestsearch s ON s.request_id = q.id
    WHERE q.visibility = 'public' AND s.document @@ websearch_to_tsquery('english', %s)
    ORDER BY q.received_on DESC, q.id DESC LIMIT 50"""

CSV_COPY = """
    COPY (
        SELECT q.id, q.title, q.regime, a.slug, a.name, q.sent_on, q.received_on, q.visibility,
            q.stage, q.initial_outcome, q.answered_on, q.response_due, q.response_due_latest,
            q.review_request_deadline, q.review_response_due, q.regulator_complaint_deadline,
            q.next_deadline, q.created_at, q.updated_at
        FROM requests_app_foirequest q
        JOIN requests_app_publicauthority a ON a.id = q.authority_id
        WHERE q.visibility = 'public' ORDER BY q.received_on DESC, q.id DESC
    ) TO STDOUT (FORMAT csv, HEADER)"""

WIPE_DEADLINES = """
    UPDATE requests_app_foirequest SET stage = 'awaiting_response', initial_outcome = '',
        response_due = NULL, response_due_latest = NULL, fee_lapses_on = NULL,
        answered_on = NULL, review_request_deadline = NULL, review_response_due = NULL,
        review_response_due_latest = NULL, regulator_complaint_deadline = NULL,
        next_deadline = NULL"""


def copy_public_requests() -> int:
    """PostgreSQL's own COPY of the same rows, read to the end; returns the bytes."""
    connection.ensure_connection()
    size = 0
    with connection.connection.cursor() as cursor, cursor.copy(CSV_COPY) as copy:
        for block in copy:
            size += len(block)
    return size


def _sql(sql: str, params=()) -> Callable[[], list]:
    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return run


def _get(client, url: str) -> Callable[[], object]:
    def run():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if getattr(response, "streaming", False):
            for _ in response.streaming_content:
                pass
        return response

    return run


def calls(client, today: datetime.date) -> Iterator[tuple[str, str, Callable, Callable | None]]:
    """(label, key of the issue's figure, the app's call, its raw SQL or None)."""
    from django.db.models import Count

    from requests_app.models import Campaign, FOIRequest

    for group_by in GROUP_KEYS:
        url = f"/api/v1/stats/refusals/?group_by={group_by}"
        key = "refusals:authority" if group_by == "authority" else "refusals"
        yield f"`{url}` uncached", key, _get(client, url), _sql(refusals_sql(group_by), [today])
    for query, where in (
        ("", ""),
        ("?regime=foia", "AND q.regime = 'foia'"),
        ("?authority_type=local_council", "AND a.authority_type = 'local_council'"),
        ("?nation=scotland&received_from=2022-01-01", "AND a.nation = 'scotland' AND "
         "q.received_on >= DATE '2022-01-01'"),
    ):  # fmt: skip
        url = f"/api/v1/stats/exemptions/{query}"
        yield f"`{url}` uncached", "exemptions", _get(client, url), _sql(exemptions_sql(where))

    yield "anonymous home page `/`", "home", _get(client, "/"), None
    yield "`/exemptions/foia-s24/`", "exemption page", _get(client, "/exemptions/foia-s24/"), None
    busiest = (
        FOIRequest.objects.values("authority__slug", "authority_id")
        .order_by()
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    assert busiest is not None
    yield (
        f"`/authorities/<slug>/`, the busiest body ({busiest['n']:,} requests)",
        "authority",
        _get(client, f"/authorities/{busiest['authority__slug']}/"),
        None,
    )
    campaign = Campaign.objects.get(slug="bench-campaign-1")
    size = campaign.foi_requests.count()
    yield (
        f"`/campaigns/<slug>/`, {size:,} requests (raw SQL: every row)",
        "campaign",
        _get(client, f"/campaigns/{campaign.slug}/"),
        _sql(CAMPAIGN_ROWS, [campaign.pk]),
    )
    # Page 5,000 of 50 (anonymous: the public requests), or the last page of a smaller set.
    page = min(5000, FOIRequest.objects.public().count() // 50)
    url = f"/api/v1/requests/?page={page}"
    yield f"`{url}` (OFFSET)", "deep page", _get(client, url), None
    following = client.get(url).json().get("next") or ""
    if "cursor=" in following:
        path = following[following.index("/api/") :]
        yield (
            f"page {page + 1:,} by its cursor (the `next` link)",
            "deep page",
            _get(client, path),
            None,
        )
    for words in ("potholes", "national security"):
        url = f"/api/v1/requests/?q={words.replace(' ', '+')}"
        yield f"search `{url}`", "search", _get(client, url), _sql(SEARCH_PAGE, [words])
