from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from requests_app.models.choices import (
    OutcomeChoices,
    QuestionStatusChoices,
    ResponseKindChoices,
    in_choices,
)
from requests_app.models.requests import MAX_TEXT


class Response(models.Model):
    """A letter from the authority about a request."""

    request = models.ForeignKey(
        "requests_app.FOIRequest", on_delete=models.CASCADE, related_name="responses"
    )
    received_on = models.DateField()
    kind = models.CharField(max_length=30, choices=ResponseKindChoices.choices)
    outcome = models.CharField(
        max_length=20,
        choices=OutcomeChoices.choices,
        blank=True,
        help_text="Only for substantive responses.",
    )
    # Clock events (shared/foi-law.md "Clock rules"): the clock restarts from the day the
    # clarification arrives, and a fee pauses it until paid.
    clarification_received_on = models.DateField(
        null=True, blank=True, help_text="For a clarification request: when you replied."
    )
    fee_amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    fee_paid_on = models.DateField(null=True, blank=True, help_text="For a fees notice.")
    reference = models.CharField(
        max_length=100, blank=True, help_text="The authority's reference on this letter."
    )
    letter_text = models.TextField(max_length=MAX_TEXT, blank=True)
    attachment = models.FileField(upload_to="letters/%Y/%m/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["received_on", "id"]
        indexes = [
            models.Index(fields=["request", "kind", "received_on"], name="response_req_kind_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=in_choices("kind", ResponseKindChoices), name="response_kind_valid"
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind=ResponseKindChoices.SUBSTANTIVE) & in_choices("outcome", OutcomeChoices)
                )
                | (~Q(kind=ResponseKindChoices.SUBSTANTIVE) & Q(outcome="")),
                name="response_outcome_only_when_substantive",
            ),
            models.CheckConstraint(
                condition=Q(clarification_received_on__isnull=True)
                | Q(clarification_received_on__gte=F("received_on")),
                name="response_clarified_after_asked",
            ),
            models.CheckConstraint(
                condition=Q(fee_paid_on__isnull=True) | Q(fee_paid_on__gte=F("received_on")),
                name="response_fee_paid_after_notice",
            ),
        ]

    def __str__(self) -> str:
        label = self.get_kind_display()
        if self.outcome:
            label += f" ({self.get_outcome_display()})"
        return f"{label} of {self.received_on:%d %b %Y}"


class ExemptionCitation(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="citations")
    exemption = models.ForeignKey(
        "requests_app.Exemption", on_delete=models.PROTECT, related_name="citations"
    )
    cited_as = models.CharField(max_length=255, help_text='As written: "Section 24(1)".')
    subsection = models.CharField(max_length=40, blank=True, help_text='e.g. "24(1)".')
    public_interest_test = models.BooleanField(default=False)
    ncnd = models.BooleanField(default=False, help_text="Neither confirm nor deny.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "exemption"], name="citation_unique_per_response"
            ),
        ]

    def __str__(self) -> str:
        return self.cited_as or str(self.exemption)


class QuestionOutcome(models.Model):
    """What one substantive response decided about one numbered question.

    Kept so a letter answering three questions three ways loses none of them: which were
    refused under which exemptions, and which another body holds (``held_by``), from which a
    follow-up request to that body starts (``FOIRequest.referred_from``).
    """

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=QuestionStatusChoices.choices)
    question_text = models.CharField(
        max_length=2000, blank=True, help_text="The question as the letter quotes it."
    )
    exemptions = models.ManyToManyField(
        "requests_app.Exemption", blank=True, related_name="question_outcomes"
    )
    held_by = models.CharField(
        max_length=255, blank=True, help_text="The body the letter says holds the information."
    )
    history = HistoricalRecords(m2m_fields=[exemptions])

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "number"], name="question_unique_per_response"
            ),
            models.CheckConstraint(
                condition=in_choices("status", QuestionStatusChoices),
                name="question_status_valid",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="question_number_positive"),
        ]

    def __str__(self) -> str:
        return f"Question {self.number}: {self.get_status_display()}"
