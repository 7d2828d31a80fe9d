"""Plan which reminders are due today: reads only, one range query per rule.

``planned_owner_reminders`` and ``planned_staff_digests`` are what the sweep
(``services/reminders.reminders_sweep``) inserts; ``rule_queryset`` is the query the bench
EXPLAINs.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q

from requests_app.law.calendars import WorkingDayCalendar
from requests_app.models import FOIRequest, Membership, NotificationPreference, Response
from requests_app.models import ReminderKindChoices as Kind
from requests_app.models.choices import MembershipRoleChoices, RegimeChoices, ResponseKindChoices
from requests_app.models.choices import StageChoices as Stage
from requests_app.services.reminder_rules import (
    CLARIFICATION_NUDGE_WD,
    Rule,
    owner_rules,
    regime_calendars,
)


@dataclass(frozen=True)
class PlannedReminder:
    request_id: int | None
    kind: str
    deadline: datetime.date
    recipient_id: int


def catch_up_days() -> int:
    return settings.REMINDER_CATCH_UP_DAYS


def _opted_out(kind: str, user_ref: str) -> Exists:
    return Exists(
        NotificationPreference.objects.filter(user=OuterRef(user_ref), kind=kind, enabled=False)
    )


def reachable_requests():
    """Requests whose owner can be written to: not withdrawn, owner active with an email."""
    return FOIRequest.objects.filter(withdrawn_on__isnull=True, owner__is_active=True).exclude(
        owner__email=""
    )


def rule_window_filter(
    rule: Rule, today: datetime.date, calendars: Mapping[str, WorkingDayCalendar]
) -> Q | None:
    """The rule's window as ``field__range`` filters, one per distinct calendar.

    FOIA and EIR share a calendar, as do FOISA and EISR, so at most two ranges result, and a
    calendar-day window gives one range for every regime.
    """
    by_range: dict[tuple[datetime.date, datetime.date], list[str]] = {}
    for regime in rule.regimes:
        date_range = rule.window.date_range(today, calendars[regime])
        if date_range is not None:
            by_range.setdefault(date_range, []).append(regime)
    if not by_range:
        return None
    condition = Q()
    for date_range, regimes in by_range.items():
        if set(regimes) == set(RegimeChoices.values):
            condition |= Q(**{f"{rule.field}__range": date_range})
        else:
            condition |= Q(**{f"{rule.field}__range": date_range, "regime__in": regimes})
    return condition


def rule_queryset(
    rule: Rule, today: datetime.date, calendars: Mapping[str, WorkingDayCalendar] | None = None
):
    """The requests a rule plans a reminder for today (the bench EXPLAINs this query)."""
    window = rule_window_filter(rule, today, calendars or regime_calendars())
    if window is None:
        return FOIRequest.objects.none()
    queryset = reachable_requests().filter(window, stage__in=rule.stages)
    for column in rule.moot_when_set:
        queryset = queryset.filter(**{f"{column}__isnull": True})
    if rule.later_than:
        queryset = queryset.filter(**{f"{rule.field}__gt": F(rule.later_than)})
    return queryset.exclude(_opted_out(rule.kind, "owner"))


def clarification_queryset(
    today: datetime.date, calendars: Mapping[str, WorkingDayCalendar] | None = None
):
    """Requests whose authority asked for clarification ``CLARIFICATION_NUDGE_WD`` or more
    working days ago (within the catch-up window) and heard nothing back."""
    # The latest day on which asking makes today the nudge day or later, per calendar.
    condition = Q()
    earliest = today - datetime.timedelta(days=catch_up_days() + 2 * CLARIFICATION_NUDGE_WD)
    for regime, calendar in (calendars or regime_calendars()).items():
        latest = today
        while calendar.working_days_between(latest, today) < CLARIFICATION_NUDGE_WD:
            latest -= datetime.timedelta(days=1)
        condition |= Q(request__regime=regime, received_on__range=(earliest, latest))
    asked = Response.objects.filter(
        condition,
        kind=ResponseKindChoices.CLARIFICATION_REQUEST,
        clarification_received_on__isnull=True,
        request__stage=Stage.AWAITING_CLARIFICATION,
        request__withdrawn_on__isnull=True,
        request__owner__is_active=True,
    ).exclude(request__owner__email="")
    return asked.exclude(_opted_out(Kind.CLARIFICATION_PENDING, "request__owner"))


def planned_owner_reminders(today: datetime.date) -> list[PlannedReminder]:
    """Queries: the proclaimed holidays, then one per rule and one for clarifications."""
    calendars = regime_calendars()
    planned = []
    for rule in owner_rules(catch_up_days()):
        rows = rule_queryset(rule, today, calendars).values_list("pk", "owner_id", rule.field)
        planned += [PlannedReminder(pk, rule.kind, due, owner) for pk, owner, due in rows]
    rows = clarification_queryset(today, calendars).values_list(
        "request_id", "request__owner_id", "received_on"
    )
    planned += [
        PlannedReminder(pk, Kind.CLARIFICATION_PENDING, on, owner) for pk, owner, on in rows
    ]
    return planned


def planned_staff_digests(today: datetime.date) -> list[PlannedReminder]:
    """One digest a day per staff member of any organisation (the digest covers them all)."""
    staff = (
        Membership.objects.filter(
            role=MembershipRoleChoices.STAFF, user__is_active=True, organisation__isnull=False
        )
        .exclude(user__email="")
        .exclude(_opted_out(Kind.STAFF_DIGEST, "user"))
        .values_list("user_id", flat=True)
        .distinct()
    )
    return [PlannedReminder(None, Kind.STAFF_DIGEST, today, user_id) for user_id in staff]
