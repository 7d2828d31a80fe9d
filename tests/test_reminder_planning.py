"""Which reminders a request's owner gets on which day (requests_app/services/reminders.py).

Each test lives through a stretch of calendar one day at a time: time is frozen at 09:00 in
London, the events of that day are recorded through the real services (so the deadline columns
come from the real deadline chain), and the sweep runs. What the sweep queues on each day is
what the owner would receive that day. Deadline rules are cited from shared/foi-law.md.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Callable

import pytest
import time_machine
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from requests_app.law.calendars import calendar_for
from requests_app.models import NotificationPreference, Reminder
from requests_app.models import ReminderKindChoices as Kind
from requests_app.services.reminder_rules import WorkingDaysBefore
from requests_app.services.reminders import (
    planned_owner_reminders,
    reminder_deliver,
    reminders_sweep,
)
from requests_app.services.requests import foi_request_create, foi_request_withdraw
from requests_app.services.responses import response_record
from requests_app.services.reviews import review_decide, review_record
from tests import factories

LONDON = zoneinfo.ZoneInfo("Europe/London")
D = datetime.date


def at_nine(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9), LONDON), tick=False)


def days(start: datetime.date, end: datetime.date):
    while start <= end:
        yield start
        start += datetime.timedelta(days=1)


def live_through(
    start: datetime.date,
    end: datetime.date,
    capture,
    events: dict[datetime.date, Callable[[], object]] | None = None,
) -> dict[datetime.date, list[tuple[str, datetime.date]]]:
    """Run each day's events, then the sweep with its send tasks run in-process.

    Returns {day: [(kind, deadline) emailed that day]}.
    """
    events = events or {}
    queued: dict[datetime.date, list[tuple[str, datetime.date]]] = {}
    for day in days(start, end):
        with at_nine(day):
            if day in events:
                events[day]()
            ids: list[int] = []
            with capture(execute=True):
                reminders_sweep(enqueue=ids.append, include_digests=False)
            for pk in ids:
                reminder_deliver(pk)
            rows = Reminder.objects.filter(pk__in=ids, status="sent").order_by("kind")
            if rows:
                queued[day] = [(r.kind, r.deadline) for r in rows]
    return queued


@pytest.fixture
def owner(db):
    return factories.UserFactory(username="requester", email="requester@example.org")


@pytest.fixture
def english_council(db):
    return factories.AuthorityFactory(name="Coventry City Council", nation="england")


@pytest.fixture
def scottish_council(db):
    return factories.AuthorityFactory(name="Glasgow City Council", nation="scotland")


def create_request(owner, authority, received_on: datetime.date):
    with at_nine(received_on):
        return foi_request_create(
            owner=owner, authority=authority, title="Prevent referrals", sent_on=received_on
        )


def test_response_due_reminders_skip_the_christmas_bank_holidays(
    owner, english_council, django_capture_on_commit_callbacks
):
    # foi-law.md "Counting": received Fri 25 Nov 2022, 20 WD skipping St Andrew's Day (FOIA
    # counts Scotland's holidays) → due Wed 28 Dec 2022, after Boxing Day and 27 Dec.
    foi_request = create_request(owner, english_council, D(2022, 11, 25))
    assert foi_request.response_due == D(2022, 12, 28)

    queued = live_through(D(2022, 12, 19), D(2023, 1, 6), django_capture_on_commit_callbacks)

    due = D(2022, 12, 28)
    assert queued == {
        # Thu 22, Fri 23 and Wed 28 are the 3 working days left: a calendar-day count would
        # wait until Sunday 25th.
        D(2022, 12, 21): [(Kind.RESPONSE_DUE_3WD.value, due)],
        # Friday 23rd: the next working day is the 28th.
        D(2022, 12, 23): [(Kind.RESPONSE_DUE_1WD.value, due)],
        # foi-law.md "Clock rules": overdue is the day after the due date.
        D(2022, 12, 29): [(Kind.RESPONSE_OVERDUE.value, due)],
    }


def test_proclaimed_funeral_holiday_moves_the_one_day_reminder_to_friday(
    owner, english_council, django_capture_on_commit_callbacks
):
    # 19 Sep 2022, the State Funeral (foi-law.md "The four regimes": proclaimed at short
    # notice). Received Fri 19 Aug 2022 → due Tue 20 Sep; the day before is Friday 16th.
    foi_request = create_request(owner, english_council, D(2022, 8, 19))
    assert foi_request.response_due == D(2022, 9, 20)

    queued = live_through(D(2022, 9, 12), D(2022, 9, 22), django_capture_on_commit_callbacks)

    due = D(2022, 9, 20)
    assert queued == {
        D(2022, 9, 14): [(Kind.RESPONSE_DUE_3WD.value, due)],
        D(2022, 9, 16): [(Kind.RESPONSE_DUE_1WD.value, due)],
        D(2022, 9, 21): [(Kind.RESPONSE_OVERDUE.value, due)],
    }


def test_a_response_cancels_the_reminders_it_makes_moot(
    owner, english_council, django_capture_on_commit_callbacks
):
    foi_request = create_request(owner, english_council, D(2022, 11, 25))

    def answer():
        response_record(
            foi_request=foi_request,
            received_on=D(2022, 12, 22),
            kind="substantive",
            outcome="refused",
        )

    queued = live_through(
        D(2022, 12, 19),
        D(2023, 1, 6),
        django_capture_on_commit_callbacks,
        events={D(2022, 12, 22): answer},
    )

    # Only the 3-day reminder went before the answer; no 1-day, no overdue.
    assert queued == {D(2022, 12, 21): [(Kind.RESPONSE_DUE_3WD.value, D(2022, 12, 28))]}


def test_review_window_closing_in_10_and_3_working_days_then_silence_once_requested(
    owner, english_council, django_capture_on_commit_callbacks
):
    # foi-law.md "Time limits": a review may be asked for until 40 WD after the response.
    # Answered Thu 22 Dec 2022 → the window closes Wed 22 Feb 2023.
    foi_request = create_request(owner, english_council, D(2022, 11, 25))
    with at_nine(D(2022, 12, 22)):
        response_record(
            foi_request=foi_request,
            received_on=D(2022, 12, 22),
            kind="substantive",
            outcome="refused",
        )
    foi_request.refresh_from_db()
    closes = foi_request.review_request_deadline
    assert closes == D(2023, 2, 22)

    queued = live_through(D(2023, 2, 1), D(2023, 2, 24), django_capture_on_commit_callbacks)

    assert queued == {
        D(2023, 2, 8): [(Kind.REVIEW_WINDOW_10WD.value, closes)],
        D(2023, 2, 17): [(Kind.REVIEW_WINDOW_3WD.value, closes)],
    }


def test_asking_for_a_review_stops_window_reminders_and_a_late_decision_is_reported(
    owner, english_council, django_capture_on_commit_callbacks
):
    foi_request = create_request(owner, english_council, D(2022, 11, 25))
    with at_nine(D(2022, 12, 22)):
        response_record(
            foi_request=foi_request,
            received_on=D(2022, 12, 22),
            kind="substantive",
            outcome="refused",
        )

    def ask_for_review():
        review_record(foi_request=foi_request, requested_on=D(2023, 2, 1))

    queued = live_through(
        D(2023, 2, 1),
        D(2023, 3, 3),
        django_capture_on_commit_callbacks,
        events={D(2023, 2, 1): ask_for_review},
    )

    # foi-law.md "Time limits": the review decision is due 20 WD later, Wed 1 Mar 2023.
    foi_request.refresh_from_db()
    assert foi_request.review_response_due == D(2023, 3, 1)
    assert queued == {D(2023, 3, 2): [(Kind.REVIEW_OVERDUE.value, D(2023, 3, 1))]}


def test_regulator_complaint_window_counts_calendar_days(
    owner, english_council, django_capture_on_commit_callbacks
):
    foi_request = create_request(owner, english_council, D(2022, 11, 25))
    with at_nine(D(2023, 3, 1)):
        response_record(
            foi_request=foi_request,
            received_on=D(2022, 12, 22),
            kind="substantive",
            outcome="refused",
        )
        review = review_record(foi_request=foi_request, requested_on=D(2023, 2, 1))
        review_decide(review=review, decided_on=D(2023, 3, 1), outcome="upheld")
    foi_request.refresh_from_db()
    # foi-law.md "Time limits": ICO, 6 weeks after the review outcome → Wed 12 Apr 2023.
    assert foi_request.regulator_complaint_deadline == D(2023, 4, 12)

    queued = live_through(D(2023, 3, 30), D(2023, 4, 14), django_capture_on_commit_callbacks)

    assert queued == {
        # Ten calendar days before, Easter (7 and 10 April) notwithstanding.
        D(2023, 4, 2): [(Kind.COMPLAINT_WINDOW_10D.value, D(2023, 4, 12))],
        D(2023, 4, 9): [(Kind.COMPLAINT_WINDOW_3D.value, D(2023, 4, 12))],
    }


def test_very_overdue_after_the_latest_extension_date_but_never_under_foisa(
    owner, english_council, scottish_council, django_capture_on_commit_callbacks
):
    # foi-law.md "Counting": received 16 Dec 2022 → due 19 Jan 2023; 40 WD → 16 Feb 2023.
    english = create_request(owner, english_council, D(2022, 12, 16))
    scottish = create_request(owner, scottish_council, D(2022, 12, 16))
    assert english.response_due_latest == D(2023, 2, 16)
    assert scottish.response_due == D(2023, 1, 19)

    with at_nine(D(2023, 2, 17)):
        planned = {(p.request_id, p.kind) for p in planned_owner_reminders(D(2023, 2, 17))}

    # foi-law.md "Time limits": FOISA has no extension, so nothing is "very overdue".
    assert planned == {(english.pk, Kind.RESPONSE_VERY_OVERDUE.value)}


def test_catch_up_window_sends_a_missed_overdue_reminder_but_not_a_stale_one(
    owner, english_council, settings
):
    settings.REMINDER_CATCH_UP_DAYS = 7
    foi_request = create_request(owner, english_council, D(2022, 8, 19))  # due 20 Sep 2022

    def kinds_on(day):
        with at_nine(day):
            return {p.kind for p in planned_owner_reminders(day) if p.request_id == foi_request.pk}

    # The sweep did not run on the 21st: the 27th still plans it; the 28th is too late.
    assert kinds_on(D(2022, 9, 27)) == {Kind.RESPONSE_OVERDUE}
    assert kinds_on(D(2022, 9, 28)) == set()


def test_withdrawn_requests_and_opted_out_owners_get_nothing(
    owner, english_council, django_capture_on_commit_callbacks
):
    withdrawn = create_request(owner, english_council, D(2022, 8, 19))
    kept = create_request(owner, english_council, D(2022, 8, 19))
    with at_nine(D(2022, 9, 1)):
        foi_request_withdraw(foi_request=withdrawn, withdrawn_on=D(2022, 9, 1))
    NotificationPreference.objects.create(user=owner, kind=Kind.RESPONSE_DUE_1WD, enabled=False)

    queued = live_through(D(2022, 9, 14), D(2022, 9, 21), django_capture_on_commit_callbacks)

    assert queued == {
        D(2022, 9, 14): [(Kind.RESPONSE_DUE_3WD.value, D(2022, 9, 20))],
        D(2022, 9, 21): [(Kind.RESPONSE_OVERDUE.value, D(2022, 9, 20))],
    }
    assert set(Reminder.objects.values_list("request_id", flat=True)) == {kept.pk}


def test_unpaid_fee_and_unanswered_clarification_get_a_nudge(
    owner, english_council, django_capture_on_commit_callbacks
):
    fee_request = create_request(owner, english_council, D(2022, 8, 1))
    clarify_request = create_request(owner, english_council, D(2022, 8, 1))
    with at_nine(D(2022, 8, 5)):
        response_record(
            foi_request=fee_request,
            received_on=D(2022, 8, 5),
            kind="fees_notice",
            fee_amount="25.00",
        )
        response_record(
            foi_request=clarify_request, received_on=D(2022, 8, 5), kind="clarification_request"
        )
    fee_request.refresh_from_db()
    # foi-law.md "Clock rules": the request lapses if the fee is unpaid within 3 months.
    assert fee_request.fee_lapses_on == D(2022, 11, 5)

    queued = live_through(D(2022, 8, 8), D(2022, 8, 16), django_capture_on_commit_callbacks)
    # Product rule: a clarification nudge 5 working days after the authority asked (Fri 5 →
    # Fri 12 August); its "deadline" is the day the authority asked.
    assert queued == {D(2022, 8, 12): [(Kind.CLARIFICATION_PENDING.value, D(2022, 8, 5))]}

    queued = live_through(D(2022, 10, 20), D(2022, 10, 23), django_capture_on_commit_callbacks)
    # Two weeks before the fee lapses.
    assert queued == {D(2022, 10, 22): [(Kind.FEE_PENDING.value, D(2022, 11, 5))]}


def test_no_fee_nudge_on_the_day_the_request_lapses(
    owner, english_council, django_capture_on_commit_callbacks
):
    fee_request = create_request(owner, english_council, D(2022, 8, 1))
    with at_nine(D(2022, 8, 5)):
        response_record(
            foi_request=fee_request, received_on=D(2022, 8, 5), kind="fees_notice", fee_amount="5"
        )
    # Sweeps missed for weeks: the catch-up still nudges on the last day to pay (4 Nov), but
    # not on 5 Nov, when the request has lapsed (foi-law.md "Clock rules", FOIA s9(2)).
    assert live_through(D(2022, 11, 5), D(2022, 11, 5), django_capture_on_commit_callbacks) == {}
    queued = live_through(D(2022, 11, 4), D(2022, 11, 4), django_capture_on_commit_callbacks)
    assert queued == {D(2022, 11, 4): [(Kind.FEE_PENDING.value, D(2022, 11, 5))]}


def test_a_second_sweep_plans_nothing_new(
    owner, english_council, django_capture_on_commit_callbacks
):
    create_request(owner, english_council, D(2022, 8, 19))
    with at_nine(D(2022, 9, 14)):
        queued: list[int] = []
        with django_capture_on_commit_callbacks(execute=True):
            first = reminders_sweep(enqueue=queued.append, include_digests=False)
        with django_capture_on_commit_callbacks(execute=True):
            second = reminders_sweep(enqueue=queued.append, include_digests=False)

    assert (first.inserted, first.queued) == (1, 1)
    assert (second.planned, second.inserted, second.queued) == (1, 0, 0)
    assert len(queued) == 1


def test_planning_runs_a_fixed_number_of_queries_whatever_the_number_of_requests(
    owner, english_council, django_assert_num_queries
):
    for _ in range(5):
        create_request(owner, english_council, D(2022, 8, 19))
    # 1 for the proclaimed holidays, 10 rules (one range query each), 1 for clarifications:
    # never one per request.
    with at_nine(D(2022, 9, 14)), django_assert_num_queries(12):
        planned = planned_owner_reminders(D(2022, 9, 14))
    assert len(planned) == 5


def test_every_rule_reads_an_indexed_column(db):
    # Each rule is a range query on its column, run hourly over every request: without an
    # index it is a full scan. Read from the database itself, so a missing migration fails.
    # The query is ``stage IN (...) AND <column> BETWEEN ...``, so an index whose leading
    # column is stage, with the rule's column next, serves it as well as one on the column
    # alone (response_due: foireq_stage_due_idx, the only index on it, issue 15).
    from django.db import connection

    from requests_app.models import FOIRequest
    from requests_app.services.reminder_rules import owner_rules

    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, FOIRequest._meta.db_table)
    served = set()
    for columns in (c["columns"] for c in constraints.values() if c["index"] and c["columns"]):
        served.add(columns[1] if columns[0] == "stage" and len(columns) > 1 else columns[0])
    assert {rule.field for rule in owner_rules(30)} <= served


@hypothesis_settings(max_examples=200, deadline=None)
@given(
    deadline=st.dates(min_value=D(2015, 1, 1), max_value=D(2030, 12, 31)),
    regime=st.sampled_from(["foia", "foisa"]),
)
def test_each_working_day_deadline_falls_in_each_before_window_on_some_day(deadline, regime):
    """Never lost: a daily sweep meets every deadline in each "before" window, first on the
    day the offset is exactly reached (3 or 1 working days ahead), so none is skipped
    (foi-law.md "The four regimes" for the calendars)."""
    calendar = calendar_for(regime)
    deadline = calendar.add_working_days(deadline, 0)  # deadlines fall on working days
    for window in (WorkingDaysBefore(3, 2), WorkingDaysBefore(1, 0), WorkingDaysBefore(10, 4)):
        days_in = [
            day
            for day in days(deadline - datetime.timedelta(days=40), deadline)
            if (found := window.date_range(day, calendar)) and found[0] <= deadline <= found[1]
        ]
        assert days_in, window
        first = days_in[0]
        assert calendar.working_days_between(first, deadline) == window.most
        # Contiguous: once in the window, every later day up to the window's end is in it.
        assert days_in == list(days(first, days_in[-1]))
