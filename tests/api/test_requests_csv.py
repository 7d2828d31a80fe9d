"""``requests/?format=csv`` is streamed, and is the same file the renderer used to build."""

import csv
import datetime
import io
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from rest_framework.test import APIClient

from requests_app import csv_copy
from requests_app.api.renderers import CSVRenderer
from requests_app.api.requests import FOIRequestSerializer, FOIRequestViewSet
from requests_app.models import FOIRequest
from requests_app.selectors.requests import requests_for
from tests import factories
from tests.api.conftest import answer, client_for, make_request

URL = "/api/v1/requests/"
D = datetime.date


def body(response) -> str:
    assert response.status_code == 200
    assert response.streaming, "the CSV is streamed, not built in memory"
    return b"".join(response.streaming_content).decode()


def rendered_by_the_serializer(user, queryset) -> str:
    """What ``?format=csv`` returned before it was streamed: every row through the
    serializer, then the CSV renderer."""
    request = SimpleNamespace(user=user or AnonymousUser())
    data = FOIRequestSerializer(queryset, many=True, context={"request": request}).data
    view = FOIRequestViewSet(action="list")
    return CSVRenderer().render(data, renderer_context={"view": view}).decode()


@pytest.fixture
def varied(alice, bob, coventry, glasgow, organisation, staffer):
    campaign = factories.CampaignFactory(slug="prevent", owner=alice)
    refused = make_request(
        alice,
        coventry,
        title='=HYPERLINK("http://evil")',
        text='Line one,\nline two with "quotes"',
        authority_reference="+44 FOI/1",
        campaign=campaign,
    )
    answer(refused, D(2022, 6, 20), outcome="refused", exemptions=["foia-s24"])
    make_request(alice, glasgow, title="Scottish one", sent_on=D(2022, 9, 1))
    make_request(bob, coventry, title="@org", visibility="private", organisation=organisation)
    make_request(bob, glasgow, title="Bob's secret", visibility="private")
    return campaign


@pytest.mark.parametrize("domain", ["", "foi.example.org"])
@pytest.mark.parametrize("who", ["anonymous", "alice", "staffer"])
def test_streamed_csv_equals_the_rendered_one(varied, alice, staffer, who, domain, settings):
    settings.INBOUND_EMAIL_DOMAIN = domain
    user = {"anonymous": None, "alice": alice, "staffer": staffer}[who]
    client = client_for(user) if user else APIClient()
    streamed = body(client.get(URL, {"format": "csv"}))
    today = datetime.date.today()
    expected = rendered_by_the_serializer(user, requests_for(user, today=today))
    assert streamed == expected
    rows = list(csv.DictReader(io.StringIO(streamed)))
    titles = {row["title"] for row in rows}
    assert '\'=HYPERLINK("http://evil")' in titles  # the formula is defused
    assert ("'@org" in titles) is (who == "staffer")
    assert "Bob's secret" not in titles
    addresses = [row["reply_to_address"] for row in rows if row["reply_to_address"]]
    # The address is a secret: only whoever may manage the request gets it.
    managed = {"anonymous": 0, "alice": 2, "staffer": 1}[who]
    assert len(addresses) == (managed if domain else 0)


def test_filters_and_ordering_apply_to_the_stream(varied, anon):
    streamed = body(anon.get(URL, {"format": "csv", "ordering": "received_on"}))
    rows = list(csv.DictReader(io.StringIO(streamed)))
    assert [row["authority"] for row in rows] == ["coventry-city-council", "glasgow-city-council"]
    assert rows[0]["deadlines.response_due"] == "2022-07-01"  # 20 working days from 1 June
    assert rows[0]["can_manage"] == "false"
    only = body(anon.get(URL, {"format": "csv", "campaign": "prevent"}))
    assert len(list(csv.DictReader(io.StringIO(only)))) == 1


def test_an_empty_list_still_has_its_header(anon, db):
    streamed = body(anon.get(URL, {"format": "csv"}))
    assert streamed.startswith("id,title,text,authority,authority_name,regime,")
    assert streamed.count("\r\n") == 1


def test_a_search_matching_nothing_is_the_header_alone(varied, anon):
    # On PostgreSQL the search's probe finds no id, so the filter is ``pk__in=[]``: Django
    # runs no query for it, and the COPY had no SELECT to wrap (a 500 schemathesis found).
    streamed = body(anon.get(URL, {"format": "csv", "q": "zebraquagga"}))
    assert streamed.startswith("id,title,text,authority,authority_name,regime,")
    assert streamed.count("\r\n") == 1


def test_query_count_does_not_grow_with_the_rows(anon, alice, coventry, django_assert_num_queries):
    make_request(alice, coventry)
    # One query for the rows (a server-side cursor on PostgreSQL), whatever their number.
    with django_assert_num_queries(1):
        body(anon.get(URL, {"format": "csv"}))
    for i in range(5):
        make_request(alice, coventry, title=f"More {i}")
    with django_assert_num_queries(1):
        assert body(anon.get(URL, {"format": "csv"})).count("\r\n") == 7


def test_date_times_are_written_as_the_json_writes_them(anon, alice, coventry):
    """In the site's zone: British Summer Time as +01:00, winter as Z, microseconds only when
    there are some (on PostgreSQL the database writes these cells)."""
    summer = make_request(alice, coventry, title="Summer")
    winter = make_request(alice, coventry, title="Winter")
    utc = datetime.UTC
    FOIRequest.objects.filter(pk=summer.pk).update(
        created_at=datetime.datetime(2022, 6, 15, 8, 30, 0, 123456, tzinfo=utc),
        updated_at=datetime.datetime(2022, 10, 30, 0, 59, 59, tzinfo=utc),  # last BST second
    )
    FOIRequest.objects.filter(pk=winter.pk).update(
        created_at=datetime.datetime(2022, 1, 15, 9, 30, tzinfo=utc),
        updated_at=datetime.datetime(2022, 10, 30, 1, 0, 0, 5, tzinfo=utc),  # GMT again
    )
    rows = {
        row["title"]: row
        for row in csv.DictReader(io.StringIO(body(anon.get(URL, {"format": "csv"}))))
    }
    assert (rows["Summer"]["created_at"], rows["Summer"]["updated_at"]) == (
        "2022-06-15T09:30:00.123456+01:00",
        "2022-10-30T01:59:59+01:00",
    )
    assert (rows["Winter"]["created_at"], rows["Winter"]["updated_at"]) == (
        "2022-01-15T09:30:00Z",
        "2022-10-30T01:00:00.000005Z",
    )
    json_rows = {r["title"]: r for r in anon.get(URL).json()["results"]}
    for title, row in rows.items():
        assert row["created_at"] == json_rows[title]["created_at"]
        assert row["updated_at"] == json_rows[title]["updated_at"]


def test_empty_cells_line_breaks_and_formulas(anon, alice, coventry, settings):
    """An empty text and a missing value are both written as nothing (never ``""``), every
    line ends in CRLF while a line break inside a cell stays as written, and each kind of
    formula start is defused."""
    settings.INBOUND_EMAIL_DOMAIN = ""
    tabbed = make_request(
        alice, coventry, title="\tTabbed", text="", authority_reference="", sent_on=D(2022, 6, 2)
    )
    make_request(alice, coventry, title="-1+1", text="one\r\ntwo\nthree", sent_on=D(2022, 6, 1))
    streamed = body(anon.get(URL, {"format": "csv", "ordering": "-received_on"}))
    assert '""' not in streamed
    _header, first, second = streamed.split("\r\n", 2)
    assert first.startswith(f"{tabbed.pk},'\tTabbed,,")
    assert ',\'-1+1,"one\r\ntwo\nthree",' in second
    assert second.endswith("+01:00\r\n") and second.count("\r\n") == 2  # one inside the text
    assert streamed == rendered_by_the_serializer(
        None, requests_for(None, today=D(2022, 10, 3)).order_by("-received_on", "-id")
    )


@pytest.mark.django_db(transaction=True)
def test_a_download_stopped_halfway_leaves_the_connection_usable(alice, coventry, monkeypatch):
    """The client goes away mid-file: the response is closed (psycopg cancels the COPY) and
    the next query on the same connection works."""
    monkeypatch.setattr(csv_copy, "CHUNK_BYTES", 1)  # a chunk per line
    for i in range(5):
        make_request(alice, coventry, title=f"Request {i}")
    response = APIClient().get(URL, {"format": "csv"})
    chunks = iter(response.streaming_content)
    assert next(chunks).startswith(b"id,title,")
    assert b"Request" in next(chunks)
    response.close()
    assert FOIRequest.objects.filter(visibility="public").count() == 5
