"""``/api/v1/requests/``: who sees what, writes through the services, filters and ordering.

Today is frozen on Monday 3 October 2022 (tests/api/conftest.py).
"""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from requests_app.models import FOIRequest
from requests_app.services.requests import foi_request_withdraw
from tests import factories
from tests.api.conftest import answer, client_for, make_request

URL = "/api/v1/requests/"
D = datetime.date


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def csv_ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode()  # streamed: tests/api/test_requests_csv.py
    return {int(row["id"]) for row in csv.DictReader(io.StringIO(text))}


@pytest.fixture
def requests_of_alice(alice, bob, coventry, organisation):
    return {
        "public": make_request(alice, coventry, title="Public one"),
        "private": make_request(alice, coventry, title="Secret one", visibility="private"),
        "org_private": make_request(
            bob, coventry, title="Org secret", visibility="private", organisation=organisation
        ),
    }


# --- visibility -----------------------------------------------------------------------------


def test_anonymous_sees_only_public_requests_in_list_detail_and_csv(anon, requests_of_alice):
    public, private = requests_of_alice["public"], requests_of_alice["private"]
    assert ids(anon.get(URL)) == {public.pk}
    assert csv_ids(anon.get(URL, {"format": "csv"})) == {public.pk}
    assert anon.get(f"{URL}{public.pk}/").status_code == 200
    assert anon.get(f"{URL}{private.pk}/").status_code == 404
    # Text search cannot find private requests either.
    assert ids(anon.get(URL, {"q": "secret"})) == set()


def test_owner_sees_own_private_requests(alice, requests_of_alice):
    client = client_for(alice)
    assert ids(client.get(URL)) == {requests_of_alice["public"].pk, requests_of_alice["private"].pk}
    detail = client.get(f"{URL}{requests_of_alice['private'].pk}/").json()
    assert detail["can_manage"] is True


def test_another_users_private_request_is_404_for_read_and_write(bob, requests_of_alice):
    client = client_for(bob)
    private = requests_of_alice["private"]
    url = f"{URL}{private.pk}/"
    assert private.pk not in ids(client.get(URL))
    assert private.pk not in csv_ids(client.get(URL, {"format": "csv"}))
    assert client.get(url).status_code == 404
    assert client.patch(url, {"title": "Mine now"}, format="json").status_code == 404
    assert client.put(url, {"title": "x"}, format="json").status_code == 404
    assert client.delete(url).status_code == 404
    assert client.post(f"{url}withdraw/", {"withdrawn_on": "2022-09-01"}).status_code == 404
    assert client.get(f"{url}responses/").status_code == 404
    assert client.post(f"{url}responses/", {"received_on": "2022-07-01"}).status_code == 404
    private.refresh_from_db()
    assert private.title == "Secret one"


def test_another_users_public_request_is_readable_but_not_writable(bob, requests_of_alice):
    client = client_for(bob)
    url = f"{URL}{requests_of_alice['public'].pk}/"
    body = client.get(url).json()
    assert body["can_manage"] is False
    response = client.patch(url, {"title": "Hijacked"}, format="json")
    assert response.status_code == 403
    assert client.delete(url).status_code == 403


def test_organisation_staff_see_and_manage_the_organisations_requests(
    staffer, member, requests_of_alice
):
    org_private = requests_of_alice["org_private"]
    staff_client = client_for(staffer)
    assert org_private.pk in ids(staff_client.get(URL))
    response = staff_client.patch(
        f"{URL}{org_private.pk}/", {"authority_reference": "FOI-1"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["authority_reference"] == "FOI-1"
    # A plain member is not staff: the organisation's private requests stay hidden.
    member_client = client_for(member)
    assert org_private.pk not in ids(member_client.get(URL))
    assert member_client.get(f"{URL}{org_private.pk}/").status_code == 404


def test_site_staff_get_no_look_at_private_requests(site_staff, requests_of_alice):
    client = client_for(site_staff)
    assert ids(client.get(URL)) == {requests_of_alice["public"].pk}


# --- create / update / delete ------------------------------------------------------------------


def test_create_uses_the_authoritys_regime_and_computes_the_deadline_chain(alice, glasgow):
    response = client_for(alice).post(
        URL,
        {
            "title": "Prevent referrals",
            "authority": "glasgow-city-council",
            "sent_on": "2022-09-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["regime"] == "foisa"  # a Scottish authority (foi-law.md "The four regimes")
    assert body["visibility"] == "private"
    assert body["received_on"] == "2022-09-01"
    # FOISA s10(1), 20 working days, Scottish calendar: 19 Sep 2022 (the State Funeral) was a
    # bank holiday everywhere, so day 20 is 30 Sep; FOISA has no extension.
    assert body["deadlines"]["response_due"] == "2022-09-30"
    assert body["deadlines"]["response_due_latest"] == "2022-09-30"
    assert body["status"] == "overdue"
    assert FOIRequest.objects.get(pk=body["id"]).owner == alice


def test_detail_shows_each_deadline_with_its_legal_basis(alice, coventry):
    foi_request = make_request(alice, coventry, sent_on=D(2022, 9, 1))
    body = client_for(alice).get(f"{URL}{foi_request.pk}/").json()
    assert body["deadlines"]["response_due"] == "2022-09-30"
    assert body["deadline_basis"]["response_due"].startswith("FOIA s10(1)")
    assert set(body["deadline_basis"]) <= set(body["deadlines"])


@pytest.mark.parametrize(
    ("payload", "field", "reason"),
    [
        ({"sent_on": "2022-10-04"}, "sent_on", "cannot be in the future"),
        # A typo for 2022; it would count in the public statistics as a century-late reply.
        ({"sent_on": "1922-09-01"}, "sent_on", "before 1 January 2005, when the right of access"),
        ({"sent_on": "2022-09-01", "received_on": "2022-08-31"}, "received_on", "cannot be before"),
        ({"authority": "nowhere-council"}, "authority", "does not exist"),
        ({"title": "x" * 256}, "title", "no more than 255"),
        ({"regime": "gdpr"}, "regime", "not a valid choice"),
        ({"sent_on": "01/09/2022"}, "sent_on", "must be a date written YYYY-MM-DD"),
        ({"campaign": "someone-elses"}, "campaign", "does not exist"),
        ({"organisation": "open-rights-group"}, "organisation", "does not exist"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(
    alice, bob, coventry, organisation, payload, field, reason
):
    factories.CampaignFactory(slug="someone-elses", owner=bob)
    data = {"title": "Prevent referrals", "authority": coventry.slug, "sent_on": "2022-09-01"}
    response = client_for(alice).post(URL, {**data, **payload}, format="json")
    assert response.status_code == 400
    assert reason in " ".join(response.json()[field])


def test_foia_to_a_scottish_authority_is_a_400_on_regime(alice, glasgow):
    data = {"title": "Prevent", "authority": glasgow.slug, "sent_on": "2022-09-01"}
    response = client_for(alice).post(URL, {**data, "regime": "foia"}, format="json")
    assert response.status_code == 400
    assert "Scottish public authority" in " ".join(response.json()["regime"])


def test_anonymous_cannot_create(anon, coventry):
    response = anon.post(URL, {"title": "x", "authority": coventry.slug, "sent_on": "2022-09-01"})
    assert response.status_code in (401, 403)
    assert not FOIRequest.objects.exists()


def test_update_moves_the_deadlines(alice, coventry):
    foi_request = make_request(alice, coventry, sent_on=D(2022, 9, 1))
    response = client_for(alice).patch(
        f"{URL}{foi_request.pk}/", {"received_on": "2022-09-02"}, format="json"
    )
    assert response.status_code == 200, response.content
    # One working day later: 30 Sep -> 3 Oct, due today, not overdue yet.
    assert response.json()["deadlines"]["response_due"] == "2022-10-03"
    assert response.json()["status"] == "awaiting_response"


def test_update_refuses_a_receipt_after_the_first_response(alice, coventry):
    foi_request = make_request(alice, coventry, sent_on=D(2022, 9, 1))
    answer(foi_request, D(2022, 9, 5))
    response = client_for(alice).patch(
        f"{URL}{foi_request.pk}/", {"received_on": "2022-09-06"}, format="json"
    )
    assert response.status_code == 400
    # Dates in messages read as on the pages, "5 Sep 2022", not ISO.
    assert response.json()["received_on"] == ["cannot be after the first response (5 Sep 2022)"]


def test_withdraw_closes_the_request(alice, coventry):
    foi_request = make_request(alice, coventry, sent_on=D(2022, 9, 1))
    response = client_for(alice).post(
        f"{URL}{foi_request.pk}/withdraw/", {"withdrawn_on": "2022-09-20"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "closed"
    assert response.json()["deadlines"]["next_deadline"] is None
    again = client_for(alice).post(
        f"{URL}{foi_request.pk}/withdraw/", {"withdrawn_on": "2022-09-21"}, format="json"
    )
    assert again.status_code == 400
    assert "already withdrawn" in again.json()["withdrawn_on"][0]


def test_owner_deletes_with_its_events(alice, coventry):
    foi_request = make_request(alice, coventry, sent_on=D(2022, 9, 1))
    answer(foi_request, D(2022, 9, 5))
    assert client_for(alice).delete(f"{URL}{foi_request.pk}/").status_code == 204
    assert not FOIRequest.objects.filter(pk=foi_request.pk).exists()


def test_token_authentication(alice, coventry):
    call_command("drf_create_token", "alice")
    token = Token.objects.get(user=alice)
    private = make_request(alice, coventry, visibility="private")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert ids(client.get(URL)) == {private.pk}
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get(URL).status_code == 401


# --- filters and ordering ------------------------------------------------------------------------


@pytest.fixture
def timeline(alice, coventry, glasgow):
    """Requests in each status on 3 Oct 2022 (FOIA: 20 WD due, 40 WD latest, foi-law.md)."""
    very = make_request(alice, coventry, title="Very late", sent_on=D(2022, 6, 1))
    late = make_request(alice, coventry, title="Late", sent_on=D(2022, 9, 1))
    fresh = make_request(alice, glasgow, title="Fresh", sent_on=D(2022, 9, 20))
    answered = make_request(alice, coventry, title="Answered", sent_on=D(2022, 8, 1))
    answer(answered, D(2022, 8, 15), outcome="refused", exemptions=["foia-s24"])
    closed = make_request(alice, coventry, title="Withdrawn", sent_on=D(2022, 8, 1))
    foi_request_withdraw(foi_request=closed, withdrawn_on=D(2022, 8, 2))
    return {"very": very, "late": late, "fresh": fresh, "answered": answered, "closed": closed}


def test_status_filter_runs_in_the_database(alice, timeline, django_assert_num_queries):
    client = client_for(alice)
    # Queries: the page count, the page (status is a SQL CASE; managed a SQL expression).
    with django_assert_num_queries(2):
        overdue = client.get(URL, {"status": "overdue"})
    # "overdue" includes "very overdue": both are past their due date.
    assert ids(overdue) == {timeline["very"].pk, timeline["late"].pk}
    assert ids(client.get(URL, {"status": "very_overdue"})) == {timeline["very"].pk}
    assert ids(client.get(URL, {"status": "review_window_open"})) == {timeline["answered"].pk}
    assert ids(client.get(URL, {"status": ["closed", "awaiting_response"]})) == {
        timeline["closed"].pk,
        timeline["fresh"].pk,
    }
    bad = client.get(URL, {"status": "late"})
    assert bad.status_code == 400
    assert "status" in bad.json()


def test_default_order_is_next_deadline_with_finished_requests_last(alice, timeline):
    rows = client_for(alice).get(URL).json()["results"]
    deadlines = [row["deadlines"]["next_deadline"] for row in rows]
    ahead = [d for d in deadlines if d is not None]
    assert ahead == sorted(ahead)
    assert deadlines[len(ahead) :] == [None] * (len(deadlines) - len(ahead))
    assert rows[-1]["id"] in {timeline["very"].pk, timeline["late"].pk, timeline["closed"].pk}
    reverse = client_for(alice).get(URL, {"ordering": "-next_deadline"}).json()["results"]
    assert [r["deadlines"]["next_deadline"] for r in reverse][: len(ahead)] == sorted(
        ahead, reverse=True
    )


def test_filters(alice, timeline, glasgow):
    client = client_for(alice)
    assert ids(client.get(URL, {"authority": glasgow.slug})) == {timeline["fresh"].pk}
    assert ids(client.get(URL, {"regime": "foisa"})) == {timeline["fresh"].pk}
    assert ids(client.get(URL, {"received_from": "2022-09-01", "received_to": "2022-09-19"})) == {
        timeline["late"].pk
    }
    # Due before 1 Sep: only the June request (due 1 Jul) and the two August ones (due 29 Aug).
    assert ids(client.get(URL, {"due_before": "2022-08-31"})) == {
        timeline["very"].pk,
        timeline["answered"].pk,
        timeline["closed"].pk,
    }
    assert ids(client.get(URL, {"due_after": "2022-09-30"})) == {
        timeline["late"].pk,
        timeline["fresh"].pk,
    }
    # The web's search (selectors/search.py): every word, any case; "very" is an English stop
    # word to PostgreSQL's full-text search, so the two are told apart by another word.
    assert ids(client.get(URL, {"q": "LATE"})) == {timeline["very"].pk, timeline["late"].pk}
    assert ids(client.get(URL, {"q": "answered"})) == {timeline["answered"].pk}
    assert ids(client.get(URL, {"q": "glasgow"})) == {timeline["fresh"].pk}  # authority name
    assert ids(client.get(URL, {"q": "glasgow fresh"})) == set()  # no part holds both
    assert ids(client.get(URL, {"mine": "true"})) == {r.pk for r in timeline.values()}
    assert ids(client.get(URL, {"mine": "1"})) == {r.pk for r in timeline.values()}
    assert ids(client.get(URL, {"mine": "False"})) == set()


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"received_from": "2022-02-30"}, "received_from"),
        ({"authority": "atlantis"}, "authority"),
        ({"regime": "gdpr"}, "regime"),
        ({"ordering": "title"}, "ordering"),
        ({"campaign": "hidden"}, "campaign"),
        # Was read as "no filter": everyone's public requests under a "mine" heading.
        ({"mine": "maybe"}, "mine"),
    ],
)
def test_bad_filters_are_a_400_naming_the_parameter(anon, bob, params, field):
    # A campaign of private requests does not exist for anyone else.
    factories.CampaignFactory(slug="hidden", owner=bob)
    response = anon.get(URL, params)
    assert response.status_code == 400
    assert field in response.json()


def test_campaign_filter(alice, coventry, glasgow):
    campaign = factories.CampaignFactory(slug="prevent", owner=alice)
    in_campaign = make_request(alice, coventry, campaign=campaign)
    make_request(alice, glasgow)
    assert ids(APIClient().get(URL, {"campaign": "prevent"})) == {in_campaign.pk}
