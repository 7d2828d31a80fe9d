"""``requests/?format=csv`` is streamed, and is the same file the renderer used to build."""

import csv
import datetime
import io
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from rest_framework.test import APIClient

from requests_app.api.renderers import CSVRenderer
from requests_app.api.requests import FOIRequestSerializer, FOIRequestViewSet
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


def test_query_count_does_not_grow_with_the_rows(anon, alice, coventry, django_assert_num_queries):
    make_request(alice, coventry)
    # One query for the rows (a server-side cursor on PostgreSQL), whatever their number.
    with django_assert_num_queries(1):
        body(anon.get(URL, {"format": "csv"}))
    for i in range(5):
        make_request(alice, coventry, title=f"More {i}")
    with django_assert_num_queries(1):
        assert body(anon.get(URL, {"format": "csv"})).count("\r\n") == 7
