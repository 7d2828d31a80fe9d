"""Sending by email through the API: 202 with the queued message, 400 naming the field."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from rest_framework.test import APIClient

from foitracker.celery import app as celery_app
from requests_app.models import EmailMessage
from tests.factories import AuthorityFactory, CampaignFactory, FOIRequestFactory, UserFactory

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2024, 3, 4, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.INBOUND_EMAIL_DOMAIN = "foi.example.org"
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def eager():
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def a_request(email="foi@coventry.gov.uk", **kwargs):
    return FOIRequestFactory(
        authority=AuthorityFactory(name="Coventry City Council", email=email),
        sent_on=datetime.date(2024, 3, 1),
        **kwargs,
    )


def send_url(foi_request) -> str:
    return f"/api/v1/requests/{foi_request.pk}/send/"


def test_send_queues_the_request_and_its_status_follows_delivery(
    eager, django_capture_on_commit_callbacks
):
    foi_request = a_request()
    client = client_for(foi_request.owner)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(send_url(foi_request), {}, format="json")
    assert answer.status_code == 202, answer.json()
    body = answer.json()
    assert body["kind"] == "request"
    assert body["status"] == "queued"  # as stored; the worker sends it after commit
    assert body["recipients"] == ["foi@coventry.gov.uk"]
    assert body["subject"] == f"Freedom of Information request: {foi_request.title}"
    assert len(mail.outbox) == 1

    listed = client.get(f"/api/v1/requests/{foi_request.pk}/emails/").json()
    assert [(m["id"], m["status"]) for m in listed] == [(body["id"], "sent")]
    shown = client.get(f"/api/v1/requests/{foi_request.pk}/emails/{body['id']}/").json()
    assert shown["status"] == "sent"
    assert shown["message_id"] == body["message_id"]
    assert shown["sent_at"] == "2024-03-04T10:00:00Z"
    detail = client.get(f"/api/v1/requests/{foi_request.pk}/").json()
    assert detail["sent_on"] == "2024-03-04"
    assert detail["reply_to_address"] == foi_request.reply_to_address


def test_an_authority_without_an_address_is_a_400_naming_the_field():
    foi_request = a_request(email="")
    answer = client_for(foi_request.owner).post(send_url(foi_request), {}, format="json")
    assert answer.status_code == 400
    [reason] = answer.json()["authority"]
    assert "the authority's email field is empty" in reason


def test_sending_twice_a_chaser_too_early_or_a_bad_kind_are_400s():
    foi_request = a_request()
    client = client_for(foi_request.owner)
    assert client.post(send_url(foi_request), {}, format="json").status_code == 202
    again = client.post(send_url(foi_request), {}, format="json")
    assert again.status_code == 400
    assert again.json()["request"] == ["the request is already being sent by email"]
    chaser = client.post(send_url(foi_request), {"kind": "chaser"}, format="json")
    assert chaser.json() == {"kind": ["the authority's response is not overdue"]}
    bad = client.post(send_url(foi_request), {"kind": "telegram"}, format="json")
    assert bad.status_code == 400 and "kind" in bad.json()
    own = client.post(
        send_url(a_request(owner=UserFactory(email=""))), {"reply_to_own": True}, format="json"
    )
    assert own.status_code == 403  # someone else's request


def test_reply_to_own_needs_an_address_on_the_account():
    foi_request = a_request(owner=UserFactory(username="noaddress", email=""))
    answer = client_for(foi_request.owner).post(
        send_url(foi_request), {"reply_to_own": True}, format="json"
    )
    assert answer.status_code == 400
    assert "reply_to_own" in answer.json()


def test_only_whoever_manages_the_request_may_send_it():
    public = a_request(visibility="public")
    private = a_request(visibility="private")
    stranger = client_for(UserFactory(username="stranger"))
    assert stranger.post(send_url(public), {}, format="json").status_code == 403
    assert stranger.post(send_url(private), {}, format="json").status_code == 404
    assert APIClient().post(send_url(public), {}, format="json").status_code in (401, 403)
    assert not EmailMessage.objects.exists()


def test_a_campaign_send_queues_each_request_not_emailed_yet():
    owner = UserFactory(username="campaigner")
    campaign = CampaignFactory(owner=owner, slug="prevent")
    for n in range(2):
        FOIRequestFactory(
            owner=owner,
            campaign=campaign,
            authority=AuthorityFactory(email=f"foi{n}@council.example.gov.uk"),
            sent_on=datetime.date(2024, 3, 1),
        )
    client = client_for(owner)
    answer = client.post("/api/v1/campaigns/prevent/send/", {}, format="json")
    assert answer.status_code == 202, answer.json()
    assert answer.json()["queued"] == 2
    assert {m["status"] for m in answer.json()["messages"]} == {"queued"}
    again = client.post("/api/v1/campaigns/prevent/send/", {}, format="json")
    assert again.status_code == 400
    assert "no request of the campaign is left" in again.json()["requests"][0]
    other = client_for(UserFactory(username="other"))
    assert other.post("/api/v1/campaigns/prevent/send/", {}, format="json").status_code in (
        403,
        404,
    )


def test_only_a_failed_message_is_retried():
    foi_request = a_request()
    client = client_for(foi_request.owner)
    sent = client.post(send_url(foi_request), {}, format="json").json()
    retry = client.post(f"/api/v1/requests/{foi_request.pk}/emails/{sent['id']}/retry/")
    assert retry.status_code == 400
    assert retry.json() == {"message": ["only a message whose sending failed is retried"]}
    EmailMessage.objects.filter(pk=sent["id"]).update(status="failed", last_error="550 no")
    retry = client.post(f"/api/v1/requests/{foi_request.pk}/emails/{sent['id']}/retry/")
    assert retry.status_code == 202
    assert retry.json()["status"] == "queued"
    assert retry.json()["message_id"] == sent["message_id"]
