"""Checks shared by the write services; each raises ``ValidationError({field: reason})``."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from requests_app.law.regimes import RIGHT_OF_ACCESS_BEGAN


def day_month_year(day: datetime.date) -> str:
    """A date in a message as the pages show dates ("23 Oct 2026"), not ISO."""
    return f"{day.day} {day:%b %Y}"


def require_date(field: str, value) -> datetime.date:
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        raise ValidationError({field: "must be a date"})
    return value


def not_in_future(field: str, value: datetime.date | None) -> None:
    # A date in the future is a typo, and it would start clocks that have not started.
    if value is not None and value > timezone.localdate():
        raise ValidationError({field: "cannot be in the future"})


def not_before(field: str, value: datetime.date | None, floor: datetime.date | None, what: str):
    if value is not None and floor is not None and value < floor:
        raise ValidationError({field: f"cannot be before {what} ({day_month_year(floor)})"})


def not_before_the_right_of_access(field: str, value: datetime.date | None) -> None:
    # An earlier date is a typo ("2202" for "2022", "1922"): it would count in public
    # statistics as a request answered decades late, or start a clock that never ran.
    if value is not None and value < RIGHT_OF_ACCESS_BEGAN:
        raise ValidationError(
            {field: "cannot be before 1 January 2005, when the right of access began"}
        )


def past_date(field: str, value) -> datetime.date:
    """A day that has happened, within the life of the four regimes."""
    require_date(field, value)
    not_before_the_right_of_access(field, value)
    not_in_future(field, value)
    return value


def in_choices(field: str, value: str, choices: type[models.TextChoices]) -> str:
    if value not in choices.values:
        raise ValidationError({field: f"must be one of: {', '.join(choices.values)}"})
    return value
