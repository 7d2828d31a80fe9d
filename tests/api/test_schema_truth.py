"""The OpenAPI schema tells the truth: real answers on the sample data validate against it,
every operation documents its errors, and anonymous reads are marked as allowed.

The live, fuzzed version of this is ``make schemathesis`` (scripts/schemathesis.sh), which
CI runs; this is the quick one that runs with the suite.
"""

import pytest
import requests
import schemathesis
from django.contrib.auth import get_user_model
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient
from schemathesis.core.transport import Response as STResponse

from requests_app.models import FOIRequest, PublicAuthority
from requests_app.services.sample_data import sample_data_load

pytestmark = pytest.mark.django_db
ERROR_CODES = {"400", "401", "403", "404", "429"}


@pytest.fixture(autouse=True)
def frozen_today():
    # The sample data runs to 2023: today's real date, not the API tests' 3 October 2022.
    yield


@pytest.fixture(scope="module")
def raw_schema():
    return SchemaGenerator().get_schema(request=None, public=True)


@pytest.fixture(scope="module")
def openapi(raw_schema):
    return schemathesis.openapi.from_dict(raw_schema)


def test_every_operation_documents_its_errors(raw_schema):
    missing = [
        f"{method.upper()} {path}: {sorted(ERROR_CODES - set(operation['responses']))}"
        for path, operations in raw_schema["paths"].items()
        for method, operation in operations.items()
        if not set(operation["responses"]) >= ERROR_CODES
    ]
    assert missing == []


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/requests/",
        "/api/v1/requests/{id}/",
        "/api/v1/requests/{request_pk}/responses/",
        "/api/v1/campaigns/",
        "/api/v1/authorities/",
        "/api/v1/stats/refusals/",
    ],
)
def test_anonymous_reads_are_marked_as_allowed(raw_schema, path):
    security = raw_schema["paths"][path]["get"].get("security", [{}])
    assert {} in security


def test_writes_still_need_a_token(raw_schema):
    assert {} not in raw_schema["paths"]["/api/v1/requests/"]["post"]["security"]


def _client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _validate(openapi, template: str, method: str, answer) -> None:
    prepared = requests.Request(method, f"http://testserver{answer.request['PATH_INFO']}").prepare()
    response = STResponse(
        status_code=answer.status_code,
        headers={key: [value] for key, value in answer.headers.items()},
        content=answer.content,
        request=prepared,
        elapsed=0.0,
        verify=True,
    )
    openapi[template][method].validate_response(response)  # raises on a violation


@pytest.mark.parametrize("who", [None, "campaigner", "staff"])
def test_real_answers_validate_against_the_schema(openapi, who):
    sample_data_load()
    user = get_user_model().objects.get(username=who) if who else None
    client = _client(user)
    request_ids = list(FOIRequest.objects.order_by("pk").values_list("pk", flat=True))
    authority = PublicAuthority.objects.order_by("pk").first()
    calls = [
        ("/api/v1/requests/", "/api/v1/requests/"),
        ("/api/v1/campaigns/", "/api/v1/campaigns/"),
        ("/api/v1/authorities/", "/api/v1/authorities/"),
        ("/api/v1/authorities/{slug}/", f"/api/v1/authorities/{authority.slug}/"),
        ("/api/v1/exemptions/", "/api/v1/exemptions/"),
        ("/api/v1/stats/refusals/", "/api/v1/stats/refusals/?group_by=authority"),
        ("/api/v1/stats/exemptions/", "/api/v1/stats/exemptions/"),
        ("/api/v1/review-windows/", "/api/v1/review-windows/"),
        ("/api/v1/reminders/", "/api/v1/reminders/"),
        ("/api/v1/requests/{id}/", "/api/v1/requests/999999/"),  # a 404, documented
    ]
    for pk in request_ids:
        calls += [
            ("/api/v1/requests/{id}/", f"/api/v1/requests/{pk}/"),
            ("/api/v1/requests/{request_pk}/responses/", f"/api/v1/requests/{pk}/responses/"),
            ("/api/v1/requests/{request_pk}/reviews/", f"/api/v1/requests/{pk}/reviews/"),
            ("/api/v1/requests/{request_pk}/complaints/", f"/api/v1/requests/{pk}/complaints/"),
        ]
    for template, url in calls:
        answer = client.get(url)
        assert answer.status_code < 500, url
        _validate(openapi, template, "GET", answer)


def test_a_url_under_the_api_that_matches_no_route_is_a_json_404(client):
    answer = client.get("/api/v1/requests/not-a-number/responses/")
    assert answer.status_code == 404
    assert answer.json() == {"detail": "Not found."}
    assert client.get("/no-such-page/")["Content-Type"].startswith("text/html")


def test_errors_are_json_even_for_a_csv_download(db):
    answer = APIClient().get("/api/v1/campaigns/no-such-campaign/?format=csv")
    assert answer.status_code == 404
    assert answer["Content-Type"] == "application/json"
    assert APIClient().get("/api/v1/campaigns/?format=csv&page=0").status_code == 404


def test_a_boolean_filter_refuses_what_is_not_a_boolean(db):
    assert APIClient().get("/api/v1/authorities/?active=2").status_code == 400


def test_the_batch_reply_is_documented_as_the_list_it_is(raw_schema):
    reply = raw_schema["paths"]["/api/v1/campaigns/{slug}/requests/"]["post"]["responses"]["201"]
    schema = reply["content"]["application/json"]["schema"]
    assert schema["type"] == "array"
