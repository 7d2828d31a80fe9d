"""Replies by IMAP end to end with real parts (issue 14, "Real parts").

A real Dovecot (tests/integration/dovecot.py) holds the authority's reply (the Coventry
refusal letter as a PDF attachment, answering the request the tracker emailed to an aiosmtpd
server) and other mail. Two pollers run at once as separate processes against the same
PostgreSQL database: ``manage.py poll_imap`` (what cron or an operator runs) and a ``celery
worker`` running the beat task ``inbound_imap_poll`` from a real Redis broker (DB 4). The
first is killed (SIGKILL) mid-batch, at the worst moment: it has filed the reply and
committed, and its command to move the reply out of INBOX is held by a proxy. Meanwhile the
worker files the rest and leaves the reply, which the first poller holds (its lock on the
message); once the first is dead, the worker's next poll files the reply again, which files
nothing new, and moves it.

Without REQUIRE_SERVICES these tests skip when Redis, PostgreSQL or Dovecot is missing; with
REQUIRE_SERVICES=1 (CI) they fail instead.
"""

from __future__ import annotations

import datetime
import email
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.conf import settings

from foitracker.celery import app as celery_app
from requests_app.models import EmailMessage, FOIRequest, InboundEmail
from tests import factories
from tests.integration.dovecot import free_port
from tests.integration.processes import (
    ROOT,
    WAIT,
    HoldingProxy,
    Process,
    celery_worker,
    poll_imap,
    wait_for,
)
from tests.integration.replies import COVENTRY_LETTER, letter_pdf, reply
from tests.integration.services import database_url_for, redis_for

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REDIS_DB = 4
QUEUE = f"imap-test-{uuid.uuid4().hex[:12]}"
DOMAIN = "foi.example.org"


# --------------------------------------------------------------------------------------------
# Services
# --------------------------------------------------------------------------------------------


@pytest.fixture
def redis_url(require_services) -> Iterator[str]:
    """Our own DB on the broker's host (CI's CELERY_BROKER_URL), emptied for each test."""
    url, client = redis_for(REDIS_DB, require_services)
    client.flushdb()
    yield url
    client.flushdb()


@pytest.fixture
def database_url(require_services) -> str:
    return database_url_for(require_services, "a poller process")


@pytest.fixture
def inbound_domain(settings):
    settings.INBOUND_EMAIL_DOMAIN = DOMAIN
    return DOMAIN


@pytest.fixture
def base_env(database_url, dovecot, inbound_domain) -> dict[str, str]:
    """What every poller process sees: the test database, the same reply domain, and
    Dovecot over IMAPS with the certificate made for the run."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "foitracker.settings",
        "DEBUG": "true",
        "SECRET_KEY": settings.SECRET_KEY,
        "DATABASE_URL": database_url,
        "INBOUND_EMAIL_DOMAIN": inbound_domain,
        "INBOUND_IMAP_URL": dovecot.url(tls=True),
        "INBOUND_IMAP_CA_FILE": str(dovecot.ca_file),
        "INBOUND_IMAP_PROCESSED_FOLDER": "Processed",
        "LOG_LEVEL": "WARNING",
    }


@pytest.fixture
def processes() -> Iterator[list[Process]]:
    started: list[Process] = []
    yield started
    for process in started:
        process.stop()


# --------------------------------------------------------------------------------------------


# --------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------


def new_request(title: str, owner, authority=None) -> FOIRequest:
    authority = authority or factories.AuthorityFactory(
        name="Coventry City Council", nation="england", email="infogov@coventry.gov.uk"
    )
    return factories.FOIRequestFactory(
        owner=owner,
        authority=authority,
        title=title,
        text="Please provide the number of people under 18 referred for radicalisation "
        "concerns, by year, 2015 to 2022.",
        sent_on=datetime.date(2022, 6, 14),
        stage="awaiting_response",
    )


class Inbox:
    """The authority's SMTP server (aiosmtpd): keeps each message with its envelope."""

    def __init__(self):
        self.received: list[tuple[str, list[str], email.message.Message]] = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp(settings) -> Iterator[Inbox]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    yield inbox
    controller.stop()


def email_the_request(foi_request: FOIRequest, smtp: Inbox) -> email.message.Message:
    """Send the request from the tracker on 14 June 2022, as the requester does from its
    page (the send task run in this process), and return it as the authority received it."""
    from requests_app.services.email_sending import request_email_send

    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        with time_machine.travel(datetime.datetime(2022, 6, 14, 9, 30, tzinfo=datetime.UTC)):
            sent = request_email_send(foi_request=foi_request, sent_by=foi_request.owner)
    finally:
        celery_app.conf.task_always_eager = eager
    sent.refresh_from_db()
    assert sent.status == "sent", sent.last_error
    mail_from, recipients, message = smtp.received[-1]
    assert (mail_from, recipients) == (foi_request.reply_to_address, ["infogov@coventry.gov.uk"])
    assert message["Reply-To"] == foi_request.reply_to_address
    assert message["Message-ID"] == f"<{sent.message_id}>"
    return message


def coventry_reply(request: email.message.Message) -> tuple[bytes, str]:
    """The council answers the request from its mail client: Reply goes to Reply-To."""
    return reply(
        to=request["Reply-To"],
        subject=f"RE: {request['Subject']} [FOI429836404]",
        body="Dear Sir/Madam\n\nPlease find attached our response to your request.\n\n"
        "Information Governance\nCoventry City Council\n",
        in_reply_to=request["Message-ID"].strip("<>"),
        pdf=letter_pdf(COVENTRY_LETTER.read_text()),
        when=datetime.datetime(2022, 7, 13, 15, 12, tzinfo=datetime.UTC),
    )


def acknowledgement(foi_request: FOIRequest, n: int) -> tuple[bytes, str]:
    return reply(
        to=foi_request.reply_to_address,
        subject=f"Acknowledgement: {foi_request.title}",
        body=f"We acknowledge receipt of your request, reference FOI-{n:04d}. We will respond "
        "within 20 working days.\n",
        when=datetime.datetime(2022, 6, 15, 9, n, tzinfo=datetime.UTC),
    )


def poll_task(redis_url: str) -> None:
    """What beat does every INBOUND_IMAP_POLL_SECONDS: queue the poll task."""
    with celery_app.connection_for_write(redis_url) as conn:
        celery_app.send_task("requests_app.tasks.inbound_imap_poll", connection=conn, queue=QUEUE)


def check_analysis_and_confirm(filed: EmailMessage, foi_request: FOIRequest) -> None:
    """The reply's analysis reads the attached letter (refused under s24, its reference and
    date), and confirming the proposal (what "Confirm and record" does) records the response,
    links it to the message and moves the deadlines."""
    from requests_app.services.email_proposals import email_proposal_confirm, proposal_for

    analysis = filed.analysis
    assert analysis["outcome"] == "refused"
    assert [e["code"] for e in analysis["exemptions"]] == ["foia-s24"]
    assert (analysis["reference"], analysis["date"]) == ("FOI429836404", "2022-07-13")
    assert filed.proposal_state == "pending"

    foi_request.refresh_from_db()
    assert (foi_request.stage, foi_request.review_request_deadline) == ("awaiting_response", None)
    proposal = proposal_for(filed)
    assert (proposal.kind, proposal.received_on, proposal.outcome, proposal.reference) == (
        "substantive",
        datetime.date(2022, 7, 13),
        "refused",
        "FOI429836404",
    )
    assert proposal.exemption_codes == ["foia-s24"]
    # The requester confirms the proposal as it stands.
    response = email_proposal_confirm(
        message=filed,
        kind=proposal.kind,
        received_on=proposal.received_on,
        outcome=proposal.outcome,
        reference=proposal.reference,
        exemption_codes=proposal.exemption_codes,
    )
    filed.refresh_from_db()
    assert (filed.proposal_state, filed.response_id) == ("confirmed", response.pk)
    citation = response.citations.get()
    assert (citation.exemption.code, citation.public_interest_test) == ("foia-s24", True)

    foi_request.refresh_from_db()
    assert foi_request.answered_on == datetime.date(2022, 7, 13)
    assert foi_request.initial_outcome == "refused"
    assert foi_request.authority_reference == "FOI429836404"
    assert foi_request.stage != "awaiting_response"
    assert foi_request.review_request_deadline > datetime.date(2022, 7, 13)


def incoming_ids() -> list[str]:
    return list(EmailMessage.objects.filter(direction="in").values_list("message_id", flat=True))


# --------------------------------------------------------------------------------------------
# Scenarios
# --------------------------------------------------------------------------------------------


def test_two_pollers_at_once_file_every_message_exactly_once(dovecot, base_env, processes):
    owner = factories.UserFactory(email="campaigner@example.org")
    requests = [new_request(f"Prevent referrals {n}", owner) for n in range(8)]
    sent = [acknowledgement(foi_request, n) for n, foi_request in enumerate(requests)]
    for raw, _ in sent:
        dovecot.append(raw)

    first = poll_imap(base_env, processes, "first")
    second = poll_imap(base_env, processes, "second")
    for poller in (first, second):
        assert poller.wait() == 0, poller.output()

    ids = [message_id for _, message_id in sent]
    assert sorted(incoming_ids()) == sorted(ids)  # each once: the unique Message-ID held
    assert dovecot.message_ids() == []
    assert sorted(dovecot.message_ids("Processed")) == sorted(ids)
    for (_, message_id), foi_request in zip(sent, requests, strict=True):
        assert EmailMessage.objects.get(message_id=message_id).foi_request == foi_request


def test_the_reply_is_filed_once_and_confirmed_though_a_poller_dies_mid_batch(
    dovecot, base_env, redis_url, processes, smtp
):
    timings: dict[str, float] = {}
    began = time.monotonic()
    owner = factories.UserFactory(email="campaigner@example.org")
    foi_request = new_request("Prevent referrals", owner)
    others = [new_request(f"Channel panels {n}", owner, foi_request.authority) for n in range(4)]
    coventry_raw, coventry_id = coventry_reply(email_the_request(foi_request, smtp))
    mail = [(coventry_raw, coventry_id)] + [acknowledgement(r, n) for n, r in enumerate(others)]
    for raw, _ in mail:
        dovecot.append(raw)
    ids = [message_id for _, message_id in mail]

    # The first poller reaches Dovecot through the proxy that holds its first move.
    proxy = HoldingProxy(dovecot.port)
    doomed = poll_imap(
        {**base_env, "INBOUND_IMAP_URL": dovecot.url(port=proxy.port)}, processes, "doomed"
    )
    assert proxy.held.wait(WAIT), doomed.output()
    timings["first poller filed the reply"] = time.monotonic() - began
    # It filed the reply and committed; the reply has not left INBOX.
    assert incoming_ids() == [coventry_id]
    assert dovecot.message_ids() == ids

    # The second poller: a Celery worker running beat's task, from Redis.
    worker = celery_worker(
        {
            **base_env,
            "CELERY_BROKER_URL": redis_url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "CELERY_TASK_DEFAULT_QUEUE": QUEUE,
        },
        processes,
        "poller",
    )
    poll_task(redis_url)
    # Both are running: the second files and moves the four others, and leaves the reply,
    # which the first holds (its lock on the message).
    wait_for(
        lambda: len(dovecot.message_ids("Processed")) == 4,
        "the second poller's moves",
        output=worker.output,
    )
    assert dovecot.message_ids() == [coventry_id]
    assert doomed.process.poll() is None
    doomed.kill()  # SIGKILL, mid-batch: the reply filed but never moved
    proxy.close()
    timings["first poller killed"] = time.monotonic() - began

    poll_task(redis_url)  # beat's next poll files the reply again: nothing new, and moves it
    wait_for(lambda: dovecot.message_ids() == [], "INBOX emptied by the next poll")
    timings["every message filed and moved"] = time.monotonic() - began
    assert sorted(dovecot.message_ids("Processed")) == sorted(ids)
    assert sorted(incoming_ids()) == sorted(ids)  # each exactly once
    assert not InboundEmail.objects.exists()  # nothing left unfiled in the spool
    worker.stop()

    # A later poll finds nothing left to do.
    again = subprocess.run(
        [sys.executable, "manage.py", "poll_imap"], cwd=ROOT, env=base_env,
        capture_output=True, text=True, timeout=WAIT,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("found 0,")

    filed = EmailMessage.objects.get(message_id=coventry_id)
    assert (filed.foi_request, filed.kind, filed.source) == (foi_request, "reply", "imap")
    assert filed.match_method == "token"
    [attachment] = filed.attachments.all()
    assert attachment.filename == "FOI429836404 response.pdf"
    assert "Section 24(1) Safeguarding National Security" in attachment.extracted_text
    check_analysis_and_confirm(filed, foi_request)
    timings["confirmed"] = time.monotonic() - began
    print("timings (s):", {step: round(at, 2) for step, at in timings.items()})
