"""Sending requests, chasers and review requests by email: what the authority receives, what
the request becomes, and the claim that sends each message once (locmem backend)."""

from __future__ import annotations

import datetime
import email
import smtplib
from email.utils import parseaddr

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from requests_app.models import EmailMessage, FOIRequest, InternalReview
from requests_app.services.email_delivery import (
    email_message_claim,
    email_message_deliver,
    outgoing_emails_sweep,
)
from requests_app.services.email_inbound import email_file
from requests_app.services.email_proposals import email_proposal_dismiss
from requests_app.services.email_sending import (
    campaign_email_send,
    chaser_email_send,
    email_message_retry,
    request_email_send,
    review_request_email_send,
)
from requests_app.services.reminder_errors import TransientSendError
from requests_app.services.responses import response_record
from tests.email.messages import reply
from tests.factories import AuthorityFactory, CampaignFactory, FOIRequestFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.datetime(2024, 3, 4, 10, 0, tzinfo=datetime.UTC)  # a Monday


@pytest.fixture(autouse=True)
def _site(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DEFAULT_FROM_EMAIL = "FOI Tracker <requests@foi.example.org>"
    settings.INBOUND_EMAIL_DOMAIN = "foi.example.org"
    settings.INBOUND_EMAIL_PREFIX = "foi"
    settings.CELERY_TASK_ALWAYS_EAGER = False


@pytest.fixture
def queued(monkeypatch):
    """The ids queued at commit, instead of a broker."""
    ids: list[int] = []
    monkeypatch.setattr(
        "requests_app.services.email_delivery.enqueue", lambda name, pk: ids.append(pk)
    )
    return ids


def a_request(**kwargs) -> FOIRequest:
    authority = kwargs.pop("authority", None) or AuthorityFactory(
        name="Coventry City Council", email="foi@coventry.gov.uk"
    )
    owner = kwargs.pop("owner", None) or UserFactory(
        username="amira", first_name="Amira", last_name="Khan"
    )
    return FOIRequestFactory(
        authority=authority, owner=owner, sent_on=datetime.date(2024, 3, 1), **kwargs
    )


def received(index: int = -1) -> email.message.Message:
    return email.message_from_bytes(mail.outbox[index].message().as_bytes())


def deliver(message: EmailMessage) -> str:
    return email_message_deliver(message.pk)


@time_machine.travel(TODAY, tick=False)
def test_a_request_goes_from_the_site_with_replies_to_its_own_address(
    django_capture_on_commit_callbacks, queued
):
    foi_request = a_request()
    with django_capture_on_commit_callbacks(execute=True):
        message = request_email_send(foi_request=foi_request, sent_by=foi_request.owner)
    assert queued == [message.pk]
    assert deliver(message) == "sent"

    sent = received()
    assert sent["From"] == "FOI Tracker <requests@foi.example.org>"
    assert sent["To"] == "foi@coventry.gov.uk"
    assert sent["Reply-To"] == foi_request.reply_to_address
    assert sent["Subject"] == f"Freedom of Information request: {foi_request.title}"
    assert sent["Message-ID"] == f"<{message.message_id}>"
    body = sent.get_payload(decode=True).decode()
    assert "under section 1(1) of the Freedom of Information Act 2000" in body
    assert foi_request.text in body
    assert body.rstrip().endswith("Amira Khan")
    # Bounces come back to the tracker as well: the envelope sender is the reply address.
    assert mail.outbox[0].from_email == foi_request.reply_to_address

    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == ("sent", 1, "")
    assert message.sent_at == TODAY
    foi_request.refresh_from_db()
    # The request went today: the clock runs from today (Mon 4 Mar + 20 WD = Thu 4 Apr,
    # skipping Northern Ireland's 18 March, Good Friday and Easter Monday: FOIA s10(6)).
    assert (foi_request.sent_on, foi_request.received_on) == (TODAY.date(), TODAY.date())
    assert foi_request.response_due == datetime.date(2024, 4, 4)
    assert foi_request.history.count() == 2  # the old dates are kept


@time_machine.travel(TODAY, tick=False)
def test_the_requester_may_take_replies_at_their_own_address(queued):
    foi_request = a_request()
    request_email_send(foi_request=foi_request, sent_by=foi_request.owner, reply_to_own=True)
    deliver(EmailMessage.objects.get())
    assert received()["Reply-To"] == "amira@example.org"
    assert mail.outbox[0].from_email == foi_request.reply_to_address  # bounces still return


@time_machine.travel(TODAY, tick=False)
def test_no_authority_address_is_refused_naming_the_field(queued):
    foi_request = a_request(authority=AuthorityFactory(name="Quiet Council", email=""))
    with pytest.raises(ValidationError) as error:
        request_email_send(foi_request=foi_request, sent_by=foi_request.owner)
    assert (
        "Quiet Council has no FOI email address: the authority's email field is empty"
        in (error.value.message_dict["authority"][0])
    )
    assert not EmailMessage.objects.exists()
    foi_request.refresh_from_db()
    assert foi_request.sent_on == datetime.date(2024, 3, 1)  # nothing moved


@time_machine.travel(TODAY, tick=False)
def test_a_request_is_emailed_once_and_not_once_withdrawn_or_answered(queued):
    foi_request = a_request()
    request_email_send(foi_request=foi_request, sent_by=foi_request.owner)
    with pytest.raises(ValidationError, match="already being sent"):
        request_email_send(foi_request=foi_request, sent_by=foi_request.owner)
    withdrawn = a_request(owner=foi_request.owner, withdrawn_on=datetime.date(2024, 3, 1))
    with pytest.raises(ValidationError, match="withdrawn"):
        request_email_send(foi_request=withdrawn, sent_by=withdrawn.owner)
    answered = a_request(owner=foi_request.owner)
    response_record(
        foi_request=answered, received_on=datetime.date(2024, 3, 1), kind="acknowledgement"
    )
    with pytest.raises(ValidationError, match="already responded"):
        request_email_send(foi_request=answered, sent_by=answered.owner)
    assert EmailMessage.objects.count() == 1


@time_machine.travel(TODAY, tick=False)
def test_no_inbound_domain_means_nothing_can_be_sent(settings, queued):
    settings.INBOUND_EMAIL_DOMAIN = ""
    foi_request = a_request()
    with pytest.raises(ValidationError) as error:
        request_email_send(foi_request=foi_request, sent_by=foi_request.owner)
    assert "INBOUND_EMAIL_DOMAIN" in error.value.message_dict["reply_to_address"][0]


def test_a_duplicate_task_sends_nothing_and_a_claim_is_won_once(queued):
    with time_machine.travel(TODAY, tick=False):
        foi_request = a_request()
        message = request_email_send(foi_request=foi_request, sent_by=foi_request.owner)
        assert email_message_claim(message.pk, TODAY)
        assert not email_message_claim(message.pk, TODAY)  # the second claimant loses
        assert deliver(message) == "not-claimed"
    assert mail.outbox == []


def test_a_transient_failure_retries_with_the_same_message_id_then_fails_visibly(
    monkeypatch, queued
):
    with time_machine.travel(TODAY, tick=False):
        foi_request = a_request()
        message = request_email_send(foi_request=foi_request, sent_by=foi_request.owner)
    busy = smtplib.SMTPDataError(451, b"try again later")
    monkeypatch.setattr(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        lambda self, messages: (_ for _ in ()).throw(busy),
    )
    with time_machine.travel(TODAY, tick=False), pytest.raises(TransientSendError):
        email_message_deliver(message.pk, final_attempt=False, retry_delay=60)
    message.refresh_from_db()
    assert message.status == "queued"
    assert "451" in message.last_error
    assert message.queued_at == TODAY + datetime.timedelta(seconds=60)
    # The sweep leaves a row waiting for its retry alone.
    assert outgoing_emails_sweep(now=TODAY + datetime.timedelta(seconds=30)).queued == 0

    with time_machine.travel(TODAY, tick=False):
        assert email_message_deliver(message.pk, final_attempt=True) == "failed"
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", 2)
    assert "SMTPDataError: (451" in message.last_error

    monkeypatch.undo()
    monkeypatch.setattr(
        "requests_app.services.email_delivery.enqueue", lambda name, pk: queued.append(pk)
    )
    first_bytes = bytes(message.raw)
    with time_machine.travel(TODAY, tick=False):
        email_message_retry(message=message)
        assert deliver(message) == "sent"
    assert received()["Message-ID"] == f"<{message.message_id}>"
    assert mail.outbox[0].message().as_bytes() == first_bytes  # byte for byte


def test_a_permanent_refusal_fails_at_once_and_a_retry_goes_to_the_corrected_address(
    monkeypatch, queued
):
    with time_machine.travel(TODAY, tick=False):
        foi_request = a_request()
        message = request_email_send(foi_request=foi_request, sent_by=foi_request.owner)
    refused = smtplib.SMTPRecipientsRefused({"foi@coventry.gov.uk": (550, b"no such user")})
    monkeypatch.setattr(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        lambda self, messages: (_ for _ in ()).throw(refused),
    )
    assert email_message_deliver(message.pk, final_attempt=False) == "failed"
    monkeypatch.undo()
    monkeypatch.setattr(
        "requests_app.services.email_delivery.enqueue", lambda name, pk: queued.append(pk)
    )
    foi_request.authority.email = "information.governance@coventry.gov.uk"
    foi_request.authority.save()
    email_message_retry(message=message)
    assert deliver(message) == "sent"
    sent = received()
    assert sent["To"] == "information.governance@coventry.gov.uk"
    assert sent["Message-ID"] == f"<{message.message_id}>"
    assert sent["Reply-To"] == foi_request.reply_to_address
    with pytest.raises(ValidationError, match="only a message whose sending failed"):
        email_message_retry(message=message)


def test_a_stale_claim_is_taken_back_and_the_late_worker_cannot_overwrite_it(queued):
    with time_machine.travel(TODAY, tick=False):
        foi_request = a_request()
        message = request_email_send(foi_request=foi_request, sent_by=foi_request.owner)
        assert email_message_claim(message.pk, TODAY)  # a worker that then died
    later = TODAY + datetime.timedelta(hours=1)
    result = outgoing_emails_sweep(now=later)
    assert (result.unstuck, result.queued) == (1, 1)
    message.refresh_from_db()
    assert message.status == "queued"
    assert "stopped while sending" in message.last_error
    with time_machine.travel(later, tick=False):
        assert deliver(message) == "sent"
    assert len(mail.outbox) == 1


@time_machine.travel(datetime.datetime(2024, 4, 10, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_the_chaser_threads_under_the_request_once_the_answer_is_late(queued):
    foi_request = a_request()
    with time_machine.travel(TODAY, tick=False):
        first = request_email_send(foi_request=foi_request, sent_by=foi_request.owner)
        deliver(first)
    chaser = chaser_email_send(foi_request=foi_request, sent_by=foi_request.owner)
    deliver(chaser)
    sent = received()
    assert sent["Subject"] == f"Re: Freedom of Information request: {foi_request.title}"
    assert sent["In-Reply-To"] == f"<{first.message_id}>"
    assert sent["References"] == f"<{first.message_id}>"
    assert "your response was due by 4 April 2024" in sent.get_payload(decode=True).decode()
    with pytest.raises(ValidationError, match="already sent today"):
        chaser_email_send(foi_request=foi_request, sent_by=foi_request.owner)


@time_machine.travel(datetime.datetime(2024, 4, 10, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_no_chaser_while_an_emailed_reply_waits_to_be_confirmed(queued):
    foi_request = a_request()
    with time_machine.travel(TODAY, tick=False):
        deliver(request_email_send(foi_request=foi_request, sent_by=foi_request.owner))
    # The answer came by email (late), but nobody has confirmed what it says yet.
    message = email_file(reply(to=foi_request.reply_to_address), source="pipe")
    assert message.proposal_state == "pending"
    with pytest.raises(ValidationError) as error:
        chaser_email_send(foi_request=foi_request, sent_by=foi_request.owner)
    assert error.value.message_dict["kind"] == [
        "Coventry City Council replied by email on 10 Apr 2024: confirm or dismiss that "
        "reply (under Emails received on the request's page) before chasing"
    ]
    assert list(EmailMessage.objects.filter(kind="chaser")) == []
    email_proposal_dismiss(message=message)
    deliver(chaser_email_send(foi_request=foi_request, sent_by=foi_request.owner))
    assert len(mail.outbox) == 2


@time_machine.travel(TODAY, tick=False)
def test_no_chaser_before_the_response_is_late(queued):
    foi_request = a_request()
    with pytest.raises(ValidationError) as error:
        chaser_email_send(foi_request=foi_request, sent_by=foi_request.owner)
    assert error.value.message_dict["kind"] == ["the authority's response is not overdue"]


@time_machine.travel(datetime.datetime(2024, 4, 10, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_the_review_request_is_sent_in_the_thread_and_recorded(queued):
    foi_request = a_request(authority_reference="FOI-77")
    response_record(
        foi_request=foi_request,
        received_on=datetime.date(2024, 3, 20),
        kind="substantive",
        outcome="refused",
    )
    message = review_request_email_send(foi_request=foi_request, sent_by=foi_request.owner)
    deliver(message)
    sent = received()
    assert sent["Subject"].startswith("Re: Freedom of Information request:")
    assert "Request for an internal review" in sent.get_payload(decode=True).decode()
    review = InternalReview.objects.get(request=foi_request)
    assert review.requested_on == datetime.date(2024, 4, 10)
    with pytest.raises(ValidationError, match="already open"):
        review_request_email_send(foi_request=foi_request, sent_by=foi_request.owner)


@time_machine.travel(TODAY, tick=False)
def test_a_campaign_is_sent_in_one_action_all_or_none(django_capture_on_commit_callbacks, queued):
    owner = UserFactory(username="campaigner")
    campaign = CampaignFactory(owner=owner)
    requests = [
        a_request(
            owner=owner,
            campaign=campaign,
            authority=AuthorityFactory(email=f"foi{n}@council.example.gov.uk"),
        )
        for n in range(3)
    ]
    silent = a_request(owner=owner, campaign=campaign, authority=AuthorityFactory(name="Mute BC"))
    with pytest.raises(ValidationError) as error:
        campaign_email_send(campaign=campaign, foi_requests=[*requests, silent], sent_by=owner)
    [problem] = error.value.message_dict["requests"]
    assert problem.startswith("Mute BC: Mute BC has no FOI email address")
    assert not EmailMessage.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        sent = campaign_email_send(campaign=campaign, foi_requests=requests, sent_by=owner)
    assert len(sent) == 3
    assert sorted(queued) == sorted(m.pk for m in sent)
    assert len({m.message_id for m in sent}) == 3
    for message in sent:
        deliver(message)
    assert sorted(parseaddr(received(i)["To"])[1] for i in range(3)) == [
        f"foi{n}@council.example.gov.uk" for n in range(3)
    ]
    # A second press sends nothing more.
    with pytest.raises(ValidationError, match="no request of the campaign is left"):
        campaign_email_send(campaign=campaign, foi_requests=requests, sent_by=owner)


@time_machine.travel(datetime.datetime(2024, 4, 10, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_the_overdue_reminder_offers_the_chaser(settings):
    from requests_app.models import Reminder
    from requests_app.services.reminder_email import compose

    settings.SITE_URL = "https://foi.example.org"
    foi_request = a_request()
    foi_request.refresh_from_db()
    overdue = Reminder.objects.create(
        request=foi_request,
        kind="response_overdue",
        deadline=datetime.date(2024, 3, 28),
        recipient=foi_request.owner,
    )
    text = compose(overdue, datetime.date(2024, 4, 10)).body
    chaser = f"https://foi.example.org/requests/{foi_request.pk}/email/chaser/"
    assert f"Chase the authority by email (you see the letter before it goes): {chaser}" in text
    due_soon = Reminder.objects.create(
        request=foi_request,
        kind="response_due_3wd",
        deadline=datetime.date(2024, 3, 28),
        recipient=foi_request.owner,
    )
    assert "/email/chaser/" not in compose(due_soon, datetime.date(2024, 4, 10)).body


@time_machine.travel(TODAY, tick=False)
def test_a_failed_request_is_tried_again_not_sent_anew(queued):
    from requests_app.selectors.email_drafts import campaign_email_rows

    owner = UserFactory(username="campaigner")
    campaign = CampaignFactory(owner=owner)
    foi_request = a_request(owner=owner, campaign=campaign)
    message = request_email_send(foi_request=foi_request, sent_by=owner)
    EmailMessage.objects.filter(pk=message.pk).update(status="failed", last_error="550 no")
    with pytest.raises(ValidationError, match="failed: use “Try again”"):
        request_email_send(foi_request=foi_request, sent_by=owner)
    [row] = campaign_email_rows(owner, campaign)
    assert row.state == "failed"
    with pytest.raises(ValidationError, match="no request of the campaign is left"):
        campaign_email_send(campaign=campaign, foi_requests=[foi_request], sent_by=owner)
    assert EmailMessage.objects.count() == 1


@time_machine.travel(datetime.datetime(2024, 4, 10, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_no_review_request_of_a_request_granted_in_full_even_in_ones_own_words(queued):
    foi_request = a_request()
    response_record(
        foi_request=foi_request,
        received_on=datetime.date(2024, 3, 20),
        kind="substantive",
        outcome="granted",
    )
    with pytest.raises(ValidationError) as error:
        review_request_email_send(
            foi_request=foi_request, sent_by=foi_request.owner, text="Please review."
        )
    assert error.value.message_dict["kind"] == ["the authority granted the request in full"]
    assert not InternalReview.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_a_reply_to_the_sent_request_is_filed_against_it(queued):
    """What the authority's mail client does with our message comes back to the request: by
    the token in the reply address, or (written to the requester's own address and
    forwarded) by In-Reply-To alone."""
    from requests_app.services.email_inbound import email_file

    foi_request = a_request()
    message = request_email_send(foi_request=foi_request, sent_by=foi_request.owner)
    deliver(message)
    sent = received()
    reply = (
        f"From: foi@coventry.gov.uk\r\nTo: {sent['Reply-To']}\r\n"
        f"Subject: RE: {sent['Subject']}\r\nMessage-ID: <reply-1@coventry.gov.uk>\r\n"
        f"In-Reply-To: {sent['Message-ID']}\r\nDate: Tue, 5 Mar 2024 09:00:00 +0000\r\n\r\n"
        "We acknowledge your request.\r\n"
    ).encode()
    filed = email_file(reply, source="pipe")
    assert (filed.foi_request, filed.match_method) == (foi_request, "token")
    forwarded = reply.replace(sent["Reply-To"].encode(), b"someone@example.org").replace(
        b"reply-1@", b"reply-2@"
    )
    filed = email_file(forwarded, source="pipe")
    assert (filed.foi_request, filed.match_method) == (foi_request, "in_reply_to")
