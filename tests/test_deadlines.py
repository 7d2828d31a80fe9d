"""The deadline chain (requests_app/law/deadlines.py) against shared/foi-law.md.

Every row names its rule and the foi-law.md section it comes from. Rows around each bank
holiday 2005-2030 compare the engine with a day-by-day count over the gov.uk lists typed in
``tests/law_holidays.py`` (an oracle independent of the `holidays` package and of numpy).
"""

import datetime

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from requests_app.law.calendars import calendar_for
from requests_app.law.deadlines import (
    FeePause,
    add_months,
    compute_chain,
    counted_fees,
    fee_pause_days,
)
from requests_app.law.deadlines_vectorised import (
    add_months_array,
    compute_chains,
    fee_lapse_day_array,
    fee_pause_days_array,
)
from tests.law_holidays import (
    BY_REGIME,
    ORACLE_BY_REGIME,
    SHIPPED_REMOVALS,
    naive_add_working_days,
)

D = datetime.date
DAY = datetime.timedelta(days=1)


def due(regime, received, **kwargs):
    # The calendar as the product runs it: the package, less the days it lists wrongly.
    calendar = calendar_for(regime, removed=SHIPPED_REMOVALS)
    return compute_chain(regime=regime, received_on=received, calendar=calendar, **kwargs)


# --- foi-law.md "Counting": the checked examples ---------------------------------------------

CHECKED_EXAMPLES = [
    # (regime, received, working days, expected, source)
    ("foia", D(2009, 3, 12), 20, D(2009, 4, 14), "Counting: skips 17 Mar, Good Fri, Easter Mon"),
    ("foia", D(2009, 3, 14), 20, D(2009, 4, 15), "Counting: Saturday receipt"),
    ("foia", D(2008, 10, 1), 20, D(2008, 10, 29), "Counting: no holiday"),
    ("foia", D(2022, 12, 16), 20, D(2023, 1, 19), "Counting: 26, 27 Dec, 2 Jan, Scots 3 Jan"),
    ("foia", D(2007, 10, 14), 40, D(2007, 12, 10), "Counting: 40 WD skips St Andrew's 2007"),
    ("foia", D(2023, 4, 1), 20, D(2023, 5, 3), "Counting: FOIA vs FOISA from 2023-04-01"),
    ("foisa", D(2023, 4, 1), 20, D(2023, 5, 2), "Counting: Scotland has no Easter Monday"),
]


@pytest.mark.parametrize(("regime", "received", "wd", "expected", "source"), CHECKED_EXAMPLES)
def test_checked_examples(regime, received, wd, expected, source):
    assert calendar_for(regime).add_working_days(received, wd) == expected, source
    if wd == 20:
        assert due(regime, received).response_due == expected, source


# --- Around every bank holiday 2005-2030 in each nation ---------------------------------------


def _rows_around_holidays():
    for regime in ("foia", "foisa"):
        for holiday in BY_REGIME[regime]:
            # Received the day before, on, and the day after the holiday; and 20 WD before
            # it so that the deadline itself lands next to it.
            for received in (holiday - DAY, holiday, holiday + DAY, holiday - 28 * DAY):
                yield pytest.param(regime, received, id=f"{regime}-{holiday}-{received}")


@pytest.mark.parametrize(("regime", "received"), list(_rows_around_holidays()))
def test_response_due_around_each_holiday_matches_a_wall_calendar_count(regime, received):
    # FOIA s10(1)/s10(6), FOISA s10(1)/s73 ("Time limits", "The four regimes").
    expected = naive_add_working_days(received, 20, ORACLE_BY_REGIME[regime])
    assert due(regime, received).response_due == expected


@pytest.mark.parametrize(
    ("regime", "received", "expected", "rule"),
    [
        # One-off days ("The four regimes"): 3 June 2022, 19 September 2022, 8 May 2023.
        ("foia", D(2022, 5, 27), D(2022, 6, 28), "skips 2 and 3 June 2022"),
        ("foisa", D(2022, 5, 27), D(2022, 6, 28), "Jubilee was UK-wide"),
        ("foia", D(2022, 9, 9), D(2022, 10, 10), "skips the State Funeral, 19 Sep 2022"),
        ("foisa", D(2022, 9, 9), D(2022, 10, 10), "State Funeral was UK-wide"),
        ("foia", D(2023, 5, 5), D(2023, 6, 6), "skips the Coronation and Spring holiday"),
        # Leap year: 29 Feb 2024 is a working day; 18 Mar 2024 is NI's St Patrick's (sub).
        ("foia", D(2024, 2, 28), D(2024, 3, 28), "29 Feb counts; NI 18 Mar skipped"),
        ("foisa", D(2024, 2, 28), D(2024, 3, 27), "FOISA counts 18 Mar 2024"),
        # Weekends: Saturday and Sunday receipts share the Friday's deadline ("Counting").
        ("foia", D(2024, 6, 7), D(2024, 7, 5), "Friday"),
        ("foia", D(2024, 6, 8), D(2024, 7, 5), "Saturday = Friday"),
        ("foia", D(2024, 6, 9), D(2024, 7, 5), "Sunday = Friday"),
        # Month and year ends.
        ("foia", D(2024, 12, 31), D(2025, 1, 30), "1 Jan skipped; FOIA also Scots 2 Jan"),
        ("foisa", D(2024, 12, 31), D(2025, 1, 30), "Scotland keeps 1 and 2 Jan"),
        ("foia", D(2023, 1, 31), D(2023, 2, 28), "February end"),
    ],
)
def test_hand_counted_rows(regime, received, expected, rule):
    assert due(regime, received).response_due == expected, rule


# --- "Time limits": the rest of the chain, regime by regime -----------------------------------


@pytest.mark.parametrize(
    ("regime", "authority_type", "latest_wd", "source"),
    [
        ("foia", "", 40, "FOIA s10(3) public-interest extension (ICO: 20 more WD)"),
        ("foia", "school", 60, "SI 2004/3364 reg 3: schools, 60 WD at the latest"),
        ("eir", "", 40, "EIR reg 7(1): complex and voluminous"),
        ("eisr", "", 40, "EISR reg 7"),
        ("foisa", "", 20, "FOISA: no extension"),
    ],
)
def test_response_due_latest(regime, authority_type, latest_wd, source):
    received = D(2023, 9, 1)
    chain = due(regime, received, authority_type=authority_type)
    assert chain.response_due == calendar_for(regime).add_working_days(received, 20)
    assert chain.response_due_latest == calendar_for(regime).add_working_days(
        received, latest_wd
    ), source
    assert chain.basis["response_due_latest"]


@pytest.mark.parametrize(
    ("regime", "wd", "latest_wd", "source"),
    [
        ("foia", 20, 40, "s45 Code of Practice Part 5: 20 WD, 40 in exceptional cases"),
        ("eir", 40, 40, "EIR reg 11(4): 40 WD"),
        ("foisa", 20, 20, "FOISA s21(1): 20 WD"),
        ("eisr", 20, 20, "EISR reg 16(4): 20 WD"),
    ],
)
def test_review_response_due(regime, wd, latest_wd, source):
    requested = D(2023, 11, 20)
    chain = due(regime, D(2023, 9, 1), responded_on=D(2023, 10, 2), review_requested_on=requested)
    cal = calendar_for(regime)
    assert chain.review_response_due == cal.add_working_days(requested, wd), source
    assert chain.review_response_due_latest == cal.add_working_days(requested, latest_wd)


@pytest.mark.parametrize("regime", ["foia", "eir", "eisr"])
def test_review_request_deadline_is_40_wd_after_the_response(regime):
    # s45 Code Part 5; EIR reg 11(2); EISR reg 16(2). FOISA s20(5): test_deadline_corrections.
    chain = due(regime, D(2023, 9, 1), responded_on=D(2023, 9, 25))
    expected = naive_add_working_days(D(2023, 9, 25), 40, BY_REGIME[regime])
    assert chain.review_request_deadline == expected


@pytest.mark.parametrize(
    ("regime", "decided", "expected", "source"),
    [
        ("foia", D(2023, 12, 20), D(2024, 1, 31), "ICO: 6 weeks after the review outcome"),
        ("eir", D(2023, 12, 20), D(2024, 1, 31), "ICO, same"),
        ("foisa", D(2023, 8, 31), D(2024, 2, 29), "SIC s47(4): 6 months, leap-year month end"),
        ("eisr", D(2022, 8, 31), D(2023, 2, 28), "SIC: 6 months, month end"),
        ("foisa", D(2023, 3, 15), D(2023, 9, 15), "SIC: same day 6 months on"),
    ],
)
def test_regulator_complaint_deadline(regime, decided, expected, source):
    chain = due(
        regime,
        D(2022, 6, 1),
        responded_on=D(2022, 6, 20),
        review_requested_on=D(2022, 7, 1),
        review_decided_on=decided,
    )
    assert chain.regulator_complaint_deadline == expected, source


def test_sic_window_runs_from_the_review_deadline_when_no_decision_came():
    # FOISA s47(4)(b): 6 months after the period for the review decision ran out.
    chain = due(
        "foisa", D(2023, 6, 1), responded_on=D(2023, 6, 20), review_requested_on=D(2023, 7, 3)
    )
    assert chain.regulator_complaint_deadline == add_months(chain.review_response_due, 6)
    assert (
        due(
            "foia", D(2023, 6, 1), responded_on=D(2023, 6, 20), review_requested_on=D(2023, 7, 3)
        ).regulator_complaint_deadline
        is None
    )


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2023, 8, 31), 6, D(2024, 2, 29)),
        (D(2022, 8, 31), 6, D(2023, 2, 28)),
        (D(2024, 2, 29), 6, D(2024, 8, 29)),
        (D(2023, 11, 30), 3, D(2024, 2, 29)),
        (D(2023, 10, 31), 3, D(2024, 1, 31)),
        (D(2023, 3, 31), 3, D(2023, 6, 30)),
        (D(2023, 7, 15), 6, D(2024, 1, 15)),
    ],
)
def test_calendar_months_clamp_to_month_end(day, months, expected):
    # FOISA s47(4) (6 months) and FOIA s9(2) fee lapse (3 months): calendar months.
    assert add_months(day, months) == expected
    array = add_months_array(np.array([day, None], dtype="datetime64[D]"), months)
    assert array[0] == np.datetime64(expected)
    assert np.isnat(array[1])


# --- "Clock rules" ----------------------------------------------------------------------------


def test_clarification_restarts_the_clock_from_the_day_it_arrives():
    # FOIA s1(3), s10(6)(b); product rule: every regime the same.
    chain = due("foia", D(2023, 9, 1), clarification_received_on=D(2023, 9, 20))
    assert chain.response_due == naive_add_working_days(D(2023, 9, 20), 20, BY_REGIME["foia"])
    assert "clarification" in chain.basis["response_due"]


def test_awaiting_clarification_stops_the_clock():
    chain = due("foia", D(2023, 9, 1), clarification_pending=True)
    assert chain.response_due is None
    assert chain.response_due_latest is None


def test_fees_notice_disregards_working_days_from_notice_to_payment_inclusive():
    # FOIA s10(2): the days "beginning with" the notice and "ending with" the payment.
    # Notice Wed 2023-09-06, paid Tue 2023-09-12: 6, 7, 8, 11, 12 Sep = 5 working days.
    chain = due("foia", D(2023, 9, 1), fees=[FeePause(D(2023, 9, 6), D(2023, 9, 12))])
    assert chain.response_due == naive_add_working_days(D(2023, 9, 1), 25, BY_REGIME["foia"])
    assert chain.response_due_latest == naive_add_working_days(D(2023, 9, 1), 45, BY_REGIME["foia"])
    assert "5 working days paused" in chain.basis["response_due"]


def test_a_fees_notice_on_the_day_of_receipt_does_not_disregard_day_0():
    # "Clock rules" (FOIA s10(2)) with "Counting" (receipt is day 0, not one of the 20):
    # received Mon 2023-06-05, notice that day, paid Wed 06-07 → 6, 7 June disregarded.
    chain = due("foia", D(2023, 6, 5), fees=[FeePause(D(2023, 6, 5), D(2023, 6, 7))])
    assert chain.response_due == D(2023, 7, 5)
    assert "2 working days paused" in chain.basis["response_due"]


def test_overlapping_fees_notices_disregard_each_day_once():
    # "Clock rules" (FOIA s10(2)): 6-9 June 2023 are disregarded once (4 WD), not 4 + 3.
    fees = [FeePause(D(2023, 6, 6), D(2023, 6, 9)), FeePause(D(2023, 6, 7), D(2023, 6, 9))]
    chain = due("foia", D(2023, 6, 5), fees=fees)
    assert chain.response_due == D(2023, 7, 7)
    assert chain.response_due_latest == naive_add_working_days(D(2023, 6, 5), 44, BY_REGIME["foia"])


def test_separate_fees_notices_each_add_their_days():
    # Two pauses with a gap between them: 6-7 June (2 WD) and 12-13 June (2 WD).
    fees = [FeePause(D(2023, 6, 12), D(2023, 6, 13)), FeePause(D(2023, 6, 6), D(2023, 6, 7))]
    chain = due("foia", D(2023, 6, 5), fees=fees)
    assert chain.response_due == naive_add_working_days(D(2023, 6, 5), 24, BY_REGIME["foia"])


def test_unpaid_fee_pauses_the_clock_and_lapses_after_three_months():
    # FOIA s9(2): need not comply if the fee is not paid within 3 months. They begin with
    # 30 Nov; 30 Feb does not exist, so the last day to pay is 29 Feb and it lapses 1 March.
    chain = due("foia", D(2023, 11, 20), fees=[FeePause(D(2023, 11, 30), None)])
    assert chain.response_due is None
    assert chain.fee_lapses_on == D(2024, 3, 1)


@pytest.mark.parametrize(
    ("notice", "lapses"),
    [
        # "Clock rules" (FOIA s9(2)): 3 months beginning with the notice day; fee_lapses_on is
        # the day the request lapses, the day after the last day to pay.
        (D(2023, 6, 5), D(2023, 9, 5)),  # last day to pay 4 September
        (D(2023, 8, 31), D(2023, 12, 1)),  # no 31 November: pay by 30 November
        (D(2023, 11, 29), D(2024, 2, 29)),  # leap year: pay by 28 February
        (D(2024, 11, 30), D(2025, 3, 1)),  # pay by 28 February
        (D(2023, 12, 31), D(2024, 3, 31)),  # pay by 30 March
    ],
)
def test_fee_lapse_day_is_the_day_after_the_three_months(notice, lapses):
    chain = due("foia", notice - 3 * DAY, fees=[FeePause(notice, None)])
    assert chain.fee_lapses_on == lapses
    vector = fee_lapse_day_array(np.array([notice], dtype="datetime64[D]"))
    assert vector[0].astype(datetime.date) == lapses


def test_fees_notice_before_a_clarification_restart_does_not_count():
    chain = due(
        "foia",
        D(2023, 9, 1),
        clarification_received_on=D(2023, 9, 20),
        fees=[FeePause(D(2023, 9, 5), D(2023, 9, 8))],
    )
    assert chain.response_due == naive_add_working_days(D(2023, 9, 20), 20, BY_REGIME["foia"])


@pytest.mark.parametrize(
    ("regime", "moves"),
    [("foia", True), ("eir", True), ("eisr", True), ("foisa", False)],
)
def test_extension_notice_moves_response_due_to_the_latest_date(regime, moves):
    plain = due(regime, D(2023, 9, 1))
    chain = due(regime, D(2023, 9, 1), extended_on=plain.response_due)  # on the last day
    assert chain.response_due == (plain.response_due_latest if moves else plain.response_due)
    assert chain.response_due_latest == plain.response_due_latest


@pytest.mark.parametrize("regime", ["foia", "eir", "eisr"])
def test_an_extension_notice_after_the_original_due_date_moves_nothing(regime):
    # "Time limits": the extension must be claimed within the 20 WD (FOIA s17(2) with
    # s10(3); EIR/EISR reg 7(3)); a late notice leaves the request overdue.
    plain = due(regime, D(2023, 9, 1))
    late = due(regime, D(2023, 9, 1), extended_on=plain.response_due + DAY)
    assert late.response_due == plain.response_due
    assert late.response_due_latest == plain.response_due_latest


def test_every_date_has_a_basis():
    chain = due(
        "foia",
        D(2023, 9, 1),
        responded_on=D(2023, 9, 25),
        review_requested_on=D(2023, 10, 2),
        review_decided_on=D(2023, 10, 20),
    )
    for step, value in chain.dates().items():
        if value is not None:
            assert chain.basis[step], step
    assert chain.basis["response_due"] == "FOIA s10(1): 20 working days"


# --- Properties (hypothesis) ------------------------------------------------------------------

dates = st.dates(min_value=D(2005, 1, 1), max_value=D(2055, 12, 31))
regimes = st.sampled_from(["foia", "eir", "foisa", "eisr"])
WD_STEPS = ("response_due", "response_due_latest", "review_request_deadline",
            "review_response_due", "review_response_due_latest")  # fmt: skip


@given(regime=regimes, received=dates, gaps=st.lists(st.integers(0, 90), min_size=3, max_size=3))
@settings(max_examples=200, deadline=None)
def test_working_day_deadlines_are_working_days(regime, received, gaps):
    responded = received + gaps[0] * DAY
    requested = responded + gaps[1] * DAY
    chain = due(
        regime, received, responded_on=responded, review_requested_on=requested,
        review_decided_on=requested + gaps[2] * DAY,
    )  # fmt: skip
    cal = calendar_for(regime)
    for step in WD_STEPS:
        assert cal.is_working_day(getattr(chain, step)), step


@given(regime=regimes, first=dates, later_by=st.integers(0, 400))
@settings(max_examples=200, deadline=None)
def test_a_later_receipt_never_gives_an_earlier_deadline(regime, first, later_by):
    later = first + later_by * DAY
    assert due(regime, later).response_due >= due(regime, first).response_due
    assert due(regime, later).response_due_latest >= due(regime, first).response_due_latest


@given(received=dates)
@settings(max_examples=300, deadline=None)
def test_foia_is_never_earlier_than_foisa_for_the_same_date(received):
    # FOIA's calendar skips a superset of FOISA's holidays ("The four regimes").
    assert due("foia", received).response_due >= due("foisa", received).response_due
    assert due("eir", received).response_due >= due("eisr", received).response_due


@given(
    regime=regimes,
    received=st.dates(min_value=D(2022, 1, 1), max_value=D(2027, 12, 31)),
    offset=st.integers(-10, 70),
    nation=st.sampled_from(["uk_wide", "england", "scotland", "northern_ireland"]),
)
@settings(max_examples=300, deadline=None)
def test_adding_a_holiday_never_makes_a_deadline_earlier(regime, received, offset, nation):
    extra = [(received + offset * DAY, "Proclaimed", nation)]
    before = compute_chain(regime=regime, received_on=received, calendar=calendar_for(regime))
    after = compute_chain(regime=regime, received_on=received, calendar=calendar_for(regime, extra))
    assert after.response_due >= before.response_due
    assert after.response_due_latest >= before.response_due_latest


optional_gap = st.one_of(st.none(), st.integers(0, 80))


@given(
    regime=regimes,
    received=st.dates(min_value=D(2019, 1, 1), max_value=D(2030, 12, 31)),
    clar=optional_gap,
    clar_pending=st.booleans(),
    fee_notices=st.lists(st.tuples(st.integers(0, 80), optional_gap), max_size=3),
    extended=optional_gap,
    school=st.booleans(),
    responded=optional_gap,
    requested=optional_gap,
    decided=optional_gap,
)
@settings(max_examples=300, deadline=None)
def test_vectorised_chain_equals_the_scalar_chain(
    regime, received, clar, clar_pending, fee_notices, extended, school, responded,
    requested, decided,
):  # fmt: skip
    # The bulk recompute (numpy) and the per-request path must agree on every rule.
    cal = calendar_for(regime)
    clar_on = received + clar * DAY if clar is not None else None
    start = clar_on or received
    fees = []
    for fee, fee_paid in fee_notices:
        notice = received + fee * DAY
        fees.append(FeePause(notice, notice + fee_paid * DAY if fee_paid is not None else None))
    responded_on = received + responded * DAY if responded is not None else None
    extended_on = received + extended * DAY if extended is not None else None
    requested_on = (responded_on or received) + requested * DAY if requested is not None else None
    decided_on = requested_on + decided * DAY if requested_on and decided is not None else None
    scalar = compute_chain(
        regime=regime, received_on=received, calendar=cal,
        authority_type="school" if school else "", clarification_pending=clar_pending,
        clarification_received_on=clar_on, fees=fees, extended_on=extended_on,
        responded_on=responded_on, review_requested_on=requested_on,
        review_decided_on=decided_on,
    )  # fmt: skip
    counting = counted_fees(cal, start, fees)  # "Clock rules": late notices move nothing
    paid = [f for f in counting if f.paid_on]
    paused = fee_pause_days_array(
        cal, np.array([start], dtype="datetime64[D]"), np.zeros(len(paid), dtype=np.int64),
        np.array([f.notice_on for f in paid], dtype="datetime64[D]"),
        np.array([f.paid_on for f in paid], dtype="datetime64[D]"),
    )[0]  # fmt: skip
    unpaid = min((f.notice_on for f in counting if f.paid_on is None), default=None)

    def arr(value, dtype="datetime64[D]"):
        return np.array([value], dtype=dtype)

    vector = compute_chains(
        regime=regime, calendar=cal, received_on=arr(received),
        clarification_pending=arr(clar_pending, bool), clarification_received_on=arr(clar_on),
        paused_days=arr(paused, np.int64), fee_unpaid_notice_on=arr(unpaid),
        extended_on=arr(extended_on), school=arr(school, bool), responded_on=arr(responded_on),
        review_requested_on=arr(requested_on), review_decided_on=arr(decided_on),
    )  # fmt: skip
    for step, value in scalar.dates().items():
        got = vector[step][0]
        assert (None if np.isnat(got) else got.astype(datetime.date)) == value, step


def test_a_receipt_in_the_last_accepted_year_counts_the_next_years_holidays():
    # "The four regimes": EIR counts every UK bank holiday (FOIA s10(6)). The calculator
    # accepts dates to the end of LAST_YEAR (2060), so the chain runs into 2061: received Mon
    # 2060-12-20 skips 27, 28 Dec (Christmas, Boxing Day substitutes), 3 Jan (New Year
    # substitute) and 4 Jan (Scotland's 2 January substitute) → 20 WD on 2061-01-21.
    assert due("eir", D(2060, 12, 20)).response_due == D(2061, 1, 21)


@given(
    regime=regimes,
    requests=st.lists(
        st.tuples(
            st.dates(min_value=D(2019, 1, 1), max_value=D(2030, 12, 31)),
            st.lists(st.tuples(st.integers(0, 60), st.integers(0, 40)), max_size=4),
        ),
        min_size=1,
        max_size=5,
    ),
)
@settings(max_examples=200, deadline=None)
def test_vectorised_fee_pauses_equal_the_scalar_ones_across_requests(regime, requests):
    # "Clock rules" (FOIA s10(2)): the bulk path merges each request's notices on its own.
    cal = calendar_for(regime)
    rows = [
        (i, received + gap * DAY, received + (gap + paid) * DAY)
        for i, (received, notices) in enumerate(requests)
        for gap, paid in notices
    ][::-1]  # not in request order, as event rows arrive
    vector = fee_pause_days_array(
        cal,
        np.array([received for received, _ in requests], dtype="datetime64[D]"),
        np.array([r[0] for r in rows], dtype=np.int64),
        np.array([r[1] for r in rows], dtype="datetime64[D]"),
        np.array([r[2] for r in rows], dtype="datetime64[D]"),
    )
    for i, (received, _) in enumerate(requests):
        fees = [FeePause(notice, paid) for j, notice, paid in rows if j == i]
        assert vector[i] == fee_pause_days(cal, received, fees)
