"""Pagination of sorted lists whose rows are wide and whose sort reads a join."""

from __future__ import annotations

from django.core.paginator import Paginator


class NarrowPaginator(Paginator):
    """A ``Paginator`` whose page reads its rows whole for the page's ids alone.

    Sliced as usual, ``ORDER BY ... LIMIT 50 OFFSET n`` carries every column of every row
    to the sort (a campaign's 4,922 requests with their text and their authority's whole
    row). Here the page's ids are chosen in a subquery that selects only the sort's
    columns (for the campaign desk, from its covering index), and the outer query reads
    those rows: still one query, the same rows in the same order.
    """

    def page(self, number):
        page = super().page(number)  # Django's bounds and orphans; the slice is not run
        chosen = page.object_list.prefetch_related(None).values("pk")
        page.object_list = self.object_list.filter(pk__in=chosen)
        return page


class KnownCountPaginator(Paginator):
    """A ``Paginator`` told its count, found without counting the rows one by one."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.__dict__["count"] = count  # ``count`` is a cached_property: this is its value
