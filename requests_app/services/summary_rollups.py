"""``AuthorityRefusalSummary``: each authority's refusal figures, summed from its public
summary rows, rewritten whenever one of them changes (same transaction).

The sums and the median are the ones ``refusal_stats`` computes by authority
(``selectors.stats_refusals.windowed_sql``), restricted to the authorities touched: a
refresh after one event reads that authority's few dozen rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import connection, transaction

from requests_app.models import AuthorityRefusalSummary, PublicAuthority, RequestSummary
from requests_app.selectors.stats_common import GroupBy
from requests_app.selectors.stats_refusals import windowed_sql

COLUMNS = [
    "requests",
    "answered",
    "on_time",
    "review_count",
    "overturned",
    "granted",
    "partial",
    "refused",
    "not_held",
    "ncnd",
    "median",
]


def _quoted(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def authority_rollups_refresh(authority_ids: Iterable[int] | None) -> None:
    """Rewrite the rollup rows of ``authority_ids`` (None: every authority) from the
    request summary; an authority left without public requests loses its row."""
    ids = None if authority_ids is None else sorted({i for i in authority_ids if i is not None})
    if ids == []:
        return
    scope = RequestSummary.objects.filter(public=True)
    rollups = AuthorityRefusalSummary.objects.all()
    if ids is not None:
        scope = scope.filter(authority_id__in=ids)
        rollups = rollups.filter(authority_id__in=ids)
    # past_deadline is computed and dropped: it depends on the day the figures are read.
    sql, params = windowed_sql(scope, GroupBy.AUTHORITY, datetime.date.min)
    names = ", ".join(COLUMNS)
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        if ids is not None:
            # Two writes to one authority's requests take turns here (FOR NO KEY UPDATE: new
            # rows may still reference it): the second then sums what the first committed,
            # instead of both inserting its row.
            locked = PublicAuthority.objects.select_for_update(no_key=True).filter(pk__in=ids)
            list(locked.order_by("pk").values_list("pk", flat=True))
        rollups.delete()
        cursor.execute(
            f"INSERT INTO {_quoted(AuthorityRefusalSummary)} (authority_id, {names}) "  # noqa: S608
            f"SELECT g.group_key, {', '.join(f'g.{c}' for c in COLUMNS)} FROM ({sql}) g",
            params,
        )


def authorities_of(where: str, params: list) -> list[int]:
    """The authorities of the summary rows ``where`` selects."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT authority_id FROM {_quoted(RequestSummary)} WHERE {where}",  # noqa: S608
            params,
        )
        return [row[0] for row in cursor.fetchall()]


def request_deleted(sender, instance, **kwargs) -> None:
    """``post_delete`` of a request (admin, sample data reload: deletes are not services):
    its summary rows went with it (CASCADE), so its authority's sums are rewritten, in the
    deleting transaction."""
    authority_rollups_refresh([instance.authority_id])
