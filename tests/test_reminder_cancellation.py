"""Recording what makes a reminder moot cancels it at once (reminders_cancel_moot).

Each write service (response, review, review decision, complaint, withdrawal) runs the
cancellation inside its own transaction, so the owner's list of reminders is right the moment
the event is saved, not when a worker next picks the row up. Dates: shared/foi-law.md
"Counting" (FOIA, received Fri 25 Nov 2022 → due Wed 28 Dec 2022).
"""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine

from requests_app.models import Reminder
from requests_app.models import ReminderKindChoices as Kind
from requests_app.models import ReminderStatusChoices as Status
from requests_app.models.choices import StageChoices as Stage
from requests_app.services.reminders import reminders_cancel_moot
from requests_app.services.requests import foi_request_create, foi_request_withdraw
from requests_app.services.responses import response_record
from requests_app.services.reviews import complaint_record, review_decide, review_record
from tests import factories

LONDON = zoneinfo.ZoneInfo("Europe/London")
D = datetime.date
RECEIVED, DUE = D(2022, 11, 25), D(2022, 12, 28)


def at_nine(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9), LONDON), tick=False)


@pytest.fixture
def owner(db):
    return factories.UserFactory(username="requester", email="requester@example.org")


def new_request(owner, title="Prevent referrals"):
    authority = factories.AuthorityFactory(nation="england")
    with at_nine(RECEIVED):
        return foi_request_create(owner=owner, authority=authority, title=title, sent_on=RECEIVED)


def reminder(foi_request, kind, deadline, status=Status.PENDING):
    return Reminder.objects.create(
        request=foi_request,
        kind=kind,
        deadline=deadline,
        recipient=foi_request.owner,
        status=status,
    )


def state(row: Reminder) -> tuple[str, str]:
    row.refresh_from_db()
    return row.status, row.cancelled_reason


def test_recording_a_response_cancels_the_response_reminders_of_that_request_only(owner):
    foi_request = new_request(owner)
    other = new_request(owner, "Another request")
    due_soon = reminder(foi_request, Kind.RESPONSE_DUE_1WD, DUE)
    overdue = reminder(foi_request, Kind.RESPONSE_OVERDUE, DUE)
    other_due = reminder(other, Kind.RESPONSE_DUE_1WD, DUE)

    with at_nine(D(2022, 12, 23)):
        response_record(
            foi_request=foi_request,
            received_on=D(2022, 12, 23),
            kind="substantive",
            outcome="granted",
        )

    assert state(due_soon) == (Status.CANCELLED, "The request moved on (now answered).")
    assert state(overdue) == (Status.CANCELLED, "The request moved on (now answered).")
    assert state(other_due) == (Status.PENDING, "")


def test_review_then_decision_then_complaint_each_cancel_what_they_make_moot(owner):
    foi_request = new_request(owner)
    with at_nine(D(2022, 12, 23)):
        response_record(
            foi_request=foi_request,
            received_on=D(2022, 12, 23),
            kind="substantive",
            outcome="refused",
        )
    foi_request.refresh_from_db()
    window = reminder(foi_request, Kind.REVIEW_WINDOW_10WD, foi_request.review_request_deadline)

    with at_nine(D(2023, 1, 9)):
        review = review_record(foi_request=foi_request, requested_on=D(2023, 1, 9))
    assert state(window)[0] == Status.CANCELLED
    foi_request.refresh_from_db()
    review_late = reminder(foi_request, Kind.REVIEW_OVERDUE, foi_request.review_response_due)

    with at_nine(D(2023, 2, 1)):
        review_decide(review=review, decided_on=D(2023, 2, 1), outcome="upheld")
    assert state(review_late) == (Status.CANCELLED, "The request moved on (now answered).")
    foi_request.refresh_from_db()
    complaint_window = reminder(
        foi_request, Kind.COMPLAINT_WINDOW_10D, foi_request.regulator_complaint_deadline
    )

    with at_nine(D(2023, 2, 6)):
        complaint_record(foi_request=foi_request, submitted_on=D(2023, 2, 6))
    foi_request.refresh_from_db()
    assert foi_request.stage != Stage.ANSWERED
    assert state(complaint_window)[0] == Status.CANCELLED


def test_withdrawing_cancels_pending_rows_and_leaves_a_row_being_sent_to_its_worker(owner):
    foi_request = new_request(owner)
    pending = reminder(foi_request, Kind.RESPONSE_DUE_3WD, DUE)
    sending = reminder(foi_request, Kind.RESPONSE_DUE_1WD, DUE, status=Status.SENDING)
    sent = reminder(foi_request, Kind.RESPONSE_OVERDUE, D(2022, 12, 20), status=Status.SENT)

    with at_nine(D(2022, 12, 20)):
        foi_request_withdraw(foi_request=foi_request, withdrawn_on=D(2022, 12, 20))

    assert state(pending) == (Status.CANCELLED, "The request is closed or withdrawn.")
    assert state(sending) == (Status.SENDING, "")
    assert state(sent) == (Status.SENT, "")


def test_a_reminder_that_still_applies_is_kept(owner, django_assert_num_queries):
    foi_request = new_request(owner)
    still_due = reminder(foi_request, Kind.RESPONSE_DUE_1WD, DUE)
    moved = reminder(foi_request, Kind.RESPONSE_OVERDUE, D(2022, 12, 20))
    # The pending rows, then one UPDATE for all the moot ones.
    with django_assert_num_queries(2):
        assert reminders_cancel_moot(foi_request) == 1
    assert state(still_due) == (Status.PENDING, "")
    assert state(moved) == (Status.CANCELLED, "The deadline moved.")
