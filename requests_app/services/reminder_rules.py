"""Which reminder is due when: the rules as data, and their windows turned into date ranges.

A rule reads one stored deadline column of ``FOIRequest``. Its *window* says on which days,
counted from today, the reminder may be sent. Windows rather than single days are what keep a
reminder from being lost: a sweep that did not run on the exact day (beat down, deploy) still
plans it the next time, and the unique constraint stops the days inside a window from
planning it twice.

"Before" windows count working days with the regime's calendar (so "due in 3 working days"
skips bank holidays the way the deadline itself did); the complaint windows count calendar
days because the regulators' limits are calendar periods (shared/foi-law.md, "Time limits":
ICO 6 weeks, SIC 6 months). "After" windows are bounded by ``REMINDER_CATCH_UP_DAYS``, so a
request imported long after its deadline does not get a stale "overdue" email.

Working-day offsets are computed once per regime in Python, never per request: each window
becomes a ``field__range`` filter that an index on the column answers.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from requests_app.law.calendars import WorkingDayCalendar
from requests_app.models import ReminderKindChoices as Kind
from requests_app.models.choices import RegimeChoices
from requests_app.models.choices import StageChoices as Stage
from requests_app.services.calendars import calendar_for_regime, proclaimed_days

# How far ahead a "before" window may reach, in calendar days: 10 working days plus the
# longest run of holidays (Christmas and New Year) fit comfortably.
_LOOKAHEAD_DAYS = 40


@dataclass(frozen=True)
class WorkingDaysBefore:
    """Send while the deadline is between ``least`` and ``most`` working days ahead."""

    most: int
    least: int

    def date_range(
        self, today: datetime.date, calendar: WorkingDayCalendar
    ) -> tuple[datetime.date, datetime.date] | None:
        # working_days_between is monotonic in its end date, so the matching dates form one run.
        matching = []
        for offset in range(_LOOKAHEAD_DAYS):
            day = today + datetime.timedelta(days=offset)
            if self.least <= calendar.working_days_between(today, day) <= self.most:
                matching.append(day)
        return (matching[0], matching[-1]) if matching else None

    def send_days(
        self, deadline: datetime.date, calendar: WorkingDayCalendar
    ) -> tuple[datetime.date, datetime.date] | None:
        """The days on which ``date_range`` contains ``deadline``: the sweep's window seen
        from the deadline (the request page's "will be sent on")."""
        days = [
            deadline - datetime.timedelta(days=offset)
            for offset in range(_LOOKAHEAD_DAYS)
            if self.least
            <= calendar.working_days_between(deadline - datetime.timedelta(days=offset), deadline)
            <= self.most
        ]
        return (days[-1], days[0]) if days else None


@dataclass(frozen=True)
class DaysBefore:
    """Send while the deadline is between ``least`` and ``most`` calendar days ahead."""

    most: int
    least: int

    def date_range(
        self, today: datetime.date, calendar: WorkingDayCalendar | None = None
    ) -> tuple[datetime.date, datetime.date]:
        return (
            today + datetime.timedelta(days=self.least),
            today + datetime.timedelta(days=self.most),
        )

    def send_days(
        self, deadline: datetime.date, calendar: WorkingDayCalendar | None = None
    ) -> tuple[datetime.date, datetime.date]:
        return (
            deadline - datetime.timedelta(days=self.most),
            deadline - datetime.timedelta(days=self.least),
        )


@dataclass(frozen=True)
class DaysAfter:
    """Send from the day after the deadline for ``catch_up`` days."""

    catch_up: int

    def date_range(
        self, today: datetime.date, calendar: WorkingDayCalendar | None = None
    ) -> tuple[datetime.date, datetime.date]:
        return (today - datetime.timedelta(days=self.catch_up), today - datetime.timedelta(days=1))

    def send_days(
        self, deadline: datetime.date, calendar: WorkingDayCalendar | None = None
    ) -> tuple[datetime.date, datetime.date]:
        return (
            deadline + datetime.timedelta(days=1),
            deadline + datetime.timedelta(days=self.catch_up),
        )


Window = WorkingDaysBefore | DaysBefore | DaysAfter


@dataclass(frozen=True)
class Rule:
    kind: str
    field: str
    stages: tuple[str, ...]
    window: Window
    regimes: tuple[str, ...] = tuple(RegimeChoices.values)
    # The reminder is moot once the request has any of these columns set (e.g. a review was
    # requested, so its window no longer matters).
    moot_when_set: tuple[str, ...] = ()
    # Only while the deadline column is later than this other column (e.g. very overdue only
    # when an extension made a later latest date; otherwise "overdue" already said it).
    later_than: str = ""

    @property
    def is_before(self) -> bool:
        return not isinstance(self.window, DaysAfter)


def owner_rules(catch_up_days: int) -> tuple[Rule, ...]:
    """The reminders a request's owner gets (issue 5, "What is sent, to whom")."""
    waiting = (Stage.AWAITING_RESPONSE,)
    # FOISA s20(5): with no response, the review window runs from the response deadline, so a
    # request still awaiting its response can have a review window closing.
    review_window_stages = (Stage.ANSWERED, Stage.AWAITING_RESPONSE)
    # FOISA s47(4)(b): with no review decision the SIC complaint clock runs from the review
    # deadline, so a request still in review can have a complaint window closing.
    complaint_stages = (Stage.ANSWERED, Stage.REVIEW_REQUESTED)
    after = DaysAfter(catch_up=catch_up_days)
    return (
        Rule(Kind.RESPONSE_DUE_3WD, "response_due", waiting, WorkingDaysBefore(3, 2)),
        Rule(Kind.RESPONSE_DUE_1WD, "response_due", waiting, WorkingDaysBefore(1, 0)),
        Rule(Kind.RESPONSE_OVERDUE, "response_due", waiting, after),
        Rule(
            Kind.RESPONSE_VERY_OVERDUE,
            "response_due_latest",
            waiting,
            after,
            # FOISA has no extension: a late FOISA request is simply overdue.
            regimes=(RegimeChoices.FOIA, RegimeChoices.EIR, RegimeChoices.EISR),
            later_than="response_due",
        ),
        # fee_lapses_on is the day the request lapses; the last day to pay is the day before,
        # so a sweep that catches up never nudges on the lapse day itself.
        Rule(Kind.FEE_PENDING, "fee_lapses_on", (Stage.FEES_PENDING,), DaysBefore(14, 1)),
        Rule(
            Kind.REVIEW_WINDOW_10WD,
            "review_request_deadline",
            review_window_stages,
            WorkingDaysBefore(10, 4),
            moot_when_set=("review_response_due",),
        ),
        Rule(
            Kind.REVIEW_WINDOW_3WD,
            "review_request_deadline",
            review_window_stages,
            WorkingDaysBefore(3, 0),
            moot_when_set=("review_response_due",),
        ),
        Rule(Kind.REVIEW_OVERDUE, "review_response_due", (Stage.REVIEW_REQUESTED,), after),
        Rule(
            Kind.COMPLAINT_WINDOW_10D,
            "regulator_complaint_deadline",
            complaint_stages,
            DaysBefore(10, 4),
        ),
        Rule(
            Kind.COMPLAINT_WINDOW_3D,
            "regulator_complaint_deadline",
            complaint_stages,
            DaysBefore(3, 0),
        ),
    )


# Clarification has no deadline column: the clock is stopped until the requester replies
# (FOIA s1(3)). Product rule: nudge the owner once, 5 working days after the authority asked,
# for as long as the catch-up window allows.
CLARIFICATION_NUDGE_WD = 5


def clarification_nudge_day(asked_on: datetime.date, calendar: WorkingDayCalendar) -> datetime.date:
    """The first day the clarification nudge may go: ``CLARIFICATION_NUDGE_WD`` working days
    after the authority asked (the condition ``clarification_queryset`` plans with)."""
    day = asked_on
    while calendar.working_days_between(asked_on, day) < CLARIFICATION_NUDGE_WD:
        day += datetime.timedelta(days=1)
    return day


def rule_for(kind: str, catch_up_days: int) -> Rule | None:
    return next((rule for rule in owner_rules(catch_up_days) if rule.kind == kind), None)


def regime_calendars() -> dict[str, WorkingDayCalendar]:
    """Each regime's calendar, reading the proclaimed holidays once for all four."""
    extra = proclaimed_days()
    return {regime: calendar_for_regime(regime, extra) for regime in RegimeChoices.values}
