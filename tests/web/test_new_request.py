"""Logging a new request: authority lookup, regime inference, dates and their errors."""

import datetime

import pytest

from requests_app.models import FOIRequest
from tests import factories

pytestmark = pytest.mark.django_db


def post(client, **overrides):
    data = {
        "authority": "Coventry City Council",
        "title": "Prevent referrals",
        "text": "Please provide...",
        "regime": "",
        "sent_on": "2022-08-01",
        "received_on": "",
        "authority_reference": "",
        "visibility": "public",
    }
    data.update(overrides)
    return client.post("/requests/new/", data)


def test_form_page(campaigner_client, campaigner, django_assert_num_queries):
    # session, user, "has campaigns?", "has organisations?"
    with django_assert_num_queries(4):
        page = campaigner_client.get("/requests/new/")
    assert page.status_code == 200
    assert 'name="campaign"' not in page.content.decode()
    factories.CampaignFactory(owner=campaigner)
    factories.MembershipFactory(user=campaigner)
    # ... and then each menu's choices.
    with django_assert_num_queries(6):
        page = campaigner_client.get("/requests/new/")
    assert 'name="campaign"' in page.content.decode()
    html = page.content.decode()
    assert 'list="authority-options"' in html and 'data-suggest-url="/authorities/suggest/"' in html
    assert "<legend>Who can see it</legend>" in html


def test_logs_a_request_with_the_regime_of_the_authority(campaigner_client, campaigner, glasgow):
    page = post(campaigner_client, authority="glasgow city council")
    foi_request = FOIRequest.objects.get()
    assert page.status_code == 302 and page["Location"] == f"/requests/{foi_request.pk}/"
    assert foi_request.owner == campaigner and foi_request.authority == glasgow
    assert foi_request.regime == "foisa"  # a Scottish authority: FOISA
    assert foi_request.received_on == datetime.date(2022, 8, 1)
    # FOISA s10(1): 20 working days, Scotland's 1 Aug holiday rolls day 0 back to 29 July.
    assert foi_request.response_due == datetime.date(2022, 8, 29)
    follow = campaigner_client.get(page["Location"])
    assert "Request logged" in follow.content.decode()


def test_regime_can_be_overridden_and_a_campaign_chosen(campaigner_client, campaigner, coventry):
    campaign = factories.CampaignFactory(owner=campaigner, slug="air", name="Air quality")
    org = factories.OrganisationFactory()
    factories.MembershipFactory(organisation=org, user=campaigner)
    page = post(
        campaigner_client,
        authority=coventry.slug,
        regime="eir",
        campaign=str(campaign.pk),
        organisation=str(org.pk),
        received_on="2022-08-02",
        authority_reference="FOI-123",
    )
    assert page.status_code == 302
    foi_request = FOIRequest.objects.get()
    assert (foi_request.regime, foi_request.campaign, foi_request.organisation) == (
        "eir",
        campaign,
        org,
    )
    assert foi_request.authority_reference == "FOI-123"


def test_cannot_use_someone_elses_campaign(campaigner_client, coventry):
    theirs = factories.CampaignFactory()
    page = post(campaigner_client, campaign=str(theirs.pk))
    assert page.status_code == 400
    assert "Select a valid choice" in page.content.decode()


def test_unknown_and_partial_authority_names(campaigner_client, coventry):
    factories.AuthorityFactory(name="Coventry Police", slug="coventry-police")
    page = post(campaigner_client, authority="Coventry")
    assert page.status_code == 400
    errors = page.context["form"].errors["authority"]
    assert errors == [
        "Choose one authority from the list. Names containing “Coventry”: "
        "Coventry City Council; Coventry Police"
    ]
    page = post(campaigner_client, authority="Atlantis Borough")
    assert page.context["form"].errors["authority"] == [
        "No public authority is called “Atlantis Borough”. Check the spelling, or suggest it "
        "for the directory"
    ]
    assert not FOIRequest.objects.exists()


def test_date_errors_come_from_the_service_on_their_fields(campaigner_client, coventry):
    page = post(campaigner_client, sent_on="2022-09-01")
    assert page.context["form"].errors["sent_on"] == ["Cannot be in the future"]
    page = post(campaigner_client, sent_on="2022-08-02", received_on="2022-08-01")
    assert page.context["form"].errors["received_on"] == [
        "Cannot be before the day it was sent (2 Aug 2022)"
    ]
    # "02/08/1922" for 2022: before the right of access began (FOIA s87(3), 1 January 2005).
    page = post(campaigner_client, sent_on="02/08/1922")
    assert page.context["form"].errors["sent_on"] == [
        "Cannot be before 1 January 2005, when the right of access began"
    ]
    page = post(campaigner_client, sent_on="31/02/2022", title="")
    assert page.context["form"].errors == {
        "sent_on": ["31/02/2022 is not a real date: February 2022 has 28 days"],
        "title": ["Enter a title"],
    }
    assert not FOIRequest.objects.exists()


def test_authority_suggestions(client, coventry, glasgow, django_assert_num_queries):
    with django_assert_num_queries(1):
        data = client.get("/authorities/suggest/?q=city").json()
    assert [a["name"] for a in data["results"]] == ["Coventry City Council", "Glasgow City Council"]
    assert data["results"][1]["default_regime"] == "foisa"
    assert client.get("/authorities/suggest/?q=g").json() == {"results": []}
    assert client.get("/authorities/suggest/?q=glas").json()["results"][0]["slug"] == glasgow.slug


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("31/02/2026", "31/02/2026 is not a real date: February 2026 has 28 days"),
        ("29/02/2022", "29/02/2022 is not a real date: February 2022 has 28 days"),
        ("2022-04-31", "2022-04-31 is not a real date: April 2022 has 30 days"),
        ("01/13/2022", "01/13/2022 is not a real date: there is no month 13"),
        ("yesterday", "Enter a date as day/month/year, for example 13/07/2022"),
    ],
)
def test_a_date_that_does_not_exist_is_named_not_taken_for_a_blank(
    campaigner_client, coventry, typed, reason
):
    # Reviewer's report: 31/02/2026 was answered "Enter the date sent", as if left empty.
    page = post(campaigner_client, sent_on=typed)
    assert page.status_code == 400
    assert page.context["form"].errors["sent_on"] == [reason]
    # What was typed stays in the box to be corrected, in a text input that sends it as is.
    assert f'name="sent_on" value="{typed}"' in page.content.decode()
    assert 'type="date"' not in page.content.decode()


def test_a_leap_day_and_both_ways_of_writing_a_date_are_accepted(campaigner_client, coventry):
    post(campaigner_client, sent_on="29/02/2020", title="Leap")
    post(campaigner_client, sent_on="2020-03-02", received_on="3/3/2020", title="ISO")
    logged = dict(FOIRequest.objects.values_list("title", "sent_on"))
    assert logged == {"Leap": datetime.date(2020, 2, 29), "ISO": datetime.date(2020, 3, 2)}


def test_part_of_a_name_only_one_authority_has_is_that_authority(campaigner_client, coventry):
    # Reviewer's report: "Birmingham" was refused with "Names containing 'Birmingham':
    # Birmingham City Council", a list of one.
    birmingham = factories.AuthorityFactory(
        name="Birmingham City Council", slug="birmingham-city-council", nation="england"
    )
    page = post(campaigner_client, authority="  birmingham ")
    assert page.status_code == 302
    assert FOIRequest.objects.get().authority == birmingham


def test_foia_to_a_scottish_authority_is_an_error_on_the_law_field(campaigner_client, glasgow):
    # Reviewer's report: Glasgow City Council with Law = FOIA was saved without a word; its
    # deadlines would have been counted on the UK-wide calendar instead of Scotland's.
    page = post(campaigner_client, authority="Glasgow City Council", regime="foia")
    assert page.status_code == 400
    assert page.context["form"].errors["regime"] == [
        "Glasgow City Council is a Scottish public authority: it answers under FOISA 2002 "
        "(or EISR 2004 for environmental information), not FOIA 2000"
    ]
    assert not FOIRequest.objects.exists()
    assert (
        post(campaigner_client, authority="Glasgow City Council", regime="eisr").status_code == 302
    )


def test_received_before_sent_names_the_day_as_the_pages_write_dates(campaigner_client, coventry):
    # Reviewer's report: the message read "... the day it was sent (2026-10-23)".
    page = post(campaigner_client, sent_on="05/08/2022", received_on="04/08/2022")
    assert page.context["form"].errors["received_on"] == [
        "Cannot be before the day it was sent (5 Aug 2022)"
    ]
