"""Every page passes the Content-Security-Policy in Chromium (issue 11 item 11).

The policy (settings.CONTENT_SECURITY_POLICY) allows scripts and styles from the site's own
files only, so an inline <script>, an on*= handler or a style="" attribute is refused by the
browser and reported as a ``securitypolicyviolation`` event, which a script installed before
each page's own (through DevTools, so the policy does not apply to it) records. Every page
of tests/browser/pages.py is visited, plus the admin's, with the sample data loaded.
"""

from __future__ import annotations

import json

import pytest

from tests.browser.conftest import VIEWPORTS, screenshot
from tests.browser.pages import PAGES, Page, resolve
from tests.browser.test_every_page import _signed_in, world  # noqa: F401 - the fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', event => window.__cspViolations.push(
  `${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} at ` +
  `${event.sourceFile || document.location.pathname}:${event.lineNumber}`));
"""

ADMIN_PAGES = [
    Page("admin-login", "/admin/login/"),
    Page("admin", "/admin/", "admin"),
    Page("admin-requests", "/admin/requests_app/foirequest/", "admin"),
    Page("admin-request", "/admin/requests_app/foirequest/{coventry}/change/", "admin"),
    Page("admin-request-history", "/admin/requests_app/foirequest/{coventry}/history/", "admin"),
    Page("admin-new-response", "/admin/requests_app/response/add/", "admin"),
]

# Blocked on purpose: ReDoc's "API docs by Redocly" logo comes from Redocly's CDN, and our
# pages call no third party (ReDoc hides the image when it does not load).
EXPECTED = {"api-redoc": {"img-src blocked https://cdn.redoc.ly/redoc/logo-mini.svg"}}


def test_every_page_passes_the_content_security_policy(browser, live_server, world):  # noqa: F811
    contexts: dict[str, object] = {}
    problems: list[str] = []
    for entry in [*PAGES, *ADMIN_PAGES]:
        if entry.user not in contexts:
            context = browser.new_context(base_url=live_server.url, viewport=VIEWPORTS["desktop"])
            context.add_init_script(RECORD_VIOLATIONS)
            if entry.user:
                _signed_in(context, entry.user, live_server.url)
            contexts[entry.user] = context
        page = contexts[entry.user].new_page()  # type: ignore[attr-defined]
        url = resolve(entry.url)
        response = page.goto(url)
        page.wait_for_load_state("networkidle")
        assert response is not None and response.status == 200, f"{entry.name} {url}"
        policy = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in policy, f"{entry.name}: no policy ({policy!r})"
        violations = page.evaluate("window.__cspViolations")
        expected = EXPECTED.get(entry.name, set())
        unexpected = [v for v in violations if not any(v.startswith(e) for e in expected)]
        if unexpected:
            screenshot(page, f"csp/{entry.name}", full_page=False)
            problems.append(f"{entry.name} {url}: {json.dumps(unexpected)}")
        page.close()
    for context in contexts.values():
        context.close()  # type: ignore[attr-defined]
    assert not problems, f"{len(problems)} pages break the policy:\n" + "\n".join(problems)
