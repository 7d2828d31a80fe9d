"""A page read by its ids first (requests_app/paging.py): the same rows in the same order as
the plain slice, in one query, and on PostgreSQL its ids chosen from the list's index alone
whatever the filters (issue 15: a common word with a status filter read ~15,000 request rows
to keep 50)."""

import datetime

import pytest
from django.db import connection
from django.db.models import F

from requests_app.models import FOIRequest
from requests_app.paging import NarrowPaginator, narrow_rows
from requests_app.selectors.browse import BrowseFilters, browse_requests
from requests_app.selectors.requests import requests_for
from requests_app.selectors.search import search_requests
from tests.api.conftest import answer, make_request

TODAY = datetime.date(2022, 10, 3)  # the frozen day of tests/api/conftest.py
API_ORDER = [F("next_deadline").asc(nulls_last=True), "-received_on", "-id"]


@pytest.fixture
def many(alice, bob, organisation, coventry, glasgow):
    """Twenty requests sent over ten weeks: some answered, some overdue, some private, a few
    about potholes."""
    made = []
    for i in range(20):
        made.append(
            make_request(
                alice if i % 3 else bob,
                coventry if i % 2 else glasgow,
                title="Potholes repaired" if i % 4 == 0 else f"Library opening hours {i}",
                sent_on=datetime.date(2022, 7, 1) + datetime.timedelta(days=3 * i),
                visibility="private" if i % 5 == 0 else "public",
                organisation=organisation if i % 7 == 0 else None,
            )
        )
    for foi_request in made[::3]:
        answer(foi_request, foi_request.sent_on + datetime.timedelta(days=10), outcome="refused")
    return made


@pytest.mark.parametrize("who", [None, "alice", "staffer"])
@pytest.mark.parametrize("status", [None, ["overdue", "very_overdue"], ["answered"]])
@pytest.mark.parametrize("words", ["", "potholes"])
def test_a_page_read_by_its_ids_is_the_page_the_slice_gives(
    many, alice, staffer, who, status, words
):
    user = {"alice": alice, "staffer": staffer}.get(who)
    queryset = requests_for(user, today=TODAY)
    if status:
        queryset = queryset.filter(status__in=status)
    if words:
        queryset = search_requests(queryset, words)
    for limit in (1, 3, 50):
        expected = list(queryset.order_by(*API_ORDER)[:limit])
        rows = narrow_rows(queryset, API_ORDER, limit)
        assert [r.pk for r in rows] == [r.pk for r in expected]
        # What the lists show of each row came with it: status, may-I-change-it, the body.
        assert [(r.status, r.managed, r.authority.name) for r in rows] == [
            (r.status, r.managed, r.authority.name) for r in expected
        ]


def test_a_page_is_one_query_with_its_rows_whole(many, django_assert_num_queries):
    paginator = NarrowPaginator(requests_for(None, today=TODAY), 4)
    assert paginator.count == 16  # counted first, as Django's page() does
    # The page's rows, their ids chosen in a subquery, the authority joined.
    with django_assert_num_queries(1):
        page = paginator.page(2)
        names = [row.authority.name for row in page]
    assert [row.pk for row in page] == [
        row.pk for row in requests_for(None, today=TODAY).order_by(*API_ORDER)[4:8]
    ]
    assert len(names) == 4


@pytest.mark.parametrize("shape", ["distinct", "union"])
def test_a_distinct_list_or_a_union_gives_the_rows_the_slice_gives(many, shape):
    # DISTINCT over a join, sorted by a column the ids' subquery does not select; a union,
    # which cannot be filtered by ids, is read as it was sliced.
    refused = FOIRequest.objects.filter(responses__outcome="refused").order_by()
    if shape == "distinct":
        queryset = refused.distinct()
        order = ["-received_on", "-id"]
    else:
        queryset = refused.union(FOIRequest.objects.filter(visibility="private").order_by())
        order = ["-id"]
    expected = [r.pk for r in queryset.order_by(*order)[:3]]
    assert len(expected) == 3
    assert [r.pk for r in narrow_rows(queryset, order, 3)] == expected


def _plan_of_choice(queryset, order) -> str:
    """The plan of the subquery choosing a page's ids, where no plan may read the table's
    rows: sequential, plain index and bitmap scans and sorts all disabled, so a plan
    reads the index alone (an index-only scan) or is marked as disabled."""
    chosen = queryset.order_by(*order).values("pk")[:51]
    sql, params = chosen.query.sql_with_params()
    with connection.cursor() as cursor:
        for setting in ("seqscan", "indexscan", "bitmapscan", "sort"):
            cursor.execute(f"SET LOCAL enable_{setting} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="plans are PostgreSQL's")
@pytest.mark.parametrize("who", [None, "alice", "staffer"])
def test_the_api_list_chooses_a_filtered_page_from_its_index_alone(many, alice, staffer, who):
    user = {"alice": alice, "staffer": staffer}.get(who)
    queryset = requests_for(user, today=TODAY).filter(
        status__in=["overdue", "very_overdue"], regime="foia", initial_outcome=""
    )
    queryset = search_requests(queryset, "potholes")
    # As the API reads a first page: the requests with a deadline ahead, in its order
    # (api/keyset._split_at_nulls), then those without.
    valued = queryset.filter(next_deadline__isnull=False)
    plan = _plan_of_choice(valued, [F("next_deadline").asc(), "-received_on", "-id"])
    assert "Index Only Scan using foireq_list_order_idx" in plan, plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="plans are PostgreSQL's")
@pytest.mark.parametrize("status", ["overdue", "answered", "review_window_open"])
def test_the_web_list_chooses_a_filtered_page_from_its_index_alone(many, status):
    queryset, _ = browse_requests(None, today=TODAY, filters=BrowseFilters(status=status))
    plan = _plan_of_choice(queryset, ["-received_on", "-id"])
    assert "Index Only Scan Backward using foireq_vis_received_idx" in plan, plan


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the list order's index is PostgreSQL's"
)
@pytest.mark.django_db
def test_both_list_indexes_carry_every_filter_column():
    # LIST_FILTER_COLUMNS names what the lists filter on; the list-order index is built by a
    # migration of its own (0025, PostgreSQL only), so a column added to the list but not to
    # it would send filtered API pages back to reading request rows.
    from requests_app.models.requests import LIST_FILTER_COLUMNS

    columns = {FOIRequest._meta.get_field(name).column for name in LIST_FILTER_COLUMNS}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN "
            "('foireq_list_order_idx', 'foireq_vis_received_idx')"
        )
        definitions = dict(cursor.fetchall())
    assert set(definitions) == {"foireq_list_order_idx", "foireq_vis_received_idx"}
    for name, definition in definitions.items():
        carried = {c.strip() for c in definition.split("INCLUDE (")[1].rstrip(")").split(",")}
        assert columns <= carried, (name, columns - carried)
