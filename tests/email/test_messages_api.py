"""``GET /api/v1/requests/{id}/messages/`` and the attachment download."""

import pytest
from rest_framework.test import APIClient

from requests_app.services.email_inbound import email_file
from tests.email.factories import IncomingEmailFactory, OutgoingEmailFactory
from tests.email.messages import coventry_reply, reply
from tests.factories import AuthorityFactory, FOIRequestFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(settings):
    """A public request: our request out, the authority's reply (a PDF attached) back."""
    settings.INBOUND_EMAIL_DOMAIN = "foi.example.org"
    authority = AuthorityFactory(email="infogov@coventry.gov.uk", default_regime="foia")
    foi_request = FOIRequestFactory(authority=authority, visibility="public")
    OutgoingEmailFactory(
        foi_request=foi_request,
        message_id="request-1@foi.example.org",
        sender=foi_request.reply_to_address,
    )
    email_file(coventry_reply(foi_request.reply_to_address), source="pipe")
    return foi_request


def _client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_the_owner_sees_the_thread_with_its_analysis_and_attachments(thread):
    answer = _client(thread.owner).get(f"/api/v1/requests/{thread.pk}/messages/")
    assert answer.status_code == 200
    ours, theirs = answer.json()
    assert (ours["direction"], ours["kind"], ours["status"]) == ("out", "request", "sent")
    assert ours["analysis"] is None and ours["attachments"] == []
    assert (theirs["direction"], theirs["kind"]) == ("in", "reply")
    assert theirs["message_id"] == "reply-20220713-1@coventry.gov.uk"
    assert theirs["recipients"] == [thread.reply_to_address]
    assert theirs["sent_at"] == "2022-07-13T16:02:00+01:00"  # 15:02 UTC, shown in UK time
    assert theirs["match_method"] == "token" and theirs["proposal_state"] == "pending"
    assert theirs["analysis"]["outcome"] == "refused"
    assert [e["code"] for e in theirs["analysis"]["exemptions"]] == ["foia-s24"]
    (attachment,) = theirs["attachments"]
    assert attachment["filename"] == "FOI429836404 response.pdf"
    assert attachment["content_type"] == "application/pdf"
    download = _client(thread.owner).get(attachment["download_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download.content.startswith(b"%PDF-") and len(download.content) == attachment["size"]


def test_others_see_a_public_thread_without_the_reply_addresss_secret(thread):
    answer = _client().get(f"/api/v1/requests/{thread.pk}/messages/")
    assert answer.status_code == 200
    assert thread.reply_token not in answer.content.decode()
    theirs = answer.json()[1]
    assert theirs["recipients"] == [f"foi+{'*' * 24}@foi.example.org"]
    attachment = theirs["attachments"][0]
    assert _client().get(attachment["download_url"]).status_code == 200


def test_a_private_request_s_messages_are_a_404_to_others(thread):
    thread.visibility = "private"
    thread.save()
    stranger = _client(UserFactory())
    assert stranger.get(f"/api/v1/requests/{thread.pk}/messages/").status_code == 404
    message = thread.email_messages.get(direction="in")
    attachment = message.attachments.get()
    url = f"/api/v1/requests/{thread.pk}/messages/{message.pk}/attachments/{attachment.pk}/"
    assert stranger.get(url).status_code == 404
    assert _client(thread.owner).get(url).status_code == 200
    # The ids must belong together: another request's id in the path finds nothing.
    mine = FOIRequestFactory(owner=thread.owner)
    wrong = f"/api/v1/requests/{mine.pk}/messages/{message.pk}/attachments/{attachment.pk}/"
    assert _client(thread.owner).get(wrong).status_code == 404


def test_an_attachment_that_could_run_in_a_browser_is_only_ever_downloaded(thread):
    message = email_file(
        reply(
            to=thread.reply_to_address,
            message_id="<html-attachment@coventry.gov.uk>",
            attachments=[("page.html", "text/html", b"<script>alert(document.cookie)</script>")],
        ),
        source="pipe",
    )
    attachment = message.attachments.get()
    url = f"/api/v1/requests/{thread.pk}/messages/{message.pk}/attachments/{attachment.pk}/"
    download = _client(thread.owner).get(url)
    assert download["Content-Type"] == "application/octet-stream"
    assert download["Content-Disposition"] == 'attachment; filename="page.html"'
    assert "sandbox" in download["Content-Security-Policy"]


def test_the_list_costs_three_queries_however_long_the_thread(thread, django_assert_num_queries):
    for n in range(5):
        message = IncomingEmailFactory(foi_request=thread, message_id=f"more-{n}@x")
        message.attachments.create(filename=f"{n}.txt", content=b"x", size=1)
    client = _client(thread.owner)
    # The request (visibility and "may manage" in one), its messages, their attachments.
    with django_assert_num_queries(3):
        answer = client.get(f"/api/v1/requests/{thread.pk}/messages/")
    assert len(answer.json()) == 7
