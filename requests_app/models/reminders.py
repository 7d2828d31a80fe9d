"""Deadline reminders: one row per email, so each is sent exactly once and never lost.

The unique constraints are the idempotency key: the hourly sweep may plan the same reminder any
number of times and only the first insert wins. ``status`` is the claim: a worker may send a
row only after moving it from pending to sending in one conditional UPDATE.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

from requests_app.models.choices import in_choices


class ReminderKindChoices(models.TextChoices):
    RESPONSE_DUE_3WD = "response_due_3wd", "Response due in 3 working days"
    RESPONSE_DUE_1WD = "response_due_1wd", "Response due in 1 working day"
    RESPONSE_OVERDUE = "response_overdue", "Response overdue"
    RESPONSE_VERY_OVERDUE = "response_very_overdue", "Response very overdue"
    CLARIFICATION_PENDING = "clarification_pending", "Clarification still to send"
    FEE_PENDING = "fee_pending", "Fee still unpaid"
    REVIEW_WINDOW_10WD = "review_window_10wd", "Internal review window closes in 10 working days"
    REVIEW_WINDOW_3WD = "review_window_3wd", "Internal review window closes in 3 working days"
    REVIEW_OVERDUE = "review_overdue", "Internal review decision overdue"
    COMPLAINT_WINDOW_10D = "complaint_window_10d", "Regulator complaint window closes in 10 days"
    COMPLAINT_WINDOW_3D = "complaint_window_3d", "Regulator complaint window closes in 3 days"
    STAFF_DIGEST = "staff_digest", "Daily staff digest"


class ReminderStatusChoices(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


class Reminder(models.Model):
    request = models.ForeignKey(
        "requests_app.FOIRequest",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        help_text="Empty only for a staff digest, which covers many requests.",
    )
    kind = models.CharField(max_length=30, choices=ReminderKindChoices.choices)
    deadline = models.DateField(
        help_text="The date the reminder is about (for a digest: the day it covers)."
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    status = models.CharField(
        max_length=10,
        choices=ReminderStatusChoices.choices,
        default=ReminderStatusChoices.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    cancelled_reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When a send task was last enqueued (or is next due, when retrying).",
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The sweep's recovery queries: pending rows never (or long ago) queued, and rows
            # stuck in sending since a worker died.
            models.Index(fields=["status", "queued_at"], name="reminder_status_queued_idx"),
            models.Index(fields=["status", "claimed_at"], name="reminder_status_claimed_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "kind", "deadline", "recipient"],
                condition=Q(request__isnull=False),
                name="reminder_unique_per_deadline",
            ),
            # NULLs never collide in a unique index, so digests need their own key.
            models.UniqueConstraint(
                fields=["kind", "deadline", "recipient"],
                condition=Q(request__isnull=True),
                name="reminder_digest_unique_per_day",
            ),
            models.CheckConstraint(
                condition=in_choices("kind", ReminderKindChoices), name="reminder_kind_valid"
            ),
            models.CheckConstraint(
                condition=in_choices("status", ReminderStatusChoices),
                name="reminder_status_valid",
            ),
            models.CheckConstraint(
                condition=(Q(kind=ReminderKindChoices.STAFF_DIGEST) & Q(request__isnull=True))
                | (~Q(kind=ReminderKindChoices.STAFF_DIGEST) & Q(request__isnull=False)),
                name="reminder_request_unless_digest",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.deadline:%d %b %Y}) to {self.recipient}"


class NotificationPreference(models.Model):
    """A user's choice for one kind of reminder; no row means the kind is on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=30, choices=ReminderKindChoices.choices)
    enabled = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_pref_unique"),
            models.CheckConstraint(
                condition=in_choices("kind", ReminderKindChoices),
                name="notification_pref_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        state = "on" if self.enabled else "off"
        return f"{self.user}: {self.get_kind_display()} {state}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeedToken(models.Model):
    """The secret in a user's calendar-feed URL; rotating it revokes every old subscription."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed_token"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"
