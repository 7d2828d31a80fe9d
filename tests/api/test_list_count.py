"""The request list's first page at national scale (issue 15): read in its order by index, and
its ``count`` taken from the kept per-authority figures instead of counting every visible
request (selectors/requests.visible_request_count), exact for every reader."""

import pytest
from django.db import connection

from requests_app.api.authorities import AuthorityViewSet
from requests_app.selectors.requests import requests_for
from requests_app.services.requests import foi_request_update
from tests.api.conftest import client_for, make_request

URL = "/api/v1/requests/"


@pytest.fixture
def mixed(alice, bob, staffer, organisation, coventry, glasgow):
    made = {
        "public": [make_request(alice, coventry), make_request(bob, glasgow)],
        "alice private": make_request(alice, coventry, visibility="private"),
        "bob private": make_request(bob, glasgow, visibility="private"),
        # Bob's, in the organisation staffer manages.
        "org private": make_request(bob, coventry, visibility="private", organisation=organisation),
        "staffer's own": make_request(
            staffer, coventry, visibility="private", organisation=organisation
        ),
    }
    return made


def count_for(client, query=""):
    return client.get(URL + query).json()["count"]


@pytest.mark.parametrize("who", [None, "alice", "bob", "staffer"])
def test_the_first_page_counts_what_the_reader_sees(anon, mixed, alice, bob, staffer, who):
    user = {"alice": alice, "bob": bob, "staffer": staffer}.get(who)
    client = client_for(user) if user else anon
    expected = requests_for(user).count()
    assert count_for(client) == expected
    # A filtered list is counted as ever.
    assert count_for(client, "?regime=foia") == requests_for(user).filter(regime="foia").count()


def test_the_count_follows_writes(anon, alice, mixed):
    foi_request_update(foi_request=mixed["alice private"], visibility="public")
    assert count_for(anon) == 3
    mixed["public"][0].delete()
    assert count_for(anon) == 2
    assert count_for(client_for(alice)) == requests_for(alice).count() == 2


def test_the_first_page_costs_two_queries(anon, mixed, django_assert_num_queries):
    # The public requests' number (the per-authority figures), the page itself.
    with django_assert_num_queries(2):
        anon.get(URL)


def assert_first_page_walks(queryset, index: str) -> None:
    """The plan of the first page (LIMIT 51) reads ``index`` in order: no sort above it."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # A few rows, and statistics that depend on what ran before (it failed under
        # pytest-xdist): make size irrelevant. A sort is then planned only if no index gives
        # the order (at national scale the plans walk these indexes too: docs/benchmarks.md).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql} LIMIT 51", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan
    assert "Sort" not in plan.split(index)[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="plans are PostgreSQL's")
def test_the_first_page_is_read_in_its_order_by_index(alice, mixed):
    assert_first_page_walks(requests_for(alice), "foireq_list_order_idx")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="plans are PostgreSQL's")
def test_the_authority_list_is_read_in_its_order_by_index(coventry, glasgow):
    # The API's own queryset, as an anonymous reader pages it: not a sort of every body.
    assert_first_page_walks(AuthorityViewSet.queryset.listed(), "authority_name_order_idx")


def test_the_campaign_list_costs_two_queries_whoever_reads_it(
    anon, alice, bob, staffer, organisation, coventry, django_assert_num_queries
):
    from tests import factories

    for i, (owner, org) in enumerate([(alice, None), (bob, organisation), (bob, None)]):
        campaign = factories.CampaignFactory(
            name=f"Campaign {i}", slug=f"c{i}", owner=owner, organisation=org
        )
        make_request(owner, coventry, campaign=campaign)
    for user, managed in [(None, []), (alice, ["c0"]), (staffer, ["c1"]), (bob, ["c1", "c2"])]:
        client = client_for(user) if user else anon
        # The count, the page (each row's organisation and whether the reader manages it
        # read with it).
        with django_assert_num_queries(2):
            rows = client.get("/api/v1/campaigns/").json()["results"]
        assert [r["slug"] for r in rows if r["can_manage"]] == managed
        assert [r["organisation"] for r in rows] == [None, "open-rights-group", None]
