"""The API docs work without internet (issue 13 item 6): Swagger UI and ReDoc come from
drf-spectacular-sidecar's static files, and the pages load no script or style from elsewhere."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

ASSET = re.compile(r'(?:src|href)="([^"]+)"')


def _assets(html: str) -> list[str]:
    return ASSET.findall(html)


@pytest.mark.parametrize("url", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_docs_pages_load_everything_from_this_site(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assets = _assets(html)
    assert assets
    assert not [a for a in assets if a.startswith(("http:", "https:", "//"))], assets
    # No inline script (the Content-Security-Policy forbids it): every <script> has a src.
    assert "<script>" not in html
    assert "<style>" not in html
    for asset in assets:
        if asset.startswith("/static/"):
            assert finders.find(asset.removeprefix("/static/")), asset


def test_swagger_ui_is_the_sidecar_copy_and_its_start_up_script_is_a_file(client):
    html = client.get("/api/v1/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in script.content.decode()


def test_redoc_is_the_sidecar_copy(client):
    html = client.get("/api/v1/redoc/").content.decode()
    assert "/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js" in html
    assert 'spec-url="/api/v1/schema/"' in html


def test_every_page_names_a_favicon_and_favicon_ico_leads_to_it(client):
    html = client.get("/deadlines/").content.decode()
    assert '<link rel="icon" href="/static/web/favicon.svg"' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/web/favicon.svg"
    assert finders.find("web/favicon.svg")
