"""The deadline chain of a request, step by step, each date with its legal basis.

Specification: shared/foi-law.md, "Time limits" and "Clock rules". Every date counted in
working days is counted on the regime's calendar (``law.calendars``); the regulator's windows
are calendar periods (ICO: 6 weeks; SIC: 6 calendar months).

Two implementations of the same rules exist: ``compute_chain`` here for one request (services,
the public calculator) and ``law.deadlines_vectorised.compute_chains`` over numpy arrays for
bulk recomputation. A property test pins them to each other.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from requests_app.law.calendars import WorkingDayCalendar
from requests_app.law.regimes import Regime, Regulator

RESPONSE_WD = 20
EXTENDED_WD = 40  # FOIA s10(3) "reasonable" (ICO guidance: 40 WD), EIR/EISR reg 7(1)
SCHOOL_LATEST_WD = 60  # SI 2004/3364 reg 3; SI 2010/2768
REVIEW_REQUEST_WD = 40
ICO_COMPLAINT_DAYS = 42  # 6 weeks
SIC_COMPLAINT_MONTHS = 6
FEE_LAPSE_MONTHS = 3  # FOIA s9(2), FOISA s9(4)
ADVANCE_PAYMENT_LAPSE_WD = 60  # EIR reg 8(5), EISR reg 8: "no later than 60 working days after"

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
    Regime.EISR: "reg 16(2)",
}
# The fees rules of each regime: (the disregard of the paused days, the lapse of an unpaid fee).
_FEE_PAUSE_SECTION = {
    Regime.FOIA: "FOIA s10(2)",
    Regime.EIR: "EIR reg 8",
    Regime.FOISA: "FOISA s10(2)",
    Regime.EISR: "EISR reg 8",
}
_FEE_LAPSE_BASIS = {
    Regime.FOIA: "FOIA s9(2): lapses on this day if the fee is not paid within 3 months "
    "beginning with the day of the fees notice",
    Regime.FOISA: "FOISA s9(4): lapses on this day if the fee is not paid within 3 months "
    "beginning with the day of the fees notice",
    Regime.EIR: "EIR reg 8(5): lapses on this day if the advance payment is not made within "
    "60 working days after the notification",
    Regime.EISR: "EISR reg 8: lapses on this day if the advance payment is not made within "
    "60 working days after the notification",
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


def fee_lapse_day_for(
    regime: Regime | str, calendar: WorkingDayCalendar, notice_on: datetime.date
) -> datetime.date:
    """The day an unpaid fee lapses under ``regime`` ("Clock rules", the fees bullet).

    FOIA s9(2) and FOISA s9(4): 3 months beginning with the notice (``fee_lapse_day``).
    EIR reg 8(5) and the EISR's reg 8: the advance payment may be made "no later than 60
    working days after the date on which it gave the notification", so the 60th working day
    after the notice (day 0) is the last day to pay and the request lapses the day after.
    """
    if Regime(regime) in (Regime.EIR, Regime.EISR):
        last_day = calendar.add_working_days(notice_on, ADVANCE_PAYMENT_LAPSE_WD)
        return last_day + datetime.timedelta(days=1)
    return fee_lapse_day(notice_on)


def counted_fees(
    calendar: WorkingDayCalendar, start: datetime.date, fees: Sequence[FeePause]
) -> list[FeePause]:
    """The fees notices that move the clock counted from ``start`` (day 0).

    foi-law.md "Clock rules" (FOIA s9(1), s10(2)): a notice must be given within the response
    period, so one given after the response deadline (as moved by the earlier notices that
    counted) cannot move a deadline that has already passed: it is ignored, like a late
    extension notice. A notice before ``start`` belongs to a count a clarification restarted.
    """
    counted: list[FeePause] = []
    for fee in sorted(fees, key=lambda f: f.notice_on):
        if fee.notice_on < start:
            continue
        if fee.notice_on <= fee_notice_deadline(calendar, start, counted):
            counted.append(fee)
    return counted


def fee_notice_deadline(
    calendar: WorkingDayCalendar, start: datetime.date, counted: Sequence[FeePause]
) -> datetime.date:
    """The last day a fees notice can be given: the response deadline, moved by the days the
    ``counted`` notices disregarded (FOIA s10(2)); an extension does not move it."""
    return calendar.add_working_days(start, RESPONSE_WD + fee_pause_days(calendar, start, counted))


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
      the clock and the request lapses 3 months after the notice (s9(2); FOISA s9(4)), or the
      day after the 60th working day under the EIR and EISR (reg 8). A notice given after the
      response deadline moves nothing (``counted_fees``).
    - ``extended_on``: the day of the first extension notice. Given by the original due date,
      it moves ``response_due`` to the latest permitted date; given later it moves nothing,
      as the notice must come within the 20 WD (FOIA s17(2) with s10(3); EIR reg 7(3)), so
      the request stays overdue. FOISA has no extension, so nothing moves.
    - The review window: see ``review_window`` (FOISA s20(5), EIR reg 11(2), EISR reg 16(2)).
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
    relevant_fees = counted_fees(calendar, start, fees)
    unpaid = [f for f in relevant_fees if f.paid_on is None]
    paused = fee_pause_days(calendar, start, relevant_fees)
    paused_text = (
        f", plus {paused} working days paused by a fees notice ({_FEE_PAUSE_SECTION[regime]})"
        if paused
        else ""
    )

    if unpaid:
        notice = min(f.notice_on for f in unpaid)
        dates["fee_lapses_on"] = fee_lapse_day_for(regime, calendar, notice)
        basis["fee_lapses_on"] = _FEE_LAPSE_BASIS[regime]
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

    window = review_window(regime, responded_on, dates["response_due"])
    if window is not None:
        anchor, basis["review_request_deadline"] = window
        dates["review_request_deadline"] = calendar.add_working_days(anchor, REVIEW_REQUEST_WD)

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
        return (
            EXTENDED_WD,
            'FOIA s10(3): a "reasonable" extension to consider the public interest; '
            "ICO guidance: normally no more than 20 extra working days, 40 in all",
        )
    return EXTENDED_WD, f"{_ACT[regime]} reg 7(1): complex and voluminous, 40 working days"


def review_window(
    regime: Regime, responded_on: datetime.date | None, response_due: datetime.date | None
) -> tuple[datetime.date, str] | None:
    """The day the 40 working days to ask for an internal review run from, and its basis.

    - FOIA (s45 Code Part 5): from the response; none before a response.
    - EIR reg 11(2), EISR reg 16(2): from the response, or from the response deadline when
      none came (the day the requester may believe the authority failed to comply).
    - FOISA s20(5): (a) from the expiry of the response period, even when the response came
      earlier, and when none came; (b) from the receipt of a late response.
    """
    act = _ACT[regime]
    section = f"{act} {_REVIEW_REQUEST_SECTION[regime]}"
    if regime == Regime.FOISA:
        if response_due is None:  # the clock was stopped: only the response itself is known
            if responded_on is None:
                return None
            return responded_on, f"{section}(b): 40 working days after the response"
        if responded_on is None:
            return response_due, (
                f"{section}(a): 40 working days after the response period expired, "
                "as no response came"
            )
        if responded_on <= response_due:
            return response_due, (
                f"{section}(a): 40 working days after the response period expired "
                "(the response came in time)"
            )
        return responded_on, f"{section}(b): 40 working days after the late response"
    if responded_on is not None:
        return responded_on, f"{section}: 40 working days after the response"
    if regime in (Regime.EIR, Regime.EISR) and response_due is not None:
        return response_due, (
            f"{section}: 40 working days after the response deadline, as no response came"
        )
    return None


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
