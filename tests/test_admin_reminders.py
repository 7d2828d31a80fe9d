"""Staff see failed reminders with their error in the admin, and can send them again."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from foitracker.celery import app as celery_app
from requests_app.models import Reminder
from requests_app.models import ReminderKindChoices as Kind
from requests_app.models import ReminderStatusChoices as Status
from tests import factories


@pytest.fixture
def eager_celery():
    # The action queues a send task; run it in-process instead of on a broker.
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def failed(db):
    foi_request = factories.FOIRequestFactory(
        owner=factories.UserFactory(email="requester@example.org"),
        response_due=datetime.date.today() + datetime.timedelta(days=1),
        stage="awaiting_response",
    )
    return Reminder.objects.create(
        request=foi_request,
        kind=Kind.RESPONSE_DUE_1WD,
        deadline=foi_request.response_due,
        recipient=foi_request.owner,
        status=Status.FAILED,
        attempts=9,
        last_error="SMTPDataError: (451, b'4.3.0 Mailbox busy')",
    )


def test_failed_reminders_are_listed_with_their_error(admin_client, failed):
    url = reverse("admin:requests_app_reminder_changelist")
    page = admin_client.get(url, {"status__exact": "failed"})
    assert page.status_code == 200
    assert b"4.3.0 Mailbox busy" in page.content
    sent_only = admin_client.get(url, {"status__exact": "sent"})
    assert b"4.3.0 Mailbox busy" not in sent_only.content


def test_send_again_requeues_and_delivers_once(
    admin_client, failed, eager_celery, django_capture_on_commit_callbacks
):
    url = reverse("admin:requests_app_reminder_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url, {"action": "send_again", "_selected_action": [failed.pk]}, follow=True
        )
    assert b"1 failed reminders queued again" in response.content
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Status.SENT, 1)
    assert len(mail.outbox) == 1
