"""Issue 12's journey: a campaigner signs up, sends one question to every West Midlands
council and police force of the imported directory, checks the preview, confirms, records
the replies in bulk, and finds them again through search and filters. Every page is checked
with axe-core and screenshotted; the whole journey runs at desktop and at phone width
(390 px, where nothing may scroll sideways).

The clock is Monday 15 August 2022; the requests were sent on 15 June 2022, so those not
answered are past their FOIA deadline (14 July: 20 working days, s10(1), skipping the 12 July
Northern Ireland holiday) and past the latest with an extension (11 August, s10(3)).
"""

import datetime
import re

import pytest
import time_machine
from django.core.management import call_command

from requests_app.models import FOIRequest, PublicAuthority
from tests.browser.conftest import assert_accessible, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NOW = datetime.datetime(2022, 8, 15, 9, 0, tzinfo=datetime.UTC)

LETTER = """Dear Requester,
Freedom of Information Request FOI429836404
Date: 13 July 2022

The information requested in question 1 is exempt under Section 24(1) Safeguarding National
Security of the Freedom of Information Act 2000. Section 24 is a qualified exemption and we
have carried out a public interest test, which favours withholding the information.
"""


@pytest.fixture
def directory():
    with time_machine.travel(NOW, tick=True):
        call_command("import_authorities", verbosity=0)
        yield


def check_page(page, name: str) -> None:
    """Screenshot, and axe-core plus (at phone width) no sideways scroll; the journey runs
    at desktop and phone width (conftest's ``viewport``)."""
    screenshot(page, f"20-{name}")
    assert_accessible(page, name)


def row_of(page, name: str):
    return page.get_by_role("row", name=re.compile(re.escape(name)))


def test_a_campaign_to_every_west_midlands_council_and_force(new_page, directory):
    councils = PublicAuthority.objects.filter(
        region="West Midlands", authority_type="local_council", active=True, approved=True
    )
    forces = PublicAuthority.objects.filter(
        region="West Midlands", detailed_type="Territorial police force", active=True
    )
    expected = councils.count() + forces.count()
    assert forces.count() == 4 and councils.filter(name="Coventry City Council").exists()

    # --- Sign up. ------------------------------------------------------------------------
    page = new_page()
    page.goto("/")
    page.get_by_role("link", name="Create an account").first.click()
    page.get_by_label("Username").fill("amira")
    page.get_by_label("Email").fill("amira@example.org")
    page.get_by_label("Password", exact=True).fill("a-long-Passphrase-42")
    page.get_by_label("Password confirmation").fill("a-long-Passphrase-42")
    page.get_by_role("button", name="Create account").click()
    page.get_by_role("heading", name="My requests").wait_for()

    # --- Start a campaign: the question, then every West Midlands council and force. ------
    page.get_by_role("link", name="Campaigns").click()
    page.get_by_role("link", name="Start a campaign").click()
    page.get_by_label("Campaign name").fill("Prevent referrals in the West Midlands")
    page.get_by_label("Description").fill("Referrals of under-18s to Prevent, 2015-2021.")
    page.get_by_label("Public", exact=True).check()
    page.get_by_label("Title of each request").fill("Prevent referrals of under-18s")
    page.get_by_label("Your question").fill(
        "1. The number of under-18s referred to Prevent each year from 2015 to 2021."
    )
    page.get_by_label("Date sent").fill("15/06/2022")
    page.get_by_label("Region").select_option("West Midlands")
    page.get_by_label("Type", exact=True).select_option("local_council")
    page.get_by_role("button", name="Add every matching body").click()
    page.get_by_text(f"Chosen: {councils.count()} bodies").wait_for()
    page.get_by_label("Type", exact=True).select_option("")
    page.get_by_label("Detailed type").select_option("Territorial police force")
    page.get_by_role("button", name="Show matching bodies").click()
    matches = page.get_by_role("group", name="Matching bodies")
    assert matches.get_by_role("checkbox").count() == 4
    for force in forces:
        matches.get_by_label(force.name).check()
    # Ticked by hand, the entered question is still there.
    page.get_by_role("button", name="Update the list").click()
    page.get_by_text(f"Chosen: {expected} bodies").wait_for()
    assert page.get_by_label("Campaign name").input_value() == (
        "Prevent referrals in the West Midlands"
    )
    # Untick one and tick it again: the list follows the ticks.
    chosen = page.get_by_role("group", name="Chosen bodies")
    chosen.get_by_label("Solihull", exact=False).first.uncheck()
    page.get_by_role("button", name="Update the list").click()
    page.get_by_text(f"Chosen: {expected - 1} bodies").wait_for()
    page.get_by_label("Name contains").fill("Solihull")
    page.get_by_label("Region").select_option("")
    page.get_by_label("Detailed type").select_option("")
    page.get_by_role("button", name="Add every matching body").click()
    page.get_by_text(f"Chosen: {expected} bodies").wait_for()
    check_page(page, "campaign-new")

    # --- The preview: each body's law and deadline. -----------------------------------------
    page.get_by_role("button", name="Preview the requests").click()
    page.get_by_role("heading", name=f"{expected} requests to log").wait_for()
    coventry = row_of(page, "Coventry City Council").inner_text()
    assert "FOIA 2000" in coventry and "Thu 14 Jul 2022" in coventry
    assert f"{expected} under FOIA 2000" in page.content()
    check_page(page, "campaign-preview")
    page.get_by_role("button", name=f"Confirm: log {expected} requests").click()

    # --- The desk. ------------------------------------------------------------------------
    page.get_by_text(f"Campaign started: {expected} requests logged").wait_for()
    assert FOIRequest.objects.filter(campaign__isnull=False).count() == expected
    assert re.search(r"Very overdue", row_of(page, "Coventry City Council").inner_text())
    check_page(page, "campaign-desk")

    # Every body acknowledged the request on 16 June: tick all, one action.
    page.get_by_label("Tick every row on this page").check()
    page.get_by_label("With the ticked requests").select_option("acknowledgement")
    page.get_by_label("On", exact=True).fill("16/06/2022")
    page.get_by_role("button", name="Apply to ticked rows").click()
    page.get_by_text(f"Recorded an acknowledgement for {expected} requests").wait_for()
    # Two said they hold nothing.
    page.get_by_label("Tick West Midlands Police", exact=True).check()
    page.get_by_label("Tick Solihull Metropolitan Borough Council").check()
    page.get_by_label("With the ticked requests").select_option("not_held")
    page.get_by_label("On", exact=True).fill("12/08/2022")
    page.get_by_role("button", name="Apply to ticked rows").click()
    page.get_by_text("Recorded “information not held” for 2 requests").wait_for()
    assert "Information not held" in row_of(page, "West Midlands Police").first.inner_text()

    # Coventry's refusal, pasted on its request page and read by the analyser.
    page.get_by_role("link", name="Coventry City Council").first.click()
    page.get_by_text("Record a response", exact=True).click()
    response_form = page.locator("#action-response")
    response_form.get_by_label("Text of the letter").fill(LETTER)
    response_form.get_by_role("button", name="Analyse the letter").click()
    page.get_by_text("We read the letter and filled in the form").wait_for()
    response_form.get_by_role("button", name="Save").click()
    page.get_by_text("Response recorded").wait_for()

    # The desk's summary and filters.
    page.goto("/campaigns/")
    page.get_by_role("link", name="Prevent referrals in the West Midlands").click()
    assert re.search(r"3\s+answered", page.locator(".cards").inner_text())
    assert re.search(rf"{expected - 3}\s+past the deadline", page.locator(".cards").inner_text())
    page.get_by_label("Status").select_option("overdue")
    page.get_by_role("button", name="Show").click()
    assert f"{expected - 3} requests matching" in page.get_by_role("table").last.inner_text()
    page.get_by_label("Status").select_option("")
    page.get_by_label("Exemption cited").select_option("foia-s24")
    page.get_by_role("button", name="Show").click()
    assert page.locator("table.desk tbody tr").count() == 1
    check_page(page, "campaign-desk-filtered")

    # --- Found again through search and filters. --------------------------------------------
    page.get_by_role("link", name="Browse requests").click()
    page.get_by_label("Search", exact=True).fill("s24")
    page.get_by_role("button", name="Search").click()
    results = page.locator("table tbody tr")
    assert results.count() == 1 and "Coventry City Council" in results.inner_text()
    page.get_by_label("Search", exact=True).fill("national security")
    page.get_by_role("button", name="Search").click()
    assert "Coventry City Council" in page.locator("table tbody").inner_text()
    check_page(page, "requests-search")

    page.get_by_label("Search", exact=True).fill("")
    page.get_by_label("Outcome").select_option("not_held")
    page.get_by_label("Campaign").select_option(label="Prevent referrals in the West Midlands")
    page.get_by_role("button", name="Search").click()
    found = page.locator("table tbody").inner_text()
    assert page.locator("table tbody tr").count() == 2
    assert "West Midlands Police" in found and "Solihull" in found
    page.get_by_label("Outcome").select_option("")
    page.get_by_label("Type of authority").select_option("police")
    page.get_by_label("Status").select_option("overdue")
    page.get_by_role("button", name="Search").click()
    # Three forces, acknowledged but unanswered: past the deadline (very overdue counts).
    assert page.locator("table tbody tr").count() == 3
    check_page(page, "requests-filtered")

    # Signed in, the menu keeps the public overview.
    page.get_by_role("link", name="Overview and statistics").click()
    page.get_by_role("heading", name="Public requests in figures").wait_for()
