"""The rules an audit found wrong in every path (issue 10), row by row against
shared/foi-law.md "Time limits" and "Clock rules" (the corrected table, fees bullet and
"Correction" notes). Each row is checked through the scalar chain and the vectorised one.
"""

import datetime

import numpy as np
import pytest

from requests_app.law.calendars import calendar_for
from requests_app.law.deadlines import FeePause, compute_chain, counted_fees
from requests_app.law.deadlines_vectorised import compute_chains, counted_fees_array
from tests.law_holidays import BY_REGIME, naive_add_working_days

D = datetime.date
DAY = datetime.timedelta(days=1)


def _arr(value, dtype="datetime64[D]"):
    return np.array([value], dtype=dtype)


def vectorised(regime, received, *, responded=None, unpaid_notice=None, paused=0):
    chains = compute_chains(
        regime=regime, calendar=calendar_for(regime), received_on=_arr(received),
        clarification_pending=_arr(False, bool), clarification_received_on=_arr(None),
        paused_days=_arr(paused, np.int64), fee_unpaid_notice_on=_arr(unpaid_notice),
        extended_on=_arr(None), school=_arr(False, bool), responded_on=_arr(responded),
        review_requested_on=_arr(None), review_decided_on=_arr(None),
    )  # fmt: skip
    return {
        step: None if np.isnat(value[0]) else value[0].astype(datetime.date)
        for step, value in chains.items()
    }


# --- "Time limits", review row: when the 40 working days to ask for a review begin ----------

REVIEW_WINDOWS = [
    # (regime, received, responded, window closes, basis names, rule)
    ("foisa", D(2023, 6, 5), D(2023, 6, 6), D(2023, 8, 29), "FOISA s20(5)(a)",
     "Correction, FOISA s20(5)(a): early response, window runs from the expiry (due 07-03)"),
    ("foisa", D(2023, 6, 5), D(2023, 7, 3), D(2023, 8, 29), "FOISA s20(5)(a)",
     "FOISA s20(5)(a): a response on the last day is in time"),
    ("foisa", D(2023, 6, 5), D(2023, 7, 10), None, "FOISA s20(5)(b)",
     "FOISA s20(5)(b): a late response, window runs from its receipt"),
    ("foisa", D(2023, 6, 5), None, D(2023, 8, 29), "FOISA s20(5)(a)",
     "FOISA s20(5): no response, window runs from the deadline"),
    ("eir", D(2023, 6, 5), None, D(2023, 8, 31), "EIR reg 11(2)",
     "EIR reg 11(2): no response, window runs from the response deadline (issue example)"),
    ("eisr", D(2023, 6, 5), None, D(2023, 8, 29), "EISR reg 16(2)",
     "EISR reg 16(2): as EIR, on Scotland's calendar"),
    ("eir", D(2023, 6, 5), D(2023, 6, 6), None, "EIR reg 11(2)",
     "EIR reg 11(2): from the response"),
    ("eisr", D(2023, 6, 5), D(2023, 7, 10), None, "EISR reg 16(2)",
     "EISR reg 16(2): from a late response"),
    ("foia", D(2023, 6, 5), D(2023, 6, 6), None, "FOIA s45 Code of Practice",
     "FOIA s45 Code Part 5: from the response"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("regime", "received", "responded", "closes", "basis", "rule"), REVIEW_WINDOWS
)
def test_review_window(regime, received, responded, closes, basis, rule):
    cal = calendar_for(regime)
    chain = compute_chain(regime=regime, received_on=received, calendar=cal, responded_on=responded)
    if closes is None:  # 40 WD after the response itself, counted on a wall calendar
        closes = naive_add_working_days(responded, 40, BY_REGIME[regime])
    assert chain.review_request_deadline == closes, rule
    assert chain.basis["review_request_deadline"].startswith(basis), rule
    assert vectorised(regime, received, responded=responded)["review_request_deadline"] == closes


def test_foia_has_no_review_window_before_a_response():
    # "Time limits": FOIA's window runs from the response (s45 Code Part 5) only.
    chain = compute_chain(regime="foia", received_on=D(2023, 6, 5), calendar=calendar_for("foia"))
    assert chain.review_request_deadline is None
    assert vectorised("foia", D(2023, 6, 5))["review_request_deadline"] is None


# --- "Clock rules", fees bullet: a notice after the deadline moves nothing -------------------

LATE_FEES = [
    # (fees, response due, fee lapses, rule)
    ([FeePause(D(2023, 7, 10), D(2023, 7, 14))], D(2023, 7, 3), None,
     "FOIA s9(1), s10(2): notice after the due date 07-03, paid: due stays (issue example)"),
    ([FeePause(D(2023, 7, 10), None)], D(2023, 7, 3), None,
     "a late unpaid notice does not stop the clock either"),
    ([FeePause(D(2023, 7, 3), D(2023, 7, 5))], D(2023, 7, 6), None,
     "a notice on the due date counts: 3, 4, 5 July disregarded"),
    ([FeePause(D(2023, 6, 6), D(2023, 6, 9)), FeePause(D(2023, 7, 7), D(2023, 7, 7))],
     D(2023, 7, 10), None,
     "the first notice moved the due date to 07-07, so a second on 07-07 counts (1 WD)"),
    ([FeePause(D(2023, 6, 6), D(2023, 6, 9)), FeePause(D(2023, 7, 10), D(2023, 7, 11))],
     D(2023, 7, 7), None,
     "a second notice after the moved due date (07-07) is ignored"),
    ([FeePause(D(2023, 6, 6), D(2023, 6, 9)), FeePause(D(2023, 7, 7), None)],
     None, D(2023, 10, 7), "an unpaid notice given by the moved due date stops the clock"),
]  # fmt: skip


@pytest.mark.parametrize(("fees", "response_due", "lapses", "rule"), LATE_FEES)
def test_a_fees_notice_after_the_deadline_moves_nothing(fees, response_due, lapses, rule):
    received = D(2023, 6, 5)
    cal = calendar_for("foia")
    chain = compute_chain(regime="foia", received_on=received, calendar=cal, fees=fees)
    assert chain.response_due == response_due, rule
    assert chain.fee_lapses_on == lapses, rule
    # The vectorised mask picks the same notices, whatever order the rows arrive in.
    rows = fees[::-1]
    mask = counted_fees_array(
        cal,
        _arr(received),
        np.zeros(len(rows), dtype=np.int64),
        np.array([f.notice_on for f in rows], dtype="datetime64[D]"),
        np.array([f.paid_on for f in rows], dtype="datetime64[D]"),
    )
    assert [f for f, keep in zip(rows, mask, strict=True) if keep] == [
        f for f in rows if f in counted_fees(cal, received, fees)
    ], rule


# --- "Clock rules", fees bullet: each regime's own lapse ------------------------------------


@pytest.mark.parametrize(
    ("regime", "lapses", "basis", "rule"),
    [
        ("foia", D(2023, 9, 5), "FOIA s9(2)", "3 months beginning with the notice"),
        ("foisa", D(2023, 9, 5), "FOISA s9(4)", "3 months beginning with the notice"),
        # Hand counted: UK-wide, 12 Jul (NI), 7 Aug (Scotland), 28 Aug skipped: 60th WD 31 Aug.
        ("eir", D(2023, 9, 1), "EIR reg 8(5)", "paid no later than 60 WD after notification"),
        # Scotland: 7 Aug skipped only: 60th WD Tue 29 Aug.
        ("eisr", D(2023, 8, 30), "EISR reg 8", "paid no later than 60 WD after notification"),
    ],
)
def test_an_unpaid_fee_lapses_under_each_regimes_own_rule(regime, lapses, basis, rule):
    notice = D(2023, 6, 5)
    chain = compute_chain(
        regime=regime,
        received_on=notice - 2 * DAY,
        calendar=calendar_for(regime),
        fees=[FeePause(notice, None)],
    )
    assert chain.fee_lapses_on == lapses, rule
    assert chain.basis["fee_lapses_on"].startswith(basis), rule
    if regime in ("eir", "eisr"):
        assert lapses - DAY == naive_add_working_days(notice, 60, BY_REGIME[regime])
    vector = vectorised(regime, notice - 2 * DAY, unpaid_notice=notice)
    assert vector["fee_lapses_on"] == lapses


@pytest.mark.parametrize(
    ("regime", "section"),
    [
        ("foia", "FOIA s10(2)"),
        ("foisa", "FOISA s10(2)"),
        ("eir", "EIR reg 8"),
        ("eisr", "EISR reg 8"),
    ],
)
def test_the_paused_days_name_the_regimes_own_provision(regime, section):
    chain = compute_chain(
        regime=regime,
        received_on=D(2023, 6, 5),
        calendar=calendar_for(regime),
        fees=[FeePause(D(2023, 6, 6), D(2023, 6, 7))],
    )
    assert f"2 working days paused by a fees notice ({section})" in chain.basis["response_due"]


def test_the_foia_extension_says_reasonable_and_that_40_days_is_guidance():
    # "Time limits": FOIA s10(3) says "reasonable"; 40 WD is ICO guidance, not statute.
    chain = compute_chain(regime="foia", received_on=D(2023, 6, 5), calendar=calendar_for("foia"))
    basis = chain.basis["response_due_latest"]
    assert basis.startswith('FOIA s10(3): a "reasonable" extension')
    assert "ICO guidance" in basis
