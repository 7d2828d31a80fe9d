"""The product in a real browser: a campaigner, a member of staff and a visitor.

The clock is set to Monday 15 August 2022, in the middle of Coventry City Council's s24
refusal of 13 July 2022 (shared/seeds/002). Every page visited is screenshotted to
artifacts/screenshots/ and checked with axe-core for serious or critical WCAG 2.1 AA issues.
"""

import datetime
import re

import pytest
import time_machine

from requests_app.models import Membership
from tests import factories
from tests.browser.conftest import assert_accessible, screenshot, wait_until

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed data; serialized rollback restores the exemption
    # catalogue (a data migration) after the flush, for the tests that run next.
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
def frozen():
    # tick=True: the clock moves on from there, so the live server's timeouts still work.
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def world(frozen):
    organisation = factories.OrganisationFactory(name="Prevent Watch", slug="prevent-watch")
    staff = factories.UserFactory(username="staffer")
    factories.MembershipFactory(organisation=organisation, user=staff, role="staff")
    coventry = factories.AuthorityFactory(
        name="Coventry City Council", slug="coventry-city-council", nation="england"
    )
    factories.AuthorityFactory(name="Coventry and Warwickshire NHS", slug="cw-nhs")
    return {"organisation": organisation, "staff": staff, "coventry": coventry}


def focused_text(page) -> str:
    return page.evaluate("document.activeElement.textContent.trim()")


def test_campaigner_logs_a_refusal_staff_see_the_window_visitor_sees_the_figures(new_page, world):
    # --- A visitor arrives and signs up. -------------------------------------------------
    page = new_page()
    page.goto("/")
    page.keyboard.press("Tab")
    assert focused_text(page) == "Skip to main content"  # first in the focus order
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    screenshot(page, "01-overview")
    assert_accessible(page, "overview")

    page.get_by_role("link", name="Create an account").first.click()
    page.get_by_label("Username").fill("amira")
    page.get_by_label("Email").fill("amira@example.org")
    page.get_by_label("Password", exact=True).fill("a-long-Passphrase-42")
    page.get_by_label("Password confirmation").fill("something-else-43")
    page.get_by_role("button", name="Create account").click()
    assert page.get_by_role("alert").is_visible()
    # Focus moves to the error summary (requests_app/static/web/site.js).
    wait_until(page, "document.activeElement.classList.contains('error-summary')")
    screenshot(page, "02-signup-errors")
    assert_accessible(page, "signup with errors")
    page.get_by_label("Password", exact=True).fill("a-long-Passphrase-42")
    page.get_by_label("Password confirmation").fill("a-long-Passphrase-42")
    page.get_by_role("button", name="Create account").click()
    page.get_by_role("heading", name="My requests").wait_for()

    # The organisation takes her on as a member (done by its staff in the admin).
    campaigner = factories.UserFactory._meta.model.objects.get(username="amira")
    Membership.objects.create(organisation=world["organisation"], user=campaigner)
    factories.CampaignFactory(
        name="Prevent referrals",
        slug="prevent-referrals",
        owner=campaigner,
        organisation=world["organisation"],
    )

    # --- She logs a request to the council. ----------------------------------------------
    page.get_by_role("link", name="Log a new request").first.click()
    page.wait_for_load_state()  # the autocomplete script is deferred
    authority = page.get_by_label("Public authority")
    authority.fill("Coventry")
    wait_until(page, "document.querySelectorAll('#authority-options option').length == 2")
    authority.fill("Coventry City Council")
    wait_until(
        page, "document.getElementById('authority-regime').textContent.includes('FOIA 2000')"
    )
    page.get_by_label("Title").fill("Prevent referrals 2015-2021")
    page.get_by_label("Date sent").fill("2022-06-15")
    page.get_by_label("Campaign").select_option(label="Prevent referrals")
    page.get_by_label("Organisation").select_option(label="Prevent Watch")
    page.get_by_label("Public", exact=True).check()
    screenshot(page, "03-new-request")
    assert_accessible(page, "new request")
    page.get_by_role("button", name="Log the request").click()

    page.get_by_text("Request logged").wait_for()
    due = page.get_by_role("row", name=re.compile("^Response due"))
    # FOIA s10(1): 20 working days from 15 June 2022, skipping 12 July (NI bank holiday).
    assert "14 Jul 2022" in due.inner_text()

    # --- The refusal arrives: she pastes it and lets the analyser fill in the form. -------
    page.get_by_text("Record a response", exact=True).click()
    response_form = page.locator("#action-response")
    response_form.get_by_label("Text of the letter").fill(LETTER)
    response_form.get_by_role("button", name="Analyse the letter").click()
    page.get_by_text("We read the letter and filled in the form").wait_for()
    assert page.locator("#id_response-outcome").input_value() == "refused"
    assert page.locator("#id_response-received_on").input_value() == "13/07/2022"
    assert page.locator("#id_cit-0-exemption").input_value() == "foia-s24"
    assert page.locator("#id_cit-0-subsection").input_value() == "24(1)"
    assert page.locator("#id_cit-0-public_interest_test").is_checked()
    # One more exemption row, added from the keyboard.
    add = response_form.get_by_role("button", name="Add another exemption")
    add.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_cit-2-exemption"
    assert page.locator("#id_cit-TOTAL_FORMS").input_value() == "3"
    screenshot(page, "04-response-analysed")
    assert_accessible(page, "record a response, pre-filled")
    response_form.get_by_role("button", name="Save").click()

    page.get_by_text("Response recorded").wait_for()
    review = page.get_by_role("row", name=re.compile("^Ask for an internal review by"))
    # 40 working days after 13 July 2022 (1 Aug Scotland and 29 Aug England skipped) is
    # Fri 9 Sep; from Mon 15 Aug that leaves 18 working days.
    assert re.search(r"9 Sep 2022\s+18\s", review.inner_text())
    assert "s45 Code of Practice" in review.inner_text()
    assert page.get_by_text("after a public interest test").is_visible()
    screenshot(page, "05-request-page")
    assert_accessible(page, "request page")
    page.goto("/")
    screenshot(page, "06-my-requests")
    assert_accessible(page, "my requests")

    # --- Staff see it under Review windows. ---------------------------------------------
    staff = new_page()
    staff.goto("/accounts/login/")
    screenshot(staff, "07-login")
    assert_accessible(staff, "login")
    staff.get_by_label("Username").fill("staffer")
    staff.get_by_label("Password").fill("correct-horse-battery")
    staff.get_by_role("button", name="Sign in").click()
    staff.get_by_role("link", name="Review windows").click()
    row = staff.get_by_role("row", name=re.compile("Prevent referrals 2015-2021"))
    assert re.search(r"Coventry City Council.*9 Sep 2022\s+18$", row.inner_text(), re.S)
    staff.get_by_label("Window", exact=True).select_option("closing")
    staff.get_by_label("Closing within (working days)").fill("20")
    staff.get_by_role("button", name="Show").click()
    assert staff.get_by_role("row", name=re.compile("Prevent referrals 2015-2021")).is_visible()
    screenshot(staff, "08-review-windows")
    assert_accessible(staff, "review windows")

    # --- A visitor studies the council and works out a deadline. ------------------------
    visitor = new_page()
    visitor.goto("/authorities/coventry-city-council/")
    chart = visitor.get_by_role("img", name=re.compile("Share of answered requests"))
    assert chart.is_visible()
    # 1 of 1 answered requests; Wilson 95% interval for 1/1 is 20.7%-100%.
    assert "s24 National security: 100% (21%–100%)" in chart.text_content()
    screenshot(visitor, "09-authority")
    assert_accessible(visitor, "authority")
    visitor.get_by_role("link", name="s24 National security").click()
    visitor.get_by_role("heading", name="By whom").wait_for()
    screenshot(visitor, "10-exemption")
    assert_accessible(visitor, "exemption")
    visitor.goto("/campaigns/prevent-referrals/")
    assert (
        "Refused"
        in visitor.get_by_role("row", name=re.compile("Coventry City Council")).inner_text()
    )
    screenshot(visitor, "11-campaign")
    assert_accessible(visitor, "campaign")

    visitor.get_by_role("link", name="Deadline calculator").click()
    visitor.get_by_label("Law").select_option("foia")
    visitor.get_by_label("Date the authority received the request").fill("2022-12-16")
    visitor.keyboard.press("Enter")  # submit from the keyboard
    # shared/foi-law.md "Counting": FOIA, received 2022-12-16 -> due 2023-01-19.
    due = visitor.get_by_role("row", name=re.compile("^Response due"))
    assert "Thu 19 Jan 2023" in due.inner_text()
    assert visitor.get_by_role("cell", name="Boxing Day").is_visible()
    screenshot(visitor, "12-calculator")
    assert_accessible(visitor, "calculator")

    visitor.get_by_role("link", name="Overview").click()
    cited = visitor.get_by_role("row", name=re.compile("s24 National security"))
    assert re.search(r"1\s+100%", cited.inner_text())
    screenshot(visitor, "13-overview-with-data")
    assert_accessible(visitor, "overview with data")
