"""A proclaimed holiday finds the requests it can move by index, not by reading every request
(issue 15): each deadline column it ranges over is indexed, so PostgreSQL answers the OR with
one index range scan per column (a BitmapOr)."""

import datetime

import pytest
from django.db import connection

from requests_app.models import FOIRequest
from requests_app.services.deadlines_bulk import (
    MOVABLE_DEADLINES,
    deadline_on_or_after,
    requests_affected_by_day,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def postgresql(require_services):
    if connection.vendor != "postgresql":
        assert not require_services, "CI runs the suite on PostgreSQL"
        pytest.skip("the query plan is PostgreSQL's")


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # Empty test tables are cheaper to scan: make the planner show whether it *can* use
        # the indexes, which an unindexed column in the OR would rule out.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_deadlines_a_proclaimed_day_can_move_are_found_by_index(postgresql):
    day = datetime.date(2026, 12, 28)
    text = plan(FOIRequest.objects.filter(deadline_on_or_after(day)).order_by().values("pk"))
    assert "Seq Scan" not in text, text
    # One range scan per column whose period a holiday can lengthen, united.
    assert "BitmapOr" in text, text
    assert text.count("Bitmap Index Scan") == len(MOVABLE_DEADLINES), text


@pytest.mark.parametrize("nation", ["uk_wide", "england"])
def test_the_lookup_never_reads_every_request(postgresql, nation):
    day = datetime.date(2026, 12, 28)
    text = plan(requests_affected_by_day(day, nation).order_by().values("pk"))
    assert "Seq Scan" not in text, text
