"""``FOIRequest.objects.with_status(today)``: the stored stage read against the stored deadlines
and today, as one SQL CASE (shared/foi-law.md "Clock rules": overdue is the day after the due
date; very overdue is after the latest date with an extension)."""

import datetime

import pytest
import time_machine
from django.db.models import Count

from requests_app.models import FOIRequest
from requests_app.services.requests import foi_request_create, foi_request_withdraw
from requests_app.services.responses import response_record
from requests_app.services.reviews import complaint_record, review_decide, review_record
from tests import factories

D = datetime.date
DAY = datetime.timedelta(days=1)


def status_on(foi_request, today):
    return FOIRequest.objects.with_status(today).get(pk=foi_request.pk).status


@pytest.fixture
def at_2023():
    with time_machine.travel(datetime.datetime(2023, 6, 30, 12, 0), tick=False):
        yield


@pytest.fixture
def foia(user, authority, at_2023):
    # Received 2022-12-16: due 2023-01-19, latest 2023-02-16 (foi-law.md "Counting").
    return foi_request_create(owner=user, authority=authority, title="a", sent_on=D(2022, 12, 16))


@pytest.fixture
def foisa(user, at_2023):
    council = factories.AuthorityFactory(nation="scotland")
    return foi_request_create(owner=user, authority=council, title="b", sent_on=D(2022, 12, 16))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2022, 12, 16), "awaiting_response"),
        (D(2023, 1, 19), "awaiting_response"),  # the due date itself is in time
        (D(2023, 1, 20), "overdue"),  # "the day after the due date"
        (D(2023, 2, 16), "overdue"),
        (D(2023, 2, 17), "very_overdue"),  # after the latest date with an extension
    ],
)
def test_awaiting_response_then_overdue_then_very_overdue(foia, today, expected):
    assert status_on(foia, today) == expected


@pytest.mark.django_db
def test_foisa_is_never_very_overdue(foisa):
    # FOISA has no extension ("Time limits"): late is simply overdue.
    assert status_on(foisa, foisa.response_due) == "awaiting_response"
    assert status_on(foisa, foisa.response_due + DAY) == "overdue"
    assert status_on(foisa, foisa.response_due + 100 * DAY) == "overdue"


@pytest.mark.django_db
def test_default_today_is_the_local_date(foia):
    with time_machine.travel(datetime.datetime(2023, 1, 19, 23, 30), tick=False):
        assert FOIRequest.objects.with_status().get(pk=foia.pk).status == "awaiting_response"
    with time_machine.travel(datetime.datetime(2023, 1, 20, 0, 30), tick=False):
        assert FOIRequest.objects.with_status().get(pk=foia.pk).status == "overdue"


@pytest.mark.django_db
def test_clarification_is_never_overdue(foia):
    response_record(foi_request=foia, received_on=D(2022, 12, 20), kind="clarification_request")
    assert status_on(foia, D(2023, 6, 1)) == "awaiting_clarification"


@pytest.mark.django_db
def test_fees_pending_then_lapsed(foia):
    # FOIA s9(2): unpaid within 3 months beginning with the notice day, the request lapses
    # on fee_lapses_on ("Clock rules"): the last day to pay is 19 March.
    response_record(foi_request=foia, received_on=D(2022, 12, 20), kind="fees_notice")
    foia.refresh_from_db()
    assert foia.fee_lapses_on == D(2023, 3, 20)
    assert status_on(foia, D(2023, 3, 19)) == "fees_pending"
    assert status_on(foia, D(2023, 3, 20)) == "closed"


@pytest.mark.django_db
def test_answered_review_window_open_until_the_deadline(foia):
    response_record(
        foi_request=foia, received_on=D(2023, 1, 10), kind="substantive", outcome="refused"
    )
    foia.refresh_from_db()
    deadline = foia.review_request_deadline
    assert status_on(foia, D(2023, 1, 10)) == "review_window_open"
    assert status_on(foia, deadline) == "review_window_open"
    assert status_on(foia, deadline + DAY) == "answered"


@pytest.mark.django_db
def test_review_requested_then_overdue_then_decided(foia):
    response_record(
        foi_request=foia, received_on=D(2023, 1, 10), kind="substantive", outcome="refused"
    )
    review = review_record(foi_request=foia, requested_on=D(2023, 1, 12))
    foia.refresh_from_db()
    due = foia.review_response_due
    assert status_on(foia, due) == "review_requested"
    assert status_on(foia, due + DAY) == "review_overdue"
    review_decide(review=review, decided_on=D(2023, 2, 20), outcome="upheld")
    # A decided review does not reopen the review window, even before its old deadline.
    assert status_on(foia, D(2023, 2, 21)) == "answered"


@pytest.mark.django_db
def test_with_regulator_and_closed(foia, foisa):
    complaint_record(foi_request=foia, submitted_on=D(2023, 2, 20))
    foi_request_withdraw(foi_request=foisa, withdrawn_on=D(2023, 1, 5))
    assert status_on(foia, D(2023, 6, 1)) == "with_regulator"
    assert status_on(foisa, D(2023, 6, 1)) == "closed"


@pytest.mark.django_db
def test_overdue_is_filtered_in_sql(foia, foisa, user, authority, django_assert_num_queries):
    late = foi_request_create(owner=user, authority=authority, title="c", sent_on=D(2023, 1, 3))
    answered = foi_request_create(
        owner=user, authority=authority, title="d", sent_on=D(2022, 12, 16)
    )
    response_record(
        foi_request=answered, received_on=D(2023, 1, 5), kind="substantive", outcome="granted"
    )
    today = D(2023, 1, 31)
    # One SELECT: the status is a CASE in the WHERE clause; no row is loaded into Python to
    # decide it.
    with django_assert_num_queries(1) as captured:
        overdue = set(
            FOIRequest.objects.with_status(today)
            .filter(status="overdue")
            .values_list("pk", flat=True)
        )
    assert "CASE" in captured.captured_queries[0]["sql"].upper()
    assert overdue == {foia.pk, foisa.pk}
    assert late.response_due >= today
    counts = dict(
        FOIRequest.objects.with_status(D(2023, 2, 17))
        .values_list("status")
        .order_by("status")
        .annotate(n=Count("pk"))
    )
    assert counts == {"very_overdue": 1, "overdue": 2, "review_window_open": 1}
