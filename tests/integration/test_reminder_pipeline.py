"""The reminder pipeline end to end with real parts (issue 5, "Tests").

A real Redis broker (its own DB number), real ``celery worker`` processes, ``manage.py
send_reminders`` as a subprocess, and a real SMTP server (aiosmtpd) on a local port that counts
what it receives per reminder. The worker is a separate process, so the test database must be
one it can open: PostgreSQL (CI), committed by ``transaction=True``.

Without REQUIRE_SERVICES these tests skip when Redis or PostgreSQL is missing; with
REQUIRE_SERVICES=1 (CI) they fail instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import email
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.utils import timezone

from foitracker.celery import app as celery_app
from requests_app.models import Membership, Organisation, Reminder
from requests_app.models import ReminderKindChoices as Kind
from tests import factories
from tests.integration.services import database_url_for, redis_for

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
REDIS_DB = 5
WAIT = 45  # seconds: the longest any one step may take before the test fails
REQUEUE_AFTER = 3  # seconds before the sweep queues a pending row again (production: 1 h)
QUEUE = f"reminders-test-{uuid.uuid4().hex[:12]}"


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
    return database_url_for(require_services, "a worker process")


class CountingHandler:
    """An SMTP server's handler that records each message by its X-FOI-Reminder header.

    ``refuse`` answers DATA with 451 (try again later) for that many messages, or for every
    one when ``"always"``. ``stall_on_rcpt`` makes the n-th transaction hang before DATA, so
    a test can kill the worker at that moment.
    """

    def __init__(self):
        self.received: list[email.message.Message] = []
        self.refuse: int | str = 0
        self.refused = 0
        self.rcpt_count = 0
        self.stall_on_rcpt: int | None = None
        self.stalled = threading.Event()
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            self.rcpt_count += 1
            stall = self.rcpt_count == self.stall_on_rcpt
        if stall:
            self.stalled.set()
            await asyncio.sleep(5)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.refuse == "always" or (
                isinstance(self.refuse, int) and self.refused < self.refuse
            ):
                self.refused += 1
                return "451 4.3.0 Mailbox busy, try again later"
            self.received.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def counts(self) -> Counter:
        with self.lock:
            return Counter(int(m["X-FOI-Reminder"]) for m in self.received)

    def messages_for(self, reminder_id: int) -> list[email.message.Message]:
        with self.lock:
            return [m for m in self.received if int(m["X-FOI-Reminder"]) == reminder_id]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp():
    handler = CountingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port  # type: ignore[attr-defined]
    yield handler
    controller.stop()


@pytest.fixture
def service_env(redis_url, database_url, smtp) -> dict[str, str]:
    """What the worker and the sweep subprocess see: the same database, broker and SMTP."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "foitracker.settings",
        "DEBUG": "true",
        "SECRET_KEY": settings.SECRET_KEY,
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        # A queue of this run's own: no other consumer of the Redis DB can take its tasks.
        "CELERY_TASK_DEFAULT_QUEUE": QUEUE,
        # Redis hands an unacknowledged message to another worker after this long.
        "CELERY_VISIBILITY_TIMEOUT": "8",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "EMAIL_TIMEOUT": "10",
        # Short clocks, so recovery and retries happen within the test.
        "REMINDER_SENDING_TIMEOUT": "2",
        "REMINDER_REQUEUE_AFTER": str(REQUEUE_AFTER),
        "REMINDER_RETRY_BACKOFF": "1",
        "REMINDER_RETRY_BACKOFF_MAX": "2",
        "REMINDER_MAX_RETRIES": "3",
        # Digests only when asked for (send_reminders --digests), whatever the hour.
        "REMINDER_DIGEST_HOUR": "24",
        "LOG_LEVEL": "WARNING",
    }


class Worker:
    def __init__(self, env: dict[str, str], name: str):
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - the worker writes to it
            prefix=f"{name}-", suffix=".log", delete=False
        )
        self.process = subprocess.Popen(
            [
                str(VENV_BIN / "celery"),
                "-A",
                "foitracker",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                f"--hostname={name}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so a kill reaches its children
        )

    def wait_ready(self) -> None:
        deadline = time.monotonic() + WAIT
        while b" ready." not in Path(self.log.name).read_bytes():
            if self.process.poll() is not None or time.monotonic() > deadline:
                output = self.output()
                self.stop()
                pytest.fail(f"a worker did not start:\n{output}")
            time.sleep(0.2)

    def output(self) -> str:
        return Path(self.log.name).read_text(errors="replace")[-4000:]

    def kill(self) -> None:
        """SIGKILL: no warm shutdown, no acknowledgement, no requeue by the worker."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        # The test is over and its Redis DB is emptied: no need for a warm shutdown.
        if self.process.poll() is None:
            self.kill()
        Path(self.log.name).unlink(missing_ok=True)


@pytest.fixture
def start_worker(service_env):
    workers: list[Worker] = []

    def start(*names: str) -> list[Worker]:
        """Start workers side by side and return once every one is ready."""
        started = [Worker(service_env, f"{name}-{os.getpid()}") for name in names]
        workers.extend(started)
        for worker in started:
            worker.wait_ready()
        return started

    yield start
    for worker in workers:
        worker.stop()


@pytest.fixture
def sweep(service_env):
    """``manage.py send_reminders`` in its own process, as an operator (or beat) would."""

    def run(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", "send_reminders", *args],
            cwd=ROOT,
            env=service_env,
            capture_output=True,
            text=True,
            timeout=WAIT,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    return run


def wait_for(condition, what: str, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            rows = list(
                Reminder.objects.values_list("pk", "kind", "status", "attempts", "last_error")
            )
            pytest.fail(f"timed out after {timeout}s waiting for {what}; reminders: {rows}")
        time.sleep(0.2)


def statuses() -> Counter:
    return Counter(Reminder.objects.values_list("status", flat=True))


def publish_duplicates(redis_url: str, ids) -> None:
    """Send extra messages for rows already queued: a broker redelivery, a second sweep."""
    with celery_app.connection_for_write(redis_url) as conn:
        for reminder_id in ids:
            celery_app.send_task(
                "requests_app.tasks.reminder_send",
                args=[reminder_id],
                connection=conn,
                queue=QUEUE,
            )


# --------------------------------------------------------------------------------------------
# Data: requests due today, so the sweep plans a "due in 1 working day" reminder for each.
# --------------------------------------------------------------------------------------------


def requests_due_today(count: int, organisation=None) -> list:
    today = timezone.localdate()
    authority = factories.AuthorityFactory(name="Coventry City Council", nation="england")
    return [
        factories.FOIRequestFactory(
            owner=factories.UserFactory(email=f"requester{n}@example.org"),
            authority=authority,
            organisation=organisation,
            title=f"Prevent referrals {n}",
            sent_on=today - datetime.timedelta(days=28),
            response_due=today,
            response_due_latest=today + datetime.timedelta(days=28),
            stage="awaiting_response",
        )
        for n in range(count)
    ]


# --------------------------------------------------------------------------------------------
# Scenarios
# --------------------------------------------------------------------------------------------


def test_every_due_reminder_arrives_exactly_once_despite_duplicates(
    smtp, start_worker, sweep, redis_url
):
    requests = requests_due_today(6)
    start_worker("first", "second")

    sweep()
    sweep()  # a re-run plans nothing new
    ids = list(Reminder.objects.values_list("pk", flat=True))
    publish_duplicates(redis_url, ids)  # and the broker delivers every message twice

    wait_for(lambda: statuses() == Counter(sent=6), "six reminders sent")
    time.sleep(1.5)  # let any duplicate message be processed before counting
    assert smtp.counts() == Counter(dict.fromkeys(ids, 1))
    assert Reminder.objects.filter(kind=Kind.RESPONSE_DUE_1WD, attempts=1).count() == 6

    message = smtp.messages_for(ids[0])[0]
    reminder = Reminder.objects.select_related("request").get(pk=ids[0])
    assert message["To"] == reminder.recipient.email
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/reminders/unsubscribe/" in message["List-Unsubscribe"]
    text = message.get_payload()[0].get_payload(decode=True).decode()
    assert "Coventry City Council" in text
    assert reminder.request.title in text
    assert {r.pk for r in requests} == set(Reminder.objects.values_list("request", flat=True))


def test_worker_killed_mid_batch_then_restarted_still_sends_each_exactly_once(
    smtp, start_worker, sweep
):
    requests_due_today(8)
    smtp.stall_on_rcpt = 3  # the third message hangs before DATA: kill the worker there
    (first,) = start_worker("doomed")
    sweep()

    assert smtp.stalled.wait(WAIT), (
        f"no third SMTP transaction: {smtp.rcpt_count} RCPTs, {statuses()}\n{first.output()}"
    )
    first.kill()
    assert len(smtp.received) == 2
    assert statuses()["sending"] == 1  # the row the dead worker had claimed

    start_worker("replacement")
    # The rest of the queue drains; the claimed row waits for REMINDER_SENDING_TIMEOUT (2 s)
    # and the next sweep, which queues it again.
    wait_for(lambda: statuses()["sent"] == 7, "the queued reminders sent")
    stuck = Reminder.objects.get(status="sending")
    stuck_for = (timezone.now() - stuck.claimed_at).total_seconds()
    time.sleep(max(0.0, 2.2 - stuck_for))
    assert "recovered from sending 1" in sweep()
    wait_for(lambda: statuses() == Counter(sent=8), "all eight reminders sent")
    # Redis would also redeliver the dead worker's unacknowledged message, much later (after
    # the visibility timeout); the claim makes that a no-op, as the first test shows.
    time.sleep(1.5)
    counts = smtp.counts()
    assert sorted(counts.values()) == [1] * 8, counts
    assert set(counts) == set(Reminder.objects.values_list("pk", flat=True))


def test_messages_lost_in_a_redis_restart_are_queued_again_by_the_next_sweep(
    smtp, start_worker, sweep, redis_url
):
    import redis

    requests_due_today(3)
    sweep()
    # Redis restarts without persistence: every queued message is gone.
    redis.Redis.from_url(redis_url).flushdb()
    start_worker("after-restart")
    time.sleep(1)
    assert smtp.counts() == Counter()
    assert statuses() == Counter(pending=3)

    time.sleep(REQUEUE_AFTER)
    assert "queued 3" in sweep()
    wait_for(lambda: statuses() == Counter(sent=3), "the lost reminders sent")
    assert sorted(smtp.counts().values()) == [1, 1, 1]


def test_smtp_refusing_for_a_while_delivers_once_it_accepts_again(smtp, start_worker, sweep):
    requests_due_today(1)
    smtp.refuse = 2  # 451 twice, then accept
    start_worker("patient")
    sweep()

    wait_for(lambda: statuses() == Counter(sent=1), "the reminder sent after two refusals")
    reminder = Reminder.objects.get()
    assert smtp.refused == 2
    assert smtp.counts() == Counter({reminder.pk: 1})
    assert reminder.attempts == 3


def test_smtp_refusing_for_good_marks_failed_and_the_staff_digest_reports_it(
    smtp, start_worker, sweep
):
    organisation = Organisation.objects.create(name="Prevent Watch", slug="prevent-watch")
    staff = factories.UserFactory(username="staffer", email="staff@example.org")
    Membership.objects.create(organisation=organisation, user=staff, role="staff")
    requests_due_today(1, organisation=organisation)
    smtp.refuse = "always"
    start_worker("unlucky")
    sweep()

    wait_for(lambda: statuses() == Counter(failed=1), "the reminder marked failed")
    failed = Reminder.objects.get()
    # REMINDER_MAX_RETRIES=3: the first try and three retries.
    assert failed.attempts == 4
    assert smtp.refused == 4
    assert "451" in failed.last_error

    smtp.refuse = 0
    sweep("--digests")
    wait_for(lambda: statuses()["sent"] == 1, "the staff digest sent")
    digest = Reminder.objects.get(kind=Kind.STAFF_DIGEST)
    assert digest.recipient == staff
    (message,) = smtp.messages_for(digest.pk)
    text = message.get_payload()[0].get_payload(decode=True).decode()
    assert "REMINDERS THAT COULD NOT BE SENT (1)" in text
    assert "451" in text
    assert failed.request.title in text
