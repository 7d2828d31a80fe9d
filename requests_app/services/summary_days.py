"""Working days from receipt to first answer, counted inside the summary's INSERT.

Each regime's calendar becomes a run of day numbers: ``n`` = working days from the start of
the range up to and including ``day``. The working days after ``a`` up to and including
``b`` (``WorkingDayCalendar.working_days_between``, negative when ``b`` is before ``a``) are
then ``n(b) - n(a)``: two equality joins, so a million rows need no per-row Python and no
second pass over the table.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import numpy as np
from django.db import connection

from requests_app.models import FOIRequest, Response
from requests_app.models.choices import RegimeChoices, ResponseKindChoices
from requests_app.services.calendars import calendar_for_regime, proclaimed_days

SQLITE_TABLE = "summary_day_numbers"


def _date_range(ids_filter) -> tuple[datetime.date, datetime.date] | None:
    """The earliest and latest receipt or substantive answer of the requests selected."""
    quote = connection.ops.quote_name
    requests_where, requests_params = ids_filter("id")
    answers_where, answers_params = ids_filter("request_id")
    sql = (
        "SELECT MIN(received_on), MAX(received_on) FROM ("  # noqa: S608
        f"SELECT received_on FROM {quote(FOIRequest._meta.db_table)} WHERE {requests_where} "
        f"UNION ALL SELECT received_on FROM {quote(Response._meta.db_table)} "
        f"WHERE kind = %s AND {answers_where}) AS days"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql, [*requests_params, ResponseKindChoices.SUBSTANTIVE.value, *answers_params]
        )
        low, high = cursor.fetchone()
    if low is None:
        return None
    return datetime.date.fromisoformat(str(low)), datetime.date.fromisoformat(str(high))


REGIMES = list(RegimeChoices.values)


def _numbers(low: datetime.date, high: datetime.date) -> tuple[list, list[list[int]]]:
    """The days from ``low`` to ``high`` and, per regime (``REGIMES`` order), each day's
    number."""
    extra = proclaimed_days()  # one query shared by the regimes' calendars
    days = np.arange(np.datetime64(low, "D"), np.datetime64(high, "D") + 1)
    numbers = [
        np.cumsum(
            np.is_busday(days, busdaycal=calendar_for_regime(regime, extra).busdaycalendar)
        ).tolist()
        for regime in REGIMES
    ]
    return days.astype(datetime.date).tolist(), numbers


def day_number(alias: str, regime_column: str) -> str:
    """The day number of ``alias``'s row under the regime in ``regime_column``."""
    cases = " ".join(f"WHEN '{r}' THEN {alias}.n{i}" for i, r in enumerate(REGIMES))
    return f"CASE {regime_column} {cases} END"


def day_numbers_source(ids_filter) -> tuple[str, list]:
    """A relation ``(day, n0, n1, ...)``, one number column per regime, covering every date
    the selected requests need, as SQL for a FROM clause, with its parameters. Joined on
    the date alone: an integer-like hash join, no sort."""
    span = _date_range(ids_filter)
    days, numbers = _numbers(*span) if span else ([], [[] for _ in REGIMES])
    names = ", ".join(f"n{i}" for i in range(len(REGIMES)))
    if connection.vendor == "postgresql":
        arrays = ", ".join(["%s::date[]", *["%s::int[]"] * len(REGIMES)])
        sql = f"(SELECT * FROM unnest({arrays}) AS w(day, {names}))"  # noqa: S608
        return sql, [days, *numbers]
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {SQLITE_TABLE} "
            f"(day DATE PRIMARY KEY, {', '.join(f'n{i} INTEGER' for i in range(len(REGIMES)))})"
        )
        cursor.execute(f"DELETE FROM {SQLITE_TABLE}")  # noqa: S608
        cursor.executemany(
            f"INSERT INTO {SQLITE_TABLE} VALUES ({', '.join(['%s'] * (len(REGIMES) + 1))})",  # noqa: S608
            [[d.isoformat(), *row] for d, *row in zip(days, *numbers, strict=True)],
        )
    return SQLITE_TABLE, []


def ids_filter_for(ids: Sequence[int] | None):
    """``column -> (sql, params)`` restricting a column to ``ids`` (None = every row)."""

    def restrict(column: str) -> tuple[str, list]:
        if ids is None:
            return "1 = 1", []
        if connection.vendor == "postgresql":
            return f"{column} = ANY(%s)", [list(ids)]
        return f"{column} IN ({', '.join(['%s'] * len(ids))})", list(ids)

    return restrict
