"""Keep ``RequestSummary`` and ``RequestExemptionSummary`` equal to what the base tables say.

One set-based refresh serves every path: a single request after an event, a batch after a
bulk deadline recomputation, every request of an edited authority, and the whole table
(``summaries_rebuild``, run by ``manage.py recompute_deadlines``). Each runs in the
caller's transaction, so the statistics never see a write without its summary.

Rows are deleted and inserted again from one ``INSERT ... SELECT`` (the same SQL on
PostgreSQL and SQLite, bar the first-response subquery); the working days from receipt to
the first response need the regime's calendar, so they are filled afterwards, once per
distinct (regime, receipt, answer) triple.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from requests_app.models import (
    AuthorityRefusalSummary,
    ExemptionCitation,
    FOIRequest,
    InternalReview,
    PublicAuthority,
    RequestExemptionSummary,
    RequestSummary,
    Response,
)
from requests_app.models.choices import (
    RegimeChoices,
    ResponseKindChoices,
    ReviewOutcomeChoices,
    StageChoices,
    VisibilityChoices,
)
from requests_app.services.calendars import calendar_for_regime, proclaimed_days
from requests_app.services.search_documents import request_searches_refresh
from requests_app.services.summary_days import day_number, day_numbers_source, ids_filter_for
from requests_app.services.summary_rollups import authorities_of, authority_rollups_refresh

SQLITE_CHUNK = 500  # ids per statement: SQLite binds each as its own parameter

SUMMARY_COLUMNS = (
    "request_id",
    "public",
    "authority_id",
    "authority_type",
    "nation",
    "regime",
    "campaign_id",
    "received_on",
    "first_response_id",
    "first_response_on",
    "outcome",
    "on_time",
    "overdue_from",
    "working_days",
    "reviews",
    "reviews_overturned",
    "refreshed_at",
)
EXEMPTION_COLUMNS = (
    "request_id",
    "exemption_id",
    "public",
    "authority_id",
    "authority_type",
    "nation",
    "regime",
    "campaign_id",
    "received_on",
)


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _table(model) -> str:
    return _q(model._meta.db_table)


def _ids_filter(column: str, ids: Sequence[int] | None) -> tuple[str, list]:
    """``column`` restricted to ``ids`` (None = every row)."""
    return ids_filter_for(ids)(column)


def _first_responses(ids: Sequence[int] | None) -> tuple[str, list]:
    """Each request's first substantive response (earliest day, then lowest id)."""
    responses = _table(Response)
    where, params = _ids_filter("request_id", ids)
    kind = ResponseKindChoices.SUBSTANTIVE.value
    if connection.vendor == "postgresql":
        sql = (
            f"SELECT DISTINCT ON (request_id) id, request_id, received_on, outcome "  # noqa: S608
            f"FROM {responses} WHERE kind = %s AND {where} "
            f"ORDER BY request_id, received_on, id"
        )
        return sql, [kind, *params]
    sql = (
        f"SELECT s.id, s.request_id, s.received_on, s.outcome FROM {responses} s "  # noqa: S608
        f"WHERE s.kind = %s AND {where} AND s.id = (SELECT t.id FROM {responses} t "
        f"WHERE t.request_id = s.request_id AND t.kind = %s "
        f"ORDER BY t.received_on, t.id LIMIT 1)"
    )
    return sql, [kind, *params, kind]


# The two summary columns read from the request's stored deadlines (alias r): the rest come
# from its events and its authority.
ON_TIME = "({answered} IS NOT NULL AND r.response_due IS NOT NULL AND {answered} <= r.response_due)"
# The status CASE of FOIRequestQuerySet.with_status reaches "overdue"/"very overdue" only at
# stage awaiting_response: from the earlier of response_due and (outside FOISA, which has no
# extension) response_due_latest. Parameters: OVERDUE_FROM_PARAMS.
OVERDUE_FROM = (
    "CASE WHEN r.stage = %s THEN CASE WHEN r.regime <> %s "
    "AND r.response_due_latest IS NOT NULL AND (r.response_due IS NULL "
    "OR r.response_due_latest < r.response_due) "
    "THEN r.response_due_latest ELSE r.response_due END END"
)
OVERDUE_FROM_PARAMS = [StageChoices.AWAITING_RESPONSE.value, RegimeChoices.FOISA.value]


def summaries_select(ids: Sequence[int] | None, now: datetime.datetime) -> tuple[str, list]:
    """The summary rows of ``ids`` (None: every request), ``SUMMARY_COLUMNS`` in order, as
    a SELECT and its parameters."""
    days_sql, days_params = day_numbers_source(ids_filter_for(ids))
    first_sql, first_params = _first_responses(ids)
    reviews_where, reviews_params = _ids_filter("request_id", ids)
    where, params = _ids_filter("r.id", ids)
    overturned = [ReviewOutcomeChoices.OVERTURNED.value, ReviewOutcomeChoices.PARTIALLY_OVERTURNED]
    sql = (
        f"SELECT r.id, r.visibility = %s, r.authority_id, a.authority_type, a.nation, "  # noqa: S608
        f"r.regime, r.campaign_id, r.received_on, f.id, f.received_on, "
        f"COALESCE(f.outcome, ''), {ON_TIME.format(answered='f.received_on')}, "
        f"{OVERDUE_FROM}, {day_number('wf', 'r.regime')} - {day_number('wr', 'r.regime')}, "
        f"COALESCE(v.n, 0), COALESCE(v.o, 0), %s "
        f"FROM {_table(FOIRequest)} r "
        f"JOIN {_table(PublicAuthority)} a ON a.id = r.authority_id "
        f"LEFT JOIN ({first_sql}) f ON f.request_id = r.id "
        f"LEFT JOIN (SELECT request_id, COUNT(*) AS n, "
        f"SUM(CASE WHEN outcome IN (%s, %s) THEN 1 ELSE 0 END) AS o "
        f"FROM {_table(InternalReview)} WHERE {reviews_where} GROUP BY request_id) v "
        f"ON v.request_id = r.id "
        f"LEFT JOIN {days_sql} wr ON wr.day = r.received_on "
        f"LEFT JOIN {days_sql} wf ON wf.day = f.received_on "
        f"WHERE {where}"
    )
    return sql, [
        VisibilityChoices.PUBLIC.value,
        *OVERDUE_FROM_PARAMS,
        now,
        *first_params,
        *overturned,
        *reviews_params,
        *days_params,
        *days_params,
        *params,
    ]


def _insert_summaries(ids: Sequence[int] | None, now: datetime.datetime) -> int:
    sql, params = summaries_select(ids, now)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_table(RequestSummary)} ({', '.join(SUMMARY_COLUMNS)}) {sql}",
            params,
        )
        return cursor.rowcount


def exemptions_select(ids: Sequence[int] | None, source: str | None = None) -> tuple[str, list]:
    """The exemption rows of ``ids`` (``EXEMPTION_COLUMNS`` in order) from the summary rows
    in ``source`` (a table or a CTE; by default the summary), as a SELECT."""
    where, params = _ids_filter("s.request_id", ids)
    copied = ", ".join(
        f"s.{c}" if c != "exemption_id" else "c.exemption_id" for c in EXEMPTION_COLUMNS
    )
    sql = (
        f"SELECT {copied} FROM {source or _table(RequestSummary)} s "  # noqa: S608
        f"JOIN {_table(ExemptionCitation)} c ON c.response_id = s.first_response_id "
        f"WHERE {where}"
    )
    return sql, params


def _insert_exemptions(ids: Sequence[int] | None) -> None:
    sql, params = exemptions_select(ids)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_table(RequestExemptionSummary)} ({', '.join(EXEMPTION_COLUMNS)}) {sql}",
            params,
        )


def _fill_working_days(where: str, params: list) -> None:
    """Working days from receipt to first response for the rows ``where`` selects whose
    count is missing: computed once per distinct (regime, receipt, answer)."""
    table = _table(RequestSummary)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT regime, received_on, first_response_on FROM {table} "  # noqa: S608
            f"WHERE working_days IS NULL AND first_response_on IS NOT NULL AND {where}",
            params,
        )
        triples = cursor.fetchall()
        if not triples:
            return
        regimes = np.array([t[0] for t in triples])
        extra = proclaimed_days()  # one query shared by the regimes' calendars
        calendars = {regime: calendar_for_regime(regime, extra) for regime in set(regimes)}
        received = np.array([str(t[1]) for t in triples], dtype="datetime64[D]")
        answered = np.array([str(t[2]) for t in triples], dtype="datetime64[D]")
        days = np.zeros(len(triples), dtype=np.int64)
        for regime in np.unique(regimes):
            mask = regimes == regime
            days[mask] = calendars[regime].working_days_between_arrays(
                received[mask], answered[mask]
            )
        match = (
            "working_days IS NULL AND regime = {0} AND received_on = {1} "
            "AND first_response_on = {2} AND " + where
        )
        if connection.vendor == "postgresql":
            cursor.execute(
                f"UPDATE {table} SET working_days = v.d "  # noqa: S608
                f"FROM unnest(%s::text[], %s::date[], %s::date[], %s::int[]) "
                f"AS v(reg, rec, fst, d) WHERE " + match.format("v.reg", "v.rec", "v.fst"),
                [
                    [t[0] for t in triples],
                    [t[1] for t in triples],
                    [t[2] for t in triples],
                    days.tolist(),
                    *params,
                ],
            )
        else:
            cursor.executemany(
                f"UPDATE {table} SET working_days = %s WHERE "  # noqa: S608
                + match.format("%s", "%s", "%s"),
                [[int(d), *t, *params] for d, t in zip(days, triples, strict=True)],
            )


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    if connection.vendor == "postgresql":
        yield ids
        return
    for start in range(0, len(ids), SQLITE_CHUNK):
        yield ids[start : start + SQLITE_CHUNK]


def request_summaries_refresh(ids: Iterable[int]) -> None:
    """Recompute the summary rows of the requests ``ids`` from the base tables; a deleted
    request's rows simply go. In the caller's transaction."""
    ids = sorted(set(ids))
    if not ids:
        return
    now = timezone.now()
    with transaction.atomic(savepoint=False):
        for chunk in _chunks(ids):
            # The requests are locked first (FOR NO KEY UPDATE; a no-op on SQLite): a request
            # being deleted (``foi_request_delete`` locks it FOR UPDATE) is then summarised
            # before the delete or not at all, never given a row that outlives it, and two
            # refreshes of one request take turns instead of both inserting its row.
            locked = FOIRequest.objects.select_for_update(no_key=True).filter(pk__in=chunk)
            list(locked.order_by("pk").values_list("pk", flat=True))
            where, params = _ids_filter("request_id", chunk)
            touched = set(authorities_of(where, params))  # before: a request can move body
            RequestExemptionSummary.objects.filter(request_id__in=chunk).delete()
            RequestSummary.objects.filter(request_id__in=chunk).delete()
            _insert_summaries(chunk, now)
            _insert_exemptions(chunk)
            touched.update(authorities_of(where, params))
            authority_rollups_refresh(touched)
            # The search document too: every write that moves a summary is here, locked.
            request_searches_refresh(chunk)


def request_summaries_refresh_deadlines(ids: Sequence[int]) -> None:
    """After a bulk deadline recomputation rewrote the stage and deadlines of ``ids`` (and
    nothing else: their events did not change): the summary columns read from those,
    rewritten only where they differ. In the caller's transaction."""
    table = _table(RequestSummary)
    on_time = ON_TIME.format(answered="s.first_response_on")
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        for chunk in _chunks(sorted(ids)):
            where, params = _ids_filter("r.id", chunk)
            if connection.vendor == "postgresql":
                # A batch is ten thousand ids: one text parameter, not a literal array that
                # Django's client-side binding would build value by value.
                where, params = "r.id = ANY(%s::bigint[])", ["{" + ",".join(map(str, chunk)) + "}"]
            # Of the authorities' kept sums only on_time reads the deadlines: moved by the
            # difference, before the rows change (a full re-sum of every authority a batch
            # touches would read most of the table per batch).
            cursor.execute(
                f"UPDATE {_table(AuthorityRefusalSummary)} SET on_time = "  # noqa: S608
                f"{_table(AuthorityRefusalSummary)}.on_time + d.delta FROM ("
                f"SELECT s.authority_id, SUM(CASE WHEN {on_time} THEN 1 ELSE 0 END "
                f"- CASE WHEN s.on_time THEN 1 ELSE 0 END) AS delta "
                f"FROM {table} s JOIN {_table(FOIRequest)} r ON r.id = s.request_id "
                f"WHERE s.public AND {where} GROUP BY s.authority_id) d "
                f"WHERE {_table(AuthorityRefusalSummary)}.authority_id = d.authority_id "
                f"AND d.delta <> 0",
                params,
            )
            cursor.execute(
                f"UPDATE {table} AS s SET on_time = {on_time}, "  # noqa: S608
                f"overdue_from = {OVERDUE_FROM}, refreshed_at = %s "
                f"FROM {_table(FOIRequest)} r WHERE r.id = s.request_id AND {where} "
                f"AND (s.on_time IS DISTINCT FROM {on_time} "
                f"OR s.overdue_from IS DISTINCT FROM {OVERDUE_FROM})",
                [*OVERDUE_FROM_PARAMS, timezone.now(), *params, *OVERDUE_FROM_PARAMS],
            )


def request_summary_refresh(foi_request: FOIRequest) -> None:
    """After any write to one request or its events (``services.events``)."""
    request_summaries_refresh([foi_request.pk])


def summaries_refresh_authorities(authority_ids: Iterable[int]) -> None:
    """An authority's type or nation changed: copy them to its requests' summary rows."""
    ids = sorted(set(authority_ids))
    if not ids:
        return
    authorities = _table(PublicAuthority)
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        for chunk in _chunks(ids):
            where, params = _ids_filter("authority_id", chunk)
            for model, stamp in ((RequestSummary, True), (RequestExemptionSummary, False)):
                table = _table(model)
                copy = ", ".join(
                    f"{c} = (SELECT a.{c} FROM {authorities} a "  # noqa: S608
                    f"WHERE a.id = {table}.authority_id)"
                    for c in ("authority_type", "nation")
                )
                extra, extra_params = (
                    (", refreshed_at = %s", [timezone.now()]) if stamp else ("", [])
                )
                cursor.execute(
                    f"UPDATE {table} SET {copy}{extra} WHERE {where}",  # noqa: S608
                    [*extra_params, *params],
                )


def summaries_refresh_working_days(day: datetime.date) -> None:
    """A holiday correction for ``day``: recount the working days of every answer whose
    span covers it (any regime: which calendars a nation's day moves is the law's business,
    and recounting an unchanged span is harmless)."""
    table = _table(RequestSummary)
    where = "first_response_on >= %s AND received_on <= %s"
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET working_days = NULL, refreshed_at = %s "  # noqa: S608
            f"WHERE first_response_on IS NOT NULL AND {where}",
            [timezone.now(), day, day],
        )
        _fill_working_days(where, [day, day])
        authority_rollups_refresh(authorities_of(where, [day, day]))
