"""The regimes' calendars with the proclaimed days staff have added in the admin."""

from __future__ import annotations

from requests_app.law.calendars import WorkingDayCalendar, calendar_for
from requests_app.models import ProclaimedHoliday


def proclaimed_days() -> tuple[tuple, ...]:
    """Every proclaimed day as ``(date, name, nation)``.

    Read on every call (one small indexed query) rather than cached in the process, so a day
    added in the admin applies at once in every web and worker process, with no restart.
    """
    return tuple(ProclaimedHoliday.objects.order_by("date").values_list("date", "name", "nation"))


def calendar_for_regime(regime: str, extra: tuple[tuple, ...] | None = None) -> WorkingDayCalendar:
    """The package's bank holidays plus the ``ProclaimedHoliday`` rows (or ``extra``)."""
    return calendar_for(regime, proclaimed_days() if extra is None else extra)
