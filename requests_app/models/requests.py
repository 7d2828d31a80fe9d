import base64
import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from simple_history.models import HistoricalRecords

from requests_app.models.choices import (
    OutcomeChoices,
    RegimeChoices,
    StageChoices,
    StatusChoices,
    VisibilityChoices,
    in_choices,
)

MAX_TEXT = 100_000


def new_reply_token() -> str:
    """120 random bits in lowercase base32 (24 characters): unguessable, and safe in an
    email address's local part, which mail systems may lowercase."""
    return base64.b32encode(secrets.token_bytes(15)).decode("ascii").lower()


class FOIRequestQuerySet(models.QuerySet):
    def with_status(self, today: datetime.date | None = None) -> "FOIRequestQuerySet":
        """Annotate ``status``: the stored stage read against the stored deadlines and today.

        It is a SQL CASE over indexed columns, so "overdue" can be filtered in the database.
        "Very overdue" (Alaveteli's term, shared/foi-law.md "Clock rules") is after the latest
        date with a permitted extension; FOISA has no extension, so a late FOISA request is
        simply overdue.
        """
        from django.utils import timezone

        today = today or timezone.localdate()
        S = StageChoices
        return self.annotate(
            status=Case(
                When(stage=S.CLOSED, then=Value(StatusChoices.CLOSED)),
                When(stage=S.WITH_REGULATOR, then=Value(StatusChoices.WITH_REGULATOR)),
                When(
                    stage=S.REVIEW_REQUESTED,
                    review_response_due__lt=today,
                    then=Value(StatusChoices.REVIEW_OVERDUE),
                ),
                When(stage=S.REVIEW_REQUESTED, then=Value(StatusChoices.REVIEW_REQUESTED)),
                # review_response_due is only set once a review was requested: after a
                # decided review the window to ask for one is spent.
                When(
                    stage=S.ANSWERED,
                    review_response_due__isnull=True,
                    review_request_deadline__gte=today,
                    then=Value(StatusChoices.REVIEW_WINDOW_OPEN),
                ),
                When(stage=S.ANSWERED, then=Value(StatusChoices.ANSWERED)),
                When(
                    stage=S.AWAITING_CLARIFICATION, then=Value(StatusChoices.AWAITING_CLARIFICATION)
                ),
                # Unpaid for 3 months, the request lapses (FOIA s9(2)) on fee_lapses_on.
                When(
                    stage=S.FEES_PENDING,
                    fee_lapses_on__lte=today,
                    then=Value(StatusChoices.CLOSED),
                ),
                When(stage=S.FEES_PENDING, then=Value(StatusChoices.FEES_PENDING)),
                When(
                    ~Q(regime=RegimeChoices.FOISA),
                    response_due_latest__lt=today,
                    then=Value(StatusChoices.VERY_OVERDUE),
                ),
                When(response_due__lt=today, then=Value(StatusChoices.OVERDUE)),
                default=Value(StatusChoices.AWAITING_RESPONSE),
                output_field=models.CharField(max_length=30),
            )
        )

    def visible_to(self, user) -> "FOIRequestQuerySet":
        """Public requests, the user's own, and (for organisation staff) their organisation's."""
        if user is None or not user.is_authenticated:
            return self.filter(visibility=VisibilityChoices.PUBLIC)
        from requests_app.models.choices import MembershipRoleChoices

        return self.filter(
            Q(visibility=VisibilityChoices.PUBLIC)
            | Q(owner=user)
            | Q(
                organisation__memberships__user=user,
                organisation__memberships__role=MembershipRoleChoices.STAFF,
            )
        ).distinct()

    def public(self) -> "FOIRequestQuerySet":
        return self.filter(visibility=VisibilityChoices.PUBLIC)


# What the request lists filter on (who may see a request, the status, the regime, the
# authority, the campaign): carried by the lists' indexes so that a filtered walk of the
# list's order never reads a row it leaves out.
LIST_FILTER_COLUMNS = (
    "owner",
    "organisation",
    "authority",
    "campaign",
    "regime",
    "stage",
    "response_due",
    "response_due_latest",
    "fee_lapses_on",
    "review_request_deadline",
    "review_response_due",
    "initial_outcome",
)


class FOIRequest(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="foi_requests"
    )
    organisation = models.ForeignKey(
        "requests_app.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="foi_requests",
        db_index=False,  # a partial index (Meta): most requests have none
    )
    authority = models.ForeignKey(
        "requests_app.PublicAuthority", on_delete=models.PROTECT, related_name="foi_requests"
    )
    regime = models.CharField(max_length=10, choices=RegimeChoices.choices)
    title = models.CharField(max_length=255)
    text = models.TextField(max_length=MAX_TEXT, blank=True)
    sent_on = models.DateField()
    received_on = models.DateField(
        blank=True, help_text="The day the authority received it (day 0). Defaults to sent_on."
    )
    authority_reference = models.CharField(max_length=100, blank=True)
    campaign = models.ForeignKey(
        "requests_app.Campaign",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="foi_requests",
        db_index=False,  # a partial index (Meta): most requests have none
    )
    visibility = models.CharField(
        max_length=10, choices=VisibilityChoices.choices, default=VisibilityChoices.PRIVATE
    )
    withdrawn_on = models.DateField(null=True, blank=True)
    referred_from = models.ForeignKey(
        "requests_app.QuestionOutcome",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        help_text="The question of another request whose answer said this body holds it.",
        db_index=False,  # a partial index (Meta): most requests have none
    )

    # Deadline chain, computed by the deadline service from the law module and recomputed in
    # the same transaction as every event that moves it. Indexed (Meta) where a query ranges
    # over them: the reminder sweep, the daily refresh, a proclaimed holiday's lookup.
    stage = models.CharField(
        max_length=30, choices=StageChoices.choices, default=StageChoices.AWAITING_RESPONSE
    )
    response_due = models.DateField(null=True, blank=True)  # with stage: foireq_stage_due_idx
    response_due_latest = models.DateField(null=True, blank=True, db_index=True)
    fee_lapses_on = models.DateField(
        null=True,
        blank=True,
        help_text=(
            "The day the request lapses, the fee unpaid (FOIA s9(2)): the 3 months begin with "
            "the day of the fees notice, so the last day to pay is the day before."
        ),
    )
    answered_on = models.DateField(
        null=True, blank=True, help_text="Date of the first substantive response."
    )
    initial_outcome = models.CharField(max_length=20, choices=OutcomeChoices.choices, blank=True)
    review_request_deadline = models.DateField(null=True, blank=True, db_index=True)
    review_response_due = models.DateField(null=True, blank=True)
    review_response_due_latest = models.DateField(null=True, blank=True)
    regulator_complaint_deadline = models.DateField(null=True, blank=True)
    next_deadline = models.DateField(
        null=True, blank=True, help_text="The earliest deadline still ahead."
    )

    # On PostgreSQL COLLATE "C" (migration 0029): looked up by equality only, and its unique
    # index, built again by each whole-table deadline rewrite, sorts twice as fast byte by byte.
    reply_token = models.CharField(
        max_length=32,
        default=new_reply_token,
        editable=False,
        help_text="The secret in this request's reply address (see reply_to_address).",
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The token never changes, and history rows need not repeat a secret.
    history = HistoricalRecords(excluded_fields=["reply_token"])

    objects = FOIRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = "FOI request"
        # Every index here is maintained on each write of a row, and a deadline recompute
        # writes whole rows (a changed indexed column rules out PostgreSQL's HOT updates): a
        # column most rows leave empty gets a partial index, and none is indexed twice. On
        # PostgreSQL the table keeps half of each page free (fillfactor 50, migration 0028)
        # so that the whole-table rewrite's new versions stay on their pages (HOT).
        indexes = [
            models.Index(fields=["stage", "response_due"], name="foireq_stage_due_idx"),
            # The public list, newest first: its page's ids are chosen from this index alone
            # (``requests_app.paging``), the filters read from what it carries, not from
            # every request row the walk passes (issue 15). LIST_FILTER_COLUMNS is the same
            # list for the list-order index (migration 0025, PostgreSQL).
            models.Index(
                fields=["visibility", "received_on", "id"],
                include=list(LIST_FILTER_COLUMNS),
                name="foireq_vis_received_idx",
            ),
            # A campaign's requests (up to ~5,000), and how many are public: the lists count
            # them, and the desk counts them, sums them up and sorts them by authority, from
            # this index alone (PostgreSQL's index-only scan; SQLite ignores ``include``),
            # not from one heap page per request (issue 15).
            models.Index(
                fields=["campaign", "visibility"],
                include=[
                    "id",
                    "authority",
                    "stage",
                    "response_due",
                    "answered_on",
                    "initial_outcome",
                ],
                condition=Q(campaign__isnull=False),
                name="foireq_campaign_idx",
            ),
            *(
                models.Index(
                    fields=[field],
                    condition=Q(**{f"{field}__isnull": False}),
                    name=f"foireq_{short}_idx",
                )
                for field, short in (
                    ("organisation", "organisation"),
                    ("referred_from", "referred_from"),
                    ("fee_lapses_on", "fee_lapses"),
                    ("review_response_due", "review_due"),
                    ("review_response_due_latest", "review_latest"),
                    ("regulator_complaint_deadline", "complaint_by"),
                )
            ),
        ]
        constraints = [
            # A constraint rather than unique=True, which on PostgreSQL adds a second index
            # (varchar_pattern_ops, for LIKE) that no query uses.
            models.UniqueConstraint(fields=["reply_token"], name="foireq_reply_token_unique"),
            models.CheckConstraint(
                condition=in_choices("regime", RegimeChoices), name="foireq_regime_valid"
            ),
            models.CheckConstraint(
                condition=in_choices("visibility", VisibilityChoices),
                name="foireq_visibility_valid",
            ),
            models.CheckConstraint(
                condition=in_choices("stage", StageChoices), name="foireq_stage_valid"
            ),
            models.CheckConstraint(
                condition=Q(initial_outcome="") | in_choices("initial_outcome", OutcomeChoices),
                name="foireq_initial_outcome_valid",
            ),
            models.CheckConstraint(
                condition=Q(received_on__gte=F("sent_on")), name="foireq_received_after_sent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.authority})" if self.authority_id else self.title

    def save(self, *args, **kwargs):
        if self.received_on is None:
            self.received_on = self.sent_on
        super().save(*args, **kwargs)

    @property
    def reply_to_address(self) -> str:
        """Where the authority's replies come back to the tracker: ``prefix+token@domain``.

        Empty when no inbound domain is configured (nothing could receive the reply)."""
        domain = settings.INBOUND_EMAIL_DOMAIN
        if not domain or not self.reply_token:
            return ""
        return f"{settings.INBOUND_EMAIL_PREFIX}+{self.reply_token}@{domain}"
