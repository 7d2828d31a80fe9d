"""The regimes' calendars with the corrections staff have made in the admin."""

from __future__ import annotations

from requests_app.law.calendars import WorkingDayCalendar, calendar_for
from requests_app.models import ProclaimedHoliday
from requests_app.models.holidays import HolidayKindChoices


def proclaimed_days() -> tuple[tuple, ...]:
    """Every correction as ``(date, name, nation, kind)``: proclaimed days and days the
    package lists wrongly.

    Read on every call (one small indexed query) rather than cached in the process, so a day
    added in the admin applies at once in every web and worker process, with no restart.
    """
    return tuple(
        ProclaimedHoliday.objects.order_by("date").values_list("date", "name", "nation", "kind")
    )


def calendar_for_regime(regime: str, extra: tuple[tuple, ...] | None = None) -> WorkingDayCalendar:
    """The package's bank holidays corrected by the ``ProclaimedHoliday`` rows (or ``extra``,
    rows of ``proclaimed_days``)."""
    rows = proclaimed_days() if extra is None else extra
    added = [(day, name, nation) for day, name, nation, *kind in rows if not _removal(kind)]
    removed = [(day, nation) for day, _, nation, *kind in rows if _removal(kind)]
    return calendar_for(regime, added, removed)


def _removal(kind: list) -> bool:
    # Rows without a kind (three-tuples from older callers) are proclaimed days.
    return bool(kind) and kind[0] == HolidayKindChoices.REMOVED
