"""Sending requests by email end to end with real parts (issue 14, "Real parts").

A real Redis broker (DB 3: the reminder pipeline's tests use 5), real ``celery worker``
processes, and a real SMTP server (aiosmtpd) that records every message it accepts with its
envelope. The test process writes the rows through the services and publishes their tasks to
the same Redis queue the workers read; PostgreSQL, committed (``transaction=True``), is the
database both sides open.

Without REQUIRE_SERVICES these tests skip when Redis or PostgreSQL is missing; with
REQUIRE_SERVICES=1 (CI) they fail instead.
"""

from __future__ import annotations

import asyncio
import datetime
import email
import os
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings as django_settings

from foitracker.celery import app as celery_app
from requests_app.models import EmailMessage
from requests_app.services.email_delivery import outgoing_emails_sweep
from requests_app.services.email_sending import campaign_email_send, request_email_send
from tests import factories
from tests.integration.services import database_url_for, redis_for
from tests.integration.test_reminder_pipeline import (  # the shared machinery, not its tests
    WAIT,
    Worker,
    free_port,
)

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REDIS_DB = 3
QUEUE = f"email-send-test-{uuid.uuid4().hex[:12]}"
DOMAIN = "foi.example.org"
FROM = "FOI Tracker <requests@foi.example.org>"


@pytest.fixture
def redis_url(require_services) -> Iterator[str]:
    url, client = redis_for(REDIS_DB, require_services)
    client.delete(QUEUE)  # only our own queue: other users of the DB keep theirs
    yield url
    client.delete(QUEUE)


@pytest.fixture
def database_url(require_services) -> str:
    return database_url_for(require_services)


class RecordingHandler:
    """Records each accepted message with its envelope. ``refuse``: answer DATA with 451 for
    that many messages. ``crash_after_accept``: store the n-th message, then hang instead of
    answering 250, so the test can kill the worker after the server has the message."""

    def __init__(self):
        self.received: list[tuple[str, list[str], email.message.Message, bytes]] = []
        self.refuse = 0
        self.refused = 0
        self.crash_after_accept: int | None = None
        self.stalled = threading.Event()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.refused < self.refuse:
                self.refused += 1
                return "451 4.3.0 Mailbox busy, try again later"
            parsed = email.message_from_bytes(envelope.content)
            self.received.append(
                (envelope.mail_from, list(envelope.rcpt_tos), parsed, envelope.content)
            )
            stall = len(self.received) == self.crash_after_accept
        if stall:
            self.stalled.set()
            await asyncio.sleep(10)
        return "250 Message accepted for delivery"

    def by_message_id(self) -> Counter:
        with self.lock:
            return Counter(m["Message-ID"] for _, _, m, _ in self.received)


@pytest.fixture
def smtp():
    handler = RecordingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port  # type: ignore[attr-defined]
    yield handler
    controller.stop()


@pytest.fixture
def site(settings):
    settings.INBOUND_EMAIL_DOMAIN = DOMAIN
    settings.DEFAULT_FROM_EMAIL = FROM
    settings.EMAIL_SEND_SENDING_TIMEOUT = 2  # as the workers have it


@pytest.fixture
def broker(redis_url, monkeypatch):
    """This process publishes to the workers' queue: the services' commit-time queueing goes
    to the test's Redis DB and its own queue name."""
    from kombu import pools

    def reset_pools():
        # kombu keeps connection pools in a global registry: forget them, so the next publish
        # opens one for the broker configured now (tests/test_holiday_outbox.py does the same).
        pools.reset()
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    conf = celery_app.conf
    saved = (conf.broker_url, conf.broker_transport_options, conf.task_always_eager)
    reset_pools()
    monkeypatch.setenv("CELERY_BROKER_URL", redis_url)
    conf.broker_url, conf.broker_transport_options, conf.task_always_eager = redis_url, {}, False
    monkeypatch.setattr(
        "requests_app.services.email_delivery.enqueue",
        lambda name, *args: celery_app.send_task(name, args=args, queue=QUEUE),
    )
    try:
        yield redis_url
    finally:
        reset_pools()
        conf.broker_url, conf.broker_transport_options, conf.task_always_eager = saved


@pytest.fixture
def start_worker(redis_url, database_url, smtp):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "foitracker.settings",
        "DEBUG": "true",
        "SECRET_KEY": django_settings.SECRET_KEY,
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_TASK_DEFAULT_QUEUE": QUEUE,
        "CELERY_VISIBILITY_TIMEOUT": "8",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "EMAIL_TIMEOUT": "20",
        "INBOUND_EMAIL_DOMAIN": DOMAIN,
        "EMAIL_SEND_SENDING_TIMEOUT": "2",
        "EMAIL_SEND_REQUEUE_AFTER": "3",
        "EMAIL_SEND_RETRY_BACKOFF": "1",
        "EMAIL_SEND_RETRY_BACKOFF_MAX": "2",
        "EMAIL_SEND_MAX_RETRIES": "3",
        "LOG_LEVEL": "WARNING",
    }
    workers: list[Worker] = []

    def start(*names: str) -> list[Worker]:
        started = [Worker(env, f"{name}-{os.getpid()}") for name in names]
        workers.extend(started)
        for worker in started:
            worker.wait_ready()
        return started

    yield start
    for worker in workers:
        worker.stop()


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            rows = list(EmailMessage.objects.values_list("pk", "status", "attempts", "last_error"))
            pytest.fail(f"timed out waiting for {what}; messages: {rows}")
        time.sleep(0.2)


def statuses() -> Counter:
    return Counter(EmailMessage.objects.values_list("status", flat=True))


def publish_again(ids) -> None:
    """The task runs twice: a broker redelivery, a sweep re-queue, a double click."""
    for pk in ids:
        celery_app.send_task("requests_app.tasks.email_message_send", args=[pk], queue=QUEUE)


def a_campaign(count: int):
    owner = factories.UserFactory(username="amira", email="amira@example.org")
    campaign = factories.CampaignFactory(owner=owner, slug="prevent")
    requests = [
        factories.FOIRequestFactory(
            owner=owner,
            campaign=campaign,
            authority=factories.AuthorityFactory(email=f"foi@council{n}.gov.uk"),
            sent_on=datetime.date.today() - datetime.timedelta(days=1),
            title=f"Prevent referrals {n}",
        )
        for n in range(count)
    ]
    return owner, campaign, requests


def test_a_campaign_send_delivers_one_message_per_request_even_when_each_task_runs_twice(
    site, broker, smtp, start_worker
):
    owner, campaign, requests = a_campaign(4)
    start_worker("first", "second")
    messages = campaign_email_send(campaign=campaign, foi_requests=requests, sent_by=owner)
    publish_again([m.pk for m in messages])

    wait_for(lambda: statuses() == Counter(sent=4), "four messages sent")
    time.sleep(1.5)  # let the duplicate tasks run before counting
    assert smtp.by_message_id() == Counter({f"<{m.message_id}>": 1 for m in messages})
    by_id = {m["Message-ID"]: (mail_from, rcpt, m) for mail_from, rcpt, m, _ in smtp.received}
    for message in EmailMessage.objects.select_related("foi_request__authority"):
        mail_from, rcpt, sent = by_id[f"<{message.message_id}>"]
        foi_request = message.foi_request
        assert sent["From"] == FROM
        assert sent["Reply-To"] == foi_request.reply_to_address
        assert foi_request.reply_to_address.endswith(f"@{DOMAIN}")
        assert mail_from == foi_request.reply_to_address  # bounces come back to the tracker
        assert rcpt == [foi_request.authority.email]
        assert message.attempts == 1
        assert foi_request.sent_on == datetime.date.today()


def test_an_smtp_refusal_is_retried_and_delivers_once_with_the_same_message_id(
    site, broker, smtp, start_worker
):
    owner, _, (foi_request,) = a_campaign(1)
    smtp.refuse = 2  # 451 twice, then accept
    start_worker("patient")
    message = request_email_send(foi_request=foi_request, sent_by=owner)

    wait_for(lambda: statuses() == Counter(sent=1), "the message sent after two refusals")
    message.refresh_from_db()
    assert smtp.refused == 2
    assert smtp.by_message_id() == Counter({f"<{message.message_id}>": 1})
    assert message.attempts == 3
    assert message.last_error == ""


def test_a_worker_killed_after_the_server_accepted_resends_the_same_bytes(
    site, broker, smtp, start_worker
):
    owner, _, (foi_request,) = a_campaign(1)
    smtp.crash_after_accept = 1
    (doomed,) = start_worker("doomed")
    message = request_email_send(foi_request=foi_request, sent_by=owner)
    assert smtp.stalled.wait(WAIT), doomed.output()
    doomed.kill()  # the server has the message; the row still says sending
    assert statuses() == Counter(sending=1)

    smtp.crash_after_accept = None
    start_worker("replacement")
    time.sleep(2.2)  # EMAIL_SEND_SENDING_TIMEOUT (2 s here): the claim is stale
    assert outgoing_emails_sweep().unstuck == 1  # beat's sweep; its task queued at commit
    wait_for(lambda: statuses() == Counter(sent=1), "the message sent again")
    # At least once: the authority gets a second copy, byte for byte the same message, which
    # its mail system and clients fold into one by Message-ID.
    (first, second) = [raw for _, _, _, raw in smtp.received]
    assert first == second
    assert smtp.by_message_id() == Counter({f"<{message.message_id}>": 2})
