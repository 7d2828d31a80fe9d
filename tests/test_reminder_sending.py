"""Delivering reminders: the claim, the email, retries, cancellation and recovery.

Tasks and services are called directly (Django's locmem mail backend, or the real SMTP backend
pointed at a closed port for connection failures); the same code under a real worker, Redis
and SMTP server is exercised in tests/integration/test_reminder_pipeline.py.
"""

from __future__ import annotations

import datetime
import smtplib
import socket
import zoneinfo
from collections.abc import Callable
from io import StringIO

import pytest
import time_machine
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Sink
from django.core import mail
from django.core.mail.backends import locmem
from django.core.management import call_command
from django.utils import timezone

from requests_app.models import Membership, NotificationPreference, Organisation, Reminder
from requests_app.models import ReminderKindChoices as Kind
from requests_app.models import ReminderStatusChoices as Status
from requests_app.services.mail_delivery import is_permanent
from requests_app.services.reminder_errors import TransientSendError
from requests_app.services.reminders import (
    reminder_claim,
    reminder_deliver,
    reminders_sweep,
)
from requests_app.services.requests import foi_request_create
from requests_app.services.responses import response_record
from requests_app.tasks import reminder_send
from tests import factories

LONDON = zoneinfo.ZoneInfo("Europe/London")
D = datetime.date
# foi-law.md "Counting": FOIA, received Fri 25 Nov 2022 → due Wed 28 Dec 2022.
RECEIVED, DUE = D(2022, 11, 25), D(2022, 12, 28)


def at_nine(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9), LONDON), tick=False)


@pytest.fixture
def foi_request(db):
    owner = factories.UserFactory(username="requester", email="requester@example.org")
    authority = factories.AuthorityFactory(name="Coventry City Council", nation="england")
    with at_nine(RECEIVED):
        return foi_request_create(
            owner=owner,
            authority=authority,
            title="Prevent referrals 2015-2021",
            sent_on=RECEIVED,
            authority_reference="FOI-1234",
        )


@pytest.fixture
def due_reminder(foi_request):
    return Reminder.objects.create(
        request=foi_request, kind=Kind.RESPONSE_DUE_1WD, deadline=DUE, recipient=foi_request.owner
    )


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket is closed


@pytest.fixture
def unreachable_smtp(settings, closed_port):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = closed_port
    settings.EMAIL_TIMEOUT = 2


def test_only_one_claimant_wins(due_reminder):
    now = timezone.now()
    assert [reminder_claim(due_reminder.pk, now), reminder_claim(due_reminder.pk, now)] == [
        True,
        False,
    ]
    due_reminder.refresh_from_db()
    assert (due_reminder.status, due_reminder.attempts) == (Status.SENDING, 1)


def test_the_email_names_authority_deadline_basis_and_link_with_one_click_unsubscribe(
    due_reminder,
):
    with at_nine(D(2022, 12, 23)):
        assert reminder_deliver(due_reminder.pk) == "sent"

    (message,) = mail.outbox
    assert message.to == ["requester@example.org"]
    assert message.subject == (
        "Response due in 1 working day: Prevent referrals 2015-2021 (Coventry City Council)"
    )
    # Friday 23rd: the 26th and 27th are bank holidays, so the 28th is the next working day.
    assert "Coventry City Council must answer your request by Wednesday 28 December 2022 " in (
        message.body
    )
    assert "(in 1 working day)" in message.body
    assert "FOIA s10(1): 20 working days" in message.body
    assert "could not be sent" not in message.body  # nothing failed before
    assert "their reference FOI-1234" in message.body
    assert f"/requests/{due_reminder.request_id}/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Wednesday 28 December 2022" in html
    assert "<a href=" in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http") and "/reminders/unsubscribe/" in unsubscribe
    assert message.extra_headers["Message-ID"].startswith(f"<reminder-{due_reminder.pk}-")

    due_reminder.refresh_from_db()
    assert due_reminder.status == Status.SENT
    assert due_reminder.sent_at is not None


def test_a_retried_or_duplicated_task_never_sends_twice(due_reminder):
    with at_nine(D(2022, 12, 23)):
        first = reminder_send.apply(args=[due_reminder.pk]).get()
        second = reminder_send.apply(args=[due_reminder.pk]).get()
    assert (first, second) == ("sent", "not-claimed")
    assert len(mail.outbox) == 1


def test_connection_refused_returns_the_row_for_a_retry_and_fails_on_the_last_attempt(
    due_reminder, unreachable_smtp
):
    with at_nine(D(2022, 12, 23)):
        with pytest.raises(TransientSendError):
            reminder_deliver(due_reminder.pk, final_attempt=False, retry_delay=120)
        due_reminder.refresh_from_db()
        assert due_reminder.status == Status.PENDING
        assert due_reminder.attempts == 1
        assert "ConnectionRefusedError" in due_reminder.last_error
        # The sweep leaves it to the task's own retry until that is overdue.
        assert due_reminder.queued_at == timezone.now() + datetime.timedelta(seconds=120)

        assert reminder_deliver(due_reminder.pk, final_attempt=True) == "failed"
    due_reminder.refresh_from_db()
    assert (due_reminder.status, due_reminder.attempts) == (Status.FAILED, 2)
    assert "ConnectionRefusedError" in due_reminder.last_error


def test_the_task_retries_up_to_max_retries_then_marks_failed(
    due_reminder, unreachable_smtp, settings
):
    with at_nine(D(2022, 12, 23)):
        reminder_send.apply(args=[due_reminder.pk])
    due_reminder.refresh_from_db()
    assert due_reminder.status == Status.FAILED
    assert due_reminder.attempts == reminder_send.max_retries + 1
    assert reminder_send.retry_backoff and reminder_send.retry_jitter


def test_a_newline_in_the_title_or_authority_name_gives_a_one_line_subject(due_reminder):
    due_reminder.request.title = "Prevent referrals\r\n2015-2021"
    due_reminder.request.save(update_fields=["title"])
    due_reminder.request.authority.name = "Coventry City\nCouncil"
    due_reminder.request.authority.save(update_fields=["name"])
    with at_nine(D(2022, 12, 23)):
        assert reminder_deliver(due_reminder.pk) == "sent"
    (message,) = mail.outbox
    assert message.subject == (
        "Response due in 1 working day: Prevent referrals 2015-2021 (Coventry City Council)"
    )


def test_a_message_that_cannot_be_serialised_is_marked_failed_not_left_sending(due_reminder):
    # A newline in an address header is Django's BadHeaderError, raised while serialising.
    due_reminder.recipient.email = "requester@example.org\nBcc: someone@example.org"
    due_reminder.recipient.save(update_fields=["email"])
    with at_nine(D(2022, 12, 23)):
        assert reminder_deliver(due_reminder.pk, final_attempt=False) == "failed"
    due_reminder.refresh_from_db()
    assert due_reminder.status == Status.FAILED
    assert "BadHeaderError" in due_reminder.last_error
    assert mail.outbox == []


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) in this process, so the SMTP backend runs end to end."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 5
    yield
    controller.stop()


def test_an_unexpected_error_inside_send_messages_marks_the_reminder_failed(
    due_reminder, smtp_server
):
    # The SMTP backend's sanitize_address rejects this address with ValueError, which is
    # neither an SMTPException nor an OSError: it used to escape and leave the row sending.
    due_reminder.recipient.email = "requester@example@org"
    due_reminder.recipient.save(update_fields=["email"])
    with at_nine(D(2022, 12, 23)):
        assert reminder_deliver(due_reminder.pk, final_attempt=False) == "failed"
    due_reminder.refresh_from_db()
    assert due_reminder.status == Status.FAILED
    assert due_reminder.last_error.startswith("ValueError: Invalid address")


class SlowBackend(locmem.EmailBackend):
    """The locmem backend, with a hook run while "the SMTP server" takes its time."""

    during_send: Callable[[], object] = staticmethod(lambda: None)

    def send_messages(self, messages):
        type(self).during_send()
        return super().send_messages(messages)


def _sweep_then_claim_by_b(reminder_id: int, claims: list) -> None:
    """What happens elsewhere while worker A is slow: the sweep resets A's row after the
    sending timeout, and worker B claims it."""
    later = timezone.now() + datetime.timedelta(hours=1)
    reminders_sweep(now=later, enqueue=lambda pk: None, include_digests=False)
    assert reminder_claim(reminder_id, later)
    claims.append(later)


def test_a_worker_whose_claim_was_lost_while_sending_does_not_mark_the_new_claim(
    due_reminder, settings, monkeypatch
):
    settings.EMAIL_BACKEND = f"{__name__}.SlowBackend"
    claims: list = []
    monkeypatch.setattr(
        SlowBackend,
        "during_send",
        staticmethod(lambda: _sweep_then_claim_by_b(due_reminder.pk, claims)),
    )
    with at_nine(D(2022, 12, 23)):
        reminder_deliver(due_reminder.pk)
    due_reminder.refresh_from_db()
    # B's claim stands untouched: still sending, claimed by B, not marked sent by A.
    assert (due_reminder.status, due_reminder.claimed_at, due_reminder.sent_at) == (
        Status.SENDING,
        claims[0],
        None,
    )
    assert due_reminder.attempts == 2


def test_a_worker_whose_claim_was_lost_before_sending_sends_nothing(due_reminder, monkeypatch):
    from requests_app.services import reminder_email

    claims: list = []
    real_compose = reminder_email.compose

    def slow_compose(reminder, today):
        message = real_compose(reminder, today)
        _sweep_then_claim_by_b(reminder.pk, claims)
        return message

    monkeypatch.setattr(reminder_email, "compose", slow_compose)
    with at_nine(D(2022, 12, 23)):
        assert reminder_deliver(due_reminder.pk) == "claim-lost"
    assert mail.outbox == []
    due_reminder.refresh_from_db()
    assert (due_reminder.status, due_reminder.claimed_at) == (Status.SENDING, claims[0])


def test_the_next_reminder_email_tells_the_owner_an_earlier_one_could_not_be_sent(
    due_reminder, foi_request
):
    # A request with no organisation: no staff digest reports its failures.
    assert foi_request.organisation_id is None
    with at_nine(D(2022, 12, 21)):
        Reminder.objects.create(
            request=foi_request,
            kind=Kind.RESPONSE_DUE_3WD,
            deadline=DUE,
            recipient=foi_request.owner,
            status=Status.FAILED,
            claimed_at=timezone.now(),
            last_error="SMTPDataError: 451",
        )
    with at_nine(D(2022, 12, 23)):
        assert reminder_deliver(due_reminder.pk) == "sent"
    (message,) = mail.outbox
    assert "1 earlier reminder could not be sent to you" in message.body
    assert "/reminders/preferences/" in message.body
    assert "1 earlier reminder could not be sent to you" in message.alternatives[0][0]


def test_5xx_replies_are_permanent_and_4xx_transient():
    assert is_permanent(smtplib.SMTPDataError(550, b"mailbox unavailable"))
    assert not is_permanent(smtplib.SMTPDataError(451, b"try again later"))
    assert is_permanent(smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"no")}))
    assert not is_permanent(smtplib.SMTPRecipientsRefused({"a@example.org": (452, b"full")}))
    assert not is_permanent(ConnectionRefusedError())


def test_a_response_recorded_after_planning_cancels_the_reminder_at_once(due_reminder, foi_request):
    with at_nine(D(2022, 12, 23)):
        response_record(
            foi_request=foi_request,
            received_on=D(2022, 12, 23),
            kind="substantive",
            outcome="granted",
        )
        # Recording cancelled it already (reminders_cancel_moot), so no worker claims it.
        assert reminder_deliver(due_reminder.pk) == "not-claimed"
    due_reminder.refresh_from_db()
    assert due_reminder.status == Status.CANCELLED
    assert "answered" in due_reminder.cancelled_reason
    assert mail.outbox == []


def test_turning_a_kind_off_after_planning_cancels_the_reminder(due_reminder):
    NotificationPreference.objects.create(
        user=due_reminder.recipient, kind=Kind.RESPONSE_DUE_1WD, enabled=False
    )
    with at_nine(D(2022, 12, 23)):
        assert reminder_deliver(due_reminder.pk) == "cancelled"
    assert mail.outbox == []


def test_the_sweep_recovers_stuck_and_lost_rows_but_leaves_fresh_ones(
    foi_request, django_capture_on_commit_callbacks, settings
):
    settings.REMINDER_SENDING_TIMEOUT = 15 * 60
    settings.REMINDER_REQUEUE_AFTER = 60 * 60
    now = timezone.now()
    ago = lambda minutes: now - datetime.timedelta(minutes=minutes)  # noqa: E731

    def row(kind, status, **fields):
        return Reminder.objects.create(
            request=foi_request,
            kind=kind,
            deadline=DUE,
            recipient=foi_request.owner,
            status=status,
            **fields,
        ).pk

    stuck = row(Kind.RESPONSE_DUE_3WD, Status.SENDING, claimed_at=ago(20), queued_at=ago(21))
    busy = row(Kind.RESPONSE_DUE_1WD, Status.SENDING, claimed_at=ago(1), queued_at=ago(2))
    never_queued = row(Kind.RESPONSE_OVERDUE, Status.PENDING)
    lost = row(Kind.REVIEW_WINDOW_3WD, Status.PENDING, queued_at=ago(90))
    waiting = row(Kind.REVIEW_WINDOW_10WD, Status.PENDING, queued_at=ago(5))
    row(Kind.REVIEW_OVERDUE, Status.SENT, queued_at=ago(90), sent_at=ago(89))

    queued: list[int] = []
    with django_capture_on_commit_callbacks(execute=True):
        result = reminders_sweep(now=now, enqueue=queued.append, include_digests=False)

    assert result.unstuck == 1
    assert sorted(queued) == sorted([stuck, never_queued, lost])
    assert Reminder.objects.get(pk=busy).status == Status.SENDING
    assert Reminder.objects.get(pk=waiting).queued_at == ago(5)
    assert Reminder.objects.get(pk=stuck).status == Status.PENDING


def test_a_broker_outage_leaves_rows_for_the_next_sweep(
    foi_request, django_capture_on_commit_callbacks
):
    def broker_down(reminder_id):
        raise ConnectionError("Redis is restarting")

    with at_nine(D(2022, 12, 23)):
        with django_capture_on_commit_callbacks(execute=True):
            reminders_sweep(enqueue=broker_down, include_digests=False)
        reminder = Reminder.objects.get()
        assert reminder.queued_at is None

        queued: list[int] = []
        with django_capture_on_commit_callbacks(execute=True):
            reminders_sweep(enqueue=queued.append, include_digests=False)
    assert queued == [reminder.pk]


@pytest.fixture
def organisation_with_staff(foi_request):
    organisation = Organisation.objects.create(name="Prevent Watch", slug="prevent-watch")
    staff = factories.UserFactory(username="staffer", email="staff@example.org")
    member = factories.UserFactory(username="member", email="member@example.org")
    Membership.objects.create(organisation=organisation, user=staff, role="staff")
    Membership.objects.create(organisation=organisation, user=member, role="member")
    foi_request.organisation = organisation
    foi_request.save(update_fields=["organisation"])
    return organisation, staff


def test_staff_digest_lists_overdue_requests_closing_windows_and_failed_reminders(
    foi_request, organisation_with_staff, django_capture_on_commit_callbacks
):
    organisation, staff = organisation_with_staff
    answered = factories.FOIRequestFactory(
        organisation=organisation, title="Stop and search", authority=foi_request.authority
    )
    with at_nine(D(2023, 1, 4)):
        response_record(
            foi_request=answered,
            received_on=D(2022, 12, 22),
            kind="substantive",
            outcome="refused",
        )
    Reminder.objects.create(
        request=foi_request,
        kind=Kind.RESPONSE_DUE_3WD,
        deadline=DUE,
        recipient=foi_request.owner,
        status=Status.FAILED,
        last_error="SMTPRecipientsRefused: 550 mailbox unavailable",
        claimed_at=datetime.datetime(2023, 2, 7, 9, tzinfo=LONDON),
    )

    # Wed 8 Feb 2023: the first request is long overdue (due 28 Dec), the second's review
    # window closes on 22 Feb, 10 working days ahead (foi-law.md "Time limits": 40 WD).
    with at_nine(D(2023, 2, 8)):
        queued: list[int] = []
        with django_capture_on_commit_callbacks(execute=True):
            reminders_sweep(enqueue=queued.append, include_digests=True)
        digests = Reminder.objects.filter(kind=Kind.STAFF_DIGEST)
        assert [d.recipient for d in digests] == [staff]  # members get none
        assert reminder_deliver(digests[0].pk) == "sent"

    digest = next(m for m in mail.outbox if m.to == ["staff@example.org"])
    assert digest.subject == (
        "FOI Tracker digest for 8 February 2023: 1 review window closing, 1 overdue request, "
        "1 failed reminder"
    )
    assert "Stop and search" in digest.body
    assert "closes Wed 22 Feb 2023, 10 working days left" in digest.body
    assert "Prevent referrals 2015-2021" in digest.body
    assert "SMTPRecipientsRefused: 550 mailbox unavailable" in digest.body


def test_an_empty_digest_is_not_sent(organisation_with_staff, foi_request):
    _, staff = organisation_with_staff
    foi_request.organisation = None
    foi_request.save(update_fields=["organisation"])
    digest = Reminder.objects.create(
        kind=Kind.STAFF_DIGEST, deadline=D(2023, 2, 8), recipient=staff
    )
    with at_nine(D(2023, 2, 8)):
        assert reminder_deliver(digest.pk) == "cancelled"
    assert mail.outbox == []


def test_send_reminders_command_dry_run_and_send_now(
    foi_request, django_capture_on_commit_callbacks
):
    with at_nine(D(2022, 12, 23)):
        out = StringIO()
        call_command("send_reminders", "--dry-run", stdout=out)
        assert f"response_due_1wd\trequest={foi_request.pk}\tdeadline=2022-12-28" in (
            out.getvalue()
        )
        assert not Reminder.objects.exists()

        out = StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", "--send-now", stdout=out)
    assert "new 1" in out.getvalue() and "sent 1" in out.getvalue()
    assert Reminder.objects.get().status == Status.SENT
    assert len(mail.outbox) == 1
