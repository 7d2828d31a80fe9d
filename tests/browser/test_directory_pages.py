"""The authority directory in Chromium, with the shipped directory and the sample data loaded:
the list (search, filters), an authority page (a council, an abolished one), suggesting a
missing body, the exemptions list. Each at desktop and phone width (390 px), no sideways
scroll, axe clean; screenshots in artifacts/screenshots/directory/."""

from __future__ import annotations

import datetime
import importlib

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from requests_app.models import Exemption, PublicAuthority
from requests_app.services.sample_data import sample_data_load
from tests.browser.conftest import assert_accessible, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NOW = datetime.datetime(2026, 3, 16, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def world():
    if not Exemption.objects.exists():
        # A transactional test run before this one flushed the catalogue its migration loads.
        importlib.import_module(
            "requests_app.migrations.0002_load_exemption_catalogue"
        ).load_catalogue(apps, None)
    with time_machine.travel(NOW, tick=True):
        call_command("import_authorities", verbosity=0)
        sample_data_load()
        yield


def _sign_in(page, username: str, base_url: str) -> None:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": base_url}])


def visit(page, url: str, name: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    screenshot(page, f"directory/{name}")
    assert_accessible(page, name)


def test_directory_pages(new_page, live_server, world):
    page = new_page()
    visit(page, "/authorities/", "01-authorities")
    # Search and filter with the form, as a visitor would.
    page.get_by_label("Region").select_option("West Midlands")
    page.get_by_label("Type").select_option("police")
    page.get_by_role("button", name="Search").click()
    rows = page.locator("tbody tr")
    names = rows.locator("td:first-child a").all_inner_texts()
    assert "West Midlands Police" in names and "Warwickshire Police" in names
    assert "West Mercia Police and Crime Commissioner" in names
    screenshot(page, "directory/02-authorities-west-midlands-police")
    page.goto("/authorities/?q=caerdydd")
    assert page.locator("tbody tr td:first-child a").all_inner_texts() == [
        "City of Cardiff Council"
    ]
    visit(page, "/authorities/coventry-city-council/", "03-authority-coventry")
    assert page.get_by_text("past their deadline with no answer").is_visible()
    assert page.get_by_text("© mySociety").is_visible()
    visit(page, "/authorities/allerdale-borough-council/", "04-authority-abolished")
    page.get_by_role("link", name="Cumberland Council").click()
    assert page.locator("h1").inner_text() == "Cumberland Council"
    visit(page, "/exemptions/", "05-exemptions")
    visit(page, "/exemptions/?regime=foia&cited=on", "06-exemptions-cited")

    _sign_in(page, "campaigner", live_server.url)
    visit(page, "/authorities/new/", "07-suggest")
    page.get_by_role("button", name="Add the authority").click()
    assert page.get_by_text("There is a problem").is_visible()
    screenshot(page, "directory/08-suggest-errors")
    page.get_by_label("Name").fill("Leeds Community Healthcare NHS Trust")
    page.get_by_label("Type").select_option("nhs")
    page.get_by_label("Nation").select_option("england")
    page.get_by_label("FOI email address").fill("foi@leedscommunityhealthcare.example")
    page.get_by_role("button", name="Add the authority").click()
    assert page.get_by_label("Public authority").input_value() == (
        "Leeds Community Healthcare NHS Trust"
    )
    screenshot(page, "directory/09-new-request-with-suggestion")
    assert not PublicAuthority.objects.get(name="Leeds Community Healthcare NHS Trust").approved
