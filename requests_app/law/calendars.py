"""Working-day calendars of the four regimes (shared/foi-law.md, "The four regimes", "Counting").

FOIA and EIR (FOIA s10(6)) skip every bank holiday in *any* part of the UK, so their calendar
is the union of the four subdivisions of the ``holidays`` package. FOISA and EISR (FOISA s73)
skip Scotland's only. ``holidays.UK()`` without a subdivision returns only the days common to
all four parts, so it is never used on its own.

Counting follows numpy's business-day semantics: the day of receipt is day 0 and a receipt on
a non-working day is rolled *back* to the previous working day (``roll="backward"``), which
is how a Saturday receipt gets the Friday's deadline (ICO; Alaveteli).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from functools import lru_cache

import holidays as holidays_package
import numpy as np

from requests_app.law.regimes import Nation, Regime

# FOIA came into force on 1 January 2005; a generous margin either side keeps old examples
# (2007-2009) and far-future requests inside the table.
FIRST_YEAR = 2000
LAST_YEAR = 2060
# Dates up to LAST_YEAR are accepted, and their deadlines run on: the longest chain (a
# review asked on the last day of the window, decided 40 WD later) ends well within two
# years, so the holiday table covers those years too rather than counting them as plain days.
HOLIDAY_YEARS_AFTER = 2

SUBDIVISIONS: dict[Nation, str] = {
    Nation.ENGLAND: "ENG",
    Nation.WALES: "WLS",
    Nation.SCOTLAND: "SCT",
    Nation.NORTHERN_IRELAND: "NIR",
}
NATION_LABELS: dict[Nation, str] = {
    Nation.ENGLAND: "England",
    Nation.WALES: "Wales",
    Nation.SCOTLAND: "Scotland",
    Nation.NORTHERN_IRELAND: "Northern Ireland",
}
ALL_NATIONS = frozenset(SUBDIVISIONS)


def nations_counted(regime: Regime | str) -> frozenset[Nation]:
    """Whose bank holidays a regime skips: all of the UK, or Scotland alone."""
    return frozenset({Nation.SCOTLAND}) if Regime(regime).is_scottish else ALL_NATIONS


class WorkingDayCalendar:
    """Saturdays, Sundays and the given holidays are not working days."""

    def __init__(self, holidays: Mapping[datetime.date, str]):
        self._holidays = dict(sorted(holidays.items()))
        self.holiday_array = np.array(
            [d for d in self._holidays if d.weekday() < 5], dtype="datetime64[D]"
        )
        self.busdaycalendar = np.busdaycalendar(weekmask="1111100", holidays=self.holiday_array)

    @property
    def holidays(self) -> dict[datetime.date, str]:
        return dict(self._holidays)

    def is_working_day(self, day: datetime.date) -> bool:
        return bool(np.is_busday(np.datetime64(day, "D"), busdaycal=self.busdaycalendar))

    def roll_back(self, day: datetime.date) -> datetime.date:
        """The working day that counts as day 0 for an event on ``day``."""
        return self.add_working_days(day, 0)

    def add_working_days(self, start: datetime.date, n: int) -> datetime.date:
        """The ``n``-th working day after ``start`` (day 0).

        A non-working start is rolled back to the previous working day, so a Saturday receipt
        and the Friday before share a deadline, and day 1 is the next working day.
        """
        result = np.busday_offset(
            np.datetime64(start, "D"), n, roll="backward", busdaycal=self.busdaycalendar
        )
        return result.astype(datetime.date)

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after ``start`` up to and including ``end``; negative if end < start.

        Antisymmetric: ``between(a, b) == -between(b, a)``, so a deadline that passed
        yesterday is -1 ("1 working day ago"), never 0 ("today").
        """
        begin = np.array([start], dtype="datetime64[D]")
        finish = np.array([end], dtype="datetime64[D]")
        return int(self.working_days_between_arrays(begin, finish)[0])

    def days_left(self, today: datetime.date, deadline: datetime.date) -> int:
        """Working days left until ``deadline``: 0 on the day itself, negative once passed.

        A deadline that has passed is at least one working day ago, even over a weekend:
        on Saturday a Friday deadline is gone, not "today".
        """
        days = self.working_days_between(today, deadline)
        return min(days, -1) if deadline < today else days

    def working_days_between_arrays(self, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        """``working_days_between`` element-wise over ``datetime64[D]`` arrays."""
        one = np.timedelta64(1, "D")
        low = np.minimum(start, end)
        high = np.maximum(start, end)
        # numpy counts the half-open [begin, end); shifting both ends by a day counts
        # (low, high], which is "after low, up to and including high".
        count = np.busday_count(low + one, high + one, busdaycal=self.busdaycalendar)
        return np.where(end < start, -count, count)

    def holidays_between(
        self, start: datetime.date, end: datetime.date
    ) -> list[tuple[datetime.date, str]]:
        """Holidays falling on weekdays from ``start`` to ``end`` inclusive: the days skipped."""
        return [
            (d, name) for d, name in self._holidays.items() if start <= d <= end and d.weekday() < 5
        ]


@lru_cache(maxsize=8)
def _package_holidays(nation: Nation) -> dict[datetime.date, str]:
    table = holidays_package.UK(
        subdiv=SUBDIVISIONS[nation], years=range(FIRST_YEAR, LAST_YEAR + HOLIDAY_YEARS_AFTER + 1)
    )
    return dict(table.items())


def _label(names_by_nation: dict[Nation, str], counted: frozenset[Nation]) -> str:
    """One name per day; a day kept in only part of the UK says where (FOIA counts it anyway)."""
    by_name: dict[str, list[Nation]] = {}
    for nation in sorted(names_by_nation, key=list(SUBDIVISIONS).index):
        for name in names_by_nation[nation].split("; "):
            by_name.setdefault(name, []).append(nation)
    parts = []
    for name, nations in by_name.items():
        if set(nations) >= counted or len(counted) == 1:
            parts.append(name)
        else:
            parts.append(f"{name} ({', '.join(NATION_LABELS[n] for n in nations)})")
    return "; ".join(parts)


def _targets(nation_key: str, counted: frozenset[Nation]) -> frozenset[Nation]:
    nation = Nation(nation_key)
    return counted if nation == Nation.UK_WIDE else counted & {nation}


def package_lists(day: datetime.date, nation_key: str) -> bool:
    """Whether the ``holidays`` package lists ``day`` as a bank holiday in ``nation_key``
    (anywhere in the UK for ``uk_wide``): only such a day can be removed as wrongly listed."""
    return any(day in _package_holidays(n) for n in _targets(nation_key, ALL_NATIONS))


def _build(
    regime: Regime,
    extra: tuple[tuple[datetime.date, str, str], ...],
    removed: tuple[tuple[datetime.date, str], ...] = (),
) -> WorkingDayCalendar:
    counted = nations_counted(regime)
    per_day: dict[datetime.date, dict[Nation, str]] = {}
    for nation in counted:
        for day, name in _package_holidays(nation).items():
            per_day.setdefault(day, {})[nation] = name
    # Days the package lists wrongly (30 November 2006 in Scotland) go before the
    # proclaimed ones are added, so a day can be both corrected away and proclaimed anew.
    for day, nation_key in removed:
        for target in _targets(nation_key, counted):
            per_day.get(day, {}).pop(target, None)
        if day in per_day and not per_day[day]:
            del per_day[day]
    for day, name, nation_key in extra:
        for target in _targets(nation_key, counted):
            existing = per_day.setdefault(day, {}).get(target)
            if existing is None:
                per_day[day][target] = name
            elif name not in existing.split("; "):
                per_day[day][target] = f"{existing}; {name}"
    return WorkingDayCalendar({day: _label(names, counted) for day, names in per_day.items()})


@lru_cache(maxsize=64)
def _cached(
    regime: Regime,
    extra: tuple[tuple[datetime.date, str, str], ...],
    removed: tuple[tuple[datetime.date, str], ...],
) -> WorkingDayCalendar:
    return _build(regime, extra, removed)


def calendar_for(
    regime: Regime | str,
    extra: Iterable[tuple[datetime.date, str, str]] = (),
    removed: Iterable[tuple[datetime.date, str]] = (),
) -> WorkingDayCalendar:
    """The calendar of ``regime``: the package's bank holidays, less the ``removed`` days it
    lists wrongly, plus ``extra`` proclaimed days.

    ``extra`` rows are ``(date, name, nation)`` and ``removed`` rows ``(date, nation)``, nation
    a ``Nation`` value; a day proclaimed for Northern Ireland alone moves FOIA deadlines but
    not FOISA ones. Calendars are cached by their full input, so a new correction is a new
    key and never a stale hit.
    """
    key = tuple(sorted((d, str(n), str(nat)) for d, n, nat in extra))
    removed_key = tuple(sorted((d, str(nat)) for d, nat in removed))
    return _cached(Regime(regime), key, removed_key)
