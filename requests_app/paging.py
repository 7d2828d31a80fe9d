"""Reading a page of a sorted list by its ids first, for the web pages and the API alike.

``ORDER BY ... LIMIT 51`` over a filtered list walks the list's order and reads every row it
passes, to test the filters: for a common search word with a status filter, ~15,000 request
rows to keep 50 (issue 15). Here the page's ids are chosen in a subquery that needs only
the sort's and the filters' columns, which the list's covering index holds (PostgreSQL's
index-only scan, migration 0025); the outer query then reads those rows whole. Still one
query, the same rows in the same order.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet


def narrowed(queryset: QuerySet, chosen: QuerySet) -> QuerySet:
    """``queryset`` restricted to the rows ``chosen`` (a sliced, ordered queryset of it),
    keeping its order, annotations and joins. A union, which cannot be filtered, is
    returned as it was sliced."""
    if queryset.query.combinator:
        return chosen
    return queryset.filter(pk__in=chosen.prefetch_related(None).values("pk"))


def narrow_rows(queryset: QuerySet, order: list, limit: int) -> list:
    """The first ``limit`` rows of ``queryset`` in ``order``, chosen by id (one query)."""
    ordered = queryset.order_by(*order)
    return list(narrowed(ordered, ordered[:limit]))


class NarrowPaginator(Paginator):
    """A ``Paginator`` whose page reads its rows whole for the page's ids alone.

    Sliced as usual, ``ORDER BY ... LIMIT 50 OFFSET n`` carries every column of every row
    to the sort (a campaign's 4,922 requests with their text and their authority's whole
    row) and reads every row it skips or filters out. Here the page's ids are chosen in a
    subquery that selects only the sort's columns (for the campaign desk and the request
    lists, from a covering index), and the outer query reads those rows.
    """

    def page(self, number):
        page = super().page(number)  # Django's bounds and orphans; the slice is not run
        if isinstance(page.object_list, QuerySet):
            page.object_list = narrowed(self.object_list, page.object_list)
        return page
