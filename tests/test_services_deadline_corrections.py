"""Issue 10's corrected rules through the write services and the bulk path: the stored
columns carry the dates of shared/foi-law.md "Time limits" and "Clock rules", and a stored
event the law now ignores (a late fees notice) moves nothing in either path."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from requests_app.models import FOIRequest
from requests_app.services.deadlines import DEADLINE_FIELDS, deadlines_recompute
from requests_app.services.deadlines_bulk import deadlines_recompute_bulk
from requests_app.services.requests import foi_request_create
from requests_app.services.responses import fee_paid_record, response_record
from requests_app.services.reviews import review_record
from tests import factories

D = datetime.date

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2023, 8, 1, 9, 0), tick=False):
        yield


def stored(foi):
    return FOIRequest.objects.values(*DEADLINE_FIELDS).get(pk=foi.pk)


def assert_bulk_agrees(foi):
    """The vectorised path stores exactly what the per-request services stored."""
    expected = stored(foi)
    FOIRequest.objects.filter(pk=foi.pk).update(
        stage="awaiting_response", response_due=None, review_request_deadline=None,
        fee_lapses_on=None, next_deadline=None,
    )  # fmt: skip
    deadlines_recompute_bulk(FOIRequest.objects.filter(pk=foi.pk))
    assert stored(foi) == expected


RECEIVED = D(2023, 6, 5)  # a Monday; FOIA and FOISA both due 2023-07-03


def create(user, nation="england", regime=None, received=RECEIVED):
    authority = factories.AuthorityFactory(nation=nation)
    kwargs = {"regime": regime} if regime else {}
    return foi_request_create(
        owner=user, authority=authority, title="x", sent_on=received, **kwargs
    )


def test_foisa_s20_5_a_window_runs_from_the_expiry_of_the_response_period(user):
    # "Correction", FOISA s20(5)(a): received Mon 2023-06-05, answered 06-06, due 07-03:
    # review may be asked until 2023-08-29, not 2023-08-01 (today).
    foi = create(user, nation="scotland")
    response_record(
        foi_request=foi, received_on=D(2023, 6, 6), kind="substantive", outcome="granted"
    )
    foi.refresh_from_db()
    assert foi.response_due == D(2023, 7, 3)
    assert foi.review_request_deadline == D(2023, 8, 29)
    assert foi.next_deadline == D(2023, 8, 29)
    assert_bulk_agrees(foi)


def test_a_fees_notice_after_the_deadline_is_refused_naming_the_deadline(user):
    # "Clock rules" (FOIA s9(1), s10(2)): received 2023-06-05, due 2023-07-03.
    foi = create(user)
    with pytest.raises(ValidationError) as info:
        response_record(foi_request=foi, received_on=D(2023, 7, 10), kind="fees_notice")
    assert "3 Jul 2023" in info.value.message_dict["received_on"][0]
    assert not foi.responses.exists()  # nothing half-saved
    # On the last day it is in time, and it pauses the clock.
    notice = response_record(foi_request=foi, received_on=D(2023, 7, 3), kind="fees_notice")
    foi.refresh_from_db()
    assert foi.stage == "fees_pending"
    fee_paid_record(response=notice, paid_on=D(2023, 7, 5))
    foi.refresh_from_db()
    assert foi.response_due == D(2023, 7, 6)  # 3, 4, 5 July disregarded


def test_a_stored_late_fees_notice_moves_nothing(user):
    # Stored before late notices were refused: paid 07-14, due stays 2023-07-03 (issue 10).
    foi = create(user)
    factories.ResponseFactory(
        request=foi, kind="fees_notice", outcome="", received_on=D(2023, 7, 10),
        fee_paid_on=D(2023, 7, 14),
    )  # fmt: skip
    unpaid = create(user)
    factories.ResponseFactory(
        request=unpaid, kind="fees_notice", outcome="", received_on=D(2023, 7, 10)
    )
    for request in (foi, unpaid):
        deadlines_recompute(request)
        assert (request.stage, request.response_due, request.fee_lapses_on) == (
            "awaiting_response",
            D(2023, 7, 3),
            None,
        )
        assert_bulk_agrees(request)


def test_an_eir_advance_payment_lapses_60_working_days_after_the_notification(user):
    # "Clock rules" (EIR reg 8(5)): notice 2023-06-05, last day to pay the 60th WD, 31 Aug.
    foi = create(user, regime="eir", received=D(2023, 6, 1))
    response_record(foi_request=foi, received_on=D(2023, 6, 5), kind="fees_notice")
    foi.refresh_from_db()
    assert (foi.stage, foi.fee_lapses_on, foi.next_deadline) == (
        "fees_pending",
        D(2023, 9, 1),
        D(2023, 8, 31),
    )
    assert_bulk_agrees(foi)


@pytest.mark.parametrize(
    ("nation", "regime", "window", "decision"),
    [
        # EIR reg 11(2): 40 WD after the deadline (2023-07-03); reg 11(4): decision 40 WD.
        ("england", "eir", D(2023, 8, 31), D(2023, 9, 18)),
        # EISR reg 16(2) on Scotland's calendar; reg 16(4): decision in 20 WD.
        ("scotland", "eisr", D(2023, 8, 29), D(2023, 8, 18)),
    ],
)
def test_a_review_of_silence_under_the_eir_and_eisr(user, nation, regime, window, decision):
    foi = create(user, nation=nation, regime=regime)
    foi.refresh_from_db()
    assert foi.review_request_deadline == window
    # The window is ahead once the response deadlines have passed (EIR's latest is today).
    today = D(2023, 8, 1)
    assert foi.next_deadline == min(d for d in (foi.response_due_latest, window) if d >= today)
    assert_bulk_agrees(foi)
    review_record(foi_request=foi, requested_on=D(2023, 7, 20))
    foi.refresh_from_db()
    assert (foi.stage, foi.review_response_due) == ("review_requested", decision)
