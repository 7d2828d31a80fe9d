"""``campaigns/``: one question to many authorities, logged in one atomic batch."""

import re

import pytest

from requests_app.models import Campaign, FOIRequest
from tests import factories
from tests.api.conftest import client_for, make_request

URL = "/api/v1/campaigns/"
SLUG = re.compile(r"prevent-referrals-[a-z2-9]{6}")


def batch(**extra):
    payload = {
        "authorities": ["coventry-city-council", "glasgow-city-council"],
        "title": "Prevent referrals of children",
        "sent_on": "2022-09-01",
        "visibility": "public",
    }
    return payload | extra


def test_create_and_log_the_question_to_many_authorities(alice, coventry, glasgow):
    client = client_for(alice)
    created = client.post(URL, {"name": "Prevent referrals"}, format="json")
    assert created.status_code == 201, created.content
    slug = created.json()["slug"]
    assert SLUG.fullmatch(slug)
    assert created.json()["can_manage"] is True
    again = client.post(URL, {"name": "Prevent referrals"}, format="json")
    assert SLUG.fullmatch(again.json()["slug"])
    assert again.json()["slug"] != slug

    response = client.post(f"{URL}{slug}/requests/", batch(), format="json")
    assert response.status_code == 201, response.content
    rows = {row["authority"]: row for row in response.json()}
    # Each request takes its authority's regime and calendar (foi-law.md "The four regimes").
    assert rows["coventry-city-council"]["regime"] == "foia"
    assert rows["glasgow-city-council"]["regime"] == "foisa"
    assert {row["campaign"] for row in rows.values()} == {slug}
    listed = client.get(URL).json()["results"]
    assert {c["slug"]: c["public_requests"] for c in listed} == {
        slug: 2,
        again.json()["slug"]: 0,
    }


def _slugs_made_for(client, payload) -> str:
    response = client.post(URL, payload, format="json")
    assert response.status_code == 201, response.content
    return response.json()["slug"]


@pytest.mark.parametrize(
    "payload", [{"name": "Prevent referrals"}, {"name": "Other", "slug": "prevent-referrals"}]
)
def test_a_new_slug_says_nothing_of_other_users_private_campaigns(alice, bob, payload):
    # Alice's answer is the same shape with or without Bob's private campaign: no
    # "already taken", no "-2".
    without = _slugs_made_for(client_for(alice), payload)
    factories.CampaignFactory(slug="prevent-referrals", name="Prevent referrals", owner=bob)
    with_private = _slugs_made_for(client_for(alice), payload)
    for slug in (without, with_private):
        assert SLUG.fullmatch(slug), slug
    assert Campaign.objects.get(slug="prevent-referrals").owner == bob


def test_changing_a_slug_says_nothing_either(alice, bob):
    factories.CampaignFactory(slug="secret-plan", name="Secret plan", owner=bob)
    mine = factories.CampaignFactory(slug="mine", name="Mine", owner=alice)
    response = client_for(alice).patch(f"{URL}{mine.slug}/", {"slug": "secret-plan"})
    assert response.status_code == 200, response.content
    assert re.fullmatch(r"secret-plan-[a-z2-9]{6}", response.json()["slug"])
    # Sending the slug it already has changes nothing.
    same = client_for(alice).patch(
        f"{URL}{response.json()['slug']}/", response.json(), format="json"
    )
    assert same.json()["slug"] == response.json()["slug"]


@pytest.mark.parametrize(
    ("payload", "field", "reason"),
    [
        (batch(authorities=["coventry-city-council", "atlantis"]), "authorities", "atlantis"),
        (batch(authorities=[]), "authorities", "at least 1"),
        (
            batch(authorities=["coventry-city-council", "coventry-city-council"]),
            "authorities",
            "listed twice",
        ),
        (batch(sent_on="2022-10-04"), "sent_on", "cannot be in the future"),
        (batch(sent_on="2004-12-31"), "sent_on", "before 1 January 2005"),
        (batch(title=""), "title", "may not be blank"),
    ],
)
def test_a_bad_batch_creates_nothing(alice, coventry, glasgow, payload, field, reason):
    campaign = factories.CampaignFactory(slug="prevent", owner=alice)
    response = client_for(alice).post(f"{URL}{campaign.slug}/requests/", payload, format="json")
    assert response.status_code == 400
    assert reason in " ".join(response.json()[field])
    assert not FOIRequest.objects.exists()


def test_a_failure_midway_rolls_the_whole_batch_back(alice, coventry, glasgow):
    campaign = factories.CampaignFactory(slug="prevent", owner=alice)
    # Glasgow's receipt date before sending is refused by the service after Coventry's
    # request was already saved in the same transaction.
    payload = batch(received_on="2022-08-31")
    response = client_for(alice).post(f"{URL}{campaign.slug}/requests/", payload, format="json")
    assert response.status_code == 400
    assert "received_on" in response.json()
    assert not FOIRequest.objects.exists()


def test_campaign_visibility_follows_its_requests(anon, alice, bob, coventry):
    hidden = factories.CampaignFactory(slug="hidden", name="Hidden", owner=alice)
    make_request(alice, coventry, campaign=hidden, visibility="private")
    shown = factories.CampaignFactory(slug="shown", name="Shown", owner=alice)
    make_request(alice, coventry, campaign=shown)
    assert [c["slug"] for c in anon.get(URL).json()["results"]] == ["shown"]
    assert anon.get(f"{URL}hidden/").status_code == 404
    assert client_for(bob).get(f"{URL}hidden/").status_code == 404
    assert client_for(alice).get(f"{URL}hidden/").status_code == 200
    # Bob cannot file requests under it, nor edit, nor delete it.
    response = client_for(bob).post(f"{URL}hidden/requests/", batch(), format="json")
    assert response.status_code == 404
    assert client_for(bob).patch(f"{URL}shown/", {"name": "Mine"}).status_code == 403
    assert client_for(bob).delete(f"{URL}shown/").status_code == 403
    assert client_for(bob).post(f"{URL}shown/requests/", batch(), format="json").status_code == 403


def test_organisation_staff_manage_its_campaigns(staffer, alice, organisation, coventry):
    factories.MembershipFactory(organisation=organisation, user=alice, role="member")
    created = client_for(alice).post(
        URL, {"name": "Stop and search", "organisation": organisation.slug}, format="json"
    )
    assert created.status_code == 201, created.content
    slug = created.json()["slug"]
    edited = client_for(staffer).patch(f"{URL}{slug}/", {"description": "By force"})
    assert edited.status_code == 200
    assert client_for(staffer).delete(f"{URL}{slug}/").status_code == 204
    assert not Campaign.objects.exists()


def test_organisation_must_be_ones_own(alice, bob, organisation):
    response = client_for(bob).post(
        URL, {"name": "Sneaky", "organisation": organisation.slug}, format="json"
    )
    assert response.status_code == 400
    assert "organisation" in response.json()


def test_deleting_a_campaign_keeps_its_requests(alice, coventry):
    campaign = factories.CampaignFactory(slug="prevent", owner=alice)
    foi_request = make_request(alice, coventry, campaign=campaign)
    assert client_for(alice).delete(f"{URL}prevent/").status_code == 204
    foi_request.refresh_from_db()
    assert foi_request.campaign is None


def test_anonymous_cannot_create(anon, db):
    assert anon.post(URL, {"name": "x"}).status_code == 401


def test_the_batch_is_json_only_a_form_cannot_say_list(alice, coventry):
    # schemathesis sent authorities=0 as a form (meaning "not a list"); a form's one value
    # and a list of one are the same on the wire, so the batch takes JSON only.
    campaign = client_for(alice).post(URL, {"name": "Prevent"}, format="json").json()
    response = client_for(alice).post(
        f"{URL}{campaign['slug']}/requests/",
        {"authorities": "coventry-city-council", "title": "Prevent", "sent_on": "2022-06-01"},
        format="multipart",
    )
    # 400 (the form's fields are not read) or 415; never a request logged.
    assert response.status_code in (400, 415), response.content
    assert not FOIRequest.objects.exists()
