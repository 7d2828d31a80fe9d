"""Every page at a phone's width and at a desktop's (issue 13 item 5): nothing scrolls
sideways (the document is no wider than the viewport; wide tables scroll inside a focusable
region) and axe-core finds no serious or critical WCAG 2.1 A/AA violation.

The pages are listed in tests/browser/pages.py: add yours there. One test per screen size
visits them all and reports every failing page at once, with a screenshot of each page in
artifacts/screenshots/every-page/.
"""

from __future__ import annotations

import datetime
import os

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client

from requests_app.services.sample_data import sample_data_load
from tests.browser.conftest import (
    VIEWPORTS,
    axe_problems,
    page_width_problem,
    screenshot,
)
from tests.browser.pages import PAGES, resolve

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# A Monday; the sample data is placed around it, so request pages show live deadlines.
NOW = datetime.datetime(2026, 3, 16, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def world():
    with time_machine.travel(NOW, tick=True):
        sample_data_load(today=NOW.date())  # live: windows open and closing, a response due
        yield


def _signed_in(context, username: str, base_url: str) -> None:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    cookie = client.cookies["sessionid"]
    context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": base_url}])


def test_every_page_fits_the_screen_and_passes_axe(browser, live_server, world, viewport):
    contexts: dict[str, object] = {}
    problems: list[str] = []
    seen_names = set()
    # EVERY_PAGE_ONLY=name,name checks just those pages while working on them.
    only = {n for n in os.environ.get("EVERY_PAGE_ONLY", "").split(",") if n}
    for entry in PAGES:
        assert entry.name not in seen_names, f"two pages are called {entry.name}"
        seen_names.add(entry.name)
        if only and entry.name not in only:
            continue
        if entry.user not in contexts:
            context = browser.new_context(
                base_url=live_server.url,
                viewport=VIEWPORTS[viewport],
                is_mobile=viewport == "phone",
                has_touch=viewport == "phone",
                locale="en-GB",
                timezone_id="Europe/London",
            )
            context.set_default_timeout(10_000)
            if entry.user:
                _signed_in(context, entry.user, live_server.url)
            contexts[entry.user] = context
        page = contexts[entry.user].new_page()  # type: ignore[attr-defined]
        url = resolve(entry.url)
        response = page.goto(url)
        page.wait_for_load_state("networkidle")
        screenshot(page, f"every-page/{entry.name}", full_page=entry.full_page)
        if response is None or response.status >= 400:
            problems.append(f"{entry.name} {url}: HTTP {response and response.status}")
        width = page_width_problem(page)
        if width:
            problems.append(f"{entry.name} {url}: {width}")
        for violation in axe_problems(page):
            if violation["id"] in entry.axe_ignore:
                continue
            problems.append(f"{entry.name} {url}: axe {violation}")
        page.close()
    for context in contexts.values():
        context.close()  # type: ignore[attr-defined]
    assert not problems, f"{len(problems)} problems at {viewport} width:\n" + "\n".join(problems)
