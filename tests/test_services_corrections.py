"""Correcting and deleting recorded events (issue 13 item 2): the same checks as recording,
history kept (django-simple-history), deadlines recomputed in the same transaction.

Dates follow shared/foi-law.md "Counting": FOIA, received Fri 2022-12-16, response due
2023-01-19 (20 WD, skipping 26-27 Dec and 2 Jan).
"""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from requests_app.models import Exemption, ExemptionCitation, InternalReview, Response
from requests_app.services.corrections import (
    complaint_delete,
    complaint_update,
    response_delete,
    response_update,
    review_delete,
    review_update,
)
from requests_app.services.requests import (
    foi_request_create,
    foi_request_update,
    foi_request_withdraw,
)
from requests_app.services.responses import CitationInput, QuestionInput, response_record
from requests_app.services.reviews import complaint_record, review_record

D = datetime.date


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2023, 4, 3, 9, 0), tick=False):
        yield


@pytest.fixture
def foi(user, authority):
    return foi_request_create(
        owner=user, authority=authority, title="Prevent referrals", sent_on=D(2022, 12, 16)
    )


def refuse(foi, on=None, code="foia-s24"):
    return response_record(
        foi_request=foi,
        received_on=on or D(2023, 1, 10),
        kind="substantive",
        outcome="refused",
        citations=[CitationInput(Exemption.objects.get(code=code), "s24(1)", "24(1)", True)],
        questions=[QuestionInput(3, "not_held", held_by="West Midlands Police")],
    )


def test_correcting_a_response_date_moves_the_review_window_and_keeps_history(foi):
    response = refuse(foi)
    foi.refresh_from_db()
    # foi-law.md "Time limits": 40 WD after the response of Tue 2023-01-10.
    assert foi.review_request_deadline == D(2023, 3, 7)
    response_update(response=response, received_on=D(2023, 1, 17), reference="FOI-1")
    foi.refresh_from_db()
    assert foi.answered_on == D(2023, 1, 17)
    assert foi.review_request_deadline == D(2023, 3, 14)  # 40 WD after Tue 2023-01-17
    assert [h.received_on for h in response.history.order_by("history_date")] == [
        D(2023, 1, 10),
        D(2023, 1, 17),
    ]
    # Citations and questions are kept unless replaced.
    assert response.citations.get().exemption.code == "foia-s24"
    assert response.questions.get().held_by == "West Midlands Police"


def test_replacing_citations_keeps_the_removed_ones_in_history(foi):
    response = refuse(foi)
    s40 = Exemption.objects.get(code="foia-s40")
    response_update(response=response, citations=[CitationInput(s40, "s40(2)", "40(2)")])
    assert [c.exemption.code for c in response.citations.all()] == ["foia-s40"]
    deleted = ExemptionCitation.history.filter(history_type="-")
    assert [h.exemption_id for h in deleted] == [Exemption.objects.get(code="foia-s24").pk]


def test_a_bad_correction_changes_nothing(foi):
    response = refuse(foi)
    with pytest.raises(ValidationError) as error:
        response_update(response=response, received_on=D(2022, 12, 1))
    assert "received_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        response_update(response=response, kind="fees_notice")
    assert error.value.message_dict == {"kind": ["cannot be changed"]}
    response.refresh_from_db()
    assert response.received_on == D(2023, 1, 10)


def test_a_response_cannot_move_after_the_review_of_it(foi):
    response = refuse(foi)
    review_record(foi_request=foi, requested_on=D(2023, 1, 20))
    with pytest.raises(ValidationError, match="review was asked on 20 Jan 2023"):
        response_update(response=response, received_on=D(2023, 1, 25))
    response.refresh_from_db()
    assert response.received_on == D(2023, 1, 10)


def test_the_response_a_review_is_about_cannot_be_deleted_under_it(foi):
    response = refuse(foi)
    review_record(foi_request=foi, requested_on=D(2023, 1, 12))  # before the 19 Jan deadline
    pk = response.pk
    with pytest.raises(ValidationError, match="delete the review first"):
        response_delete(response=response)
    assert Response.objects.filter(pk=pk).exists()  # rolled back


def test_deleting_a_response_recomputes_and_is_in_the_history(foi):
    response = refuse(foi)
    pk = response.pk
    response_delete(response=response)
    foi.refresh_from_db()
    assert foi.stage == "awaiting_response" and foi.answered_on is None
    assert foi.review_request_deadline is None
    assert Response.history.filter(id=pk, history_type="-").exists()


def test_correcting_and_deleting_a_review(foi):
    refuse(foi)
    review = review_record(foi_request=foi, requested_on=D(2023, 1, 20))
    foi.refresh_from_db()
    assert foi.stage == "review_requested"
    review_update(
        review=review, requested_on=D(2023, 1, 23), decided_on=D(2023, 2, 10), outcome="upheld"
    )
    foi.refresh_from_db()
    assert foi.stage == "answered"
    # ICO: 6 weeks after the review outcome of 2023-02-10.
    assert foi.regulator_complaint_deadline == D(2023, 3, 24)
    with pytest.raises(ValidationError, match="is required with a decision date"):
        review_update(review=review, requested_on=D(2023, 1, 23), decided_on=D(2023, 2, 10))
    review_delete(review=review)
    foi.refresh_from_db()
    assert foi.stage == "answered" and foi.regulator_complaint_deadline is None
    assert InternalReview.history.filter(history_type="-").count() == 1


def test_reopening_a_review_while_another_is_open_is_refused(foi):
    refuse(foi)
    first = review_record(
        foi_request=foi, requested_on=D(2023, 1, 20), decided_on=D(2023, 2, 1), outcome="upheld"
    )
    review_record(foi_request=foi, requested_on=D(2023, 2, 6))
    with pytest.raises(ValidationError, match="another internal review is already open"):
        review_update(review=first, requested_on=D(2023, 1, 20))
    first.refresh_from_db()
    assert first.decided_on == D(2023, 2, 1)


def test_correcting_and_deleting_a_complaint(foi):
    refuse(foi)
    complaint = complaint_record(foi_request=foi, submitted_on=D(2023, 2, 20))
    foi.refresh_from_db()
    assert foi.stage == "with_regulator"
    complaint_update(
        complaint=complaint,
        submitted_on=D(2023, 2, 21),
        reference="IC-1",
        decided_on=D(2023, 3, 30),
        outcome="upheld",
    )
    foi.refresh_from_db()
    assert foi.stage == "closed"
    complaint_delete(complaint=complaint)
    foi.refresh_from_db()
    assert foi.stage == "answered"


def test_a_withdrawal_recorded_by_mistake_is_undone_by_editing(foi):
    foi_request_withdraw(foi_request=foi, withdrawn_on=D(2023, 1, 3))
    foi.refresh_from_db()
    assert foi.stage == "closed" and foi.next_deadline is None
    foi_request_update(foi_request=foi, withdrawn_on=None)
    foi.refresh_from_db()
    assert foi.stage == "awaiting_response" and foi.response_due == D(2023, 1, 19)
    with pytest.raises(ValidationError, match="cannot be before its receipt"):
        foi_request_update(foi_request=foi, withdrawn_on=D(2022, 12, 1))
