"""``/campaigns/new/``: a campaign, its question and its recipients, previewed then created."""

import datetime

import pytest

from requests_app.models import Campaign, FOIRequest
from requests_app.services.campaign_launch import campaign_launch
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/campaigns/new/"


def body(name, **kwargs):
    values = {
        "slug": name.lower().replace(" ", "-"),
        "authority_type": "local_council",
        "nation": "england",
        "region": "West Midlands",
        "detailed_type": "Metropolitan district",
    }
    values.update(kwargs)
    return factories.AuthorityFactory(name=name, **values)


@pytest.fixture
def directory(db):
    return {
        "birmingham": body("Birmingham City Council"),
        "coventry": body("Coventry City Council"),
        "police": body(
            "West Midlands Police",
            authority_type="police",
            detailed_type="Territorial police force",
        ),
        "pcc": body(
            "West Midlands Police and Crime Commissioner",
            authority_type="police",
            detailed_type="Police and crime commissioner",
        ),
        "glasgow": body(
            "Glasgow City Council",
            nation="scotland",
            region="Scotland",
            detailed_type="Scottish unitary authority",
        ),
        "leeds": body("Leeds City Council", region="Yorkshire and the Humber"),
        "abolished": body("Old Shire Council", active=False),
        "unapproved": body("Someone's Suggestion Council", approved=False),
    }


QUESTION = {
    "name": "Prevent referrals 2015-2021",
    "description": "Referrals of children to Prevent, by area.",
    "organisation": "",
    "visibility": "public",
    "title": "Prevent referrals of under-18s",
    "text": "Please tell me how many people under 18 were referred to Prevent each year.",
    "law": "auto",
    "sent_on": "15/08/2022",
}


def post(client, step, recipients=(), **fields):
    data = {**QUESTION, "step": step, "recipients": [a.pk for a in recipients]}
    data.update({k.replace("find_", "find-"): v for k, v in fields.items()})
    return client.post(URL, data)


def chosen(page) -> list[str]:
    return [a.name for a in page.context["chosen"]]


def test_signed_in_only(client, directory):
    assert client.get(URL).status_code == 302


def test_the_empty_form(campaigner_client, directory):
    page = campaigner_client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "West Midlands" in html and "Territorial police force" in html


def test_add_every_council_in_a_region(campaigner_client, directory):
    page = post(
        campaigner_client, "add", find_region="West Midlands", find_authority_type="local_council"
    )
    # Abolished bodies and others' unapproved suggestions are never offered.
    assert chosen(page) == ["Birmingham City Council", "Coventry City Council"]
    assert "This field is required" not in page.content.decode()  # still drafting


def test_add_forces_to_the_councils_then_untick_one(campaigner_client, directory):
    d = directory
    page = post(
        campaigner_client,
        "add",
        [d["birmingham"], d["coventry"]],
        find_detailed_type="Territorial police force",
    )
    assert chosen(page) == [
        "Birmingham City Council",
        "Coventry City Council",
        "West Midlands Police",
    ]
    page = post(campaigner_client, "update", [d["coventry"], d["police"]])
    assert chosen(page) == ["Coventry City Council", "West Midlands Police"]


def test_every_scottish_council(campaigner_client, directory):
    page = post(
        campaigner_client, "add", find_nation="scotland", find_authority_type="local_council"
    )
    assert chosen(page) == ["Glasgow City Council"]


def test_find_shows_matches_to_tick_by_hand(campaigner_client, directory):
    page = post(campaigner_client, "find", find_name="police")
    assert [a.name for a in page.context["matches"]] == [
        "West Midlands Police",
        "West Midlands Police and Crime Commissioner",
    ]
    assert chosen(page) == []
    html = page.content.decode()
    assert f'name="recipients" value="{directory["police"].pk}" id="match-' in html


def test_finding_needs_a_filter(campaigner_client, directory):
    page = post(campaigner_client, "add")
    assert page.status_code == 400
    assert "Choose a region, nation, type or part of a name first" in page.content.decode()


def test_preview_shows_each_law_and_deadline(campaigner_client, directory):
    d = directory
    page = post(campaigner_client, "preview", [d["coventry"], d["glasgow"]])
    assert page.status_code == 200
    rows = {row.authority.name: row for row in page.context["askable"]}
    # foi-law.md "Time limits", 20 working days from Monday 15 Aug 2022 (day 0): FOIA skips
    # the 29 August bank holiday of England, Wales and Northern Ireland, FOISA does not.
    assert (rows["Coventry City Council"].regime, rows["Coventry City Council"].response_due) == (
        "foia",
        datetime.date(2022, 9, 13),
    )
    assert (rows["Glasgow City Council"].regime, rows["Glasgow City Council"].response_due) == (
        "foisa",
        datetime.date(2022, 9, 12),
    )
    html = page.content.decode()
    assert "1 under FOIA 2000, 1 under FOISA 2002 (Scotland)" in html
    assert "Tue 13 Sep 2022" in html
    assert not Campaign.objects.exists()  # nothing is saved before confirming


def test_environmental_information(campaigner_client, directory):
    d = directory
    page = post(campaigner_client, "preview", [d["coventry"], d["glasgow"]], law="environmental")
    assert {row.authority.name: row.regime for row in page.context["askable"]} == {
        "Coventry City Council": "eir",
        "Glasgow City Council": "eisr",
    }


def test_bodies_outside_the_law_are_reported_and_left_out(campaigner_client, directory):
    d = directory
    data = {**QUESTION, "law": "foisa"}
    page = campaigner_client.post(
        URL, {**data, "step": "preview", "recipients": [d["coventry"].pk, d["glasgow"].pk]}
    )
    assert [row.authority.name for row in page.context["refused"]] == ["Coventry City Council"]
    html = page.content.decode()
    assert "1 body cannot be asked under this law" in html
    assert "Coventry City Council is not a Scottish public authority" in html
    done = campaigner_client.post(
        URL, {**data, "step": "confirm", "recipients": [d["coventry"].pk, d["glasgow"].pk]}
    )
    assert done.status_code == 302
    assert list(FOIRequest.objects.values_list("authority__name", "regime")) == [
        ("Glasgow City Council", "foisa")
    ]


def test_confirm_creates_the_campaign_and_every_request(
    campaigner_client, campaigner, organisation, directory
):
    factories.MembershipFactory(organisation=organisation, user=campaigner)
    d = directory
    recipients = [d["birmingham"], d["coventry"], d["police"], d["glasgow"]]
    done = campaigner_client.post(
        URL,
        {
            **QUESTION,
            "organisation": organisation.pk,
            "step": "confirm",
            "recipients": [a.pk for a in recipients],
        },
    )
    campaign = Campaign.objects.get()
    assert done["Location"] == f"/campaigns/{campaign.slug}/"
    assert (campaign.name, campaign.owner, campaign.organisation) == (
        "Prevent referrals 2015-2021",
        campaigner,
        organisation,
    )
    requests = FOIRequest.objects.filter(campaign=campaign).order_by("authority__name")
    assert [(r.authority.name, r.regime) for r in requests] == [
        ("Birmingham City Council", "foia"),
        ("Coventry City Council", "foia"),
        ("Glasgow City Council", "foisa"),
        ("West Midlands Police", "foia"),
    ]
    assert {(r.title, r.visibility, r.sent_on, r.organisation_id) for r in requests} == {
        ("Prevent referrals of under-18s", "public", datetime.date(2022, 8, 15), organisation.pk)
    }
    desk = campaigner_client.get(done["Location"])
    assert "Campaign started: 4 requests logged" in desk.content.decode()


def test_a_form_error_saves_nothing(campaigner_client, directory):
    page = campaigner_client.post(
        URL,
        {**QUESTION, "name": "", "step": "confirm", "recipients": [directory["coventry"].pk]},
    )
    assert page.status_code == 400
    assert "Enter a name for the campaign" in page.content.decode()
    assert chosen(page) == ["Coventry City Council"]  # the choice survives
    page = post(campaigner_client, "confirm")
    assert page.status_code == 400
    assert "Choose at least one public authority to ask" in page.content.decode()
    assert not Campaign.objects.exists() and not FOIRequest.objects.exists()


def test_launch_is_all_or_nothing(campaigner, directory):
    # The service refuses a batch with a body the law does not reach: no campaign, no request.
    with pytest.raises(Exception) as raised:
        campaign_launch(
            owner=campaigner,
            name="Half",
            title="Q",
            law="foia",
            sent_on=datetime.date(2022, 8, 15),
            authorities=[directory["coventry"], directory["glasgow"]],
        )
    assert "Glasgow City Council is a Scottish public authority" in str(raised.value)
    assert not Campaign.objects.exists() and not FOIRequest.objects.exists()


def test_query_count_does_not_grow_with_the_recipients(
    campaigner_client, directory, django_assert_num_queries
):
    # session, user, regions, detailed types, the matching bodies' ids, the chosen bodies,
    # organisations (the form's menu).
    with django_assert_num_queries(7):
        post(campaigner_client, "add", find_nation="england")
    for i in range(10):
        body(f"Extra Council {i}")
    with django_assert_num_queries(7):
        post(campaigner_client, "add", find_nation="england")


def test_preview_query_count_does_not_grow_with_the_recipients(
    campaigner_client, directory, django_assert_num_queries
):
    d = directory
    # session, user, regions, detailed types, the chosen bodies, proclaimed days (the
    # calendars of every law).
    with django_assert_num_queries(6):
        post(campaigner_client, "preview", [d["coventry"], d["glasgow"]])
    extra = [body(f"Extra Council {i}") for i in range(10)]
    with django_assert_num_queries(6):
        post(campaigner_client, "preview", [d["coventry"], d["glasgow"], *extra])
