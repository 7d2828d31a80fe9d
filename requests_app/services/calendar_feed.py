"""A user's open deadlines as an iCalendar feed (RFC 5545) for Outlook or Google Calendar.

Each deadline is an all-day event whose UID names the request and the column, so a moved
deadline (a clarification, a proclaimed bank holiday) updates the event instead of adding one.
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone
from icalendar import Calendar, Event

from requests_app.models import FOIRequest
from requests_app.models.choices import MembershipRoleChoices
from requests_app.models.choices import StageChoices as Stage
from requests_app.services.reminder_email import request_url

# Deadlines further back than this are history, not something to plan around.
PAST_DAYS = 90

# Which columns are open deadlines in each stage, and what the event says.
STAGE_DEADLINES: dict[str, tuple[tuple[str, str], ...]] = {
    Stage.AWAITING_RESPONSE: (
        ("response_due", "Response due"),
        ("response_due_latest", "Latest response date with an extension"),
        ("review_request_deadline", "Last day to ask for an internal review"),
    ),
    Stage.FEES_PENDING: (("fee_lapses_on", "Fee unpaid: request lapses"),),
    Stage.ANSWERED: (
        ("review_request_deadline", "Last day to ask for an internal review"),
        ("regulator_complaint_deadline", "Last day to complain to the regulator"),
    ),
    Stage.REVIEW_REQUESTED: (
        ("review_response_due", "Internal review decision due"),
        ("review_response_due_latest", "Latest internal review decision date"),
        ("regulator_complaint_deadline", "Last day to complain to the regulator"),
    ),
}


def feed_requests(user):
    """The user's own open requests, and their organisations' if they are staff."""
    return (
        FOIRequest.objects.filter(
            Q(owner=user)
            | Q(
                organisation__memberships__user=user,
                organisation__memberships__role=MembershipRoleChoices.STAFF,
            ),
            stage__in=list(STAGE_DEADLINES),
            withdrawn_on__isnull=True,
        )
        .select_related("authority")
        .distinct()
        .order_by("pk")
    )


def open_deadlines(
    foi_request: FOIRequest, since: datetime.date
) -> list[tuple[str, str, datetime.date]]:
    """``(column, label, date)`` for each open deadline; a repeated date is shown once."""
    seen: set[datetime.date] = set()
    found = []
    for column, label in STAGE_DEADLINES.get(foi_request.stage, ()):
        if column == "review_request_deadline" and foi_request.review_response_due:
            continue  # a review was asked for: its window is closed
        if (
            column == "regulator_complaint_deadline"
            and foi_request.stage == Stage.ANSWERED
            and foi_request.review_response_due is None
        ):
            continue  # no review yet, so no complaint clock either
        day = getattr(foi_request, column)
        if day is None or day < since or day in seen:
            continue
        seen.add(day)
        found.append((column, label, day))
    return found


def calendar_feed(user, today: datetime.date | None = None) -> bytes:
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=PAST_DAYS)
    stamp = timezone.now()
    calendar = Calendar()
    calendar.add("prodid", "-//FOI Tracker//Deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "FOI deadlines")
    # Ask subscribers to refresh hourly; Google and Outlook choose their own pace anyway.
    calendar.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for foi_request in feed_requests(user):
        link = request_url(foi_request)
        for column, label, day in open_deadlines(foi_request, since):
            event = Event()
            event.add("uid", f"foirequest-{foi_request.pk}-{column}@foitracker")
            event.add("dtstamp", stamp)
            event.add("dtstart", day)
            event.add("dtend", day + datetime.timedelta(days=1))
            event.add("summary", f"{label}: {foi_request.title} ({foi_request.authority.name})")
            event.add(
                "description",
                f"{label} for “{foi_request.title}”, sent to {foi_request.authority.name} "
                f"({foi_request.get_regime_display()}).\n{link}",
            )
            event.add("url", link)
            event.add("transp", "TRANSPARENT")
            calendar.add_component(event)
    return calendar.to_ical()
