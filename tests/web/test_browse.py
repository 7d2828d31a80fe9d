"""``/requests/``: browse and search public requests, and a signed-in user's own."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import QueryDict
from django.test import Client

from requests_app.models import Campaign, Exemption
from requests_app.selectors.browse import browse_requests
from requests_app.services.corrections import response_update
from requests_app.services.responses import CitationInput, response_record
from requests_app.web.csv_export import csv_response
from requests_app.web.forms.browse import BrowseFilterForm
from requests_app.web.views.browse import CSV_HEADER, csv_rows
from tests import factories
from tests.web.conftest import TODAY, make_request, refuse_s24

pytestmark = pytest.mark.django_db

SEARCH_PROBE_QUERY = int(connection.vendor == "postgresql")


@pytest.fixture
def world(campaigner, coventry, glasgow):
    police = factories.AuthorityFactory(
        name="West Midlands Police", slug="west-midlands-police", authority_type="police"
    )
    campaign = factories.CampaignFactory(name="Prevent 2022", slug="prevent-2022", owner=campaigner)
    refused = make_request(
        campaigner, coventry, title="Prevent referrals of children", campaign=campaign
    )
    refuse_s24(refused)
    # Due 13 July 2022 (FOIA s10(1)); latest with an extension 10 Aug: very overdue on 15 Aug.
    very_overdue = make_request(
        campaigner, police, title="Stop and search figures", sent_on=datetime.date(2022, 6, 14)
    )
    # Due 2 Aug (FOISA s10(1), Scotland's 1 August holiday skipped): overdue; FOISA has no
    # extension, so it is never "very overdue".
    overdue = make_request(
        campaigner, glasgow, title="Bus lane fines", sent_on=datetime.date(2022, 7, 4)
    )
    not_held = make_request(
        campaigner,
        coventry,
        title="Library closures",
        text="How many libraries closed in 2021?",
        sent_on=datetime.date(2021, 3, 1),
    )
    response_record(
        foi_request=not_held,
        received_on=datetime.date(2021, 3, 20),
        kind="substantive",
        outcome="not_held",
        letter_text="We do not hold records of branch closures; Warwickshire County Council "
        "may hold them.",
    )
    mine_private = make_request(
        campaigner, coventry, title="My private question", visibility="private"
    )
    theirs_private = make_request(
        factories.UserFactory(), coventry, title="Someone else's secret", visibility="private"
    )
    return {
        "campaign": campaign,
        "refused": refused,
        "very_overdue": very_overdue,
        "overdue": overdue,
        "not_held": not_held,
        "mine_private": mine_private,
        "theirs_private": theirs_private,
    }


def titles(page) -> set[str]:
    assert page.status_code == 200, page.content.decode()[:500]
    return {row["request"].title for row in page.context["rows"]}


PUBLIC = {
    "Prevent referrals of children",
    "Stop and search figures",
    "Bus lane fines",
    "Library closures",
}


def test_visitors_see_public_requests_only(client, world):
    assert titles(client.get("/requests/")) == PUBLIC


def test_signed_in_users_also_see_their_own(campaigner_client, world):
    assert titles(campaigner_client.get("/requests/")) == PUBLIC | {"My private question"}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("status=overdue", {"Stop and search figures", "Bus lane fines"}),  # incl. very overdue
        ("status=very_overdue", {"Stop and search figures"}),
        ("outcome=refused", {"Prevent referrals of children"}),
        ("outcome=not_held", {"Library closures"}),
        ("exemption=foia-s24", {"Prevent referrals of children"}),
        ("authority=coventry-city-council", {"Prevent referrals of children", "Library closures"}),
        ("authority=Glasgow+City+Council", {"Bus lane fines"}),
        ("authority_type=police", {"Stop and search figures"}),
        ("nation=scotland", {"Bus lane fines"}),
        ("campaign=prevent-2022", {"Prevent referrals of children"}),
        ("year=2021", {"Library closures"}),
        ("nation=england&status=overdue", {"Stop and search figures"}),
    ],
)
def test_filters(client, world, query, expected):
    assert titles(client.get(f"/requests/?{query}")) == expected


@pytest.mark.parametrize(
    "words, expected",
    [
        # The response cites s24 ("Section 24(1)"): found by the section and by its title.
        ("s24", {"Prevent referrals of children"}),
        ("section 24", {"Prevent referrals of children"}),
        ("national security", {"Prevent referrals of children"}),
        ("foia-s24", {"Prevent referrals of children"}),
        ("prevent", {"Prevent referrals of children"}),  # title
        ("libraries", {"Library closures"}),  # the question's text
        ("Warwickshire", {"Library closures"}),  # the letter
        ("closures Warwickshire", {"Library closures"}),
        ("nothing-like-this", set()),
    ],
)
def test_search(client, world, words, expected):
    page = client.get("/requests/", {"q": words})
    assert titles(page) == expected


def test_search_never_reveals_private_requests(client, world):
    refuse_s24(world["theirs_private"])
    assert titles(client.get("/requests/?q=s24")) == {"Prevent referrals of children"}


def test_a_bad_filter_is_a_400_naming_it(client, world):
    page = client.get("/requests/?status=sleeping")
    assert page.status_code == 400
    assert "Status: Select a valid choice" in page.content.decode()
    download = client.get("/requests/?status=sleeping&format=csv")
    assert download.status_code == 400
    assert download.content.decode().startswith("status: Select a valid choice")


def test_csv(client, world):
    response = client.get("/requests/?exemption=foia-s24&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.getvalue().decode().splitlines()
    assert lines[0].startswith("request_id,title,authority,")
    assert len(lines) == 2
    assert "Prevent referrals of children" in lines[1] and "foia-s24" in lines[1]


def test_page_shows_status_outcome_and_exemptions(client, world):
    html = client.get("/requests/").content.decode()
    assert "Very overdue" in html and "Refused" in html and "Section 24(1)" in html
    assert 'href="?format=csv"' in html


def test_query_count_does_not_grow_with_rows(
    campaigner_client, campaigner, coventry, world, django_assert_num_queries
):
    # session, user, campaigns and exemptions for the filter menus, count, the page of rows,
    # their substantive responses, those responses' citations; on PostgreSQL the search's
    # matches first (selectors/search.py: up to PROBE ids, by the GIN index).
    with django_assert_num_queries(8 + SEARCH_PROBE_QUERY):
        campaigner_client.get("/requests/?q=s24&outcome=refused&nation=england")
    # Unfiltered, the count is the kept one (selectors/requests.visible_request_count): the
    # public requests summed per authority, then this user's own and their organisations'
    # non-public ones, three queries for the one COUNT over every visible request.
    with django_assert_num_queries(10):
        campaigner_client.get("/requests/")
    for i in range(5):
        refuse_s24(make_request(campaigner, coventry, title=f"More {i}"))
    with django_assert_num_queries(10):
        campaigner_client.get("/requests/")


def test_anonymous_list_query_count_does_not_grow_with_rows(
    client, campaigner, coventry, world, django_assert_num_queries
):
    # Campaigns and exemptions for the filter menus, the kept count of public requests,
    # the page of rows, their substantive responses, those responses' citations.
    with django_assert_num_queries(6):
        client.get("/requests/")
    for i in range(5):
        refuse_s24(make_request(campaigner, coventry, title=f"More {i}"))
    with django_assert_num_queries(6):
        client.get("/requests/")


def test_unfiltered_count_is_every_visible_request(campaigner_client, campaigner, world):
    """The kept count the unfiltered list shows equals a COUNT of what the reader sees."""
    from requests_app.selectors.access import requests_visible_to

    for reader, user in ((Client(), AnonymousUser()), (campaigner_client, campaigner)):
        page = reader.get("/requests/").context["page"]
        assert page.paginator.count == requests_visible_to(user).count() > 0
        filtered = reader.get("/requests/?outcome=refused").context["page"]
        assert (
            filtered.paginator.count
            == requests_visible_to(user).filter(initial_outcome="refused").count()
        )


def test_signed_in_menu_keeps_the_public_overview(campaigner_client, world):
    html = campaigner_client.get("/").content.decode()
    assert 'href="/overview/"' in html and 'href="/requests/"' in html
    overview = campaigner_client.get("/overview/")
    assert overview.status_code == 200
    assert "Public requests in figures" in overview.content.decode()


def test_common_words_alone_never_match_an_exemption_title(client, world):
    # "by" is in s21's title ("...accessible to applicant by other means"), in no request
    # here: a stop word must not pull in every request citing such an exemption.
    refuse = world["refused"]
    response_update(
        response=refuse.responses.get(),
        citations=[CitationInput(exemption=Exemption.objects.get(code="foia-s21"), cited_as="s21")],
    )
    assert titles(client.get("/requests/", {"q": "by"})) == set()
    assert titles(client.get("/requests/", {"q": "other means"})) == {refuse.title}


@pytest.fixture
def awkward(campaigner, coventry, world):
    """Cells a spreadsheet or a CSV reader could trip on."""
    campaign = factories.CampaignFactory(
        name='=cmd|"/c calc"!A1, and more', slug="awkward", owner=campaigner
    )
    tricky = make_request(
        campaigner,
        coventry,
        title='@SUM(1+1), "quoted"\r\nand a second line',
        campaign=campaign,
        sent_on=datetime.date(2022, 6, 20),
    )
    # Two responses: the first substantive one's citations count, in the order cited.
    response_record(
        foi_request=tricky,
        received_on=datetime.date(2022, 7, 1),
        kind="substantive",
        outcome="partial",
        letter_text="Part withheld.",
        citations=[
            CitationInput(exemption=Exemption.objects.get(code=code), cited_as=code)
            for code in ("foia-s40", "foia-s24")
        ],
    )
    response_record(
        foi_request=tricky,
        received_on=datetime.date(2022, 7, 20),
        kind="substantive",
        outcome="refused",
        letter_text="Another letter.",
        citations=[CitationInput(exemption=Exemption.objects.get(code="foia-s31"), cited_as="s31")],
    )
    return tricky


def test_csv_cells(client, awkward, world):
    streamed = b"".join(client.get("/requests/?format=csv").streaming_content).decode()
    rows = {row["title"]: row for row in csv.DictReader(io.StringIO(streamed))}
    assert set(rows) == PUBLIC | {'\'@SUM(1+1), "quoted"\r\nand a second line'}
    tricky = rows['\'@SUM(1+1), "quoted"\r\nand a second line']
    assert tricky == {
        "request_id": str(awkward.pk),
        "title": '\'@SUM(1+1), "quoted"\r\nand a second line',
        "authority": "Coventry City Council",
        "authority_type": "local_council",
        "nation": "england",
        "campaign": '\'=cmd|"/c calc"!A1, and more',
        "regime": "foia",
        "received_on": "2022-06-20",
        "status": "review_window_open",
        "outcome": "partial",
        "exemptions": "foia-s40 foia-s24",
        "response_due": "2022-07-19",
        "next_deadline": "2022-08-31",
        "url": f"http://testserver/requests/{awkward.pk}/",
    }
    unanswered = rows["Bus lane fines"]
    assert (unanswered["outcome"], unanswered["exemptions"], unanswered["campaign"]) == ("", "", "")
    assert rows["Prevent referrals of children"]["exemptions"] == "foia-s24"
    assert ',"",' not in streamed and ',""\r\n' not in streamed  # no empty cell quoted
    assert streamed.endswith("/\r\n") and streamed.count("\r\n") == 7  # one inside a title


def test_csv_is_the_same_file_either_way(campaigner_client, campaigner, awkward, world, rf):
    """On PostgreSQL the database writes the file (COPY); it is byte for byte the one the
    rows of model instances give (the SQLite path), filters and visibility included."""
    for query in ["", "?exemption=foia-s24", "?status=overdue", "?q=prevent"]:
        response = campaigner_client.get(f"/requests/{query}{'&' if query else '?'}format=csv")
        streamed = b"".join(response.streaming_content)
        request = rf.get("/requests/")
        request.user = campaigner
        filters = BrowseFilterForm(
            QueryDict(query.lstrip("?")),
            campaigns=Campaign.objects.all(),
            exemptions=Exemption.objects.all(),
        )
        assert filters.is_valid()
        queryset, _large = browse_requests(campaigner, today=TODAY, filters=filters.filters())
        expected = csv_response("x.csv", CSV_HEADER, csv_rows(request, queryset))
        assert streamed == b"".join(expected.streaming_content), query
        if not query:
            assert b"My private question" in streamed
            assert b"Someone else's secret" not in streamed


def test_csv_query_count_does_not_grow_with_rows(
    client, campaigner, coventry, world, django_assert_num_queries
):
    # The filter form's campaign and exemption menus, then the rows: on PostgreSQL one COPY,
    # elsewhere the rows and their two prefetches (per 1,000 rows).
    expected = 3 if connection.vendor == "postgresql" else 5
    with django_assert_num_queries(expected):
        b"".join(client.get("/requests/?format=csv").streaming_content)
    for i in range(5):
        make_request(campaigner, coventry, title=f"More {i}")
    with django_assert_num_queries(expected):
        assert b"".join(client.get("/requests/?format=csv").streaming_content).count(b"\r\n") == 10
