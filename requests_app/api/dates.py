"""Dates in the API are written exactly as documented: YYYY-MM-DD.

DRF's ``DateField`` and django-filter's ``DateFilter`` are more forgiving than the schema
says: Python's ``date.fromisoformat`` also takes ``20221003`` and ``2022-W40-1``, and
Django's British input formats take ``03/10/2022``. A date that means one thing to the
server and is invalid to every client generated from the schema is a bug either way, so
every date the API reads goes through these fields (tests/api/test_dates.py checks that no
serializer or filter reads a date another way).
"""

from __future__ import annotations

import datetime
import re

import django_filters
from django import forms
from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.utils import html

ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
MESSAGE = "must be a date written YYYY-MM-DD"


def parse_iso_date(value: str) -> datetime.date | None:
    """The date ``value`` spells as YYYY-MM-DD, or None (another spelling, or no such day)."""
    if not ISO_DATE.fullmatch(value):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


class IsoDateField(serializers.DateField):
    default_error_messages = {"invalid": MESSAGE}

    def get_value(self, dictionary):
        # DRF reads an optional field sent empty in a query string or form (``?received_to=``)
        # as absent; it is a date written wrong, and says so.
        value = super().get_value(dictionary)
        sent_empty = html.is_html_input(dictionary) and dictionary.get(self.field_name) == ""
        return "" if value is empty and sent_empty else value

    def to_internal_value(self, value):
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value
        parsed = parse_iso_date(value) if isinstance(value, str) else None
        if parsed is None:
            self.fail("invalid")
        return parsed


class IsoFormDateField(forms.DateField):
    default_error_messages = {"invalid": MESSAGE}

    def to_python(self, value):
        if value is None:  # absent; present but empty is an error like any other spelling
            return None
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value
        parsed = parse_iso_date(value) if isinstance(value, str) else None
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


class IsoDateFilter(django_filters.DateFilter):
    field_class = IsoFormDateField
