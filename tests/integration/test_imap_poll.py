"""The IMAP poller against a real Dovecot (tests/integration/dovecot.py).

These run the poll in the test's process with a filing function of the test's own, to see
what the poller does with the mailbox: what it moves, what it leaves, what it counts. Filing
through the real ``email_file`` is in test_imap_filing.py.
"""

from __future__ import annotations

import logging

import pytest

from foitracker.env import ImapMailbox, env_imap_url
from requests_app.services.email_imap import ATTEMPT_KEYWORD, ImapError, imap_poll

# Database access: the poller takes its per-message lock in PostgreSQL (none on SQLite).
pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def message(n: int, subject: str = "Your FOI request") -> bytes:
    return (
        f"From: foi@coventry.gov.uk\r\nTo: foi+token{n}@foi.example.org\r\n"
        f"Message-ID: <reply-{n}@coventry.gov.uk>\r\nSubject: {subject} {n}\r\n"
        f"Date: Thu, 03 Dec 2026 10:00:00 +0000\r\n\r\nReply number {n}.\r\n"
    ).encode()


@pytest.fixture
def mailbox(dovecot, settings) -> ImapMailbox:
    settings.INBOUND_IMAP = env_from_url(dovecot.url())
    settings.INBOUND_IMAP_PROCESSED_FOLDER = "Processed"
    settings.INBOUND_IMAP_ERROR_FOLDER = "Could not file"
    settings.INBOUND_IMAP_MAX_ATTEMPTS = 3
    return settings.INBOUND_IMAP


def env_from_url(url: str) -> ImapMailbox:
    import os

    os.environ["TEST_IMAP_URL"] = url
    try:
        mailbox = env_imap_url("TEST_IMAP_URL")
    finally:
        del os.environ["TEST_IMAP_URL"]
    assert mailbox is not None
    return mailbox


class Filer:
    """Records what it is given; raises for the Message-IDs it is told to refuse."""

    def __init__(self, refuse: tuple[int, ...] = ()):
        self.filed: list[bytes] = []
        self.refuse = {f"<reply-{n}@coventry.gov.uk>".encode() for n in refuse}

    def __call__(self, raw: bytes) -> None:
        if any(mid in raw for mid in self.refuse):
            raise ValueError("this message cannot be filed")
        self.filed.append(raw)


def test_each_message_is_filed_byte_for_byte_then_moved_to_the_processed_folder(dovecot, mailbox):
    for n in (1, 2, 3):
        dovecot.append(message(n))
    filer = Filer()

    result = imap_poll(file=filer)

    assert (result.found, result.filed, result.failed) == (3, 3, 0)
    assert filer.filed == [message(n) for n in (1, 2, 3)]  # the exact bytes, in order
    assert dovecot.message_ids() == []
    assert dovecot.message_ids("Processed") == [f"reply-{n}@coventry.gov.uk" for n in (1, 2, 3)]
    # A second poll finds nothing to do.
    assert imap_poll(file=filer).found == 0
    assert len(filer.filed) == 3


def test_a_message_that_fails_stays_put_and_does_not_hold_up_the_rest(dovecot, mailbox, caplog):
    for n in (1, 2, 3):
        dovecot.append(message(n))
    filer = Filer(refuse=(1,))

    with caplog.at_level(logging.ERROR, logger="requests_app.services.email_imap"):
        result = imap_poll(file=filer)

    assert (result.filed, result.failed) == (2, 1)
    assert dovecot.message_ids() == ["reply-1@coventry.gov.uk"]
    assert "could not be filed (try 1 of 3)" in caplog.text
    assert "this message cannot be filed" in caplog.text  # the traceback is logged

    # New mail arrives: it is filed before the failing message is tried again.
    dovecot.append(message(4))
    order: list[bytes] = []
    imap_poll(file=lambda raw: (order.append(raw), filer(raw)))
    assert order[0] == message(4)
    assert dovecot.message_ids("Processed")[-1] == "reply-4@coventry.gov.uk"


def test_after_max_attempts_a_failing_message_moves_to_the_error_folder(dovecot, mailbox, caplog):
    dovecot.append(message(1))
    filer = Filer(refuse=(1,))
    for _ in range(3):
        assert imap_poll(file=filer).failed == 1
    with dovecot.connect() as client:
        client.select("INBOX", readonly=True)
        _, flags = client.uid("FETCH", "1:*", "(FLAGS)")
    assert f"{ATTEMPT_KEYWORD}3".encode() in flags[0]  # each try counted on the message

    with caplog.at_level(logging.ERROR, logger="requests_app.services.email_imap"):
        result = imap_poll(file=filer)

    assert (result.failed, result.quarantined) == (0, 1)
    assert dovecot.message_ids() == []
    assert dovecot.message_ids("Could not file") == ["reply-1@coventry.gov.uk"]  # kept
    assert "failed to file 3 times: moved to 'Could not file'" in caplog.text
    assert len(filer.filed) == 0


def test_a_try_is_counted_before_filing_so_a_message_that_kills_the_poller_is_counted(
    dovecot, mailbox
):
    dovecot.append(message(1))

    class Crash(BaseException):  # like SIGKILL: nothing after it runs, not even except
        pass

    def crash(raw: bytes) -> None:
        raise Crash

    with pytest.raises(Crash):
        imap_poll(file=crash)
    with dovecot.connect() as client:
        client.select("INBOX", readonly=True)
        _, flags = client.uid("FETCH", "1:*", "(FLAGS)")
    assert f"{ATTEMPT_KEYWORD}1".encode() in flags[0]
    assert dovecot.message_ids() == ["reply-1@coventry.gov.uk"]


def test_a_message_another_poller_holds_is_left_to_it(dovecot, mailbox):
    from django.db import connection

    from requests_app.services.email_imap import message_lock_key

    if connection.vendor != "postgresql":
        pytest.skip("the per-message lock is PostgreSQL's (SQLite runs one poller)")
    import psycopg

    for n in (1, 2):
        dovecot.append(message(n))
    with dovecot.connect() as client:
        client.select("INBOX", readonly=True)
        _, validity = client.response("UIDVALIDITY")
    # Another poller, in its own database session, is filing message 1.
    other = psycopg.connect(**connection.get_connection_params(), autocommit=True)
    other.execute("SELECT pg_advisory_lock(%s)", [message_lock_key(mailbox, validity[0], "1")])
    filer = Filer()
    try:
        result = imap_poll(file=filer)
    finally:
        other.close()  # as when that poller dies: its lock goes with its connection

    assert (result.filed, result.busy) == (1, 1)
    assert filer.filed == [message(2)]
    assert dovecot.message_ids() == ["reply-1@coventry.gov.uk"]
    assert imap_poll(file=filer).filed == 1  # the next poll takes it
    assert dovecot.message_ids("Processed") == [f"reply-{n}@coventry.gov.uk" for n in (2, 1)]


def test_imaps_with_a_private_ca(dovecot, settings):
    dovecot.append(message(1))
    settings.INBOUND_IMAP = env_from_url(dovecot.url(tls=True))
    settings.INBOUND_IMAP_CA_FILE = str(dovecot.ca_file)
    filer = Filer()

    assert imap_poll(file=filer).filed == 1


def test_imaps_refuses_a_certificate_it_cannot_verify(dovecot, settings):
    import ssl

    settings.INBOUND_IMAP = env_from_url(dovecot.url(tls=True))
    settings.INBOUND_IMAP_CA_FILE = ""
    with pytest.raises(ssl.SSLCertVerificationError):
        imap_poll(file=Filer())


def test_a_wrong_password_is_an_error_naming_the_mailbox(dovecot, settings):
    url = dovecot.url().replace("battery", "wrong")
    settings.INBOUND_IMAP = env_from_url(url)
    with pytest.raises(ImapError, match=r"IMAP login as foi-inbox at 127\.0\.0\.1 refused"):
        imap_poll(file=Filer())


def test_no_mailbox_configured_means_no_polling(settings):
    settings.INBOUND_IMAP = None
    filer = Filer()
    assert imap_poll(file=filer).found == 0


def test_poll_imap_command_says_when_there_is_no_mailbox(settings):
    from django.core.management import CommandError, call_command

    settings.INBOUND_IMAP = None
    with pytest.raises(CommandError, match="INBOUND_IMAP_URL is not set"):
        call_command("poll_imap")


def test_poll_imap_command_reports_an_unreachable_server_as_an_error(dovecot, settings):
    from django.core.management import CommandError, call_command

    from tests.integration.dovecot import free_port

    settings.INBOUND_IMAP = env_from_url(dovecot.url(port=free_port()))  # nothing listens
    with pytest.raises(CommandError, match="Connection refused"):
        call_command("poll_imap")


def test_a_reply_delivered_twice_is_filed_once_against_its_request_and_both_copies_move(
    dovecot, mailbox, settings
):
    from requests_app.models import EmailMessage
    from tests import factories

    settings.INBOUND_EMAIL_DOMAIN = "foi.example.org"
    foi_request = factories.FOIRequestFactory(title="Prevent referrals")
    raw = (
        f"From: foi@coventry.gov.uk\r\nTo: {foi_request.reply_to_address}\r\n"
        "Message-ID: <twice@coventry.gov.uk>\r\nSubject: Your request FOI429836404\r\n"
        "Date: Wed, 13 Jul 2022 10:00:00 +0100\r\n\r\nWe do not hold this information.\r\n"
    ).encode()
    dovecot.append(raw)
    dovecot.append(raw)  # the provider delivered it twice

    result = imap_poll()

    assert (result.found, result.filed) == (2, 2)
    filed = EmailMessage.objects.get()
    assert (filed.message_id, filed.foi_request, filed.source) == (
        "twice@coventry.gov.uk",
        foi_request,
        "imap",
    )
    assert dovecot.message_ids() == []
    assert dovecot.message_ids("Processed") == ["twice@coventry.gov.uk"] * 2
