"""Lists walked by cursor (requests_app/api/keyset.py): ``next``/``previous`` links carry the
last row's sort values, so a deep page is read by index, never with OFFSET or a count."""

import datetime
from urllib.parse import parse_qs, urlparse

import pytest

from requests_app.api.filters import ORDERINGS
from requests_app.api.keyset import KeysetPagination
from requests_app.services.requests import foi_request_withdraw
from tests import factories
from tests.api.conftest import answer, client_for, make_request

URL = "/api/v1/requests/"
D = datetime.date


@pytest.fixture
def many(alice, coventry, glasgow):
    """23 requests with ties on every sort key: same days, finished ones (no next deadline),
    answered ones, two laws."""
    made = []
    for i in range(23):
        foi_request = make_request(
            alice,
            glasgow if i % 3 == 0 else coventry,
            title=f"Request {i}",
            sent_on=D(2022, 6, 1) + datetime.timedelta(days=7 * (i % 5)),
        )
        if i % 4 == 0:
            answer(foi_request, D(2022, 8, 15), outcome="refused")
        if i % 7 == 0:
            foi_request_withdraw(foi_request=foi_request, withdrawn_on=D(2022, 8, 20))
        made.append(foi_request)
    return made


def walk(client, params, key="next"):
    """Every row reached by following ``key`` links from the first page."""
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    body = response.json()
    pages = [body]
    while body[key]:
        link = urlparse(body[key])
        query = {k: v[0] for k, v in parse_qs(link.query).items()}
        assert "page" not in query and "cursor" in query
        body = client.get(URL, query).json()
        assert body["count"] is None  # read by cursor: nothing counted
        pages.append(body)
    return pages


@pytest.mark.parametrize("ordering", [None, *ORDERINGS])
def test_following_next_reads_every_row_once_in_the_lists_order(many, alice, ordering, monkeypatch):
    monkeypatch.setattr(KeysetPagination, "page_size", 5)
    client = client_for(alice)
    params = {"ordering": ordering} if ordering else {}
    # The order as one page of everything (the database's own ORDER BY).
    everything = [
        row["id"]
        for page in range(1, 6)
        for row in client.get(URL, {**params, "page": page}).json()["results"]
    ]
    assert sorted(everything) == sorted(r.pk for r in many)
    pages = walk(client, params)
    assert [row["id"] for page in pages for row in page["results"]] == everything
    assert len(pages) == 5 and pages[0]["count"] == 23
    # And back: previous links from the last page give the same pages, reversed.
    back = [pages[-1]]
    while back[-1]["previous"]:
        link = urlparse(back[-1]["previous"])
        query = {k: v[0] for k, v in parse_qs(link.query).items()}
        back.append(client.get(URL, query).json())
    assert [[r["id"] for r in p["results"]] for p in reversed(back)] == [
        [r["id"] for r in p["results"]] for p in pages
    ]


def test_filters_hold_across_cursor_pages(many, alice, monkeypatch):
    monkeypatch.setattr(KeysetPagination, "page_size", 4)
    pages = walk(client_for(alice), {"regime": "foisa"})
    ids = [row["id"] for page in pages for row in page["results"]]
    assert sorted(ids) == sorted(r.pk for r in many if r.regime == "foisa")


def test_a_deep_page_by_cursor_costs_the_same_queries_as_the_first(
    many, alice, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(KeysetPagination, "page_size", 2)
    client = client_for(alice)
    pages = walk(client, {})
    last = parse_qs(urlparse(pages[-2]["next"]).query)["cursor"][0]
    # The rows after the cursor, and nothing else: no count, however deep.
    with django_assert_num_queries(1):
        deep = client.get(URL, {"cursor": last})
    assert deep.json()["results"] == pages[-1]["results"]
    for _ in range(10):
        make_request(alice, factories.AuthorityFactory(), title="More")
    with django_assert_num_queries(1):
        client.get(URL, {"cursor": last})


@pytest.mark.parametrize(
    "params, status",
    [
        ({"cursor": "not-a-cursor"}, 404),
        ({"cursor": "eyJ2IjogWzFdLCAiYiI6IGZhbHNlfQ"}, 404),  # one value for three keys
        ({"cursor": ""}, 400),
        ({"cursor": "abc", "page": "2"}, 400),
    ],
)
def test_bad_cursors(anon, db, params, status):
    response = anon.get(URL, params)
    assert response.status_code == status
    if status == 400:
        assert "cursor" in response.json()


def test_page_numbers_still_work(many, alice, monkeypatch):
    monkeypatch.setattr(KeysetPagination, "page_size", 10)
    body = client_for(alice).get(URL, {"page": 2}).json()
    assert body["count"] == 23 and len(body["results"]) == 10
    assert "page" not in body["next"] and "cursor=" in body["next"]
    assert body["previous"].endswith("/api/v1/requests/")  # page 1, as DRF links it


def test_the_schema_documents_the_cursor(anon, db):
    schema = anon.get("/api/v1/schema/", {"format": "json"}).json()
    list_op = schema["paths"]["/api/v1/requests/"]["get"]
    assert "cursor" in {p["name"] for p in list_op["parameters"]}
    paginated = list_op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    component = schema["components"]["schemas"][paginated.rsplit("/", 1)[1]]
    assert component["properties"]["count"]["nullable"] is True
