"""The OpenAPI 3 document: valid, complete, every field described with an example."""

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

ENDPOINTS = [
    "/api/v1/authorities/",
    "/api/v1/authorities/{slug}/",
    "/api/v1/exemptions/",
    "/api/v1/exemptions/{code}/",
    "/api/v1/campaigns/",
    "/api/v1/campaigns/{slug}/",
    "/api/v1/campaigns/{slug}/requests/",
    "/api/v1/requests/",
    "/api/v1/requests/{id}/",
    "/api/v1/requests/{id}/withdraw/",
    "/api/v1/requests/{request_pk}/responses/",
    "/api/v1/requests/{request_pk}/responses/{id}/",
    "/api/v1/requests/{request_pk}/responses/{id}/clarification/",
    "/api/v1/requests/{request_pk}/responses/{id}/fee-paid/",
    "/api/v1/requests/{request_pk}/reviews/",
    "/api/v1/requests/{request_pk}/reviews/{id}/decision/",
    "/api/v1/requests/{request_pk}/complaints/",
    "/api/v1/requests/{request_pk}/complaints/{id}/decision/",
    "/api/v1/requests/{request_pk}/messages/",
    "/api/v1/requests/{request_pk}/messages/{message_pk}/attachments/{attachment_pk}/",
    "/api/v1/review-windows/",
    "/api/v1/stats/exemptions/",
    "/api/v1/stats/refusals/",
    "/api/v1/deadlines/",
]

MY_COMPONENTS = [
    "Authority",
    "Exemption",
    "Campaign",
    "FOIRequest",
    "FOIRequestDetail",
    "Deadlines",
    "Response",
    "Citation",
    "Review",
    "Complaint",
    "ReviewWindow",
    "ExemptionStats",
    "RefusalStats",
    "CampaignBatchRequest",
    "EmailMessage",
    "EmailAttachment",
]


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_schema_validates(schema):
    validate_schema(schema)  # raises on an invalid OpenAPI 3 document


def test_every_endpoint_appears(schema):
    missing = [path for path in ENDPOINTS if path not in schema["paths"]]
    assert missing == []


def test_every_field_has_help_text_and_an_example(schema):
    components = schema["components"]["schemas"]
    gaps = []
    for name in MY_COMPONENTS:
        assert name in components, name
        for field, spec in components[name].get("properties", {}).items():
            if not spec.get("description"):
                gaps.append(f"{name}.{field}: no description")
            if "$ref" in spec or "allOf" in spec or "$ref" in spec.get("items", {}):
                continue  # a nested component: its fields are checked on their own
            # A blank-allowed field is "oneOf: [the value, an empty string]".
            variants = [spec, *spec.get("oneOf", []), spec.get("items", {})]
            if not any("example" in variant for variant in variants):
                gaps.append(f"{name}.{field}: no example")
    assert gaps == []


def test_statistics_definitions_are_documented(schema):
    description = schema["paths"]["/api/v1/stats/refusals/"]["get"]["description"]
    for term in ("Answered", "initial outcome", "Wilson", "withheld_in_full_rate", "PUBLIC"):
        assert term in description
    parameters = {
        p["name"] for p in schema["paths"]["/api/v1/stats/refusals/"]["get"]["parameters"]
    }
    assert {"group_by", "authority", "authority_type", "nation", "regime", "campaign"} <= parameters
    assert {"received_from", "received_to"} <= parameters


def test_schema_and_docs_are_served(client, db):
    assert client.get("/api/v1/schema/").status_code == 200
    assert client.get("/api/v1/docs/").status_code == 200


def test_schema_generates_without_warnings(tmp_path):
    # A warning here (e.g. an enum name collision) also fails `check --deploy` in CI.
    from django.core.management import call_command

    out = tmp_path / "schema.yml"
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(out))
    assert "RequestStatusEnum" in out.read_text()
