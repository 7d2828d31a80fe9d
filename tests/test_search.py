"""Full-text search (requests_app/selectors/search.py) on PostgreSQL uses its GIN indexes."""

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection

from requests_app.models import FOIRequest, Response
from requests_app.selectors.search import LETTER_DOCUMENT, REQUEST_DOCUMENT, matching_request_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def postgresql(require_services):
    if connection.vendor != "postgresql":
        assert not require_services, "CI runs the suite on PostgreSQL"
        pytest.skip("the GIN indexes exist on PostgreSQL only; SQLite searches with icontains")


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # Tiny test tables are cheaper to scan: make the planner show whether it *can* use
        # the index, which is what an expression mismatch would break.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(
    "model, document, index",
    [
        (FOIRequest, REQUEST_DOCUMENT, "foireq_search_gin"),
        (Response, LETTER_DOCUMENT, "response_letter_search_gin"),
    ],
)
def test_search_uses_the_gin_index(postgresql, model, document, index):
    query = SearchQuery("national security", config="english", search_type="websearch")
    queryset = model.objects.annotate(document=document).filter(document=query).values("pk")
    assert index in plan(queryset)


def test_a_search_reads_every_part_by_its_own_index(postgresql):
    # One UNION of index scans: an OR of "pk IN (subquery)" could use none of them and read
    # every request instead (issue 15: 1.2-3.3 s at a million requests).
    ids = matching_request_ids("national security")
    text = plan(FOIRequest.objects.public().filter(pk__in=ids).order_by("-received_on"))
    for index in ("foireq_search_gin", "response_letter_search_gin", "foireq_reference_upper_idx"):
        assert index in text
    assert "SubPlan" not in text  # no per-row probe of a subquery
