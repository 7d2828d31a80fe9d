"""What the statistics read: one row per request (and one per exemption its first answer
cites), kept by ``services.summaries`` in the same transaction as every write that moves it.

The statistics group and filter over a million requests; computing the first substantive
response, its outcome, working days and review counts from the base tables on every call
costs seconds, reading these rows costs a scan of one narrow table. Everything here is
derived: ``manage.py recompute_deadlines`` rebuilds both tables from the base tables.
"""

from django.db import models
from django.db.models import Q


class RequestSummary(models.Model):
    request = models.OneToOneField(
        "requests_app.FOIRequest",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="summary",
    )
    public = models.BooleanField()
    # Copied from the authority so no statistic joins it; authority edits rewrite them.
    authority = models.ForeignKey(
        "requests_app.PublicAuthority",
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,  # a copy of the request's own, which is checked
    )
    authority_type = models.CharField(max_length=30)
    nation = models.CharField(max_length=20)
    regime = models.CharField(max_length=10)
    # SET_NULL as on the request, so deleting a campaign leaves the two in step.
    campaign = models.ForeignKey(
        "requests_app.Campaign",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        db_constraint=False,
    )
    received_on = models.DateField()
    # The first substantive response: earliest day, then lowest id. Null = unanswered.
    first_response = models.ForeignKey(
        "requests_app.Response",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # only joined from this side, to copy its citations
        null=True,
        related_name="+",
    )
    first_response_on = models.DateField(null=True)
    outcome = models.CharField(max_length=20, blank=True)  # "" = unanswered
    on_time = models.BooleanField()  # first response on or before response_due
    # The day from which the request counts as past its deadline unanswered (status
    # overdue or very overdue) while its stage stays awaiting_response; null = never.
    overdue_from = models.DateField(null=True)
    working_days = models.IntegerField(null=True, help_text="Receipt to first response.")
    reviews = models.PositiveIntegerField()
    reviews_overturned = models.PositiveIntegerField()
    refreshed_at = models.DateTimeField(db_index=True)  # the statistics' cache fingerprint

    class Meta:
        indexes = [
            # Past deadline today: the few awaiting rows, counted per authority at read time.
            models.Index(
                fields=["overdue_from"],
                condition=Q(overdue_from__isnull=False, public=True),
                name="summary_overdue_idx",
            )
        ]

    def __str__(self) -> str:
        return f"Summary of request {self.request_id}"


class RequestExemptionSummary(models.Model):
    """One row per exemption cited in a request's first substantive response."""

    request = models.ForeignKey(
        "requests_app.FOIRequest",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # the unique (request, exemption) index serves it
    )
    exemption = models.ForeignKey(
        "requests_app.Exemption",
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,  # copied from a checked citation
        db_index=False,  # the statistics read every row of the scope and group by it
    )
    public = models.BooleanField()
    authority = models.ForeignKey(
        "requests_app.PublicAuthority",
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,  # a copy of the request's own, which is checked
    )
    authority_type = models.CharField(max_length=30)
    nation = models.CharField(max_length=20)
    regime = models.CharField(max_length=10)
    campaign = models.ForeignKey(
        "requests_app.Campaign",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        db_constraint=False,
    )
    received_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["request", "exemption"], name="exemption_summary_unique"
            )
        ]

    def __str__(self) -> str:
        return f"Request {self.request_id} cites exemption {self.exemption_id}"


class AuthorityRefusalSummary(models.Model):
    """The refusal figures of each authority's public requests, for ``stats/refusals/
    ?group_by=authority`` unfiltered (25,000 groups: summing a million summary rows per call
    costs as much as the raw query; reading these costs 25,000 rows). Kept with the request
    summary by ``services.summary_rollups``; past_deadline_unanswered moves with the date,
    so it is counted at read time."""

    authority = models.OneToOneField(
        "requests_app.PublicAuthority",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        db_constraint=False,
    )
    requests = models.PositiveIntegerField()
    answered = models.PositiveIntegerField()
    on_time = models.PositiveIntegerField()
    review_count = models.PositiveIntegerField()
    overturned = models.PositiveIntegerField()
    granted = models.PositiveIntegerField()
    partial = models.PositiveIntegerField()
    refused = models.PositiveIntegerField()
    not_held = models.PositiveIntegerField()
    ncnd = models.PositiveIntegerField()
    median = models.FloatField(null=True)

    def __str__(self) -> str:
        return f"Refusal figures of authority {self.authority_id}"
