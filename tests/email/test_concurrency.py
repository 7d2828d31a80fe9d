"""Two processes filing the same message at the same moment file it once (PostgreSQL).

Both pass the "already filed?" check before either inserts (a barrier holds them there), so
the unique Message-ID constraint is what decides: the loser's transaction rolls back whole
and it returns the winner's row.
"""

import threading

import pytest
from django.db import connection

from requests_app.models import EmailAttachment, EmailMessage, InboundEmail
from requests_app.services import email_inbound
from requests_app.services.email_inbound import email_file
from tests.email.messages import coventry_reply
from tests.factories import AuthorityFactory, FOIRequestFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_filings_of_one_message_file_it_once(monkeypatch, settings, require_services):
    if connection.vendor != "postgresql":
        if require_services:
            pytest.fail("needs PostgreSQL (REQUIRE_SERVICES=1)")
        pytest.skip("threads cannot share the in-memory SQLite test database")
    settings.INBOUND_EMAIL_DOMAIN = "foi.example.org"
    foi_request = FOIRequestFactory(authority=AuthorityFactory(email="infogov@coventry.gov.uk"))
    raw = coventry_reply(foi_request.reply_to_address)
    barrier = threading.Barrier(2, timeout=30)
    read = email_inbound._read

    def read_then_wait(parsed):
        reading = read(parsed)
        barrier.wait()  # both have found no row with this Message-ID
        return reading

    monkeypatch.setattr(email_inbound, "_read", read_then_wait)
    results, errors = [], []

    def file_it(source):
        try:
            results.append(email_file(raw, source=source))
        except Exception as error:  # reported below, with the thread's error
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=file_it, args=(s,)) for s in ("imap", "pipe")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len({m.pk for m in results}) == 1
    assert sorted(m.filed_now for m in results) == [False, True]
    assert EmailMessage.objects.count() == 1
    assert EmailAttachment.objects.count() == 1
    assert not InboundEmail.objects.exists()
    filed = foi_request.history.filter(history_change_reason__startswith="Email reply filed")
    assert filed.count() == 1


def test_two_replies_to_one_request_filed_at_once_are_both_filed(
    monkeypatch, settings, require_services
):
    """Both write their message and attachment before either takes the request's row lock
    (for the history row): the second waits for the first to commit, and both are filed.
    (Django's foreign keys are checked at commit, so the inserts take no lock that the
    other's FOR UPDATE would wait on: no deadlock.)"""
    if connection.vendor != "postgresql":
        if require_services:
            pytest.fail("needs PostgreSQL (REQUIRE_SERVICES=1)")
        pytest.skip("threads cannot share the in-memory SQLite test database")
    settings.INBOUND_EMAIL_DOMAIN = "foi.example.org"
    foi_request = FOIRequestFactory(authority=AuthorityFactory(email="infogov@coventry.gov.uk"))
    raws = [
        coventry_reply(foi_request.reply_to_address, message_id=f"<reply-{n}@coventry.gov.uk>")
        for n in (1, 2)
    ]
    barrier = threading.Barrier(2, timeout=10)
    bulk_create = EmailAttachment.objects.bulk_create

    def create_then_wait(objs, *args, **kwargs):
        created = bulk_create(objs, *args, **kwargs)
        barrier.wait()  # both transactions have written their message
        return created

    monkeypatch.setattr(EmailAttachment.objects, "bulk_create", create_then_wait)
    results, errors = [], []

    def file_it(raw):
        try:
            results.append(email_file(raw, source="pipe"))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=file_it, args=(raw,)) for raw in raws]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sorted(m.filed_now for m in results) == [True, True]
    assert foi_request.email_messages.count() == 2
    assert not InboundEmail.objects.exists()
