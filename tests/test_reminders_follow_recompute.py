"""Reminders planned from a deadline that a bulk recomputation moves follow the new date
(issue 10): a proclaimed or removed holiday, or a corrected rule applied to stored requests
by ``manage.py recompute_deadlines``, cancels the pending reminder about the old date in the
same transaction, and the next sweep plans the new one."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command

from foitracker.celery import app as celery_app
from requests_app.models import FOIRequest, Reminder
from requests_app.models import ReminderKindChoices as Kind
from requests_app.services.holidays import proclaimed_holiday_add
from requests_app.services.reminders import reminders_sweep
from requests_app.services.requests import foi_request_create
from requests_app.services.responses import response_record
from tests import factories

D = datetime.date
LONDON = zoneinfo.ZoneInfo("Europe/London")

pytestmark = pytest.mark.django_db


def at_nine(day):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9), LONDON), tick=False)


@pytest.fixture
def eager_celery():
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


def sweep(capture):
    with capture(execute=True):
        reminders_sweep(enqueue=lambda _id: None, include_digests=False)


def reminders(foi):
    return sorted(
        Reminder.objects.filter(request=foi).values_list("kind", "deadline", "status"),
        key=lambda row: (row[1], row[2]),
    )


def test_a_proclaimed_day_moves_a_planned_reminder(
    user, eager_celery, django_capture_on_commit_callbacks
):
    # FOIA s10(1): received Mon 3 June 2030, due Mon 1 July; on Wed 26 June, 3 WD ahead, the
    # sweep plans "due in 3 working days" for 1 July (not sent yet: the worker is busy).
    with at_nine(D(2030, 6, 3)):
        foi = foi_request_create(
            owner=user,
            authority=factories.AuthorityFactory(nation="england"),
            title="x",
            sent_on=D(2030, 6, 3),
        )
    with at_nine(D(2030, 6, 26)):
        sweep(django_capture_on_commit_callbacks)
        assert reminders(foi) == [(Kind.RESPONSE_DUE_3WD, D(2030, 7, 1), "pending")]
        # Fri 28 June is proclaimed: the deadline moves to 2 July, the old reminder is moot.
        with django_capture_on_commit_callbacks(execute=True):
            proclaimed_holiday_add(date=D(2030, 6, 28), name="Proclaimed", nation="uk_wide")
    assert FOIRequest.objects.get(pk=foi.pk).response_due == D(2030, 7, 2)
    cancelled = Reminder.objects.get(request=foi, deadline=D(2030, 7, 1))
    assert (cancelled.status, cancelled.cancelled_reason) == ("cancelled", "The deadline moved.")
    with at_nine(D(2030, 6, 27)):
        sweep(django_capture_on_commit_callbacks)
    assert (Kind.RESPONSE_DUE_3WD, D(2030, 7, 2), "pending") in reminders(foi)


def test_stored_dates_corrected_by_recompute_deadlines_move_their_reminders(
    user, django_capture_on_commit_callbacks
):
    # Stored under the old FOISA rule (the window from the early response, 2023-08-01);
    # FOISA s20(5)(a) runs it from the response deadline (2023-07-03): 2023-08-29.
    with at_nine(D(2023, 7, 18)):
        foi = foi_request_create(
            owner=user,
            authority=factories.AuthorityFactory(nation="scotland"),
            title="x",
            sent_on=D(2023, 6, 5),
        )
        response_record(
            foi_request=foi, received_on=D(2023, 6, 6), kind="substantive", outcome="granted"
        )
    FOIRequest.objects.filter(pk=foi.pk).update(
        review_request_deadline=D(2023, 8, 1), next_deadline=D(2023, 8, 1)
    )
    with at_nine(D(2023, 7, 18)):
        sweep(django_capture_on_commit_callbacks)  # 10 WD before the old date
        assert reminders(foi) == [(Kind.REVIEW_WINDOW_10WD, D(2023, 8, 1), "pending")]
        call_command("recompute_deadlines", "--no-progress")
    assert FOIRequest.objects.get(pk=foi.pk).review_request_deadline == D(2023, 8, 29)
    assert reminders(foi) == [(Kind.REVIEW_WINDOW_10WD, D(2023, 8, 1), "cancelled")]
    with at_nine(D(2023, 8, 15)):  # 10 WD before 29 August (7 August is Scotland's)
        sweep(django_capture_on_commit_callbacks)
    assert (Kind.REVIEW_WINDOW_10WD, D(2023, 8, 29), "pending") in reminders(foi)
