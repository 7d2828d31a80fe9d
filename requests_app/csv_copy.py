"""Large CSV downloads written by PostgreSQL itself: ``COPY (SELECT ...) TO STDOUT``.

A download of every public request (~900k rows) through psycopg and ``csv.writer`` costs
Python per row and per cell (7-11x the database's own ``COPY``); here the database writes
every cell and every line, and Python only passes the lines on (docs/benchmarks.md). The
SELECT is the view's own queryset compiled, so its filters, ordering and visibility are
exactly the page's: a private request cannot reach the file by another road.

The file is byte for byte what ``csv.writer`` writes for the same cells, given two
differences handled here: COPY ends a line with ``\\n`` (each line it sends is one protocol
message, so the last byte is swapped for ``\\r\\n``; line breaks inside a quoted cell are
kept as they are, as ``csv.writer`` keeps them), and COPY quotes an empty string to tell it
from NULL (the cells send NULL instead: ``csv.writer`` writes both as nothing).
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import functools
import io
import re
import zoneinfo
from collections.abc import Iterator, Sequence
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Case, CharField, Expression, F, Func, TextField, Value, When
from django.db.models.expressions import BaseExpression
from django.db.models.functions import Concat, Left, NullIf
from django.db.models.lookups import In

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may run (OWASP)
CHUNK_BYTES = 256 * 1024  # what is handed to the server at once


def header_line(header: Sequence[str]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(header)
    return buffer.getvalue().encode()


def safe_text(source: str) -> Expression:
    """A text cell as the renderers write it: a formula defused with an apostrophe, an empty
    text as NULL (see the module's docstring)."""
    value = F(source)
    guarded = Case(
        When(In(Left(value, 1), list(FORMULA_START)), then=Concat(Value("'"), value)),
        default=value,
        output_field=TextField(),
    )
    return NullIf(guarded, Value(""), output_field=TextField())


# DRF's DateTimeField text: the local date and time, ".US" only when there are microseconds
# (the zone moves whole minutes), then the zone's offset at that instant, "Z" for none. The
# offset is computed once, by a simple CASE listing the offsets the zone has used
# (its general form, +HH:MM, is the ELSE). to_char and AT TIME ZONE are the dear parts:
# the two date-time cells are most of the formatting cost (docs/benchmarks.md).
_ISO_DATETIME = (
    "to_char({v} AT TIME ZONE {z}, 'YYYY-MM-DD\"T\"HH24:MI:SS')"
    " || CASE WHEN date_trunc('second', {v}) = {v} THEN '' ELSE to_char({v}, '.US') END"
    " || CASE ({v} AT TIME ZONE {z}) - ({v} AT TIME ZONE 'UTC') {known} ELSE {general} END"
)
_GENERAL_OFFSET = (
    "CASE WHEN ({v} AT TIME ZONE {z}) = ({v} AT TIME ZONE 'UTC') THEN 'Z'"
    " WHEN ({v} AT TIME ZONE {z}) < ({v} AT TIME ZONE 'UTC')"
    " THEN '-' || to_char(({v} AT TIME ZONE 'UTC') - ({v} AT TIME ZONE {z}), 'HH24:MI')"
    " ELSE '+' || to_char(({v} AT TIME ZONE {z}) - ({v} AT TIME ZONE 'UTC'), 'HH24:MI') END"
)


@functools.cache
def _zone_offsets(zone: str) -> tuple[int, ...]:
    """The UTC offsets (in minutes) ``zone`` has used since 1970, read weekly (one used for
    less than a week is still written right, by the general form)."""
    info = zoneinfo.ZoneInfo(zone)
    start = datetime.datetime(1970, 1, 1, 12, tzinfo=datetime.UTC)
    seen = set()
    for day in range(0, 365 * 131, 7):
        offset = (start + datetime.timedelta(days=day)).astimezone(info).utcoffset()
        seen.add(int(offset.total_seconds()) // 60 if offset else 0)
    return tuple(sorted(seen))


def _offset_text(minutes: int) -> str:
    if minutes == 0:
        return "Z"
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def plain_text(source: str | BaseExpression) -> Expression:
    """A text cell nobody types (a choice, a code): empty as NULL, nothing to defuse."""
    value = F(source) if isinstance(source, str) else source
    return NullIf(value, Value(""), output_field=TextField())


class IsoDateTime(Func):
    """A date-time cell as DRF's ``DateTimeField`` writes it (ISO 8601 in ``zone``, UTC as
    "Z"), in SQL (PostgreSQL only)."""

    output_field = CharField()

    def __init__(self, source: str, zone: str) -> None:
        # Written into the SQL as a literal: a zone name is letters, digits and / _ + -.
        if not re.fullmatch(r"[A-Za-z0-9_/+-]+", zone):
            raise ValueError(f"unexpected time zone name {zone!r}")
        super().__init__(F(source))
        self.zone = zone

    def as_sql(self, compiler, connection, **extra):
        value, params = compiler.compile(self.source_expressions[0])
        known = " ".join(
            f"WHEN interval '{minutes} minutes' THEN '{_offset_text(minutes)}'"
            for minutes in _zone_offsets(self.zone)
        )
        template = _ISO_DATETIME.replace("{known}", known).replace("{general}", _GENERAL_OFFSET)
        uses = template.count("{v}")
        sql = template.replace("{z}", f"'{self.zone}'").replace("{v}", f"({value})")
        return sql, list(params) * uses


def copy_lines(queryset, header: Sequence[str]) -> Iterator[bytes]:
    """The CSV of ``queryset`` (a ``values_list`` whose every column is a finished cell):
    the header, then the lines PostgreSQL writes, in chunks of about ``CHUNK_BYTES``.

    Runs when the response is read, on the request's connection, in autocommit as one
    statement (one snapshot). A download stopped halfway (the client went away: the
    generator is closed) has psycopg cancel the COPY, which leaves the connection usable;
    inside a transaction (a caller's ``atomic``) the cancel aborts it, so it is marked for
    rollback as Django marks a failed query."""
    yield header_line(header)
    connection = connections[queryset.db]
    try:
        select, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    except EmptyResultSet:
        # A filter no row can meet (``pk__in=[]``): Django runs no query; the file is the
        # header alone.
        return
    ops: Any = connection.ops  # PostgreSQL's, which binds parameters into the text
    statement = ops.compose_sql(f"COPY ({select}) TO STDOUT WITH (FORMAT csv)", params)
    try:
        with (
            connection.cursor() as cursor,
            _logged(cursor, statement),
            cursor.cursor.copy(statement) as copy,
        ):
            lines: list = []
            size = 0
            for line in copy:  # one row per message (the protocol's rule), "\n" last
                lines.append(line[:-1])
                size += len(line)
                if size >= CHUNK_BYTES:
                    yield b"\r\n".join(lines) + b"\r\n"
                    lines, size = [], 0
            if lines:
                yield b"\r\n".join(lines) + b"\r\n"
    except BaseException:
        if connection.in_atomic_block:
            connection.needs_rollback = True
        raise


def _logged(cursor, statement: str):
    """The COPY in ``connection.queries`` like any query (it bypasses Django's cursor), so
    the pinned query counts and the debug toolbar see it."""
    debug_sql = getattr(cursor, "debug_sql", None)
    if debug_sql is None:
        return contextlib.nullcontext()
    return debug_sql(statement)
