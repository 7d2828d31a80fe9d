"""Send by email from the web: the letter shown first, sent on confirmation, its status and
a retry on the request page; a campaign's requests in one action."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail

from foitracker.celery import app as celery_app
from requests_app.models import EmailMessage
from requests_app.services.email_inbound import email_file
from requests_app.services.email_proposals import email_proposal_dismiss
from tests import factories
from tests.email.messages import coventry_reply
from tests.web.conftest import make_request, refuse_s24

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.INBOUND_EMAIL_DOMAIN = "foi.example.org"
    settings.DEFAULT_FROM_EMAIL = "FOI Tracker <requests@foi.example.org>"


@pytest.fixture
def eager():
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def council(db):
    return factories.AuthorityFactory(
        name="Coventry City Council", slug="coventry", email="foi@coventry.gov.uk"
    )


def page(client, foi_request) -> str:
    return client.get(f"/requests/{foi_request.pk}/").content.decode()


def test_the_request_page_offers_the_send_and_shows_the_letter_first(
    campaigner_client, campaigner, council
):
    foi_request = make_request(
        campaigner, council, sent_on=datetime.date(2022, 8, 15), text="How many referrals?"
    )
    html = page(campaigner_client, foi_request)
    assert 'id="email"' in html
    assert f'href="/requests/{foi_request.pk}/email/request/"' in html
    assert foi_request.reply_to_address in html

    preview = campaigner_client.get(f"/requests/{foi_request.pk}/email/request/")
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "foi@coventry.gov.uk" in text
    assert "requests@foi.example.org" in text
    assert "section 1(1) of the Freedom of Information Act 2000" in text
    assert "How many referrals?" in text
    assert "Have the authority reply to my own email address instead" in text
    assert "Send to foi@coventry.gov.uk" in text
    assert not EmailMessage.objects.exists()  # showing it sends nothing


def test_confirming_sends_it_and_the_page_shows_it_sent(
    campaigner_client, campaigner, council, eager, django_capture_on_commit_callbacks
):
    foi_request = make_request(campaigner, council, text="How many referrals?")
    with django_capture_on_commit_callbacks(execute=True):
        answer = campaigner_client.post(
            f"/requests/{foi_request.pk}/email/request/", {"reply_to_own": "on"}
        )
    assert answer.status_code == 302
    assert answer["Location"] == f"/requests/{foi_request.pk}/#email"
    [sent] = mail.outbox
    assert sent.message().as_bytes().count(b"Reply-To: campaigner@example.org") == 1
    html = page(campaigner_client, foi_request)
    assert "Queued: the email to foi@coventry.gov.uk goes in a moment" in html
    assert "sent 15 Aug 2022" in html
    assert "Sent</dt><dd>15 August 2022" in html.replace("\n", "")  # the new sent date


def test_an_authority_without_an_address_says_how_to_add_one(campaigner_client, campaigner):
    quiet = factories.AuthorityFactory(name="Quiet Council", email="")
    foi_request = make_request(campaigner, quiet, text="How many?")
    preview = campaigner_client.get(f"/requests/{foi_request.pk}/email/request/")
    text = preview.content.decode()
    assert "Quiet Council has no FOI email address: the authority&#x27;s email field is empty" in (
        text
    )
    assert "ask the site's staff to add Quiet Council's FOI email address" in text
    assert "email-send-form" not in text  # no send button
    refused = campaigner_client.post(f"/requests/{foi_request.pk}/email/request/", {})
    assert refused.status_code == 400
    assert not EmailMessage.objects.exists()


def test_a_failed_send_shows_the_error_and_can_be_tried_again(
    campaigner_client, campaigner, council
):
    foi_request = make_request(campaigner, council, text="How many referrals?")
    campaigner_client.post(f"/requests/{foi_request.pk}/email/request/", {})
    message = EmailMessage.objects.get()
    EmailMessage.objects.filter(pk=message.pk).update(
        status="failed", last_error="SMTPRecipientsRefused: 550 no such user"
    )
    html = page(campaigner_client, foi_request)
    assert "not sent" in html and "550 no such user" in html
    assert f'action="/requests/{foi_request.pk}/emails/{message.pk}/retry/"' in html
    answer = campaigner_client.post(f"/requests/{foi_request.pk}/emails/{message.pk}/retry/")
    assert answer.status_code == 302
    message.refresh_from_db()
    assert message.status == "queued"


def test_others_cannot_send_or_see_the_email_section(client, campaigner, council):
    foi_request = make_request(campaigner, council, text="How many?")
    stranger = factories.UserFactory(username="stranger")
    client.force_login(stranger)
    assert 'id="email"' not in page(client, foi_request)
    assert client.get(f"/requests/{foi_request.pk}/email/request/").status_code == 403
    assert client.post(f"/requests/{foi_request.pk}/email/request/", {}).status_code == 403
    assert not EmailMessage.objects.exists()


def test_chaser_and_review_request_are_offered_when_they_apply(
    campaigner_client, campaigner, council
):
    overdue = make_request(campaigner, council, title="Overdue one", text="How many?")
    html = page(campaigner_client, overdue)
    assert f'href="/requests/{overdue.pk}/email/chaser/"' in html
    # It was evidently sent already: sending it again would restart its clock.
    assert f'href="/requests/{overdue.pk}/email/request/"' not in html
    again = campaigner_client.get(f"/requests/{overdue.pk}/email/request/").content.decode()
    assert "This request is recorded as sent on 15 June 2022. If you already sent it" in again
    chaser = campaigner_client.get(f"/requests/{overdue.pk}/email/chaser/").content.decode()
    # 20 working days from 15 June 2022, skipping Northern Ireland's 12 July (FOIA s10(6)).
    assert "your response was due by 14 July 2022" in chaser

    refused = make_request(campaigner, council, title="Refused one", text="How many?")
    refuse_s24(refused)
    html = page(campaigner_client, refused)
    assert f'href="/requests/{refused.pk}/email/review-request/"' in html
    assert f'href="/requests/{refused.pk}/email/chaser/"' not in html
    review = campaigner_client.get(f"/requests/{refused.pk}/email/review-request/")
    assert 'name="text"' in review.content.decode()  # the letter can be edited first
    answer = campaigner_client.post(
        f"/requests/{refused.pk}/email/review-request/", {"text": "Please review it. A. Khan"}
    )
    assert answer.status_code == 302
    message = EmailMessage.objects.get(kind="review_request")
    assert message.body_text == "Please review it. A. Khan\n"
    assert refused.reviews.get().requested_on == datetime.date(2022, 8, 15)


def test_a_campaign_is_sent_from_its_page_in_one_action(campaigner_client, campaigner):
    campaign = factories.CampaignFactory(owner=campaigner, slug="prevent", name="Prevent")
    for n in range(2):
        make_request(
            campaigner,
            factories.AuthorityFactory(name=f"Council {n}", email=f"foi{n}@council.gov.uk"),
            campaign=campaign,
            text="How many referrals?",
        )
    desk = campaigner_client.get("/campaigns/prevent/").content.decode()
    assert 'href="/campaigns/prevent/email/"' in desk
    preview = campaigner_client.get("/campaigns/prevent/email/").content.decode()
    assert "2 requests will be emailed" in preview
    assert "foi0@council.gov.uk" in preview and "foi1@council.gov.uk" in preview
    assert "Send 2 requests" in preview
    answer = campaigner_client.post("/campaigns/prevent/email/", {})
    assert answer.status_code == 302
    assert EmailMessage.objects.filter(kind="request", status="queued").count() == 2
    again = campaigner_client.get("/campaigns/prevent/email/").content.decode()
    assert "No request of this campaign is ready to send" in again
    assert again.count("already emailed") == 2


def test_a_reply_waiting_to_be_confirmed_is_pointed_at_instead_of_sending_the_request(
    campaigner_client, campaigner, council
):
    # Sent by hand, not by the tracker; the authority's reply came to the reply address.
    foi_request = make_request(campaigner, council, sent_on=datetime.date(2022, 8, 15))
    reply = email_file(coventry_reply(foi_request.reply_to_address), source="pipe")
    assert reply.proposal_state == "pending"
    html = page(campaigner_client, foi_request)
    assert f'href="/requests/{foi_request.pk}/email/request/"' not in html
    assert "Send the request by email" not in html
    assert "Nothing to send by email at the moment." not in html
    assert f'href="#received-{reply.pk}"' in html
    assert "Coventry City Council has replied by email" in html

    # Once the reply is dismissed (not a response), sending the request is offered again.
    email_proposal_dismiss(message=reply)
    html = page(campaigner_client, foi_request)
    assert f'href="/requests/{foi_request.pk}/email/request/"' in html
    assert f'href="#received-{reply.pk}"' not in html
