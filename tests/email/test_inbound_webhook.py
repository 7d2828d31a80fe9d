"""Replies through a hosted provider's inbound webhook (django-anymail), here Mailgun's
raw-MIME route: the provider's real request format, signature and basic auth."""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest

from requests_app.models import EmailMessage
from tests import factories
from tests.integration.replies import COVENTRY_LETTER, letter_pdf, reply

URL = "/anymail/mailgun/inbound_mime/"
SECRET = "mailgun:webhook-basic-auth-secret"
SIGNING_KEY = "key-mailgun-signing-for-tests"

pytestmark = pytest.mark.django_db


@pytest.fixture
def webhooks_on(settings):
    settings.INBOUND_EMAIL_DOMAIN = "foi.example.org"
    settings.INBOUND_WEBHOOK_SECRET = SECRET
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET, "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}


def mailgun_post(client, raw: bytes, *, key: str = SIGNING_KEY, auth: str = SECRET):
    timestamp, token = "1657725120", "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0"
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256)
    return client.post(
        URL,
        {
            "body-mime": raw.decode("utf-8"),
            "recipient": "ignored@foi.example.org",
            "sender": "infogov@coventry.gov.uk",
            "timestamp": timestamp,
            "token": token,
            "signature": signature.hexdigest(),
        },
        HTTP_AUTHORIZATION="Basic " + base64.b64encode(auth.encode()).decode(),
    )


def test_a_reply_posted_by_the_provider_is_filed_once_and_analysed(client, webhooks_on):
    foi_request = factories.FOIRequestFactory(title="Prevent referrals")
    raw, message_id = reply(
        to=foi_request.reply_to_address,
        subject="Your request FOI429836404",
        body="Please find attached our response.",
        pdf=letter_pdf(COVENTRY_LETTER.read_text()),
    )

    assert mailgun_post(client, raw).status_code == 200
    assert mailgun_post(client, raw).status_code == 200  # the provider retried

    filed = EmailMessage.objects.get()
    assert (filed.message_id, filed.foi_request, filed.source) == (
        message_id,
        foi_request,
        "webhook",
    )
    assert filed.match_method == "token"
    assert filed.analysis["outcome"] == "refused"
    assert filed.attachments.get().filename == "FOI429836404 response.pdf"


def test_a_forged_call_is_refused(client, webhooks_on):
    foi_request = factories.FOIRequestFactory()
    raw, _ = reply(to=foi_request.reply_to_address, subject="Forged", body="We refuse.")

    assert mailgun_post(client, raw, key="not-the-key").status_code == 400
    assert mailgun_post(client, raw, auth="mailgun:wrong").status_code == 400
    assert not EmailMessage.objects.exists()


def test_webhooks_are_off_without_a_secret(client, settings):
    settings.INBOUND_WEBHOOK_SECRET = ""
    foi_request = factories.FOIRequestFactory()
    raw, _ = reply(to=foi_request.reply_to_address, subject="Hello", body="Hello.")

    assert mailgun_post(client, raw).status_code == 404
    assert not EmailMessage.objects.exists()
