"""Issue 14 in a real browser: a reply that matched no request waits on the staff holding
page; staff read it, are told when the request they name is wrong, and file it with one
press on the suggested request. At desktop and phone (390 px) width."""

import datetime

import pytest
import time_machine

from requests_app.models import EmailMessage
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
        factories.UserFactory(username="sam", is_staff=True)
        coventry = factories.AuthorityFactory(
            name="Coventry City Council",
            slug="coventry-city-council",
            email="infogov@coventry.gov.uk",
            default_regime="foia",
        )
        foi_request = factories.FOIRequestFactory(
            authority=coventry,
            title="Prevent referrals 2015-2021",
            sent_on=datetime.date(2022, 6, 15),
            visibility="public",
        )
        lost = email_file(coventry_reply("foi-requests@foi.localhost"), source="pipe")
        yield {"request": foi_request, "lost": lost}


def test_staff_file_an_unmatched_reply_by_hand(new_page, world):
    page = new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="My requests").wait_for()
    nav = page.get_by_role("navigation", name="Main")
    if not nav.get_by_role("link", name="Unmatched email").is_visible():
        page.goto("/staff/email/")  # a phone's menu may fold the nav away
    else:
        nav.get_by_role("link", name="Unmatched email").click()
    page.get_by_role("heading", name="Unmatched email", exact=True).wait_for()
    article = page.get_by_role("article")
    article.get_by_text("Read the message").click()
    assert "Please find attached our response" in article.locator(".letter").inner_text()
    screenshot(page, "14a-holding-page")
    assert_accessible(page, "holding page")

    # A number that is not a request the staff member can see: a form error, nothing filed.
    article.get_by_label("File it against request number").fill("999999")
    article.get_by_role("button", name="File the message").click()
    page.get_by_text("There is no request number 999999 that you can see").first.wait_for()
    screenshot(page, "14a-holding-page-error")
    assert_accessible(page, "holding page with an error")
    assert EmailMessage.objects.get(pk=world["lost"].pk).foi_request is None

    # The request to the sender's authority is suggested: one press files it there.
    page.get_by_role("button", name=f"File it here (request {world['request'].pk})").click()
    page.get_by_text("is filed against request").wait_for()
    page.get_by_text("Nothing is waiting").wait_for()
    screenshot(page, "14a-holding-page-filed")
    filed = EmailMessage.objects.get(pk=world["lost"].pk)
    assert (filed.foi_request_id, filed.match_method) == (world["request"].pk, "manual")
    assert filed.proposal_state == "pending"
