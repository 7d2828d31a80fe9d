"""What follows a filed reply (issue 14, "Reading the reply"): the requester confirms or
corrects the proposed response in one step, and the deadlines move; an acknowledgement is
recorded without asking; the requester is emailed that a reply arrived.

Deadline checked: the FOIA internal review window, 40 working days after the response, on the
FOIA s10(6) calendar (../shared/foi-law.md, "Time limits" and "Calendars").
"""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from requests_app.models import EmailMessage
from requests_app.services.email_inbound import email_file
from requests_app.services.email_proposals import (
    email_proposal_confirm,
    email_proposal_dismiss,
    proposal_for,
)
from requests_app.tasks import email_reply_notify
from tests.email.messages import coventry_reply, reply
from tests.factories import AuthorityFactory, FOIRequestFactory

pytestmark = pytest.mark.django_db

ACKNOWLEDGEMENT = """Dear Ms Khan,

Thank you for your request for information, which we received on 2 June 2022 and have
logged under reference FOI429836404. We will respond within 20 working days, by 30 June 2022.

Information Governance, Coventry City Council
"""


@pytest.fixture
def coventry_request(settings):
    settings.INBOUND_EMAIL_DOMAIN = "foi.example.org"
    authority = AuthorityFactory(
        name="Coventry City Council", email="infogov@coventry.gov.uk", default_regime="foia"
    )
    return FOIRequestFactory(
        authority=authority, visibility="private", owner__email="campaigner@example.org"
    )


def test_confirming_the_proposal_records_the_refusal_and_moves_the_deadlines(coventry_request):
    message = email_file(coventry_reply(coventry_request.reply_to_address), source="pipe")
    proposal = proposal_for(message)
    assert (proposal.outcome, proposal.exemption_codes) == ("refused", ["foia-s24"])
    assert proposal.received_on == datetime.date(2022, 7, 13)

    response = email_proposal_confirm(
        message=message,
        kind=proposal.kind,
        received_on=proposal.received_on,
        outcome=proposal.outcome,
        reference=proposal.reference,
        exemption_codes=proposal.exemption_codes,
    )

    message.refresh_from_db()
    coventry_request.refresh_from_db()
    assert (message.proposal_state, message.response) == ("confirmed", response)
    assert [c.exemption.code for c in response.citations.all()] == ["foia-s24"]
    # The analyser's per-question reading is kept: question 3 is not held.
    assert [q.status for q in response.questions.order_by("number")] == [
        "refused",
        "refused",
        "not_held",
    ]
    assert coventry_request.initial_outcome == "refused"
    assert coventry_request.authority_reference == "FOI429836404"
    # 40 WD from the response of 13 July 2022 (s45 Code of Practice, Part 5), skipping 1 Aug
    # (Scotland) and 29 Aug: FOIA s10(6) counts bank holidays in any part of the UK.
    assert coventry_request.review_request_deadline == datetime.date(2022, 9, 9)


def test_a_corrected_proposal_records_what_the_requester_chose(coventry_request):
    message = email_file(coventry_reply(coventry_request.reply_to_address), source="pipe")
    response = email_proposal_confirm(
        message=message,
        kind="substantive",
        received_on=datetime.date(2022, 7, 14),
        outcome="partial",
        exemption_codes=["foia-s24", "foia-s31"],
    )
    assert response.outcome == "partial"
    assert response.received_on == datetime.date(2022, 7, 14)
    assert sorted(c.exemption.code for c in response.citations.all()) == ["foia-s24", "foia-s31"]
    # Corrected outcome: the analyser's per-question statuses no longer stand.
    assert not response.questions.exists()


def test_a_proposal_is_recorded_once_and_bad_corrections_save_nothing(coventry_request):
    message = email_file(coventry_reply(coventry_request.reply_to_address), source="pipe")
    with pytest.raises(ValidationError) as error:
        email_proposal_confirm(
            message=message,
            kind="substantive",
            received_on=datetime.date(2022, 7, 13),
            outcome="refused",
            exemption_codes=["eir-r12-5-a"],
        )
    assert "exemption_codes" in error.value.message_dict
    message.refresh_from_db()
    assert message.proposal_state == "pending" and not coventry_request.responses.exists()

    email_proposal_confirm(
        message=message,
        kind="substantive",
        received_on=datetime.date(2022, 7, 13),
        outcome="refused",
    )
    with pytest.raises(ValidationError, match="no proposal awaiting you"):
        email_proposal_confirm(
            message=message,
            kind="substantive",
            received_on=datetime.date(2022, 7, 13),
            outcome="refused",
        )
    assert coventry_request.responses.count() == 1


def test_dismissing_records_nothing(coventry_request):
    message = email_file(coventry_reply(coventry_request.reply_to_address), source="pipe")
    email_proposal_dismiss(message=message)
    message.refresh_from_db()
    assert message.proposal_state == "dismissed"
    assert not coventry_request.responses.exists()


def test_an_acknowledgement_is_recorded_without_asking(coventry_request):
    raw = reply(to=coventry_request.reply_to_address, body=ACKNOWLEDGEMENT)
    message = email_file(raw, source="pipe")
    message.refresh_from_db()
    assert message.proposal_state == "confirmed"
    (response,) = coventry_request.responses.all()
    assert (response.kind, response.received_on) == ("acknowledgement", datetime.date(2022, 7, 13))
    assert message.response == response


def test_the_requester_is_emailed_once_that_a_reply_arrived(coventry_request, mailoutbox):
    message = email_file(coventry_reply(coventry_request.reply_to_address), source="pipe")
    assert email_reply_notify(message.pk) == "sent"
    assert email_reply_notify(message.pk) != "sent"  # a re-run task sends nothing more
    (sent,) = mailoutbox
    assert sent.to == ["campaigner@example.org"]
    assert "Coventry City Council" in sent.subject
    assert f"/requests/{coventry_request.pk}/" in sent.body
    assert "confirm" in sent.body
    assert EmailMessage.objects.get(pk=message.pk).requester_notified_at is not None
    assert len(mail.outbox) == 1


def test_a_failed_notice_gives_its_claim_back_for_the_retry(coventry_request, settings, mailoutbox):
    message = email_file(coventry_reply(coventry_request.reply_to_address), source="pipe")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    with pytest.raises(OSError):  # nothing listens on port 9: the task's autoretry catches this
        email_reply_notify.run(message.pk)
    assert EmailMessage.objects.get(pk=message.pk).requester_notified_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert email_reply_notify.run(message.pk) == "sent"
    assert len(mail.outbox) == 1


def test_a_visitor_reading_a_public_reply_never_sees_the_reply_token(coventry_request, client):
    # A reply quoting the request's reply address: whoever knows the token can file mail
    # against the request, so only those who manage it see the address in full.
    coventry_request.visibility = "public"
    coventry_request.save(update_fields=["visibility"])
    address = coventry_request.reply_to_address
    body = f"Dear requester,\n\nOn 1 June 2022 <{address}> wrote:\n> Please provide...\n"
    email_file(reply(to=address, body=body, subject=f"RE: {address}"), source="pipe")

    page = client.get(f"/requests/{coventry_request.pk}/").content.decode()
    assert "Emails received" in page
    assert coventry_request.reply_token not in page
    assert "*" * len(coventry_request.reply_token) in page
