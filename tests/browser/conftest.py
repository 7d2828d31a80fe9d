"""Playwright driving Debian's Chromium (/usr/bin/chromium, installed by `make browser-deps`
or .ci/system-deps through apt; never a browser download) against pytest-django's live server.

Without Chromium or axe-core the tests skip on a laptop and FAIL in CI (REQUIRE_SERVICES=1).
"""

import json
import os
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API runs an asyncio loop in this thread, which trips Django's
# async-unsafe guard on every ORM call the test itself makes.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
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


@pytest.fixture
def new_page(browser, live_server):
    """A factory of pages, each in its own browser context (its own cookies: one person)."""
    contexts = []

    def make():
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": 1280, "height": 900},
            locale="en-GB",
            timezone_id="Europe/London",
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> Path:
    """Full-page screenshot kept as a test artefact (artifacts/ is not committed)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def assert_accessible(page, name: str) -> None:
    """axe-core finds no serious or critical WCAG 2.1 A/AA violation on the page."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text())
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
    assert not bad, f"{name}: " + json.dumps(bad, indent=1)
