"""Corrections to the package's bank holidays: adding, moving or deleting one recomputes
what it moves.

A correction either adds a day proclaimed at short notice (19 September 2022 was announced
ten days ahead) or removes a day the package lists wrongly (30 November 2006 in Scotland;
shared/foi-law.md "The four regimes"). The recomputation is owed in the same transaction
(``services.holiday_recomputes``) and runs in a Celery task queued when it commits, so the
admin page returns at once, the worker sees the new row, and a broker outage loses nothing.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from requests_app.law.calendars import package_lists
from requests_app.models import ProclaimedHoliday
from requests_app.models.choices import NationChoices
from requests_app.models.holidays import HolidayKindChoices
from requests_app.services.holiday_recomputes import holiday_recompute_owe
from requests_app.services.validation import in_choices, require_date


def _queue_recompute(day: datetime.date, nation: str) -> None:
    # An outbox row in this transaction: the recompute survives a broker outage.
    holiday_recompute_owe(day, nation)


def _validate(holiday: ProclaimedHoliday) -> None:
    require_date("date", holiday.date)
    if not (holiday.name or "").strip():
        raise ValidationError({"name": "is required"})
    in_choices("nation", holiday.nation, NationChoices)
    in_choices("kind", holiday.kind, HolidayKindChoices)
    if holiday.is_removal and not package_lists(holiday.date, holiday.nation):
        where = NationChoices(holiday.nation).label
        raise ValidationError(
            {"date": f"the holidays package does not list this day in {where}: nothing to remove"}
        )
    clash = ProclaimedHoliday.objects.filter(date=holiday.date, nation=holiday.nation)
    if holiday.pk:
        clash = clash.exclude(pk=holiday.pk)
    if clash.exists():
        raise ValidationError({"date": "this day is already proclaimed for that nation"})


def proclaimed_holiday_save(*, holiday: ProclaimedHoliday) -> ProclaimedHoliday:
    """Add a correction, or save a changed one (the admin's add and change forms)."""
    _validate(holiday)
    with transaction.atomic():
        previous = (
            ProclaimedHoliday.objects.filter(pk=holiday.pk)
            .values_list("date", "nation", "kind")
            .first()
            if holiday.pk
            else None
        )
        holiday.save()
        current = (holiday.date, holiday.nation, holiday.kind)
        if previous is not None and previous[:2] != current[:2]:
            _queue_recompute(previous[0], previous[1])
        if previous != current:
            _queue_recompute(holiday.date, holiday.nation)
    return holiday


def proclaimed_holiday_add(
    *, date: datetime.date, name: str, nation: str = NationChoices.UK_WIDE
) -> ProclaimedHoliday:
    return proclaimed_holiday_save(holiday=ProclaimedHoliday(date=date, name=name, nation=nation))


def package_holiday_remove(*, date: datetime.date, name: str, nation: str) -> ProclaimedHoliday:
    """Record that a day the package lists was not a bank holiday in ``nation``; the
    deadlines it moved are recomputed (they move earlier)."""
    return proclaimed_holiday_save(
        holiday=ProclaimedHoliday(
            date=date, name=name, nation=nation, kind=HolidayKindChoices.REMOVED
        )
    )


def proclaimed_holiday_remove(*, holiday: ProclaimedHoliday) -> None:
    """Delete a correction (a proclaimed day, or a package day marked as wrongly listed)."""
    with transaction.atomic():
        day, nation = holiday.date, holiday.nation
        holiday.delete()
        _queue_recompute(day, nation)
