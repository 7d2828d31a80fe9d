"""Playwright driving Debian's Chromium (/usr/bin/chromium, installed by `make browser-deps`
or .ci/system-deps through apt; never a browser download) against pytest-django's live server.

Without Chromium or axe-core the tests skip on a laptop and FAIL in CI (REQUIRE_SERVICES=1).
"""

import json
import os
import time
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API runs an asyncio loop in this thread, which trips Django's
# async-unsafe guard on every ORM call the test itself makes.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
# The sideways-scroll check (page_width_problem), a function of the viewport width.
PAGE_WIDTH_JS = (Path(__file__).parent / "page_width.js").read_text()
SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def _missing() -> str:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing: run `make browser-deps`"
    if not AXE.exists():
        return f"{AXE} is missing: run `make browser-deps`"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    return ""


@pytest.fixture(scope="session")
def browser():
    reason = _missing()
    if reason:
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"Browser tests cannot run in CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        yield chromium
        chromium.close()


# A phone is a first-class screen (issue 13 item 5): journeys and the every-page check run at
# both sizes. 390 px is an iPhone 12-15's CSS width, the narrowest common phone today.
VIEWPORTS = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 390, "height": 844},
}


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request) -> str:
    """Run the test once per screen size; pages from ``new_page`` take this size."""
    return request.param


@pytest.fixture
def new_page(browser, live_server, viewport):
    """A factory of pages, each in its own browser context (its own cookies: one person)."""
    contexts = []

    def make():
        context = browser.new_context(
            base_url=live_server.url,
            viewport=VIEWPORTS[viewport],
            is_mobile=viewport == "phone",
            has_touch=viewport == "phone",
            locale="en-GB",
            timezone_id="Europe/London",
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def screenshot(page, name: str, *, full_page: bool = True) -> Path:
    """Full-page screenshot kept as a test artefact (artifacts/ is not committed), named with
    the viewport's width when it is a phone's (``05-request-page-390.png``)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    width = (page.viewport_size or {}).get("width", 1280)
    suffix = f"-{width}" if width < 800 else ""
    path = SCREENSHOTS / f"{name}{suffix}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def assert_accessible(page, name: str) -> None:
    """axe-core finds no serious or critical WCAG 2.1 A/AA violation on the page, and at
    phone width nothing scrolls sideways."""
    bad = axe_problems(page)
    assert not bad, f"{name}: " + json.dumps(bad, indent=1)
    width = page_width_problem(page)
    assert not width, f"{name}: {width}"


def axe_problems(page) -> list[dict]:
    """axe-core's serious or critical WCAG 2.1 A/AA violations on the page."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through DevTools, not added as an inline <script>: the site's
        # Content-Security-Policy (script-src 'self') rightly refuses inline scripts.
        page.evaluate(AXE.read_text() + "\n;undefined")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    bad = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    return bad


def wait_until(page, expression: str, timeout: float = 10.0) -> None:
    """Wait until ``expression`` is true in the page.

    Use this, not ``page.wait_for_function``: Playwright compiles that predicate with eval
    inside the page, which the site's Content-Security-Policy refuses (no 'unsafe-eval').
    ``page.evaluate`` runs through DevTools, where the policy does not apply.
    """
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout} s for: {expression}")
        page.wait_for_timeout(50)


def page_width_problem(page) -> str:
    """What scrolls sideways, or "": the document must be no wider than the viewport."""
    # The width asked for, not window.innerWidth: a mobile browser widens its layout viewport
    # to fit content that is too wide, so innerWidth would grow with the fault it should find.
    return page.evaluate(PAGE_WIDTH_JS, (page.viewport_size or {"width": 1280})["width"])
