"""What schemathesis (``make schemathesis``) found the API accepting against its own schema,
each now answered as the schema says: a 400 naming the field, or a schema that allows it.
"""

import datetime

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers

from requests_app.api.strict import StrictInput
from requests_app.models import Campaign, PublicAuthority, RegulatorComplaint
from requests_app.services.reviews import complaint_record
from tests.api.conftest import answer, client_for, make_request
from tests.api.test_schema_truth import _validate

D = datetime.date
AUTHORITY = {
    "name": "Coventry City Council",
    "authority_type": "local_council",
    "nation": "england",
    "default_regime": "foia",
}


@pytest.fixture(scope="module")
def raw_schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_a_number_is_not_a_slug(site_staff):
    answer = client_for(site_staff).post(
        "/api/v1/authorities/", {**AUTHORITY, "slug": 0}, format="json"
    )
    assert answer.status_code == 400, answer.content
    assert answer.json() == {"slug": ["Not a valid string."]}
    assert not PublicAuthority.objects.exists()


@pytest.mark.parametrize(
    "field, value",
    [("title", 5), ("sent_on", 20220601), ("visibility", 1), ("organisation", 0)],
)
def test_json_values_of_the_wrong_type_are_400s_naming_the_field(alice, coventry, field, value):
    body = {"authority": "coventry-city-council", "title": "Prevent", "sent_on": "2022-06-01"}
    answer = client_for(alice).post("/api/v1/requests/", {**body, field: value}, format="json")
    assert answer.status_code == 400, answer.content
    assert field in answer.json()


@pytest.mark.parametrize("fmt", ["json", "multipart"])
def test_a_name_longer_than_the_schema_allows_is_refused_before_trimming(site_staff, fmt):
    # schemathesis (CI, 3 Dec 2026): " " + 255 characters passed DRF's max_length check,
    # which it makes after trimming, though the schema's maxLength is of the text as sent.
    name = " " + "*" * 255
    answer = client_for(site_staff).post(
        "/api/v1/authorities/", {**AUTHORITY, "slug": "long-name", "name": name}, format=fmt
    )
    assert answer.status_code == 400, answer.content
    assert answer.json() == {"name": ["Ensure this field has no more than 255 characters."]}
    assert not PublicAuthority.objects.exists()


def test_a_boolean_is_true_or_false_not_a_word(alice):
    answer = client_for(alice).patch(
        "/api/v1/reminders/preferences/",
        {"preferences": {"response_overdue": "false"}},
        format="json",
    )
    assert answer.status_code == 400, answer.content
    assert "preferences" in answer.json()


@pytest.fixture
def complaint(alice, coventry):
    foi_request = make_request(alice, coventry, sent_on=D(2022, 6, 1))
    answer(foi_request, D(2022, 6, 20), "refused")
    return complaint_record(foi_request=foi_request, submitted_on=D(2022, 9, 20))


@pytest.mark.parametrize("method", ["put", "patch"])
def test_a_form_cannot_blank_a_date_into_null(alice, complaint, method):
    RegulatorComplaint.objects.filter(pk=complaint.pk).update(decided_on=D(2022, 9, 30))
    url = f"/api/v1/requests/{complaint.request_id}/complaints/{complaint.pk}/"
    answer = getattr(client_for(alice), method)(
        url, {"submitted_on": "2022-09-20", "decided_on": ""}, format="multipart"
    )
    assert answer.status_code == 400, answer.content
    assert list(answer.json()) == ["decided_on"]
    complaint.refresh_from_db()
    assert complaint.decided_on == D(2022, 9, 30)


def test_a_form_cannot_blank_an_organisation_into_none(alice):
    answer = client_for(alice).post(
        "/api/v1/campaigns/", {"name": "Prevent", "organisation": ""}, format="multipart"
    )
    assert answer.status_code == 400, answer.content
    assert list(answer.json()) == ["organisation"]
    assert not Campaign.objects.exists()


def test_a_form_may_still_send_blank_text(alice):
    answer = client_for(alice).post(
        "/api/v1/campaigns/", {"name": "Prevent", "description": ""}, format="multipart"
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["organisation"] is None


def test_json_null_still_clears_a_date(alice, complaint):
    RegulatorComplaint.objects.filter(pk=complaint.pk).update(decided_on=D(2022, 9, 30))
    url = f"/api/v1/requests/{complaint.request_id}/complaints/{complaint.pk}/"
    answer = client_for(alice).patch(url, {"decided_on": None}, format="json")
    assert answer.status_code == 200, answer.content
    complaint.refresh_from_db()
    assert complaint.decided_on is None


@pytest.mark.parametrize("query", ["page=", "page=1&page=", "page=1&page=2"])
@pytest.mark.parametrize("fmt", ["", "&format=csv"])
def test_a_page_is_one_number(anon, coventry, query, fmt):
    answer = anon.get(f"/api/v1/authorities/?{query}{fmt}")
    assert answer.status_code == 400, answer.content
    assert list(answer.json()) == ["page"]


def test_last_is_not_a_page_number(anon, coventry):
    assert anon.get("/api/v1/authorities/?page=last").status_code == 404
    assert anon.get("/api/v1/authorities/?page=1").status_code == 200


def test_an_unanswered_scottish_request_has_a_window_the_schema_allows(raw_schema, alice, glasgow):
    # FOISA s20(5): no answer by the response deadline (12 Sep) opens the review window all
    # the same, so the row has no answer date, no outcome, and here no campaign either.
    make_request(alice, glasgow, title="Unanswered", sent_on=D(2022, 8, 15))
    reply = client_for(alice).get("/api/v1/review-windows/")
    assert reply.status_code == 200
    [row] = reply.json()["results"]
    assert (row["answered_on"], row["initial_outcome"], row["campaign"]) == (None, "", None)
    _validate(schemathesis.openapi.from_dict(raw_schema), "/api/v1/review-windows/", "GET", reply)


def test_every_request_body_serializer_is_strict(raw_schema):
    # A guard for endpoints added later: the schema's request-body components are named after
    # their serializers (CampaignRequest, PatchedCampaignRequest <- CampaignSerializer).
    components = raw_schema["components"]["schemas"]
    used: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            name = node.get("$ref", "").rsplit("/", 1)[-1]
            if name and name not in used:
                used.add(name)
                walk(components[name])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for operations in raw_schema["paths"].values():
        for operation in operations.values():
            walk(operation.get("requestBody"))
    by_name, stack = {}, [serializers.Serializer]
    while stack:
        for sub in stack.pop().__subclasses__():
            stack.append(sub)
            if sub.__module__.startswith("requests_app."):
                by_name[sub.__name__] = sub
    bodies = {
        name.removeprefix("Patched").removesuffix("Request") + "Serializer"
        for name in used
        if name.endswith("Request")
    }
    assert bodies, "no request bodies found"
    assert sorted(name for name in bodies if name not in by_name) == []
    assert sorted(name for name in bodies if not issubclass(by_name[name], StrictInput)) == []


def test_a_relation_sent_empty_in_json_is_not_null(alice):
    answer = client_for(alice).post(
        "/api/v1/campaigns/", {"name": "Prevent", "organisation": ""}, format="json"
    )
    assert answer.status_code == 400, answer.content
    assert list(answer.json()) == ["organisation"]


@pytest.mark.parametrize("method", ["post", "patch"])
def test_a_multipart_body_with_no_parts_is_malformed_not_empty(alice, method):
    campaign = client_for(alice).post("/api/v1/campaigns/", {"name": "Prevent"}, format="json")
    url = "/api/v1/campaigns/" + (f"{campaign.json()['slug']}/" if method == "patch" else "")
    boundary = "0d37f771f3609e9baf6be26654101f5f"
    answer = getattr(client_for(alice), method)(
        url,
        f"--{boundary}\r\nTrue--{boundary}--\r\n",
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert answer.status_code == 400, answer.content
    assert "no parts" in answer.content.decode()


def test_an_empty_multipart_form_is_still_an_empty_form(alice):
    campaign = client_for(alice).post("/api/v1/campaigns/", {"name": "Prevent"}, format="json")
    boundary = "0d37f771f3609e9baf6be26654101f5f"
    answer = client_for(alice).patch(
        f"/api/v1/campaigns/{campaign.json()['slug']}/",
        f"--{boundary}--\r\n",
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert answer.status_code == 200, answer.content


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/authorities/?cursor=&format=csv",
        "/api/v1/authorities/?cursor=abc&cursor=def&format=csv",
        "/api/v1/review-windows/?cursor=",  # a list that pages by number only
    ],
)
def test_an_empty_cursor_is_a_400_wherever_it_is_sent(alice, coventry, url):
    answer = client_for(alice).get(url)
    assert answer.status_code == 400, answer.content
    assert list(answer.json()) == ["cursor"]
