"""NUL characters and deep JSON (issue 11 items 4 and 5): a 400 or 404, never a 500.

PostgreSQL refuses strings holding NUL, so before the guard these were 500s there (SQLite
stores them happily): run with ``DATABASE_URL=postgres://...`` to see the defect. Deep JSON
exhausted the decoder's recursion on any database.
"""

from __future__ import annotations

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern
from rest_framework.test import APIClient

from requests_app.input_guards import MAX_JSON_DEPTH
from tests import factories

pytestmark = pytest.mark.django_db

NUL = "a%00b"
REASON = "must not contain NUL characters (%00)"


def _routes(patterns=None, prefix="") -> list[str]:
    """Every URL of the site, each captured part filled with ``NUL`` (ints with 1)."""
    urls: list[str] = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        text = str(entry.pattern)
        if isinstance(entry.pattern, RegexPattern):  # DRF's routers, the admin
            text = re.sub(r"\\\.\(\?P<format>[^)]*\)/?\$?", "", text)
            text = re.sub(r"\(\?P<\w+>[^)]*\)", NUL, text).lstrip("^").rstrip("$")
            text = text.replace("\\", "")
        else:
            text = re.sub(r"<int:\w+>", "1", text)
            text = re.sub(r"<(?:\w+:)?\w+>", NUL, text)
        if isinstance(entry, URLResolver):
            urls += _routes(entry.url_patterns, prefix + text)
        elif isinstance(entry, URLPattern) and NUL in prefix + text:
            urls.append("/" + prefix + text)
    return sorted(set(urls))


@pytest.fixture
def signed_in(client):
    user = factories.UserFactory(username="nul-tester")
    client.force_login(user)
    return client


@pytest.fixture
def api():
    client = APIClient()
    client.force_authenticate(factories.UserFactory(username="nul-api"))
    return client


def test_every_route_with_a_captured_part_is_a_404_with_nul_in_it(client, signed_in):
    routes = _routes()
    assert "/api/v1/authorities/a%00b/" in routes and "/calendar/a%00b.ics" in routes
    assert len(routes) > 20
    for url in routes:
        response = signed_in.get(url)
        assert response.status_code == 404, url


@pytest.mark.parametrize(
    "url",
    [
        "/?q=a%00",
        "/api/v1/stats/refusals/?authority=a%00b",
        "/api/v1/stats/exemptions/?campaign=a%00b&year=2022",
        "/api/v1/requests/?authority=a%00b",
        "/api/v1/authorities/?search=a%00b",
        "/authorities/suggest/?q=a%00",
        "/requests/?q=a%00",
        "/deadlines/?regime=foia%00",
        "/api/v1/deadlines/?regime=foia&received=2022-01-04%00",
    ],
)
def test_nul_in_a_query_parameter_is_a_400_naming_it(signed_in, url):
    response = signed_in.get(url)
    assert response.status_code == 400, url
    name = next(p.split("=")[0] for p in url.split("?")[1].split("&") if "%00" in p)
    if url.startswith("/api/"):
        assert response.json() == {name: [REASON]}
    else:
        assert REASON in response.content.decode()


def test_nul_in_a_query_parameter_name_is_a_400(client):
    response = client.get("/api/v1/authorities/?a%00=1")
    assert response.status_code == 400
    assert response.json() == {"a\\u0000": [REASON]}


@pytest.mark.parametrize("field", ["authority", "organisation", "campaign", "title", "regime"])
def test_nul_in_a_json_field_of_a_new_request_is_a_400_naming_it(api, field):
    body = {
        "authority": "coventry-city-council",
        "title": "Prevent referrals",
        "sent_on": "2022-09-01",
        field: "a\x00b",
    }
    response = api.post("/api/v1/requests/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {field: [REASON]}


def test_nul_deep_inside_json_names_its_path(api):
    body = {"exemptions": [{"citation": "s24(1)\x00"}]}
    response = api.post("/api/v1/requests/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"exemptions[0].citation": [REASON]}


def test_nul_in_a_form_field_is_a_400(signed_in):
    response = signed_in.post(
        "/requests/new/", {"organisation": "a\x00b", "authority": "x", "title": "t"}
    )
    assert response.status_code == 400
    assert "organisation " + REASON in response.content.decode()


def test_nul_in_a_multipart_field_is_a_400(api):
    upload = SimpleUploadedFile("letter.txt", b"Our ref: 1", "text/plain")
    response = api.post(
        "/api/v1/letters/analyse/", {"file": upload, "regime": "foia\x00"}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json() == {"regime": [REASON]}


def test_nul_in_a_patched_form_is_a_400(api, authority):
    owner = api.handler._force_user
    mine = factories.FOIRequestFactory(owner=owner, authority=authority)
    response = api.patch(f"/api/v1/requests/{mine.pk}/", {"title": "a\x00b"}, format="multipart")
    assert response.status_code == 400
    assert response.json() == {"title": [REASON]}


def test_nul_in_a_file_s_contents_is_fine(api):
    upload = SimpleUploadedFile("letter.txt", b"Our ref: 1\n\x00", "text/plain")
    response = api.post("/api/v1/letters/analyse/", {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert "cannot be read" in response.json()["file"][0]  # refused as binary, not as NUL


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_json_nested_50_000_levels_is_a_400(api):
    response = api.post("/api/v1/requests/", _nested(50_000), content_type="application/json")
    assert response.status_code == 400
    assert "nested" in json.dumps(response.json())


def test_json_nested_past_the_limit_is_a_400_and_at_it_reaches_the_view(api):
    body = _nested(MAX_JSON_DEPTH + 1)
    response = api.post("/api/v1/letters/analyse/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": [f"JSON nested more than {MAX_JSON_DEPTH} levels deep"]
    }
    response = api.post(
        "/api/v1/letters/analyse/",
        {"text": "Our ref: 1", "x": json.loads(_nested(MAX_JSON_DEPTH - 1))},
        format="json",
    )
    assert response.status_code == 200
