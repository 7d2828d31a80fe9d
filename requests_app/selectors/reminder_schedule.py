"""Which reminders a request will get, and when: the sweep's rules read the other way round.

The sweep asks "which deadlines fall in each rule's window today?"; the request page asks
"on which days will each rule's window hold this request's deadline?". Both use the same
``owner_rules`` and windows (``Window.send_days`` is ``Window.date_range`` inverted, and a test
checks the two agree day by day), and ``request_moot_reason``, the check the sender runs
before sending, decides whether a rule still applies to the request as it stands.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings

from requests_app.law.calendars import WorkingDayCalendar
from requests_app.models import FOIRequest, NotificationPreference, Reminder, Response
from requests_app.models import ReminderKindChoices as Kind
from requests_app.models.choices import ResponseKindChoices
from requests_app.models.choices import StageChoices as Stage
from requests_app.services.reminder_rules import (
    CLARIFICATION_NUDGE_WD,
    clarification_nudge_day,
    owner_rules,
    regime_calendars,
)
from requests_app.services.reminders import request_moot_reason


@dataclass(frozen=True)
class ComingReminder:
    request: FOIRequest
    kind: str
    deadline: datetime.date  # the date the reminder is about
    send_on: datetime.date  # the first day the hourly sweep will send it (today at the soonest)
    turned_off: bool  # the owner turned this kind off: it will NOT be sent

    @property
    def label(self) -> str:
        return Kind(self.kind).label


def _turned_off(user_ids: Iterable[int]) -> dict[int, set[str]]:
    off: dict[int, set[str]] = {}
    rows = NotificationPreference.objects.filter(user_id__in=set(user_ids), enabled=False)
    for user_id, kind in rows.values_list("user_id", "kind"):
        off.setdefault(user_id, set()).add(kind)
    return off


def _already_planned(requests: list[FOIRequest]) -> set[tuple[int | None, str, datetime.date]]:
    """Reminders the sweep has already planned (sent, pending, failed or cancelled): each goes
    at most once, so they are history, not coming."""
    rows = Reminder.objects.filter(request__in=requests).values_list(
        "request_id", "kind", "deadline"
    )
    return set(rows)


def _schedule_one(
    foi_request: FOIRequest,
    today: datetime.date,
    calendar: WorkingDayCalendar,
    planned: set[tuple[int | None, str, datetime.date]],
    turned_off: set[str],
    clarifications: list[datetime.date],
) -> list[ComingReminder]:
    catch_up = settings.REMINDER_CATCH_UP_DAYS
    coming = []

    def add(kind: str, deadline: datetime.date, first: datetime.date, last: datetime.date):
        if last < today or (foi_request.pk, kind, deadline) in planned:
            return
        coming.append(
            ComingReminder(foi_request, kind, deadline, max(first, today), kind in turned_off)
        )

    for rule in owner_rules(catch_up):
        deadline = getattr(foi_request, rule.field)
        if deadline is None or foi_request.regime not in rule.regimes:
            continue
        if request_moot_reason(foi_request, rule.kind, deadline, set()):
            continue
        later_than = getattr(foi_request, rule.later_than) if rule.later_than else None
        if later_than is not None and deadline <= later_than:
            continue
        days = rule.window.send_days(deadline, calendar)
        if days is not None:
            add(rule.kind, deadline, *days)
    if foi_request.stage == Stage.AWAITING_CLARIFICATION and not foi_request.withdrawn_on:
        for asked_on in clarifications:
            first = clarification_nudge_day(asked_on, calendar)
            # clarification_queryset's oldest request asked: catch-up plus twice the nudge.
            last = asked_on + datetime.timedelta(days=catch_up + 2 * CLARIFICATION_NUDGE_WD)
            add(Kind.CLARIFICATION_PENDING, asked_on, first, last)
    return coming


def coming_reminders(
    requests: list[FOIRequest],
    today: datetime.date,
    calendars: Mapping[str, WorkingDayCalendar] | None = None,
    planned: Iterable[Reminder] | None = None,
) -> list[ComingReminder]:
    """The reminders the owners of ``requests`` will be sent from today on, soonest first,
    including those an owner turned off (marked ``turned_off``: they will not go).

    Queries: the proclaimed holidays (unless ``calendars`` is given), the reminders already
    planned (unless given as ``planned``), the owners' preferences, and the outstanding
    clarification requests (only if a request waits for one).
    """
    if not requests:
        return []
    calendars = calendars or regime_calendars()
    already: set[tuple[int | None, str, datetime.date]] = (
        _already_planned(requests)
        if planned is None
        else {(r.request_id, r.kind, r.deadline) for r in planned}
    )
    off = _turned_off(r.owner_id for r in requests)
    asked: dict[int, list[datetime.date]] = {}
    waiting = [r for r in requests if r.stage == Stage.AWAITING_CLARIFICATION]
    if waiting:
        rows = (
            Response.objects.filter(
                request__in=waiting,
                kind=ResponseKindChoices.CLARIFICATION_REQUEST,
                clarification_received_on__isnull=True,
            )
            .order_by("received_on")
            .values_list("request_id", "received_on")
        )
        for request_id, received_on in rows:
            asked.setdefault(request_id, []).append(received_on)
    coming = []
    for foi_request in requests:
        # Reminders go only to an active owner with an email (reachable_requests).
        owner = foi_request.owner
        if not owner.is_active or not owner.email:
            continue
        coming += _schedule_one(
            foi_request,
            today,
            calendars[foi_request.regime],
            already,
            off.get(foi_request.owner_id, set()),
            asked.get(foi_request.pk, []),
        )
    return sorted(coming, key=lambda c: (c.send_on, c.deadline, c.kind))


def reminders_sent_for(foi_request: FOIRequest) -> list[Reminder]:
    """The request's reminders the sweep has planned: sent, failed, cancelled or on their way."""
    return list(
        Reminder.objects.filter(request=foi_request)
        .select_related("recipient")
        .order_by("-deadline", "-pk")
    )


def coming_reminders_for_owner(user, today: datetime.date) -> list[ComingReminder]:
    """Every reminder coming to ``user`` about the requests they own (the settings page)."""
    requests = list(
        FOIRequest.objects.filter(owner=user, withdrawn_on__isnull=True)
        .exclude(stage=Stage.CLOSED)
        .select_related("owner", "authority")
    )
    return coming_reminders(requests, today)
