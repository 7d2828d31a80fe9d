"""``csv_copy.IsoDateTime``: PostgreSQL's COPY writes a date-time as DRF's JSON does, in any
zone, and the zone set for it is the COPY's alone."""

import csv
import datetime
import io

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


def copied(queryset) -> list[list[str]]:
    return list(
        csv.reader(io.StringIO(b"".join(csv_copy.copy_lines(queryset, ["a", "b"])).decode()))
    )[1:]


@pytest.mark.parametrize("zone", ["Europe/London", "UTC", "America/St_Johns", "Asia/Kolkata"])
def test_date_times_read_as_the_json_writes_them(zone):
    owner, authority = factories.UserFactory(), factories.AuthorityFactory()
    ids = []
    for instant in INSTANTS:
        foi_request = factories.FOIRequestFactory(owner=owner, authority=authority)
        FOIRequest.objects.filter(pk=foi_request.pk).update(created_at=instant)
        ids.append(foi_request.pk)
    cells = (
        FOIRequest.objects.filter(pk__in=ids)
        .annotate(cell=csv_copy.IsoDateTime("created_at", zone))
        .order_by("id")
        .values_list("id", "cell")
    )
    written = {int(pk): cell for pk, cell in copied(cells)}
    with timezone.override(zone):
        field = serializers.DateTimeField()
        assert written == {
            pk: field.to_representation(instant) for pk, instant in zip(ids, INSTANTS, strict=True)
        }


def test_the_zone_is_the_copys_alone():
    """Set for the COPY, then back: the connection reads every other date-time as UTC (here
    inside a transaction: a savepoint's)."""
    foi_request = factories.FOIRequestFactory()
    cells = FOIRequest.objects.annotate(
        cell=csv_copy.IsoDateTime("created_at", "Asia/Kolkata")
    ).values_list("id", "cell")
    with connection.cursor() as cursor:
        cursor.execute("SHOW TimeZone")
        before = cursor.fetchone()
        assert copied(cells)[0][1].endswith("+05:30")
        cursor.execute("SHOW TimeZone")
        assert cursor.fetchone() == before
    assert FOIRequest.objects.get(pk=foi_request.pk).created_at == foi_request.created_at


def test_one_zone_per_file():
    cells = FOIRequest.objects.annotate(
        a=csv_copy.IsoDateTime("created_at", "UTC"),
        b=csv_copy.IsoDateTime("updated_at", "Europe/London"),
    ).values_list("a", "b")
    with pytest.raises(ValueError, match="several zones"):
        list(csv_copy.copy_lines(cells, ["a", "b"]))


@pytest.mark.django_db(transaction=True)
def test_the_zone_is_the_copys_alone_in_autocommit():
    """As a request runs it (its own transaction for the COPY), a download stopped halfway
    included."""
    test_the_zone_is_the_copys_alone()
    factories.FOIRequestFactory()
    cells = FOIRequest.objects.annotate(
        cell=csv_copy.IsoDateTime("created_at", "Asia/Kolkata")
    ).values_list("id", "cell")
    lines = csv_copy.copy_lines(cells, ["a", "b"])
    next(lines), next(lines)
    lines.close()
    with connection.cursor() as cursor:
        cursor.execute("SHOW TimeZone")
        assert cursor.fetchone()[0] in {"UTC", "Etc/UTC"}
