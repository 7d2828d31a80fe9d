"""Whose internal-review window is open, closing, or gone: organisation staff's daily check.

The window is the stored ``review_request_deadline`` (40 working days after the response;
shared/foi-law.md "Time limits"). Filtering is in SQL on that indexed column: the date N
working days ahead is computed once per regime (FOIA and FOISA count different holidays),
and ``days_left`` is then counted per row with the regime's calendar.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import F, Q
from django.utils import timezone

from requests_app.law.calendars import WorkingDayCalendar
from requests_app.models import FOIRequest
from requests_app.models.choices import RegimeChoices, StageChoices
from requests_app.selectors.access import requests_managed_by
from requests_app.services.calendars import calendar_for_regime, proclaimed_days

MAX_WITHIN_DAYS = 250

# The window matters while no review has been asked for and nothing closed the request.
# FOISA s20(5) opens it from the response deadline even when no response came.
WINDOW_STAGES = (StageChoices.ANSWERED, StageChoices.AWAITING_RESPONSE)


class WindowState(StrEnum):
    OPEN = "open"  # the deadline is today or later
    CLOSING = "closing"  # open, and it closes within N working days
    EXPIRED = "expired"  # the deadline has passed


@dataclass(frozen=True)
class ReviewWindow:
    foi_request: FOIRequest
    deadline: datetime.date
    days_left: int  # working days after today up to the deadline; 0 = last day; <0 = gone
    state: WindowState


def calendars_by_regime() -> dict[str, WorkingDayCalendar]:
    extra = proclaimed_days()  # one query shared by the four calendars
    return {regime: calendar_for_regime(regime, extra) for regime in RegimeChoices.values}


def review_windows(
    *,
    user,
    state: str,
    within_days: int = 10,
    today: datetime.date | None = None,
    authority=None,
    campaign=None,
) -> list[ReviewWindow]:
    """Requests ``user`` manages whose review window is in ``state``, most urgent first.

    Open and closing: soonest deadline first. Expired: most recently closed first (those
    can still be argued with the authority). Queries: proclaimed days, then the requests.
    """
    state = WindowState(state)
    if not 0 <= within_days <= MAX_WITHIN_DAYS:
        raise ValueError(f"within_days must be between 0 and {MAX_WITHIN_DAYS}")
    today = today or timezone.localdate()
    calendars = calendars_by_regime()

    queryset = requests_managed_by(user).filter(
        stage__in=WINDOW_STAGES,
        withdrawn_on__isnull=True,
        review_request_deadline__isnull=False,
    )
    if authority is not None:
        queryset = queryset.filter(authority=authority)
    if campaign is not None:
        queryset = queryset.filter(campaign=campaign)

    if state is WindowState.EXPIRED:
        queryset = queryset.filter(review_request_deadline__lt=today).order_by(
            F("review_request_deadline").desc(), "id"
        )
    else:
        queryset = queryset.filter(review_request_deadline__gte=today)
        if state is WindowState.CLOSING:
            by_regime = Q()
            for regime, calendar in calendars.items():
                limit = calendar.add_working_days(today, within_days)
                by_regime |= Q(regime=regime, review_request_deadline__lte=limit)
            queryset = queryset.filter(by_regime)
        queryset = queryset.order_by("review_request_deadline", "id")

    rows = queryset.select_related("authority", "campaign", "organisation")
    windows = []
    for foi_request in rows:
        deadline = foi_request.review_request_deadline
        assert deadline is not None  # filtered above
        windows.append(
            ReviewWindow(
                foi_request=foi_request,
                deadline=deadline,
                days_left=calendars[foi_request.regime].days_left(today, deadline),
                state=state,
            )
        )
    return windows
