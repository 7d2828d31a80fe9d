"""``csv_copy.IsoDateTime``: PostgreSQL writes a date-time as DRF's JSON does, in any zone."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework import serializers

from requests_app import csv_copy
from requests_app.models import FOIRequest
from tests import factories

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's"),
]

UTC = datetime.UTC
INSTANTS = [
    datetime.datetime(2022, 1, 15, 9, 30, tzinfo=UTC),
    datetime.datetime(2022, 6, 15, 8, 30, 0, 100000, tzinfo=UTC),  # .1: written .100000
    datetime.datetime(2022, 3, 27, 0, 59, 59, 999999, tzinfo=UTC),  # a second before BST
    datetime.datetime(2022, 3, 27, 1, 0, tzinfo=UTC),
    datetime.datetime(1999, 12, 31, 23, 59, 59, 5, tzinfo=UTC),
]


@pytest.mark.parametrize("general", [False, True], ids=["known offsets", "general form"])
@pytest.mark.parametrize("zone", ["Europe/London", "UTC", "America/St_Johns", "Asia/Kolkata"])
def test_date_times_read_as_the_json_writes_them(zone, general, monkeypatch):
    if general:  # every offset through the ELSE branch
        monkeypatch.setattr(csv_copy, "_zone_offsets", lambda zone: (12345,))  # never matches
    owner, authority = factories.UserFactory(), factories.AuthorityFactory()
    ids = []
    for instant in INSTANTS:
        foi_request = factories.FOIRequestFactory(owner=owner, authority=authority)
        FOIRequest.objects.filter(pk=foi_request.pk).update(created_at=instant)
        ids.append(foi_request.pk)
    written = dict(
        FOIRequest.objects.filter(pk__in=ids)
        .annotate(cell=csv_copy.IsoDateTime("created_at", zone))
        .values_list("created_at", "cell")
    )
    with timezone.override(zone):
        field = serializers.DateTimeField()
        assert written == {instant: field.to_representation(instant) for instant in written}
    assert len(written) == len(INSTANTS)
