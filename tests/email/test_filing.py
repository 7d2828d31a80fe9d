"""Filing an incoming email (``email_file``): stored, matched, read and analysed, once."""

import datetime
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from requests_app.models import EmailMessage, InboundEmail
from requests_app.services import email_inbound
from requests_app.services.email_inbound import (
    EmailNotFiled,
    email_assign,
    email_file,
    inbound_emails_sweep,
)
from tests.email.factories import OutgoingEmailFactory
from tests.email.messages import coventry_letter, coventry_reply, delivery_report, reply
from tests.factories import AuthorityFactory, FOIRequestFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coventry_request(settings):
    settings.INBOUND_EMAIL_DOMAIN = "foi.example.org"
    authority = AuthorityFactory(
        name="Coventry City Council", email="infogov@coventry.gov.uk", default_regime="foia"
    )
    return FOIRequestFactory(authority=authority, visibility="private")


def test_a_reply_to_the_reply_address_is_filed_read_and_proposed(coventry_request):
    raw = coventry_reply(coventry_request.reply_to_address)
    message = email_file(raw, source="pipe")

    assert message.filed_now is True
    assert message.foi_request == coventry_request
    assert (message.direction, message.kind, message.match_method) == ("in", "reply", "token")
    assert message.message_id == "reply-20220713-1@coventry.gov.uk"
    assert message.sender == "infogov@coventry.gov.uk"
    assert message.recipients == [coventry_request.reply_to_address]
    assert message.sent_at == datetime.datetime(2022, 7, 13, 15, 2, tzinfo=datetime.UTC)
    assert "Please find attached our response" in message.body_text
    (attachment,) = message.attachments.all()
    assert attachment.filename == "FOI429836404 response.pdf"
    assert attachment.content_type == "application/pdf"
    assert bytes(attachment.content).startswith(b"%PDF-") and attachment.size > 1000
    assert "Section 24(1) Safeguarding National Security" in attachment.extracted_text
    # The analyser read the letter in the PDF: refused under s24, question 3 not held.
    analysis = message.analysis
    assert analysis["outcome"] == "refused"
    assert [e["code"] for e in analysis["exemptions"]] == ["foia-s24"]
    assert analysis["reference"] == "FOI429836404"
    assert [q["status"] for q in analysis["questions"]] == ["refused", "refused", "not_held"]
    start, end = analysis["exemptions"][0]["span"]
    assert analysis["text"][start:end].startswith("Section 24")
    assert message.proposal_state == "pending"
    assert bytes(message.raw) == raw
    # The request's history says so, and nothing is left in the spool.
    latest = coventry_request.history.order_by("-history_id").first()
    assert latest.history_change_reason.startswith("Email reply filed (Reply address)")
    assert not InboundEmail.objects.exists()


def test_the_same_message_twice_is_filed_once(coventry_request):
    raw = coventry_reply(coventry_request.reply_to_address)
    first = email_file(raw, source="pipe")
    again = email_file(raw, source="imap")
    assert again.pk == first.pk and again.filed_now is False
    assert EmailMessage.objects.count() == 1
    assert not InboundEmail.objects.exists()
    assert coventry_request.history.filter(history_change_reason__startswith="Email").count() == 1


def test_a_message_without_message_id_is_filed_once_whichever_way_it_arrived(coventry_request):
    raw = reply(to=coventry_request.reply_to_address, message_id=None, body=coventry_letter())
    first = email_file(raw, source="pipe")
    assert first.message_id.endswith("@derived.invalid")
    # Fetched again through IMAP: the server added its own trace headers on top.
    fetched = b"Return-Path: <infogov@coventry.gov.uk>\r\nDelivered-To: foi@example.org\r\n"
    again = email_file(fetched + raw, source="imap")
    assert again.pk == first.pk and again.filed_now is False


def test_a_reply_without_the_token_follows_the_thread_of_our_message(coventry_request):
    sent = OutgoingEmailFactory(foi_request=coventry_request, message_id="req-1@foi.example.org")
    by_in_reply_to = email_file(
        reply(to="someone@foi.example.org", in_reply_to=f"<{sent.message_id}>"), source="pipe"
    )
    assert by_in_reply_to.foi_request == coventry_request
    assert by_in_reply_to.match_method == "in_reply_to"
    by_references = email_file(
        reply(
            to="someone@foi.example.org",
            message_id="<reply-2@coventry.gov.uk>",
            references=f"<unknown@elsewhere> <{sent.message_id}>",
        ),
        source="pipe",
    )
    assert (by_references.foi_request, by_references.match_method) == (
        coventry_request,
        "references",
    )


def test_the_authoritys_reference_in_the_subject_finds_the_request(coventry_request):
    coventry_request.authority_reference = "FOI429836404"
    coventry_request.save()
    # Another body's request with the same reference is not a candidate.
    FOIRequestFactory(authority_reference="FOI429836404")
    message = email_file(
        reply(
            to="info@foi.example.org",
            subject="Your request FOI429836404 - response",
            sender="Info Gov <noreply@mail.coventry.gov.uk>",
        ),
        source="pipe",
    )
    assert (message.foi_request, message.match_method) == (coventry_request, "subject_reference")


def test_an_ambiguous_or_unknown_message_waits_unmatched(coventry_request):
    coventry_request.authority_reference = "FOI4298"
    coventry_request.save()
    FOIRequestFactory(authority=coventry_request.authority, authority_reference="FOI4298")
    message = email_file(
        reply(to="info@foi.example.org", subject="Your request FOI4298"), source="pipe"
    )
    assert message.foi_request is None and message.match_method == ""
    assert message.proposal_state == "none"
    # A token of another domain, or a token nobody has, matches nothing either.
    stray = email_file(
        reply(
            to=f"foi+{coventry_request.reply_token}@elsewhere.example.com",
            message_id="<stray@x>",
            subject="hello",
        ),
        source="pipe",
    )
    assert stray.foi_request is None


def test_a_bounce_is_filed_against_the_request_but_proposes_nothing(coventry_request):
    sent = OutgoingEmailFactory(foi_request=coventry_request, message_id="req-9@foi.example.org")
    message = email_file(
        delivery_report(to="bounces@foi.example.org", original_message_id=sent.message_id),
        source="pipe",
    )
    assert (message.kind, message.foi_request) == ("bounce", coventry_request)
    assert message.analysis is None and message.proposal_state == "none"
    assert "could not be delivered" in message.body_text


@pytest.mark.parametrize(
    ("headers", "subject", "body", "kind"),
    [
        (
            {"Auto-Submitted": "auto-replied"},
            "Automatic reply: FOI",
            "I am out of the office",
            "auto_reply",
        ),
        ({"X-Autoreply": "yes"}, "Re: FOI", "Thanks for your message.", "auto_reply"),
        ({"X-Autorespond": "yes"}, "Re: FOI", "Thanks for your message.", "auto_reply"),
        ({"Precedence": "bulk"}, "Re: FOI", "Newsletter", "auto_reply"),
        ({}, "Out of Office: Re: FOI", "Back on Monday.", "auto_reply"),
        ({"Auto-Submitted": "no"}, "Re: FOI", "Here is our answer.", "reply"),
        # An automatic acknowledgement of the request is kept as a reply, to be recorded.
        (
            {"Auto-Submitted": "auto-generated"},
            "Automatic reply: FOI",
            "We have received your request. Our reference is FOI123.",
            "reply",
        ),
    ],
)
def test_automatic_replies_are_never_taken_for_a_response(
    coventry_request, headers, subject, body, kind
):
    message = email_file(
        reply(to=coventry_request.reply_to_address, subject=subject, body=body, headers=headers),
        source="pipe",
    )
    assert message.kind == kind
    assert message.proposal_state == ("pending" if kind == "reply" else "none")


def test_an_html_only_body_is_sanitised_for_display_and_read_as_text(coventry_request):
    raw = reply(
        to=coventry_request.reply_to_address,
        body="placeholder",
        html='<p onclick="x()">We refuse under <b>section 24</b>.</p><script>alert(1)</script>'
        '<img src="https://tracker.example/p.gif"><a href="javascript:evil()">link</a>',
    )
    message = email_file(raw, source="pipe")
    assert "<b>section 24</b>" in message.body_html
    for hostile in ("onclick", "<script", "alert(1)", "<img", "javascript:"):
        assert hostile not in message.body_html
    # text/plain is kept when present.
    assert message.body_text.strip() == "placeholder"


def test_a_failure_after_storing_keeps_the_message_for_a_retry(coventry_request, monkeypatch):
    def broken(parsed):
        raise RuntimeError("matching broke")

    monkeypatch.setattr(email_inbound, "email_match", broken)
    raw = coventry_reply(coventry_request.reply_to_address)
    with pytest.raises(EmailNotFiled):
        email_file(raw, source="pipe")
    (spooled,) = InboundEmail.objects.all()
    assert bytes(spooled.raw) == raw and spooled.attempts == 1
    assert "matching broke" in spooled.last_error
    assert not EmailMessage.objects.exists()

    monkeypatch.undo()
    assert email_inbound.inbound_email_refile() == (1, 0)
    assert EmailMessage.objects.get().foi_request == coventry_request
    assert not InboundEmail.objects.exists()


def test_staff_assign_an_unmatched_reply_and_it_is_proposed(coventry_request):
    message = email_file(coventry_reply("nobody@foi.example.org"), source="pipe")
    assert message.foi_request is None and message.proposal_state == "none"
    staff = UserFactory(is_staff=True)
    assigned = email_assign(message=message, foi_request=coventry_request, user=staff)
    assert (assigned.foi_request, assigned.match_method) == (coventry_request, "manual")
    assert assigned.analysis["outcome"] == "refused" and assigned.proposal_state == "pending"
    latest = coventry_request.history.order_by("-history_id").first()
    assert latest.history_user == staff
    with pytest.raises(ValidationError):  # already filed
        email_assign(message=message, foi_request=FOIRequestFactory(), user=staff)
    with pytest.raises(ValidationError):  # ours, not received
        email_assign(message=OutgoingEmailFactory(), foi_request=coventry_request, user=staff)


def test_the_sweep_retries_failed_filings_but_not_fresh_or_hopeless_ones(
    coventry_request, settings
):
    settings.INBOUND_EMAIL_REFILE_AFTER = 300
    settings.INBOUND_EMAIL_MAX_ATTEMPTS = 3
    raw = coventry_reply(coventry_request.reply_to_address)
    failed_earlier = InboundEmail.objects.create(raw=raw, source="pipe", attempts=1)
    hopeless = InboundEmail.objects.create(
        raw=b"Message-ID: <h@x>\r\n\r\nx", source="imap", attempts=3
    )
    with time_machine.travel(timezone.now() + timedelta(seconds=10)):
        assert inbound_emails_sweep() == (0, 0)  # a filing may still be at work on it
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert inbound_emails_sweep() == (1, 0)
    assert EmailMessage.objects.get().foi_request == coventry_request
    assert list(InboundEmail.objects.all()) == [hopeless]
    assert not InboundEmail.objects.filter(pk=failed_earlier.pk).exists()


def test_staff_file_a_stored_message_again_from_the_admin(coventry_request, client):
    spooled = InboundEmail.objects.create(
        raw=coventry_reply(coventry_request.reply_to_address), source="pipe", attempts=7
    )
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    answer = client.post(
        "/admin/requests_app/inboundemail/",
        {"action": "file_again", "_selected_action": [spooled.pk]},
        follow=True,
    )
    assert "1 filed, 0 still failing." in answer.content.decode()
    assert EmailMessage.objects.get().foi_request == coventry_request


def _docx(text: str) -> bytes:
    import io

    import docx

    document = docx.Document()
    # One paragraph per line: docx_text does not read soft line breaks (w:br) yet.
    for line in text.split("\n"):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_word_and_text_attachments_are_read_and_others_kept_unread(coventry_request):
    from tests.letters.hostile_docx import zip_bomb

    big = b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024 + 1)
    message = email_file(
        reply(
            to=coventry_request.reply_to_address,
            attachments=[
                ("response.docx", "application/octet-stream", _docx(coventry_letter())),
                ("note.txt", "text/plain", b"Our reference FOI429836404."),
                ("logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
                ("huge.pdf", "application/pdf", big),
                (
                    "bomb.docx",
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    zip_bomb(200),
                ),
            ],
        ),
        source="pipe",
    )
    docx_file, text, logo, huge, bomb = message.attachments.all()
    assert "Section 24(1) Safeguarding National Security" in docx_file.extracted_text
    assert text.extracted_text == "Our reference FOI429836404."
    assert (logo.extracted_text, logo.extraction_error) == ("", "")  # not a document
    assert huge.extraction_error == "larger than 10 MB: not read"
    assert huge.size == len(big)  # kept whole, all the same
    assert bomb.extracted_text == "" and "limit" in bomb.extraction_error
    assert message.analysis["outcome"] == "refused"
