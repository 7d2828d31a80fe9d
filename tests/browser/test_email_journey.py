"""Issue 14 in a real browser: a requester emails a new request to its authority after
reading the letter, sees it sent; a request to a body with no address says how to add one;
an overdue request is chased in its thread; a campaign goes out in one action. Desktop and
phone (390 px) width, axe-core on every page.

The clock is Monday 15 August 2022. The Celery task runs in the web process (eager) and the
mail backend is Django's locmem outbox, so the page shows the outcome at once.
"""

import datetime
import email

import pytest
import time_machine
from django.core import mail

from foitracker.celery import app as celery_app
from requests_app.models import EmailMessage
from requests_app.services.requests import foi_request_create
from tests import factories
from tests.browser.conftest import assert_accessible, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NOW = datetime.datetime(2022, 8, 15, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def world(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.INBOUND_EMAIL_DOMAIN = "foi.example.org"
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    with time_machine.travel(NOW, tick=True):
        owner = factories.UserFactory(
            username="amira", email="amira@example.org", first_name="Amira", last_name="Khan"
        )
        coventry = factories.AuthorityFactory(
            name="Coventry City Council", slug="coventry-city-council", email="foi@coventry.gov.uk"
        )
        quiet = factories.AuthorityFactory(name="Dudley Council", slug="dudley", email="")
        campaign = factories.CampaignFactory(owner=owner, name="Prevent", slug="prevent")

        def make(authority, title, sent_on=datetime.date(2022, 8, 15), **kwargs):
            return foi_request_create(
                owner=owner,
                authority=authority,
                title=title,
                text="1. How many under-18s were referred to Prevent in each year 2015-2021?",
                sent_on=sent_on,
                visibility="public",
                **kwargs,
            )

        yield {
            "new": make(coventry, "Prevent referrals 2015-2021"),
            "quiet": make(quiet, "Prevent referrals in Dudley"),
            "overdue": make(coventry, "Channel panels", sent_on=datetime.date(2022, 6, 15)),
            "campaign": [
                make(
                    factories.AuthorityFactory(name=f"{town} Council", email=f"foi@{town}.gov.uk"),
                    "Prevent (campaign)",
                    campaign=campaign,
                )
                for town in ("walsall", "solihull")
            ],
        }
    celery_app.conf.task_always_eager = eager


def sign_in(page):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("amira")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="My requests").wait_for()


def check(page, name):
    screenshot(page, f"14b-{name}")
    assert_accessible(page, name)


def test_a_request_is_read_then_sent_by_email_and_shown_sent(new_page, world):
    foi_request = world["new"]
    page = new_page()
    sign_in(page)
    page.goto(f"/requests/{foi_request.pk}/")
    page.get_by_role("link", name="Send the request by email").click()
    page.get_by_role("heading", name="Send the request by email").wait_for()
    page.get_by_text("I am writing to request information under section 1(1)").wait_for()
    check(page, "send-preview")
    page.get_by_role("button", name="Send to foi@coventry.gov.uk").click()
    page.get_by_text("Queued: the email to foi@coventry.gov.uk goes in a moment").wait_for()
    section = page.locator("#email").locator("xpath=following-sibling::ul[1]")
    assert "sent 15 Aug 2022" in section.inner_text()
    check(page, "request-sent")

    [sent] = mail.outbox
    parsed = email.message_from_bytes(sent.message().as_bytes())
    assert parsed["To"] == "foi@coventry.gov.uk"
    assert parsed["Reply-To"] == foi_request.reply_to_address
    assert EmailMessage.objects.get().status == "sent"


def test_no_address_says_how_to_add_one_and_an_overdue_request_is_chased(new_page, world):
    page = new_page()
    sign_in(page)
    page.goto(f"/requests/{world['quiet'].pk}/email/request/")
    page.get_by_text("Dudley Council has no FOI email address").wait_for()
    page.get_by_text("ask the site's staff to add Dudley Council's FOI email address").wait_for()
    assert page.get_by_role("button", name="Send to").count() == 0
    check(page, "send-no-address")

    page.goto(f"/requests/{world['overdue'].pk}/")
    page.get_by_role("link", name="Chase the overdue response").click()
    page.get_by_text("your response was due by 14 July 2022").wait_for()
    check(page, "chaser-preview")
    page.get_by_label("Have the authority reply to my own email address instead").check()
    page.get_by_role("button", name="Send to foi@coventry.gov.uk").click()
    page.get_by_text("Queued: the email to foi@coventry.gov.uk").wait_for()
    parsed = email.message_from_bytes(mail.outbox[-1].message().as_bytes())
    assert parsed["Subject"] == "Re: Freedom of Information request: Channel panels"
    assert parsed["Reply-To"] == "amira@example.org"


def test_a_campaign_is_sent_in_one_action(new_page, world):
    page = new_page()
    sign_in(page)
    page.goto("/campaigns/prevent/")
    page.get_by_role("link", name="Send every request by email").click()
    page.get_by_text("2 requests will be emailed").wait_for()
    check(page, "campaign-preview")
    page.get_by_role("button", name="Send 2 requests").click()
    page.get_by_text("Queued 2 requests to be emailed").wait_for()
    assert sorted(m.to[0] for m in mail.outbox) == ["foi@solihull.gov.uk", "foi@walsall.gov.uk"]
    assert set(EmailMessage.objects.values_list("status", flat=True)) == {"sent"}
