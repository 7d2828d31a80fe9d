"""``POST /api/v1/requests/{id}/messages/{m}/confirm/``: the API's "Confirm and record" (issue
14: the requester confirms or corrects the response a reply proposes, in one step)."""

import datetime

import pytest
from rest_framework.test import APIClient

from requests_app.models import Response
from requests_app.services.email_inbound import email_file
from tests.email.messages import coventry_reply
from tests.factories import AuthorityFactory, FOIRequestFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reply(settings):
    """Coventry's emailed refusal (s24, 13 July 2022), filed on a public request."""
    settings.INBOUND_EMAIL_DOMAIN = "foi.example.org"
    authority = AuthorityFactory(email="infogov@coventry.gov.uk", default_regime="foia")
    foi_request = FOIRequestFactory(authority=authority, visibility="public")
    return email_file(coventry_reply(foi_request.reply_to_address), source="pipe")


def _confirm(reply, user, body=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    url = f"/api/v1/requests/{reply.foi_request_id}/messages/{reply.pk}/confirm/"
    return client.post(url, body or {}, format="json")


def test_confirming_as_proposed_records_the_refusal_and_opens_the_review_window(reply):
    answer = _confirm(reply, reply.foi_request.owner)
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["proposal_state"] == "confirmed"
    response = Response.objects.get(pk=body["response"])
    assert (response.received_on, response.outcome, response.reference) == (
        datetime.date(2022, 7, 13),
        "refused",
        "FOI429836404",
    )
    assert [c.exemption.code for c in response.citations.all()] == ["foia-s24"]
    foi_request = reply.foi_request
    foi_request.refresh_from_db()
    # FOIA: the review may be asked for within 40 working days of the response.
    assert foi_request.review_request_deadline > datetime.date(2022, 7, 13)
    assert _confirm(reply, foi_request.owner).json() == {
        "message": ["this reply has no proposal awaiting you (confirmed)"]
    }


def test_corrections_replace_the_proposals_values(reply):
    answer = _confirm(
        reply,
        reply.foi_request.owner,
        {"outcome": "partial", "exemption_codes": ["foia-s40"], "received_on": "2022-07-14"},
    )
    assert answer.status_code == 200, answer.content
    response = Response.objects.get(pk=answer.json()["response"])
    assert (response.outcome, response.received_on) == ("partial", datetime.date(2022, 7, 14))
    assert response.reference == "FOI429836404"  # left out: the proposal's
    assert [c.exemption.code for c in response.citations.all()] == ["foia-s40"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"exemption_codes": ["foisa-s38"]}, "exemption_codes"),  # Scotland's law, not FOIA
        ({"received_on": "2022-02-31"}, "received_on"),
        ({"outcome": "maybe"}, "outcome"),
        ({"kind": "acknowledgement", "exemption_codes": ["foia-s24"]}, "exemption_codes"),
    ],
)
def test_a_wrong_correction_is_a_400_naming_the_field_and_records_nothing(reply, body, field):
    answer = _confirm(reply, reply.foi_request.owner, body)
    assert answer.status_code == 400
    assert list(answer.json()) == [field]
    reply.refresh_from_db()
    assert reply.proposal_state == "pending" and reply.response_id is None
    assert not Response.objects.exists()


def test_only_the_requesters_side_may_confirm(reply):
    assert _confirm(reply, None).status_code in (401, 403)
    assert _confirm(reply, UserFactory()).status_code == 403  # sees the public request
    reply.foi_request.visibility = "private"
    reply.foi_request.save()
    assert _confirm(reply, UserFactory()).status_code == 404
    assert not Response.objects.exists()


def test_an_id_past_64_bits_is_a_404_not_a_server_error(reply):
    # SQLite cannot compare such an integer (schemathesis found the 500).
    huge = 2**70
    owner = reply.foi_request.owner
    client = APIClient()
    client.force_authenticate(owner)
    base = f"/api/v1/requests/{reply.foi_request_id}/messages"
    assert client.post(f"{base}/{huge}/confirm/", {}, format="json").status_code == 404
    assert client.get(f"{base}/{huge}/attachments/{huge}/").status_code == 404
    assert client.get(f"/api/v1/requests/{huge}/messages/").status_code == 404
