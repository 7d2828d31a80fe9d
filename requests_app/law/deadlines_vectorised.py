"""The deadline chain over numpy arrays: ``law.deadlines.compute_chain`` for many requests.

Bulk recomputation (a proclaimed bank holiday, ``manage.py recompute_deadlines``) applies the
same rules to every request of a regime at once with ``busday_offset`` on the regime's
holiday array. A property test pins ``compute_chains`` to ``compute_chain`` rule by rule.
"""

from __future__ import annotations

import numpy as np

from requests_app.law.calendars import WorkingDayCalendar
from requests_app.law.deadlines import (
    _REVIEW_RESPONSE,
    ADVANCE_PAYMENT_LAPSE_WD,
    EXTENDED_WD,
    FEE_LAPSE_MONTHS,
    ICO_COMPLAINT_DAYS,
    RESPONSE_WD,
    REVIEW_REQUEST_WD,
    SCHOOL_LATEST_WD,
    SIC_COMPLAINT_MONTHS,
)
from requests_app.law.regimes import Regime, Regulator

NAT = np.datetime64("NaT", "D")
ONE_DAY = np.timedelta64(1, "D")


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
    """``fee_lapse_day`` (3 months, FOIA s9(2)) over a datetime64[D] array; NaT stays NaT."""
    same_day = add_months_array(notice_on, FEE_LAPSE_MONTHS)

    def day_of_month(days: np.ndarray) -> np.ndarray:
        return days - days.astype("datetime64[M]").astype("datetime64[D]")

    clamped = day_of_month(same_day) != day_of_month(notice_on)
    return np.where(clamped, same_day + ONE_DAY, same_day)


def fee_lapse_day_for_array(
    regime: Regime | str, calendar: WorkingDayCalendar, notice_on: np.ndarray
) -> np.ndarray:
    """``fee_lapse_day_for`` over an array: 3 months, or 60 WD under the EIR and EISR."""
    if Regime(regime) in (Regime.EIR, Regime.EISR):
        return _offset(calendar, notice_on, ADVANCE_PAYMENT_LAPSE_WD) + ONE_DAY
    return fee_lapse_day_array(notice_on)


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
    days = np.busday_count(
        first.view("datetime64[D]") + ONE_DAY, paid + ONE_DAY, busdaycal=calendar.busdaycalendar
    )
    np.add.at(paused, pos, np.maximum(days, 0))
    return paused


def counted_fees_array(
    calendar: WorkingDayCalendar,
    start: np.ndarray,
    position: np.ndarray,
    notice_on: np.ndarray,
    paid_on: np.ndarray,
) -> np.ndarray:
    """``counted_fees`` over fee rows (``position`` of their request, ``notice_on``,
    ``paid_on`` or NaT): a mask of the notices that move the clock.

    A notice counts when it is not before its request's day 0 and not after the response
    deadline moved by the earlier counted paid notices. Done rank by rank (the first notice
    of every request, then the second...), as a request rarely has more than one or two.
    """
    counted = np.zeros(len(position), dtype=bool)
    if not len(position):
        return counted
    order = np.lexsort((notice_on, position))
    pos = position[order]
    new_request = np.ones(len(pos), dtype=bool)
    new_request[1:] = pos[1:] != pos[:-1]
    group_start = np.maximum.accumulate(np.where(new_request, np.arange(len(pos)), 0))
    rank = np.empty(len(pos), dtype=np.int64)
    rank[order] = np.arange(len(pos)) - group_start
    after_start = notice_on >= start[position]
    is_paid = ~np.isnat(paid_on)
    for level in range(int(rank.max()) + 1):
        earlier = counted & is_paid & (rank < level)
        paused = fee_pause_days_array(
            calendar, start, position[earlier], notice_on[earlier], paid_on[earlier]
        )
        here = (rank == level) & after_start
        deadline = _offset(calendar, start[position[here]], RESPONSE_WD + paused[position[here]])
        counted[here] = notice_on[here] <= deadline
    return counted


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
    ``fee_pause_days_array`` of the paid notices that count and ``fee_unpaid_notice_on`` the
    first unpaid one that counts (``counted_fees_array``)."""
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

    review_request_deadline = _offset(
        calendar, _review_anchor(regime, responded_on, response_due), REVIEW_REQUEST_WD
    )

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
        "fee_lapses_on": fee_lapse_day_for_array(regime, calendar, fee_unpaid_notice_on),
        "review_request_deadline": review_request_deadline,
        "review_response_due": review_response_due,
        "review_response_due_latest": review_response_due_latest,
        "regulator_complaint_deadline": complaint,
    }


def _review_anchor(regime: Regime, responded_on: np.ndarray, response_due: np.ndarray):
    """``law.deadlines.review_window`` over arrays: the day the 40 WD run from, or NaT."""
    if regime == Regime.FOIA:
        return responded_on
    no_response = np.isnat(responded_on)
    if regime == Regime.FOISA:
        # s20(5)(a): from the expiry of the response period when the response came in time
        # (or none came); (b) from a late response. NaT compares False, so a stopped clock
        # (no response deadline) leaves the response itself.
        in_time = responded_on <= response_due
        return np.where(no_response | in_time, response_due, responded_on)
    return np.where(no_response, response_due, responded_on)
