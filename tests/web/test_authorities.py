"""``/authorities/``: the directory list, its CSV, and suggesting a missing authority."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from requests_app.models import PublicAuthority
from requests_app.services.authorities import authority_approve
from requests_app.services.requests import foi_request_create
from tests import factories
from tests.stats_check import SORT_MEMORY_QUERY
from tests.web.conftest import TODAY, make_request, refuse_s24

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(db):
    factories.AuthorityFactory(
        name="City of Cardiff Council",
        slug="city-of-cardiff-council",
        nation="wales",
        region="Wales",
        detailed_type="Welsh unitary authority",
        alternative_names="Caerdydd\nCardiff Council",
    )
    factories.AuthorityFactory(
        name="West Midlands Police",
        slug="west-midlands-police",
        authority_type="police",
        region="West Midlands",
        detailed_type="Territorial police force",
    )
    factories.AuthorityFactory(
        name="Coventry City Council",
        slug="coventry-city-council",
        region="West Midlands",
        detailed_type="Metropolitan district",
    )
    factories.AuthorityFactory(
        name="Department for Work and Pensions",
        slug="department-for-work-and-pensions",
        authority_type="central_government",
        nation="uk_wide",
        short_name="DWP",
    )
    factories.AuthorityFactory(
        name="Allerdale Borough Council", slug="allerdale-borough-council", active=False
    )


def names(page) -> list[str]:
    return [a.name for a in page.context["page"]]


def test_list_in_three_queries(client, directory, django_assert_num_queries):
    # The regions for the menu, the count for the pager, the page (with request counts).
    with django_assert_num_queries(3):
        page = client.get("/authorities/")
    assert page.status_code == 200
    assert names(page) == [
        "City of Cardiff Council",
        "Coventry City Council",
        "Department for Work and Pensions",
        "West Midlands Police",
    ]
    html = page.content.decode()
    assert 'href="/authorities/west-midlands-police/"' in html
    assert "© mySociety" in html and "CC BY 4.0" in html


def test_query_count_does_not_grow_with_the_directory(client, directory, django_assert_num_queries):
    factories.AuthorityFactory.create_batch(60, region="North West")
    with django_assert_num_queries(3):
        page = client.get("/authorities/?page=2")
    assert page.context["page"].number == 2
    assert len(page.context["page"]) == 14
    assert "Page 2 of 2" in page.content.decode()


@pytest.mark.parametrize(
    "query, expected",
    [
        ("q=caerdydd", ["City of Cardiff Council"]),
        ("q=DWP", ["Department for Work and Pensions"]),
        ("q=west+police", ["West Midlands Police"]),
        ("region=West+Midlands", ["Coventry City Council", "West Midlands Police"]),
        ("authority_type=police", ["West Midlands Police"]),
        ("nation=wales", ["City of Cardiff Council"]),
        ("q=allerdale", []),
        ("q=allerdale&inactive=on", ["Allerdale Borough Council"]),
    ],
)
def test_search_and_filters(client, directory, query, expected):
    assert names(client.get(f"/authorities/?{query}")) == expected


def test_csv(client, directory, user):
    factories.FOIRequestFactory(
        owner=user, authority=PublicAuthority.objects.get(slug="coventry-city-council")
    )
    page = client.get("/authorities/?region=West+Midlands&format=csv")
    assert page["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(page.getvalue().decode())))
    assert [(r["slug"], r["public_requests"]) for r in rows] == [
        ("coventry-city-council", "1"),
        ("west-midlands-police", "0"),
    ]
    assert rows[1]["detailed_type"] == "Territorial police force"
    assert rows[0]["url"] == "http://testserver/authorities/coventry-city-council/"
    assert (
        'href="?region=West+Midlands&amp;format=csv"'
        in client.get("/authorities/?region=West+Midlands").content.decode()
    )


def test_a_bad_filter_is_named(client, directory):
    page = client.get("/authorities/?nation=atlantis")
    assert page.status_code == 400
    assert "Nation: Select a valid choice" in page.content.decode()
    download = client.get("/authorities/?nation=atlantis&format=csv")
    assert download.status_code == 400
    assert download.content.decode().startswith("nation: Select a valid choice")


# --- Suggesting an authority ---------------------------------------------------------------


def test_suggesting_needs_an_account(client):
    page = client.get("/authorities/new/")
    assert page.status_code == 302 and "/accounts/login/" in page["Location"]


def suggest(client, **data):
    values = {"name": "Leeds City Council", "authority_type": "local_council", "nation": "england"}
    values.update(data)
    return client.post("/authorities/new/", values)


def test_a_suggestion_is_usable_at_once_by_its_author_only(
    campaigner_client, campaigner, directory
):
    page = suggest(campaigner_client, email="foi@leeds.gov.uk", website="www.leeds.gov.uk")
    leeds = PublicAuthority.objects.get(name="Leeds City Council")
    assert page.status_code == 302
    assert page["Location"] == "/requests/new/?authority=leeds-city-council"
    assert not leeds.approved and leeds.suggested_by == campaigner
    assert (leeds.email, leeds.website) == ("foi@leeds.gov.uk", "https://www.leeds.gov.uk")
    assert leeds.default_regime == "foia"
    # The author: in the list, prefilled on the new-request form, in the autocomplete.
    form_page = campaigner_client.get(page["Location"])
    assert form_page.context["form"].initial["authority"] == "Leeds City Council"
    assert "awaiting approval" in campaigner_client.get("/authorities/?q=leeds").content.decode()
    suggestions = campaigner_client.get("/authorities/suggest/?q=leeds").json()["results"]
    assert [s["slug"] for s in suggestions] == ["leeds-city-council"]
    logged = campaigner_client.post(
        "/requests/new/",
        {
            "authority": "Leeds City Council",
            "title": "Prevent referrals",
            "sent_on": TODAY.strftime("%d/%m/%Y"),
            "visibility": "public",
        },
    )
    assert logged.status_code == 302
    # Anyone else: not listed, no page, no suggestion, cannot be asked.
    other = factories.UserFactory()
    client = Client()  # campaigner_client is the test's client, signed in
    assert names(client.get("/authorities/?q=leeds")) == []
    assert client.get("/authorities/leeds-city-council/").status_code == 404
    client.force_login(other)
    assert client.get("/authorities/suggest/?q=leeds").json()["results"] == []
    with pytest.raises(ValidationError, match="not in the directory yet"):
        foi_request_create(owner=other, authority=leeds, title="x", sent_on=TODAY)
    # Once staff approve it, everyone.
    assert authority_approve(authorities=[leeds]) == 1
    assert names(client.get("/authorities/?q=leeds")) == ["Leeds City Council"]
    assert leeds.history.count() == 2


def test_a_suggestion_with_errors_saves_nothing(campaigner_client, directory):
    page = suggest(campaigner_client, name="", nation="mars", email="not-an-email")
    assert page.status_code == 400
    html = page.content.decode()
    assert "Name: Enter the name of the authority" in html
    assert "Nation: Select a valid choice" in html
    assert "FOI email address: Enter an email address" in html
    again = suggest(campaigner_client, name="coventry city council")
    assert again.status_code == 400
    assert "Coventry City Council is already in the directory" in again.content.decode()
    assert not PublicAuthority.objects.filter(approved=False).exists()


def test_staff_approve_suggestions_in_the_admin(admin_client, campaigner_client, directory):
    suggest(campaigner_client)
    leeds = PublicAuthority.objects.get(name="Leeds City Council")
    page = admin_client.post(
        "/admin/requests_app/publicauthority/",
        {"action": "approve", "_selected_action": [leeds.pk]},
        follow=True,
    )
    assert "1 authority approved." in page.content.decode()
    leeds.refresh_from_db()
    assert leeds.approved


# --- The authority page ----------------------------------------------------------------------


def test_authority_page_shows_the_directory_entry_and_honest_figures(
    client, campaigner, django_assert_num_queries
):
    cumberland = factories.AuthorityFactory(name="Cumberland Council", slug="cumberland-council")
    allerdale = factories.AuthorityFactory(
        name="Allerdale Borough Council",
        slug="allerdale-borough-council",
        register_code="ALL",
        gss_code="E07000026",
        govuk_slug="allerdale",
        short_name="Allerdale",
        active=False,
        ended_on=datetime.date(2023, 4, 1),
        replaced_by=cumberland,
    )
    # Received 15 Jun 2022: due 13 Jul 2022 (FOIA s10(1), 20 working days; shared/foi-law.md
    # "Response deadlines"), so on TODAY (15 Aug) one unanswered request is past it; the one
    # received 1 Aug is not yet due.
    make_request(campaigner, allerdale)
    make_request(campaigner, allerdale, sent_on=datetime.date(2022, 8, 1), title="Later")
    # authority (with its successor); data fingerprint; the page's figures (none yet); whether
    # the data is small (yes: computed at once): refusal stats (one grouped query over the
    # request summary) and exemption stats (answered per regime, citations), the figures
    # stored; its requests.
    with django_assert_num_queries(9 + SORT_MEMORY_QUERY):
        page = client.get("/authorities/allerdale-borough-council/")
    html = page.content.decode()
    assert page.context["summary"]["past_deadline_unanswered"] == 1
    assert "past their deadline with no answer" in html
    assert "abolished 1 Apr 2023" in html
    assert 'href="/authorities/cumberland-council/">Cumberland Council</a>' in html
    assert "E07000026" in html and "gov.uk/find-local-council/allerdale" in html
    assert "© mySociety" in html.split("</title>")[1]
    assert 'href="/authorities/allerdale-borough-council/feed/"' in html


def test_home_page_counts_requests_past_their_deadline(client, campaigner, coventry):
    make_request(campaigner, coventry)  # due 13 Jul 2022, unanswered on 15 Aug
    refuse_s24(make_request(campaigner, coventry))
    make_request(campaigner, coventry, visibility="private")  # never counted
    page = client.get("/")
    assert page.context["totals"]["past_deadline"] == 1
    assert "past their deadline with no answer" in page.content.decode()
