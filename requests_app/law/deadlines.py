"""The deadline chain of a request, step by step, each date with its legal basis.

Specification: shared/foi-law.md, "Time limits" and "Clock rules". Every date counted in
working days is counted on the regime's calendar (``law.calendars``); the regulator's windows
are calendar periods (ICO: 6 weeks; SIC: 6 calendar months).

Two implementations of the same rules live here: ``compute_chain`` for one request (services,
the public calculator) and ``compute_chains`` over numpy arrays for bulk recomputation. A
property test pins them to each other.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

import numpy as np

from requests_app.law.calendars import WorkingDayCalendar
from requests_app.law.regimes import Regime, Regulator

RESPONSE_WD = 20
EXTENDED_WD = 40  # FOIA s10(3) public-interest extension (ICO), EIR/EISR reg 7(1)
SCHOOL_LATEST_WD = 60  # SI 2004/3364 reg 3; SI 2010/2768
REVIEW_REQUEST_WD = 40
ICO_COMPLAINT_DAYS = 42  # 6 weeks
SIC_COMPLAINT_MONTHS = 6
FEE_LAPSE_MONTHS = 3

SCHOOL = "school"

STEPS = (
    "response_due",
    "response_due_latest",
    "fee_lapses_on",
    "review_request_deadline",
    "review_response_due",
    "review_response_due_latest",
    "regulator_complaint_deadline",
)

_ACT = {Regime.FOIA: "FOIA", Regime.EIR: "EIR", Regime.FOISA: "FOISA", Regime.EISR: "EISR"}
_RESPONSE_SECTION = {
    Regime.FOIA: "s10(1)",
    Regime.EIR: "reg 5(2)",
    Regime.FOISA: "s10(1)",
    Regime.EISR: "reg 5(2)",
}
_REVIEW_REQUEST_SECTION = {
    Regime.FOIA: "s45 Code of Practice (2018) Part 5",
    Regime.EIR: "reg 11(2)",
    Regime.FOISA: "s20(5)",
    Regime.EISR: "reg 16",
}
# (working days, latest working days, basis, basis of the latest date)
_REVIEW_RESPONSE: dict[Regime, tuple[int, int, str, str]] = {
    Regime.FOIA: (
        20,
        40,
        "FOIA s45 Code of Practice (2018) Part 5: 20 working days",
        "FOIA s45 Code of Practice (2018) Part 5: 40 working days in exceptional cases",
    ),
    Regime.EIR: (40, 40, "EIR reg 11(4): 40 working days", "EIR reg 11(4): 40 working days"),
    Regime.FOISA: (20, 20, "FOISA s21(1): 20 working days", "FOISA s21(1): no extension"),
    Regime.EISR: (20, 20, "EISR reg 16(4): 20 working days", "EISR reg 16(4): no extension"),
}


@dataclass(frozen=True)
class FeePause:
    """A fees notice and the day it was paid (None while unpaid)."""

    notice_on: datetime.date
    paid_on: datetime.date | None = None


@dataclass(frozen=True)
class DeadlineChain:
    response_due: datetime.date | None = None
    response_due_latest: datetime.date | None = None
    fee_lapses_on: datetime.date | None = None
    review_request_deadline: datetime.date | None = None
    review_response_due: datetime.date | None = None
    review_response_due_latest: datetime.date | None = None
    regulator_complaint_deadline: datetime.date | None = None
    basis: dict[str, str] = field(default_factory=dict)

    def dates(self) -> dict[str, datetime.date | None]:
        values = asdict(self)
        values.pop("basis")
        return values


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Calendar months; the last day of the month where the day does not exist (31 Aug + 6
    months = 28/29 Feb), as for the SIC's 6-month window (FOISA s47(4))."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, month_calendar.monthrange(year, month)[1]))


def fee_lapse_day(notice_on: datetime.date) -> datetime.date:
    """The day a request whose fee is unpaid lapses: the day after the last day to pay.

    foi-law.md "Clock rules" (FOIA s9(2)): the fee may be paid within "the period of three
    months beginning with the day on which the fees notice is given". A period of months
    beginning with a day ends the day before the corresponding date (notice 5 June: last day
    to pay 4 September, lapses 5 September); with no corresponding date it ends on the last
    day of that month (notice 30 November 2023: last day to pay 29 February, lapses 1 March).
    """
    same_day = add_months(notice_on, FEE_LAPSE_MONTHS)
    if same_day.day != notice_on.day:  # no corresponding date: the month's end was paid on
        return same_day + datetime.timedelta(days=1)
    return same_day


def fee_pause_days(
    calendar: WorkingDayCalendar, start: datetime.date, fees: Sequence[FeePause]
) -> int:
    """Working days the paid fees notices add to the deadline counted from ``start`` (day 0).

    foi-law.md "Clock rules" (FOIA s10(2)): the working days "beginning with the day on which
    the fees notice is given ... and ending with the day on which the fee is received" are
    disregarded. Two consequences, decided here:
    - Day 0 is never one of the 20 working days (foi-law.md "Counting"), so a notice given on
      the day of receipt disregards nothing for that day: only the working days *after* day 0
      are added. Received Mon 2023-06-05, notice the same day, paid Wed 06-07: 6 and 7 June
      are disregarded (2 WD), due 2023-07-05.
    - A day is disregarded once, however many notices cover it: overlapping notices are
      merged. 06-06→06-09 and 06-07→06-09 disregard 6-9 June (4 WD), not 7.
    The notice day itself is disregarded (the period *begins* with it), so the days counted
    before the pause are those after day 0 and before the notice.
    """
    paused = 0
    counted_to = start  # days up to here are day 0 or already disregarded
    for fee in sorted((f for f in fees if f.paid_on), key=lambda f: f.notice_on):
        assert fee.paid_on is not None
        first = max(fee.notice_on - datetime.timedelta(days=1), counted_to)
        paused += max(0, calendar.working_days_between(first, fee.paid_on))
        counted_to = max(counted_to, fee.paid_on)
    return paused


def compute_chain(
    *,
    regime: Regime | str,
    received_on: datetime.date,
    calendar: WorkingDayCalendar,
    authority_type: str = "",
    clarification_pending: bool = False,
    clarification_received_on: datetime.date | None = None,
    fees: Sequence[FeePause] = (),
    extended_on: datetime.date | None = None,
    responded_on: datetime.date | None = None,
    review_requested_on: datetime.date | None = None,
    review_decided_on: datetime.date | None = None,
) -> DeadlineChain:
    """Every deadline the given facts determine; steps not yet reached are None.

    - ``clarification_pending``: the authority asked for clarification and none came yet, so
      the clock is stopped (FOIA s1(3)); ``clarification_received_on`` restarts it (day 0).
    - ``fees``: paid notices add their disregarded working days (s10(2)); an unpaid one stops
      the clock and the request lapses 3 months after the notice (s9(2)).
    - ``extended_on``: the day of the first extension notice. Given by the original due date,
      it moves ``response_due`` to the latest permitted date; given later it moves nothing,
      as the notice must come within the 20 WD (FOIA s17(2) with s10(3); EIR reg 7(3)), so
      the request stays overdue. FOISA has no extension, so nothing moves.
    - FOISA only: with no response, the review window runs from the response deadline (s20(5)).
    """
    regime = Regime(regime)
    act = _ACT[regime]
    basis: dict[str, str] = {}
    dates: dict[str, datetime.date | None] = dict.fromkeys(STEPS)

    start = clarification_received_on or received_on
    restarted = (
        f", counted from the clarification received on {start.isoformat()} (FOIA s1(3))"
        if clarification_received_on
        else ""
    )
    relevant_fees = [f for f in fees if f.notice_on >= start]
    unpaid = [f for f in relevant_fees if f.paid_on is None]
    paused = fee_pause_days(calendar, start, relevant_fees)
    paused_text = (
        f", plus {paused} working days paused by a fees notice (FOIA s10(2))" if paused else ""
    )

    if unpaid:
        notice = min(f.notice_on for f in unpaid)
        dates["fee_lapses_on"] = fee_lapse_day(notice)
        basis["fee_lapses_on"] = (
            "FOIA s9(2): lapses on this day if the fee is not paid within 3 months "
            "beginning with the day of the fees notice"
        )
    elif not clarification_pending:
        response_due = calendar.add_working_days(start, RESPONSE_WD + paused)
        basis["response_due"] = (
            f"{act} {_RESPONSE_SECTION[regime]}: 20 working days{restarted}{paused_text}"
        )
        latest, latest_basis = _latest(regime, authority_type)
        if latest is None:
            response_due_latest = response_due
            basis["response_due_latest"] = "FOISA: no extension; the response deadline stands"
        else:
            response_due_latest = calendar.add_working_days(start, latest + paused)
            basis["response_due_latest"] = f"{latest_basis}{restarted}{paused_text}"
        if extended_on is not None and extended_on <= response_due and latest is not None:
            response_due = response_due_latest
            basis["response_due"] = f"Extension notice: {basis['response_due_latest']}"
        dates["response_due"] = response_due
        dates["response_due_latest"] = response_due_latest

    review_section = f"{act} {_REVIEW_REQUEST_SECTION[regime]}"
    if responded_on is not None:
        dates["review_request_deadline"] = calendar.add_working_days(
            responded_on, REVIEW_REQUEST_WD
        )
        basis["review_request_deadline"] = f"{review_section}: 40 working days after the response"
    elif regime == Regime.FOISA and dates["response_due"] is not None:
        dates["review_request_deadline"] = calendar.add_working_days(
            dates["response_due"], REVIEW_REQUEST_WD
        )
        basis["review_request_deadline"] = (
            f"{review_section}: 40 working days after the response deadline, as no response came"
        )

    if review_requested_on is not None:
        wd, latest_wd, due_basis, latest_basis = _REVIEW_RESPONSE[regime]
        dates["review_response_due"] = calendar.add_working_days(review_requested_on, wd)
        dates["review_response_due_latest"] = calendar.add_working_days(
            review_requested_on, latest_wd
        )
        basis["review_response_due"] = due_basis
        basis["review_response_due_latest"] = latest_basis

    complaint = _complaint_deadline(regime, review_decided_on, dates["review_response_due"])
    if complaint is not None:
        dates["regulator_complaint_deadline"], basis["regulator_complaint_deadline"] = complaint

    return DeadlineChain(**dates, basis=basis)


def _latest(regime: Regime, authority_type: str) -> tuple[int | None, str]:
    if regime == Regime.FOISA:
        return None, ""
    if regime == Regime.FOIA and authority_type == SCHOOL:
        return (
            SCHOOL_LATEST_WD,
            "FOIA s10(1) as modified for schools (SI 2004/3364): 60 working days",
        )
    if regime == Regime.FOIA:
        return EXTENDED_WD, "FOIA s10(3): public interest extension, 40 working days"
    return EXTENDED_WD, f"{_ACT[regime]} reg 7(1): complex and voluminous, 40 working days"


def _complaint_deadline(
    regime: Regime, decided_on: datetime.date | None, review_due: datetime.date | None
) -> tuple[datetime.date, str] | None:
    if regime.regulator == Regulator.ICO:
        if decided_on is None:
            return None
        return (
            decided_on + datetime.timedelta(days=ICO_COMPLAINT_DAYS),
            "ICO complaint guidance: 6 weeks after the review outcome",
        )
    if decided_on is not None:
        return (
            add_months(decided_on, SIC_COMPLAINT_MONTHS),
            "FOISA s47(4)(a): 6 calendar months after the review outcome",
        )
    if review_due is not None:
        return (
            add_months(review_due, SIC_COMPLAINT_MONTHS),
            "FOISA s47(4)(b): 6 calendar months after the review deadline, as no decision came",
        )
    return None


# ---------------------------------------------------------------------------------------------
# Vectorised: the same rules over arrays, for bulk recomputation of many requests at once.
# ---------------------------------------------------------------------------------------------

NAT = np.datetime64("NaT", "D")


def add_months_array(days: np.ndarray, months: int) -> np.ndarray:
    """``add_months`` over a datetime64[D] array; NaT stays NaT."""
    month_start = days.astype("datetime64[M]")
    day_of_month = (days - month_start.astype("datetime64[D]")).astype(np.int64)
    target = month_start + np.timedelta64(months, "M")
    month_length = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(
        np.int64
    )
    result = target.astype("datetime64[D]") + np.minimum(day_of_month, month_length - 1)
    return np.where(np.isnat(days), NAT, result)


def fee_lapse_day_array(notice_on: np.ndarray) -> np.ndarray:
    """``fee_lapse_day`` over a datetime64[D] array; NaT stays NaT."""
    same_day = add_months_array(notice_on, FEE_LAPSE_MONTHS)

    def day_of_month(days: np.ndarray) -> np.ndarray:
        return days - days.astype("datetime64[M]").astype("datetime64[D]")

    clamped = day_of_month(same_day) != day_of_month(notice_on)
    return np.where(clamped, same_day + np.timedelta64(1, "D"), same_day)


def busday_count_array(
    calendar: WorkingDayCalendar, start: np.ndarray, end: np.ndarray
) -> np.ndarray:
    """``working_days_between`` over arrays; 0 where either end is NaT."""
    valid = ~(np.isnat(start) | np.isnat(end))
    out = np.zeros(start.shape, dtype=np.int64)
    out[valid] = calendar.working_days_between_arrays(start[valid], end[valid])
    return out


def _offset(calendar: WorkingDayCalendar, days: np.ndarray, n) -> np.ndarray:
    return np.busday_offset(days, n, roll="backward", busdaycal=calendar.busdaycalendar)


def fee_pause_days_array(
    calendar: WorkingDayCalendar,
    start: np.ndarray,
    position: np.ndarray,
    notice_on: np.ndarray,
    paid_on: np.ndarray,
) -> np.ndarray:
    """``fee_pause_days`` per request: ``start`` holds each request's day 0; the paid notices
    are rows of (``position`` of their request, ``notice_on``, ``paid_on``)."""
    paused = np.zeros(len(start), dtype=np.int64)
    if not len(position):
        return paused
    order = np.lexsort((notice_on, position))
    pos, notice, paid = position[order], notice_on[order], paid_on[order]
    paid_days = paid.view(np.int64)
    # Each notice adds only what lies past every earlier-starting notice of its request (the
    # one that ends last covers the rest): a running maximum of the payment days per request,
    # done in one pass by lifting each request's days into its own band.
    low = paid_days.min()
    band = int(paid_days.max() - low) + 1
    lifted = pos.astype(np.int64) * band + (paid_days - low)
    running = np.maximum.accumulate(lifted) - pos.astype(np.int64) * band + low
    first_of_request = np.ones(len(pos), dtype=bool)
    first_of_request[1:] = pos[1:] != pos[:-1]
    earlier_end = np.where(first_of_request, np.iinfo(np.int64).min, np.roll(running, 1))
    start_days = start[pos].view(np.int64)
    first = np.maximum(np.maximum(notice.view(np.int64) - 1, earlier_end), start_days)
    one = np.timedelta64(1, "D")
    days = np.busday_count(
        first.view("datetime64[D]") + one, paid + one, busdaycal=calendar.busdaycalendar
    )
    np.add.at(paused, pos, np.maximum(days, 0))
    return paused


def compute_chains(
    *,
    regime: Regime | str,
    calendar: WorkingDayCalendar,
    received_on: np.ndarray,
    clarification_pending: np.ndarray,
    clarification_received_on: np.ndarray,
    paused_days: np.ndarray,
    fee_unpaid_notice_on: np.ndarray,
    extended_on: np.ndarray,
    school: np.ndarray,
    responded_on: np.ndarray,
    review_requested_on: np.ndarray,
    review_decided_on: np.ndarray,
) -> dict[str, np.ndarray]:
    """``compute_chain`` for many requests of one regime: datetime64[D] arrays with NaT for
    "none", boolean and integer arrays alike in length. ``paused_days`` is
    ``fee_pause_days_array`` of the paid notices that count (see ``compute_chain``)."""
    regime = Regime(regime)
    start = np.where(np.isnat(clarification_received_on), received_on, clarification_received_on)
    running = ~clarification_pending & np.isnat(fee_unpaid_notice_on)

    response_due = _offset(calendar, start, RESPONSE_WD + paused_days)
    if regime == Regime.FOISA:
        latest = response_due
    else:
        latest_wd = np.where(
            school & (regime == Regime.FOIA), SCHOOL_LATEST_WD, EXTENDED_WD
        ).astype(np.int64)
        latest = _offset(calendar, start, latest_wd + paused_days)
        # NaT compares False: no notice, or one after the original due date, moves nothing.
        response_due = np.where(extended_on <= response_due, latest, response_due)
    response_due = np.where(running, response_due, NAT)
    latest = np.where(running, latest, NAT)

    review_anchor = responded_on
    if regime == Regime.FOISA:
        review_anchor = np.where(np.isnat(responded_on), response_due, responded_on)
    review_request_deadline = _offset(calendar, review_anchor, REVIEW_REQUEST_WD)

    wd, latest_review_wd, _, _ = _REVIEW_RESPONSE[regime]
    review_response_due = _offset(calendar, review_requested_on, wd)
    review_response_due_latest = _offset(calendar, review_requested_on, latest_review_wd)

    if regime.regulator == Regulator.ICO:
        complaint = review_decided_on + np.timedelta64(ICO_COMPLAINT_DAYS, "D")
    else:
        anchor = np.where(np.isnat(review_decided_on), review_response_due, review_decided_on)
        complaint = add_months_array(anchor, SIC_COMPLAINT_MONTHS)

    return {
        "response_due": response_due,
        "response_due_latest": latest,
        "fee_lapses_on": fee_lapse_day_array(fee_unpaid_notice_on),
        "review_request_deadline": review_request_deadline,
        "review_response_due": review_response_due,
        "review_response_due_latest": review_response_due_latest,
        "regulator_complaint_deadline": complaint,
    }
