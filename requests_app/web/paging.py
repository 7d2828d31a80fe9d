"""Pagination of the web pages' sorted lists (see ``requests_app.paging``)."""

from __future__ import annotations

from requests_app.paging import NarrowPaginator


class KnownCountPaginator(NarrowPaginator):
    """A ``NarrowPaginator`` told its count, found without counting the rows one by one."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.__dict__["count"] = count  # ``count`` is a cached_property: this is its value
