"""Keep ``RequestSearch`` (the stored search document of each request) equal to what the base
tables say, on PostgreSQL; SQLite searches the base tables and stores nothing.

A request's document is ``to_tsvector('english', ...)`` of its title and text, of every
letter answering it, of the exemptions those letters cite (code, title and the section as
one token, ``xsec`` + the section's letters and digits: "12(5)(e)" is ``xsec12x5xe``) and of
its authority's reference as one token (``xref`` + the same). The selector turns "s24",
"section 24" or a whole reference into those tokens (selectors/search.py), so one ``@@``
answers what the ``UNION`` of four index scans answered.

One set-based statement serves every path: a request after any write to it or its events
(from ``request_summaries_refresh``, in the caller's transaction, after it has locked the
request), the requests citing an exemption whose catalogue entry changed, and the whole
table (``search_documents_rebuild``, run by ``manage.py recompute_deadlines``). It writes,
with each document, the md5 digest of the texts it was tokenised from (``source_digest``):
a row is rewritten only when that digest differs, and the whole-table check computes
digests, not documents.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction

from requests_app.models import (
    Exemption,
    ExemptionCitation,
    FOIRequest,
    RequestSearch,
    Response,
)
from requests_app.models.search import CONFIG
from requests_app.services.table_indexes import planned_rows

# A rebuild finding more than one request in FULL_SHARE with a document that differs (and
# more than FEW) empties and refills the table, as summaries_rebuild does.
FULL_SHARE = 4
FEW = 2000
_COLUMNS = "request_id, authority_id, document, source_digest"


def _token_sql(column: str) -> str:
    # Runs of anything but [a-z0-9] become one space, trimmed, then "x": as
    # models.search.token_text.
    return f"replace(btrim(regexp_replace(lower({column}), '[^a-z0-9]+', ' ', 'g')), ' ', 'x')"


def _t(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _sources_sql(where: str) -> str:
    """``SELECT request_id, authority_id, own, letters, words``: the three texts each
    request's document is made of, for the requests ``where`` selects (a condition on
    ``{id}``, formatted per table)."""
    reference = _token_sql("r.authority_reference")
    section = _token_sql("e.section")
    return f"""
        SELECT r.id AS request_id, r.authority_id, r.title || ' ' || r.text AS own,
            COALESCE(l.letters, '') AS letters,
            COALESCE(x.words, '')
                || CASE WHEN {reference} <> '' THEN ' xref' || {reference} ELSE '' END AS words
        FROM {_t(FOIRequest)} r
        LEFT JOIN (
            SELECT request_id, string_agg(letter_text, ' ' ORDER BY id) AS letters
            FROM {_t(Response)}
            WHERE letter_text <> '' AND {where.format(id="request_id")}
            GROUP BY request_id
        ) l ON l.request_id = r.id
        LEFT JOIN (
            SELECT p.request_id,
                string_agg(DISTINCT e.code || ' ' || e.title || ' xsec' || {section}, ' ')
                    AS words
            FROM {_t(ExemptionCitation)} c
            JOIN {_t(Response)} p ON p.id = c.response_id
            JOIN {_t(Exemption)} e ON e.id = c.exemption_id
            WHERE {where.format(id="p.request_id")}
            GROUP BY p.request_id
        ) x ON x.request_id = r.id
        WHERE {where.format(id="r.id")}"""  # noqa: S608


# Tokenised apart, as they always were (a word's positions restart after each part).
_DOCUMENT = (
    f"to_tsvector('{CONFIG}', s.own) || to_tsvector('{CONFIG}', s.letters)"
    f" || to_tsvector('{CONFIG}', s.words)"
)
# md5 of the configuration's name, the authority and the three texts, the first two texts'
# byte lengths first so no two sources read alike (no text can hold a separator: NUL is not
# allowed in one). tests/search_check.py computes the same in Python.
_DIGEST = (
    f"md5('{CONFIG} ' || s.authority_id || ' ' || octet_length(s.own) || ' '"
    f" || octet_length(s.letters) || ' ' || s.own || s.letters || s.words)::uuid"
)


def _documents_sql(where: str) -> str:
    """``SELECT request_id, authority_id, document, source_digest`` for the requests
    ``where`` selects."""
    sources = _sources_sql(where)
    return f"SELECT s.request_id, s.authority_id, {_DOCUMENT}, {_DIGEST} FROM ({sources}) s"  # noqa: S608


def request_searches_refresh(ids: Iterable[int]) -> None:
    """Recompute the documents of the requests ``ids`` (one upsert; a row is rewritten only
    when its source differs: the stored digest says, cheaper than comparing documents). A
    deleted request's row went with it (CASCADE). In the caller's transaction; a no-op on
    SQLite."""
    ids = sorted(set(ids))
    if not ids or connection.vendor != "postgresql":
        return
    table = _t(RequestSearch)
    # One text parameter, not a literal array bound value by value (a batch can be large).
    where = "{id} = ANY(%s::bigint[])"
    array = "{" + ",".join(map(str, ids)) + "}"
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({_COLUMNS}) {_documents_sql(where)} "
            f"ON CONFLICT (request_id) DO UPDATE SET authority_id = EXCLUDED.authority_id, "
            f"document = EXCLUDED.document, source_digest = EXCLUDED.source_digest "
            f"WHERE ({table}.authority_id, {table}.source_digest) "
            f"IS DISTINCT FROM (EXCLUDED.authority_id, EXCLUDED.source_digest)",
            [array, array, array],
        )


def search_documents_refresh_exemption(exemption: Exemption) -> None:
    """A catalogue entry's code, section or title changed: every request citing it."""
    if connection.vendor != "postgresql":
        return
    request_searches_refresh(
        ExemptionCitation.objects.filter(exemption=exemption)
        .values_list("response__request_id", flat=True)
        .distinct()
    )


def search_documents_rebuild(*, full: bool = False) -> int:
    """The whole table equal to the base tables (rows loaded around the services, a restored
    backup). Returns how many documents were written (0 on SQLite, which stores none).

    Each row keeps the digest of the source it was made from (``source_digest``; NULL:
    unknown). Only the digests are computed here, not the documents: tokenising a million
    requests was three quarters of the check's minute (docs/benchmarks.md). The requests
    whose digest differs, is NULL or whose row is missing get their documents recomputed;
    when more than one in ``FULL_SHARE`` do (an empty table, a restore), the table is
    emptied and filled in one statement.

    ``full`` re-tokenises every document whatever the digests say: the way to apply a
    change to the text-search configuration's definition (its dictionaries or stop words),
    which no digest of the source can see (``manage.py recompute_deadlines --full-search``)."""
    if connection.vendor != "postgresql":
        return 0
    table = _t(RequestSearch)
    truncate = not connection.in_atomic_block  # as summaries_rebuild: refused after FK writes
    with transaction.atomic(), connection.cursor() as cursor:
        # The letters' grouping sorts 1.5M rows at a million requests: in memory.
        cursor.execute("SET LOCAL work_mem = '256MB'; SET LOCAL jit = off")
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {table})")  # noqa: S608
        if not full and cursor.fetchone()[0]:
            limit = max(FEW, planned_rows(cursor, _t(FOIRequest)) // FULL_SHARE)
            differing = f"""
                SELECT s.request_id
                FROM ({_sources_sql("TRUE")}) s
                LEFT JOIN {table} q ON q.request_id = s.request_id
                WHERE q.request_id IS NULL
                    OR (q.authority_id, q.source_digest)
                        IS DISTINCT FROM (s.authority_id, {_DIGEST})
                LIMIT %s"""  # noqa: S608
            cursor.execute(differing, [limit + 1])
            changed = [row[0] for row in cursor.fetchall()]
            if len(changed) <= limit:
                request_searches_refresh(changed)
                return len(changed)
        if truncate:
            cursor.execute(f"TRUNCATE {table}")
        else:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608
        cursor.execute(f"INSERT INTO {table} ({_COLUMNS}) {_documents_sql('TRUE')}")
        written = cursor.rowcount
        cursor.execute(f"ANALYZE {table}")
        return written
