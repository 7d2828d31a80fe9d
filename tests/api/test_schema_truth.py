"""The OpenAPI schema tells the truth: real answers on the sample data validate against it,
every operation documents its errors, and anonymous reads are marked as allowed.

The live, fuzzed version of this is ``make schemathesis`` (scripts/schemathesis.sh), which
CI runs; this is the quick one that runs with the suite.
"""

import pytest
import requests
import schemathesis
from django.conf import settings
from django.contrib.auth import get_user_model
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient
from schemathesis.core.transport import Response as STResponse

from requests_app.models import EmailAttachment, FOIRequest, PublicAuthority
from requests_app.services.email_inbound import email_file
from requests_app.services.sample_data import sample_data_load
from tests.email.messages import coventry_reply

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
    # A reply with a PDF, filed against every sample request: the messages list and its
    # attachment download have something real to answer with.
    for foi_request in FOIRequest.objects.order_by("pk"):
        raw = coventry_reply(f"foi+{foi_request.reply_token}@{settings.INBOUND_EMAIL_DOMAIN}")
        email_file(raw.replace(b"reply-20220713-1", f"r{foi_request.pk}".encode()), source="pipe")
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
            ("/api/v1/requests/{request_pk}/messages/", f"/api/v1/requests/{pk}/messages/"),
        ]
    for attachment in EmailAttachment.objects.select_related("message"):
        message = attachment.message
        calls.append(
            (
                "/api/v1/requests/{request_pk}/messages/{message_pk}/attachments/{attachment_pk}/",
                f"/api/v1/requests/{message.foi_request_id}/messages/{message.pk}"
                f"/attachments/{attachment.pk}/",
            )
        )
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


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/authorities/?active=2",
        "/api/v1/authorities/?active=",
        "/api/v1/exemptions/?absolute=null",
        "/api/v1/requests/?mine=maybe",
    ],
)
def test_a_boolean_filter_refuses_what_is_not_a_boolean(db, url):
    assert APIClient().get(url).status_code == 400


def test_every_boolean_filter_is_strict():
    # A guard for filters added later: django-filter's own BooleanFilter ignores "null", "2".
    import django_filters

    import requests_app.api.urls  # noqa: F401  (imports every API module)
    from requests_app.api.filters import StrictBooleanFilter

    loose, stack = [], [django_filters.FilterSet]
    while stack:
        for sub in stack.pop().__subclasses__():
            stack.append(sub)
            if sub.__module__.startswith("requests_app."):
                loose += [
                    f"{sub.__name__}.{name}"
                    for name, flt in sub.base_filters.items()
                    if isinstance(flt, django_filters.BooleanFilter)
                    and not isinstance(flt, StrictBooleanFilter)
                ]
    assert loose == []


def test_an_empty_format_is_a_404_like_an_unknown_one(db):
    assert APIClient().get("/api/v1/exemptions/?format=").status_code == 404
    assert APIClient().get("/api/v1/exemptions/?format=xml").status_code == 404


def test_the_batch_reply_is_documented_as_the_list_it_is(raw_schema):
    reply = raw_schema["paths"]["/api/v1/campaigns/{slug}/requests/"]["post"]["responses"]["201"]
    schema = reply["content"]["application/json"]["schema"]
    assert schema["type"] == "array"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/requests/?received_from=",
        "/api/v1/requests/?regime=",
        "/api/v1/stats/exemptions/?received_to=",
        "/api/v1/stats/refusals/?regime=",
        "/api/v1/stats/refusals/?authority=",
        "/api/v1/requests/?due_before=",
    ],
)
def test_a_parameter_sent_empty_is_a_400_not_absent(db, url):
    answer = APIClient().get(url)
    assert answer.status_code == 400, answer.content


def test_a_request_line_past_gunicorns_limit_is_documented(raw_schema):
    # gunicorn answers 414 before Django for a URL over 4,094 bytes (schemathesis sent one).
    assert all(
        "414" in operation["responses"]
        for operations in raw_schema["paths"].values()
        for operation in operations.values()
    )
