"""Lists walked by cursor: ``next`` and ``previous`` never make the database count past rows.

``?page=N`` reads page N with ``OFFSET``: the database reads and throws away every row
before it (1.7 s for page 5,000 of a million requests, issue 15), and counts them all. The
``next`` and ``previous`` links of every page are instead *cursors* (``?cursor=...``): the
sort values of the last (or first) row shown, so the next page is "the rows after these
values" in the list's own order, read by index however deep. A page read by cursor carries
no ``count`` (null): counting is what a deep walk must not pay for.

The order is the list's (its ``ordering`` filter or the view's), with the primary key
appended so that it is total; a cursor is only offered when each sort key is a column of
the listed model (an ordering on a joined table falls back to page links). ``?page=`` still
works, as before.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Paginator as DjangoPaginator
from django.db import connection
from django.db.models import F, OrderBy, Q
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from requests_app.api.pagination import PageNumberPagination, page_param
from requests_app.paging import NarrowPaginator, narrow_rows

CURSOR = "cursor"


@dataclass(frozen=True)
class Key:
    field: Any  # the model field
    descending: bool
    nulls_last: bool  # where NULLs come in the list's order

    @property
    def name(self) -> str:
        return self.field.attname

    def reversed(self) -> Key:
        return Key(self.field, not self.descending, not self.nulls_last)

    def order_by(self) -> OrderBy:
        if not self.field.null:
            return OrderBy(F(self.name), descending=self.descending)
        return OrderBy(
            F(self.name),
            descending=self.descending,
            nulls_last=True if self.nulls_last else None,
            nulls_first=None if self.nulls_last else True,
        )

    def equal(self, value) -> Q:
        return Q(**{f"{self.name}__isnull": True}) if value is None else Q(**{self.name: value})

    def after(self, value) -> Q | None:
        """Rows strictly after ``value`` in this key's order (None: there are none)."""
        nulls = Q(**{f"{self.name}__isnull": True})
        if value is None:
            return None if self.nulls_last else ~nulls
        beyond = Q(**{f"{self.name}__{'lt' if self.descending else 'gt'}": value})
        return beyond | nulls if self.field.null and self.nulls_last else beyond

    def from_(self, value) -> Q:
        """Rows at or after ``value``: a plain range on the key's column, which an index
        can seek to (the OR of ``after_all`` alone it cannot)."""
        nulls = Q(**{f"{self.name}__isnull": True})
        if value is None:
            return nulls if self.nulls_last else Q()
        bound = Q(**{f"{self.name}__{'lte' if self.descending else 'gte'}": value})
        return bound | nulls if self.field.null and self.nulls_last else bound


def sort_keys(queryset) -> list[Key] | None:
    """The queryset's order as keys on its model's own columns, primary key last; None if
    an ordering term is anything else (a join, an expression)."""
    if not hasattr(queryset, "query"):  # a list built in Python: page links only
        return None
    model = queryset.model
    terms = list(queryset.query.order_by) or list(model._meta.ordering)
    keys: list[Key] = []
    for term in terms:
        if isinstance(term, str):
            descending = term.startswith("-")
            name, explicit = term.lstrip("-"), None
        elif isinstance(term, OrderBy) and isinstance(term.expression, F):
            descending, name = term.descending, str(getattr(term.expression, "name", ""))
            explicit = True if term.nulls_last else False if term.nulls_first else None
        else:
            return None
        if "__" in name:
            return None
        try:
            field = model._meta.get_field("id" if name == "pk" else name)
        except FieldDoesNotExist:
            return None
        if explicit is None:
            # The database's own placement: PostgreSQL sorts NULL above every value,
            # SQLite below.
            explicit = descending != (connection.vendor == "postgresql")
        keys.append(Key(field, descending, explicit))
    if not any(key.field.primary_key for key in keys):
        keys.append(Key(model._meta.pk, False, True))
    return keys


def _after_all(keys: list[Key], values: list) -> Q:
    """Rows after ``values`` in the order of ``keys``: at or after the first key's value (a
    range an index seeks to), and either past it or tied on it and after the rest."""
    key, value = keys[0], values[0]
    strictly = key.after(value)
    tied = key.equal(value) & _after_all(keys[1:], values[1:]) if len(keys) > 1 else None
    if strictly is None and tied is None:
        return Q(pk__in=[])
    either: Q | None
    if strictly is None:
        either = tied
    elif tied is None:
        either = strictly
    else:
        either = strictly | tied
    assert either is not None
    return key.from_(value) & either


def _split_at_nulls(queryset, keys: list[Key], values: list | None, limit: int) -> list | None:
    """Up to ``limit`` rows after ``values`` (None: from the start) when the first key is
    nullable with NULLs last and not yet at them, read in two parts: its values in order,
    then, if the page is not full, its NULLs in the order of the other keys. Each part is
    one index walk that stops after the page; ``ORDER BY next_deadline NULLS LAST, ...``
    as one query is given by no index, so PostgreSQL fetched and sorted every row of a
    search matching tens of thousands (issue 15). None when the key is not such a key."""
    lead = keys[0]
    if not (lead.field.null and lead.nulls_last) or (values is not None and values[0] is None):
        return None
    # Among non-NULL values the database's own NULL placement is moot: the plain order,
    # which the column's (partial) index gives.
    valued = [Key(lead.field, lead.descending, False), *keys[1:]]  # no "or NULL" terms
    where = Q(**{f"{lead.name}__isnull": False})
    if values is not None:
        where &= _after_all(valued, values)
    order = [OrderBy(F(lead.name), descending=lead.descending)]
    order += [key.order_by() for key in keys[1:]]
    rows = narrow_rows(queryset.filter(where), order, limit)
    if len(rows) < limit:
        nulls = queryset.filter(**{f"{lead.name}__isnull": True})
        rows += narrow_rows(nulls, [key.order_by() for key in keys[1:]], limit - len(rows))
    return rows


def _encode(values: list, backwards: bool) -> str:
    raw = json.dumps({"v": [None if v is None else str(v) for v in values], "b": backwards})
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(keys: list[Key], cursor: str) -> tuple[list, bool]:
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        raw, backwards = data["v"], data["b"]
        if len(raw) != len(keys) or not isinstance(backwards, bool):
            raise ValueError
        values = [
            None if v is None else k.field.to_python(v) for k, v in zip(keys, raw, strict=True)
        ]
    except (ValueError, TypeError, KeyError, binascii.Error, ValidationError) as error:
        raise NotFound("Invalid cursor.") from error
    return values, backwards


def cursor_param(request) -> str | None:
    """The ``cursor`` query parameter as sent, or None; one, not empty, not with ``page``.
    Checked for every list, even one that pages by number only or a CSV download, so that a
    cursor the schema calls invalid is a 400 wherever it is sent."""
    cursors = request.query_params.getlist(CURSOR)
    if not cursors:
        return None
    if len(cursors) > 1:
        raise DRFValidationError({CURSOR: ["give one cursor"]})
    if page_param(request) is not None:
        raise DRFValidationError({CURSOR: ["give a cursor or a page, not both"]})
    if cursors[0] == "":
        raise DRFValidationError({CURSOR: ["may not be empty"]})
    return cursors[0]


def _counted(count: int) -> type[DjangoPaginator]:
    """A paginator that takes the list's size as given instead of counting it."""

    class Counted(NarrowPaginator):
        @cached_property
        def count(self) -> int:
            return count

    return Counted


class KeysetPagination(PageNumberPagination):
    """Page numbers as before, ``next``/``previous`` as cursors (see the module).

    A view may know its list's size without counting it: ``known_count(request)`` returns it
    (or None to count)."""

    django_paginator_class = NarrowPaginator  # ?page=N: the page's ids first, as cursors

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.keys = sort_keys(queryset)
        cursor = cursor_param(request)
        if cursor is None and self.keys is not None and self._uncounted(request, view):
            # A search's first page is read as a cursor page from the start: no count, which
            # for a common word would read every match (issue 15).
            self.by_cursor = True
            size = self.get_page_size(request)
            rows = _split_at_nulls(queryset, self.keys, None, size + 1)
            if rows is None:
                rows = narrow_rows(queryset, [key.order_by() for key in self.keys], size + 1)
            self._links(rows[:size], more_after=len(rows) > size, more_before=False)
            return rows[:size]
        if cursor is None or self.keys is None:
            known = getattr(view, "known_count", None)
            count = known(request) if known is not None else None
            if count is not None:
                self.django_paginator_class = _counted(count)
            self.by_cursor = False
            page = super().paginate_queryset(queryset, request, view)
            rows = list(page or [])
            self.first_page = self.page.number == 1
            self._links(rows, more_after=self.page.has_next(), more_before=False)
            return rows
        self.by_cursor = True
        values, backwards = _decode(self.keys, cursor)
        size = self.get_page_size(request)
        keys = [key.reversed() for key in self.keys] if backwards else self.keys
        # A leading key that can only stay NULL from here on (NULLs last, reached) orders
        # nothing: left out, the index on the next keys can give the order.
        pinned = 0
        while pinned < len(keys) - 1 and keys[pinned].after(values[pinned]) is None:
            pinned += 1
        rows = _split_at_nulls(queryset, keys, values, size + 1)
        if rows is None:
            order = [key.order_by() for key in keys[pinned:]]
            rows = narrow_rows(queryset.filter(_after_all(keys, values)), order, size + 1)
        more = len(rows) > size
        rows = rows[:size]
        if backwards:
            rows.reverse()
            self._links(rows, more_after=True, more_before=more)
        else:
            self._links(rows, more_after=more, more_before=True)
        return rows

    @staticmethod
    def _uncounted(request, view) -> bool:
        """A first page asked for without ``?page=`` whose filters the view names in
        ``uncounted_filters`` (the search) is not counted."""
        names = getattr(view, "uncounted_filters", ())
        return page_param(request) is None and any(request.query_params.get(n) for n in names)

    def _values(self, row) -> list:
        assert self.keys is not None
        return [getattr(row, key.name) for key in self.keys]

    def _links(self, rows: list, *, more_after: bool, more_before: bool) -> None:
        assert self.request is not None
        url = remove_query_param(self.request.build_absolute_uri(), "page")
        if self.keys is None:  # no cursor for this order: page links, as DRF makes them
            self.next_link = self.get_next_link()
            self.previous_link = self.get_previous_link()
            return
        self.next_link = (
            replace_query_param(url, CURSOR, _encode(self._values(rows[-1]), False))
            if rows and more_after
            else None
        )
        if not getattr(self, "by_cursor", False):
            # From ?page=N (N > 1) the page before is a page number, as it always was.
            self.previous_link = self.get_previous_link() if not self.first_page else None
        elif rows and more_before:
            self.previous_link = replace_query_param(
                url, CURSOR, _encode(self._values(rows[0]), True)
            )
        else:
            self.previous_link = None

    def get_paginated_response(self, data):
        count = None if self.by_cursor else self.page.paginator.count
        return Response(
            {
                "count": count,
                "next": self.next_link,
                "previous": self.previous_link,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"] = {
            "type": "integer",
            "nullable": True,
            "example": 123,
            "description": "Rows in the whole list; null on a page read by cursor, and on a "
            "search's first page (q): counting every match of a common word is slow.",
        }
        response["properties"]["next"]["description"] = "The next page, by cursor."
        response["properties"]["previous"]["description"] = "The page before, by cursor."
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        parameters.append(
            {
                "name": CURSOR,
                "required": False,
                "in": "query",
                "description": "Where to continue: take it from a page's next or previous "
                "link (opaque). Not with page.",
                "schema": {"type": "string", "minLength": 1},
            }
        )
        return parameters
