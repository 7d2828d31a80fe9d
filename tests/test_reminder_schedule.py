"""What the request page says is coming (requests_app/selectors/reminder_schedule.py) is what
the sweep then plans, on the day it said: the schedule reads the sweep's own rules
(``owner_rules``) backwards, so the two are checked against each other day by day."""

from __future__ import annotations

import datetime

import pytest

from requests_app.law.calendars import calendar_for
from requests_app.models import NotificationPreference
from requests_app.models import ReminderKindChoices as Kind
from requests_app.selectors.reminder_schedule import coming_reminders, coming_reminders_for_owner
from requests_app.services.reminder_rules import owner_rules
from requests_app.services.reminders import planned_owner_reminders
from requests_app.services.responses import response_record
from requests_app.services.reviews import review_record
from tests import factories
from tests.test_reminder_planning import at_nine, create_request, days

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(db):
    return factories.UserFactory(username="requester", email="requester@example.org")


@pytest.mark.parametrize("regime", ["foia", "foisa"])
def test_each_windows_send_days_are_the_days_its_date_range_holds_the_deadline(regime):
    calendar = calendar_for(regime)
    # Across Christmas and New Year, where working and calendar days part most.
    span = list(days(D(2022, 11, 20), D(2023, 1, 31)))
    for rule in owner_rules(catch_up_days=7):
        windows = {today: rule.window.date_range(today, calendar) for today in span}
        for deadline in span[20:-20]:
            send = rule.window.send_days(deadline, calendar)
            for today, window in windows.items():
                planned = window is not None and window[0] <= deadline <= window[1]
                predicted = send is not None and send[0] <= today <= send[1]
                assert planned == predicted, (rule.kind, deadline, today)


def _record(day, **kwargs):
    with at_nine(day):
        return response_record(received_on=day, **kwargs)


def test_what_the_page_says_is_coming_is_what_the_sweep_plans_on_that_day(owner):
    england = factories.AuthorityFactory(name="Coventry City Council", nation="england")
    scotland = factories.AuthorityFactory(name="Glasgow City Council", nation="scotland")
    create_request(owner, england, D(2022, 11, 28))  # due over Christmas
    create_request(owner, scotland, D(2022, 11, 28))  # FOISA s20(5) window too
    refused = create_request(owner, england, D(2022, 10, 17))
    _record(D(2022, 11, 10), foi_request=refused, kind="substantive", outcome="refused")
    extended = create_request(owner, england, D(2022, 10, 24))
    _record(D(2022, 11, 18), foi_request=extended, kind="extension_notice")
    in_review = create_request(owner, england, D(2022, 9, 1))
    _record(D(2022, 9, 28), foi_request=in_review, kind="substantive", outcome="refused")
    with at_nine(D(2022, 11, 21)):
        review_record(foi_request=in_review, requested_on=D(2022, 11, 21))
    decided = create_request(owner, england, D(2022, 9, 1))
    _record(D(2022, 9, 28), foi_request=decided, kind="substantive", outcome="refused")
    with at_nine(D(2022, 11, 1)):
        review_record(
            foi_request=decided,
            requested_on=D(2022, 10, 3),
            decided_on=D(2022, 11, 1),
            outcome="upheld",
        )
    fees = create_request(owner, england, D(2022, 11, 1))
    _record(D(2022, 11, 2), foi_request=fees, kind="fees_notice", fee_amount="25.00")
    clarify = create_request(owner, england, D(2022, 11, 28))
    _record(D(2022, 11, 30), foi_request=clarify, kind="clarification_request")

    start = D(2022, 12, 1)
    requests = [r for r in owner.foi_requests.select_related("owner").order_by("pk")]
    with at_nine(start):
        predicted = {
            (c.request.pk, c.kind, c.deadline): c.send_on for c in coming_reminders(requests, start)
        }
    end = D(2023, 2, 15)
    first_planned: dict[tuple[int | None, str, datetime.date], datetime.date] = {}
    for day in days(start, end):
        with at_nine(day):
            for p in planned_owner_reminders(day):
                first_planned.setdefault((p.request_id, p.kind, p.deadline), day)
    assert {key: day for key, day in predicted.items() if day <= end} == first_planned
    kinds = {kind for _, kind, _ in predicted}
    assert {
        Kind.RESPONSE_DUE_3WD,
        Kind.RESPONSE_DUE_1WD,
        Kind.RESPONSE_OVERDUE,
        Kind.RESPONSE_VERY_OVERDUE,
        Kind.REVIEW_WINDOW_10WD,
        Kind.REVIEW_WINDOW_3WD,
        Kind.REVIEW_OVERDUE,
        Kind.COMPLAINT_WINDOW_10D,
        Kind.COMPLAINT_WINDOW_3D,
        Kind.FEE_PENDING,
        Kind.CLARIFICATION_PENDING,
    } <= kinds


def test_a_kind_turned_off_is_listed_as_not_coming_and_sent_ones_are_not_coming(owner):
    england = factories.AuthorityFactory(name="Coventry City Council", nation="england")
    awaiting = create_request(owner, england, D(2022, 11, 28))
    NotificationPreference.objects.create(user=owner, kind=Kind.RESPONSE_DUE_1WD, enabled=False)
    awaiting.reminders.create(
        recipient=owner,
        kind=Kind.RESPONSE_DUE_3WD,
        deadline=awaiting.response_due,
        status="sent",
    )
    with at_nine(D(2022, 12, 1)):
        coming = coming_reminders_for_owner(owner, D(2022, 12, 1))
    by_kind = {c.kind: c for c in coming}
    # The reminders are about the stored deadline (FOIA s10(1), shared/foi-law.md "Counting").
    assert by_kind[Kind.RESPONSE_DUE_1WD].deadline == awaiting.response_due
    assert by_kind[Kind.RESPONSE_DUE_1WD].turned_off is True
    assert Kind.RESPONSE_DUE_3WD not in by_kind  # already sent: history, not coming
    assert by_kind[Kind.RESPONSE_OVERDUE].turned_off is False


def test_an_owner_without_an_email_gets_nothing(owner):
    owner.email = ""
    owner.save()
    england = factories.AuthorityFactory(name="Coventry City Council", nation="england")
    create_request(owner, england, D(2022, 11, 28))
    with at_nine(D(2022, 12, 1)):
        assert coming_reminders_for_owner(owner, D(2022, 12, 1)) == []
