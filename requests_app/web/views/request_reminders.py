"""The request page's reminders: what will be emailed and when, and what already was."""

from __future__ import annotations

import datetime

from requests_app.law.calendars import WorkingDayCalendar
from requests_app.models import FOIRequest
from requests_app.selectors.reminder_schedule import coming_reminders, reminders_sent_for


def reminders_context(
    foi_request: FOIRequest, today: datetime.date, calendar: WorkingDayCalendar
) -> dict:
    """Queries: the reminders planned for the request, the owner's preferences, and the
    outstanding clarification requests when the request waits for one."""
    sent = reminders_sent_for(foi_request)
    coming = coming_reminders([foi_request], today, {foi_request.regime: calendar}, sent)
    return {
        "coming_reminders": [c for c in coming if not c.turned_off],
        "turned_off_reminders": [c for c in coming if c.turned_off],
        "sent_reminders": sent,
    }
