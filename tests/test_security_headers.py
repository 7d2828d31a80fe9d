"""Content-Security-Policy (django-csp) and Permissions-Policy on every response (issue 11
item 11), and no template that the policy would break. The browser check that pages pass
the policy is tests/browser/test_content_security_policy.py.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

URLS = [
    "/",
    "/requests/",
    "/deadlines/",
    "/accounts/login/",
    "/admin/login/",
    "/healthz",
    "/api/v1/authorities/",
    "/api/v1/docs/",
    "/api/v1/schema/",
    "/no-such-page/",
]


def _directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


@pytest.mark.parametrize("url", URLS)
def test_every_response_has_a_strict_policy_and_a_permissions_policy(client, url):
    response = client.get(url)
    policy = _directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    features = dict(item.split("=") for item in response["Permissions-Policy"].split(", "))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()"


def test_only_redoc_may_style_inline_and_it_still_runs_no_inline_script(client):
    policy = _directives(client.get("/api/v1/redoc/")["Content-Security-Policy"])
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["worker-src"] == ["'self'", "blob:"]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)


def _page_templates() -> list[Path]:
    roots = [Path(settings.BASE_DIR) / "templates", Path(settings.BASE_DIR) / "requests_app"]
    found = [path for root in roots for path in root.rglob("*.html")]
    return [path for path in found if "email" not in path.parts]  # mail is not a page


def test_no_page_template_has_inline_script_handlers_or_style_attributes():
    templates = _page_templates()
    assert len(templates) > 20
    for path in templates:
        text = path.read_text()
        for pattern in (INLINE_SCRIPT, HANDLER, STYLE_ATTRIBUTE):
            match = pattern.search(text)
            assert match is None, f"{path}: {match and match.group(0)!r} breaks the CSP"
