"""Reads for reminders: the staff digest, a user's preferences and their calendar feed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from requests_app.models import (
    CalendarFeedToken,
    FOIRequest,
    Membership,
    NotificationPreference,
    Reminder,
)
from requests_app.models import ReminderKindChoices as Kind
from requests_app.models import ReminderStatusChoices as Status
from requests_app.models.choices import MembershipRoleChoices, StatusChoices
from requests_app.models.choices import StageChoices as Stage
from requests_app.selectors.access import requests_visible_to
from requests_app.services.reminder_rules import WorkingDaysBefore, regime_calendars

DIGEST_REVIEW_WINDOW_WD = 10
DIGEST_LIMIT = 50
FAILED_LOOKBACK_DAYS = 30
OVERDUE_STATUSES = (
    StatusChoices.OVERDUE,
    StatusChoices.VERY_OVERDUE,
    StatusChoices.REVIEW_OVERDUE,
)


@dataclass
class DigestWindow:
    request: FOIRequest
    days_left: int


@dataclass
class StaffDigest:
    organisations: list[str] = field(default_factory=list)
    review_windows: list[DigestWindow] = field(default_factory=list)
    overdue: list[FOIRequest] = field(default_factory=list)
    failed: list[Reminder] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.review_windows or self.overdue or self.failed)


def staff_organisation_ids(user_id: int) -> list[int]:
    return list(
        Membership.objects.filter(user_id=user_id, role=MembershipRoleChoices.STAFF).values_list(
            "organisation_id", flat=True
        )
    )


def review_windows_closing(
    organisation_ids: list[int], today: datetime.date, within_wd: int = DIGEST_REVIEW_WINDOW_WD
) -> list[DigestWindow]:
    """Open review windows closing within ``within_wd`` working days, soonest first."""
    window = WorkingDaysBefore(within_wd, 0)
    condition = Q()
    calendars = regime_calendars()
    for regime, calendar in calendars.items():
        date_range = window.date_range(today, calendar)
        if date_range:
            condition |= Q(regime=regime, review_request_deadline__range=date_range)
    rows = (
        FOIRequest.objects.filter(
            condition,
            organisation_id__in=organisation_ids,
            stage__in=(Stage.ANSWERED, Stage.AWAITING_RESPONSE),
            review_response_due__isnull=True,
            withdrawn_on__isnull=True,
        )
        .select_related("authority", "owner")
        .order_by("review_request_deadline", "pk")[:DIGEST_LIMIT]
    )
    return [
        DigestWindow(
            row,
            calendars[row.regime].working_days_between(today, row.review_request_deadline or today),
        )
        for row in rows
    ]


def staff_digest(user_id: int, today: datetime.date) -> StaffDigest:
    """What organisation staff check each morning: windows closing, overdue, failed sends."""
    organisation_ids = staff_organisation_ids(user_id)
    if not organisation_ids:
        return StaffDigest()
    overdue = (
        FOIRequest.objects.with_status(today)
        .filter(
            organisation_id__in=organisation_ids,
            status__in=OVERDUE_STATUSES,
            withdrawn_on__isnull=True,
        )
        .select_related("authority", "owner")
        .order_by("next_deadline", "response_due", "pk")[:DIGEST_LIMIT]
    )
    failed = (
        Reminder.objects.filter(
            status=Status.FAILED,
            request__organisation_id__in=organisation_ids,
            claimed_at__gte=_failed_since(today),
        )
        .select_related("request__authority", "recipient")
        .order_by("-claimed_at", "-pk")[:DIGEST_LIMIT]
    )
    return StaffDigest(
        organisations=list(
            Membership.objects.filter(
                user_id=user_id, role=MembershipRoleChoices.STAFF
            ).values_list("organisation__name", flat=True)
        ),
        review_windows=review_windows_closing(organisation_ids, today),
        overdue=list(overdue),
        failed=list(failed),
    )


def calendar_feed_owner(token: str):
    """The active user whose secret feed address this is, or None: a deactivated account's
    feed stops with it."""
    feed = CalendarFeedToken.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        return None
    return feed.user


def preferences_for(user) -> list[dict]:
    """Every kind with its state for this user; kinds never touched are on."""
    stored = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "enabled"))
    return [
        {"kind": kind.value, "label": kind.label, "enabled": stored.get(kind.value, True)}
        for kind in Kind
    ]


def recent_reminders(user, limit: int = 20):
    """The user's latest reminders, whatever their status, for the settings page and API.

    Only those about requests the user can still see: a reminder sent while they were staff
    of an organisation would otherwise keep showing its private requests' titles after they
    left. Digests (no request) are theirs alone. The visibility rule is a subquery of the one
    query, not a second round trip.
    """
    visible = requests_visible_to(user).values("pk")
    return (
        Reminder.objects.filter(recipient=user)
        .filter(Q(request__isnull=True) | Q(request__in=visible))
        .select_related("request__authority")
        .order_by("-created_at", "-pk")[:limit]
    )


def _failed_since(today: datetime.date) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(
            today - datetime.timedelta(days=FAILED_LOOKBACK_DAYS), datetime.time.min
        )
    )


def failed_reminders_for(user, today: datetime.date, limit: int = DIGEST_LIMIT):
    """The user's own reminders that could not be sent lately, newest first.

    The staff digest reports failures per organisation, so a requester with no organisation
    would otherwise never hear that a deadline reminder was lost; the settings page and their
    next reminder email tell them. Only requests they can still see (as recent_reminders).
    """
    visible = requests_visible_to(user).values("pk")
    return (
        Reminder.objects.filter(
            recipient=user, status=Status.FAILED, claimed_at__gte=_failed_since(today)
        )
        .filter(Q(request__isnull=True) | Q(request__in=visible))
        .select_related("request__authority")
        .order_by("-claimed_at", "-pk")[:limit]
    )
