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
import io
import re
from collections.abc import Iterator, Sequence
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Case, CharField, Expression, F, Func, TextField, Value, When
from django.db.models.expressions import BaseExpression
from django.db.models.functions import Concat, NullIf, Ord
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
    # The first character's code rather than LEFT(value, 1) compared as text: no text made
    # and compared per cell (six columns of every row).
    starts = [ord(character) for character in FORMULA_START]
    guarded = Case(
        When(In(Ord(value), starts), then=Concat(Value("'"), value)),
        default=value,
        output_field=TextField(),
    )
    return NullIf(guarded, Value(""), output_field=TextField())


def plain_text(source: str | BaseExpression) -> Expression:
    """A text cell nobody types (a choice, a code): empty as NULL, nothing to defuse."""
    value = F(source) if isinstance(source, str) else source
    return NullIf(value, Value(""), output_field=TextField())


class IsoDateTime(Func):
    """A date-time cell as DRF's ``DateTimeField`` writes it (ISO 8601 in ``zone``, UTC as
    "Z"), in SQL (PostgreSQL only), for ``copy_lines`` alone: it writes the instant in the
    session's ``TimeZone``, which ``copy_lines`` sets to ``zone`` for its COPY.

    One ``to_char`` with the zone's offset (``TZH:TZM``, "+01:00"), then ".000000" dropped
    (DRF writes microseconds only when there are some; nothing else in the text has a dot)
    and "+00:00" written "Z" (nothing before the offset has a "+"). Converting each instant
    ``AT TIME ZONE`` instead, and finding its offset by a second conversion, cost twice as
    much: the two date-times were most of the formatting (docs/benchmarks.md)."""

    output_field = CharField()
    template = (
        "replace(replace(to_char(%(expressions)s, 'YYYY-MM-DD\"T\"HH24:MI:SS.USTZH:TZM'),"
        " '.000000', ''), '+00:00', 'Z')"
    )

    def __init__(self, source: str, zone: str) -> None:
        # Sent as a parameter of set_config; still, a zone name is letters, digits, / _ + -.
        if not re.fullmatch(r"[A-Za-z0-9_/+-]+", zone):
            raise ValueError(f"unexpected time zone name {zone!r}")
        super().__init__(F(source))
        self.zone = zone


def _zones(expressions) -> set[str]:
    """The zones of the ``IsoDateTime`` cells among ``expressions`` (at any depth)."""
    zones: set[str] = set()
    for expression in expressions:
        if isinstance(expression, IsoDateTime):
            zones.add(expression.zone)
        if isinstance(expression, BaseExpression):
            zones |= _zones(expression.get_source_expressions())
    return zones


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
    zones = _zones(queryset.query.annotations.values())
    if len(zones) > 1:
        raise ValueError(f"date-times in several zones: {sorted(zones)}")
    settings = {"TimeZone": zones.pop()} if zones else {}
    try:
        with (
            connection.cursor() as cursor,
            _session_settings(cursor.cursor, settings, not connection.get_autocommit()),
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


@contextlib.contextmanager
def _session_settings(raw_cursor, settings: dict[str, str], in_transaction: bool):
    """``settings`` (``TimeZone`` for ``IsoDateTime``) for the COPY alone, and back as they
    were after it, whatever happens: the connection's ``TimeZone`` is UTC everywhere else,
    and Django's psycopg loaders read every date-time as UTC.

    Set LOCAL, in a transaction of the COPY's own (the request's connection is in
    autocommit) or a savepoint inside the caller's, whose rollback restores them. Sent on
    psycopg's cursor: not queries of the page (the pinned query counts stay)."""
    if not settings:
        yield
        return
    names = list(settings)
    if in_transaction:
        raw_cursor.execute("SAVEPOINT csv_copy")
        raw_cursor.execute("SELECT " + ", ".join("current_setting(%s)" for _ in names), names)
        previous = raw_cursor.fetchone()
    else:
        raw_cursor.execute("BEGIN")
    raw_cursor.execute(
        "SELECT " + ", ".join("set_config(%s, %s, true)" for _ in names),
        [value for item in settings.items() for value in item],
    )
    try:
        yield
    except BaseException:
        # The COPY was cancelled or failed: its transaction (or savepoint) is aborted.
        with contextlib.suppress(Exception):
            raw_cursor.execute("ROLLBACK TO SAVEPOINT csv_copy" if in_transaction else "ROLLBACK")
        raise
    if in_transaction:
        raw_cursor.execute("RELEASE SAVEPOINT csv_copy")
        # RELEASE keeps what was SET LOCAL until the caller's transaction ends: put it back.
        raw_cursor.execute(
            "SELECT " + ", ".join("set_config(%s, %s, true)" for _ in names),
            [value for pair in zip(names, previous, strict=True) for value in pair],
        )
    else:
        raw_cursor.execute("COMMIT")


def _logged(cursor, statement: str):
    """The COPY in ``connection.queries`` like any query (it bypasses Django's cursor), so
    the pinned query counts and the debug toolbar see it."""
    debug_sql = getattr(cursor, "debug_sql", None)
    if debug_sql is None:
        return contextlib.nullcontext()
    return debug_sql(statement)
