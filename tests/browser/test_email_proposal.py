"""Issue 14 in a real browser: the authority's emailed reply waits on the request page with
what the analyser read in it; the requester corrects it on one page (a form error first) or
confirms it in one press, and the deadlines move. At desktop and phone (390 px) width."""

import datetime

import pytest
import time_machine

from requests_app.models import EmailMessage, FOIRequest
from requests_app.services.email_inbound import email_file
from tests import factories
from tests.browser.conftest import assert_accessible, screenshot
from tests.email.messages import coventry_reply

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NOW = datetime.datetime(2022, 7, 14, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def world(settings):
    settings.INBOUND_EMAIL_DOMAIN = "foi.localhost"
    with time_machine.travel(NOW, tick=True):
        owner = factories.UserFactory(username="amina")
        coventry = factories.AuthorityFactory(
            name="Coventry City Council",
            slug="coventry-city-council",
            email="infogov@coventry.gov.uk",
            default_regime="foia",
        )
        foi_request = factories.FOIRequestFactory(
            owner=owner,
            authority=coventry,
            title="Prevent referrals 2015-2021",
            sent_on=datetime.date(2022, 6, 15),
            visibility="public",
        )
        reply = email_file(coventry_reply(foi_request.reply_to_address), source="pipe")
        yield {"request": foi_request, "reply": reply}


def _sign_in(page):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("amina")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="My requests").wait_for()


def test_the_requester_corrects_the_proposal_then_records_it(new_page, world):
    page = new_page()
    _sign_in(page)
    page.goto(f"/requests/{world['request'].pk}/#emails-received")
    section = page.locator(f"#received-{world['reply'].pk}")
    section.get_by_role("heading", name="What we read in it").wait_for()
    text = section.inner_text()
    assert "Refused" in text and "Section 24(1)" in text, text
    screenshot(page, "14d-request-page-proposal")
    assert_accessible(page, "request page with a proposal")

    section.get_by_role("link", name="Correct it").click()
    page.get_by_role("heading", name="Record the reply").wait_for()
    # The exemptions' checkboxes are one group, named for a screen reader; s24 is ticked.
    exemptions = page.get_by_role("group", name="Exemptions they applied")
    assert exemptions.get_by_role("checkbox", name="s24 National security").is_checked()
    page.get_by_label("Date of the response").fill("31/02/2022")
    page.get_by_role("button", name="Record the response").click()
    page.get_by_text("is not a real date").first.wait_for()
    assert not world["request"].responses.exists()
    screenshot(page, "14d-proposal-error")
    assert_accessible(page, "proposal page with an error")

    page.get_by_label("Date of the response").fill("13/07/2022")
    page.get_by_label("Outcome").select_option("partial")
    page.get_by_role("button", name="Record the response").click()
    page.get_by_text("Recorded the response").wait_for()
    screenshot(page, "14d-proposal-recorded")
    foi_request = FOIRequest.objects.get(pk=world["request"].pk)
    assert foi_request.initial_outcome == "partial"
    assert foi_request.review_request_deadline is not None
    assert EmailMessage.objects.get(pk=world["reply"].pk).proposal_state == "confirmed"


def test_the_requester_confirms_the_proposal_in_one_press(new_page, world):
    page = new_page()
    _sign_in(page)
    page.goto(f"/requests/{world['request'].pk}/")
    page.get_by_role("button", name="Confirm and record").click()
    page.get_by_text("Recorded the response from the email").wait_for()
    page.locator(f"#received-{world['reply'].pk}").get_by_text("Recorded:").wait_for()
    foi_request = FOIRequest.objects.get(pk=world["request"].pk)
    assert foi_request.initial_outcome == "refused"
    assert foi_request.review_request_deadline == datetime.date(2022, 9, 9)


def test_a_visitor_reads_the_reply_but_cannot_confirm_it(new_page, world):
    page = new_page()
    page.goto(f"/requests/{world['request'].pk}/")
    page.get_by_role("heading", name="Emails received").wait_for()
    assert page.get_by_role("button", name="Confirm and record").count() == 0
