"""Every date the API reads is YYYY-MM-DD, as the schema documents (``format: date``)."""

import datetime

import pytest
from rest_framework import serializers

from requests_app.api.dates import IsoDateField, IsoFormDateField, parse_iso_date
from tests.api.conftest import client_for

ODD_SPELLINGS = [
    "20220601",
    "2022-W22-3",
    "01/06/2022",
    "2022-6-1",
    "2022-06-01\n",
    "２０２２-06-01",
]


@pytest.mark.parametrize("spelling", ODD_SPELLINGS)
def test_parse_iso_date_refuses_other_spellings(spelling):
    assert parse_iso_date(spelling) is None


def test_parse_iso_date_reads_real_days_only():
    assert parse_iso_date("2024-02-29") == datetime.date(2024, 2, 29)
    assert parse_iso_date("2023-02-29") is None


@pytest.mark.parametrize("spelling", ODD_SPELLINGS)
def test_a_request_with_an_odd_date_is_a_400(alice, coventry, spelling):
    payload = {"authority": coventry.slug, "title": "Prevent", "sent_on": spelling}
    response = client_for(alice).post("/api/v1/requests/", payload, format="json")
    assert response.status_code == 400
    assert response.json() == {"sent_on": ["must be a date written YYYY-MM-DD"]}


@pytest.mark.parametrize("spelling", ["01/06/2022", "20220601"])
def test_list_filters_read_dates_as_documented(anon, db, spelling):
    response = anon.get("/api/v1/requests/", {"received_from": spelling})
    assert response.status_code == 400
    assert "received_from" in response.json()


def _serializers():
    import requests_app.api.urls  # noqa: F401  (imports every API module)

    seen, stack = set(), [serializers.BaseSerializer]
    while stack:
        for sub in stack.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                stack.append(sub)
    # The calculator's serializers only write answers; its query reads dates through
    # CalendarDateField, which is as strict (tests/api/test_deadline_calculator.py).
    return [
        cls
        for cls in seen
        if cls.__module__.startswith("requests_app.")
        and cls.__module__ != "requests_app.api.deadlines"
    ]


def test_no_serializer_reads_a_date_another_way():
    # A guard for fields added later: a writable date must be an IsoDateField.
    loose = []
    for cls in _serializers():
        try:
            fields = cls().fields
        except Exception:  # needs arguments: its declared fields still tell
            fields = getattr(cls, "_declared_fields", {})
        for name, field in fields.items():
            writable = isinstance(field, serializers.DateField) and not field.read_only
            if writable and not isinstance(field, IsoDateField):
                loose.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert loose == []


def test_no_filter_reads_a_date_another_way():
    import django_filters

    import requests_app.api.urls  # noqa: F401

    loose = []
    stack = [django_filters.FilterSet]
    while stack:
        for sub in stack.pop().__subclasses__():
            stack.append(sub)
            if not sub.__module__.startswith("requests_app."):
                continue
            for name, flt in sub.base_filters.items():
                field_class = flt.field_class
                if issubclass(field_class, django_filters.fields.forms.DateField) and not (
                    issubclass(field_class, IsoFormDateField)
                ):
                    loose.append(f"{sub.__name__}.{name}")
    assert loose == []
