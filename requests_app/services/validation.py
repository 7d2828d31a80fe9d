"""Checks shared by the write services; each raises ``ValidationError({field: reason})``."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


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
        raise ValidationError({field: f"cannot be before {what} ({floor.isoformat()})"})


def past_date(field: str, value) -> datetime.date:
    require_date(field, value)
    not_in_future(field, value)
    return value


def in_choices(field: str, value: str, choices: type[models.TextChoices]) -> str:
    if value not in choices.values:
        raise ValidationError({field: f"must be one of: {', '.join(choices.values)}"})
    return value
