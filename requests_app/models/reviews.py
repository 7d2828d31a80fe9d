from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from requests_app.models.choices import (
    ComplaintOutcomeChoices,
    RegulatorChoices,
    ReviewOutcomeChoices,
    in_choices,
)


class InternalReview(models.Model):
    request = models.ForeignKey(
        "requests_app.FOIRequest", on_delete=models.CASCADE, related_name="reviews"
    )
    requested_on = models.DateField()
    decided_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=30, choices=ReviewOutcomeChoices.choices, blank=True)
    notes = models.TextField(blank=True, max_length=20_000)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["requested_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="") | in_choices("outcome", ReviewOutcomeChoices),
                name="review_outcome_valid",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("requested_on")),
                name="review_decided_after_requested",
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(decided_on__isnull=False),
                name="review_outcome_needs_decision_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Internal review requested {self.requested_on:%d %b %Y}"


class RegulatorComplaint(models.Model):
    request = models.ForeignKey(
        "requests_app.FOIRequest", on_delete=models.CASCADE, related_name="complaints"
    )
    regulator = models.CharField(max_length=10, choices=RegulatorChoices.choices)
    submitted_on = models.DateField()
    reference = models.CharField(max_length=100, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=30, choices=ComplaintOutcomeChoices.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["submitted_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=in_choices("regulator", RegulatorChoices),
                name="complaint_regulator_valid",
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | in_choices("outcome", ComplaintOutcomeChoices),
                name="complaint_outcome_valid",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("submitted_on")),
                name="complaint_decided_after_submitted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_regulator_display()} complaint {self.submitted_on:%d %b %Y}"
