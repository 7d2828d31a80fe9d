"""Email to and from authorities: every message in both directions, and the inbound spool.

``InboundEmail`` is the spool: the raw bytes of an arriving message are committed there, in
their own transaction, before anything parses them, so a parser crash or a database error
later on never loses a message (the row stays, with its error, for a retry). Filing turns
the spool row into an ``EmailMessage`` and deletes the spool row in one transaction: a spool
row exists only while its message is not yet filed.

``EmailMessage.message_id`` is unique: it is the idempotency key that makes a message filed
once however often it arrives, and how replies find the outgoing message they answer.
"""

from django.db import models
from django.db.models import Q

from requests_app.models.choices import in_choices

MAX_MESSAGE_ID = 500


class EmailDirectionChoices(models.TextChoices):
    IN = "in", "Received"
    OUT = "out", "Sent"


class EmailKindChoices(models.TextChoices):
    # Outgoing
    REQUEST = "request", "Request"
    CHASER = "chaser", "Chaser"
    REVIEW_REQUEST = "review_request", "Internal review request"
    # Incoming
    REPLY = "reply", "Reply"
    BOUNCE = "bounce", "Delivery failure"
    AUTO_REPLY = "auto_reply", "Automatic reply"


OUTGOING_KINDS = [
    EmailKindChoices.REQUEST,
    EmailKindChoices.CHASER,
    EmailKindChoices.REVIEW_REQUEST,
]
INCOMING_KINDS = [EmailKindChoices.REPLY, EmailKindChoices.BOUNCE, EmailKindChoices.AUTO_REPLY]


class EmailStatusChoices(models.TextChoices):
    """Delivery state of an outgoing message (incoming messages leave it blank)."""

    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class MatchMethodChoices(models.TextChoices):
    """How an incoming message found its request ("" while unmatched)."""

    TOKEN = "token", "Reply address"
    IN_REPLY_TO = "in_reply_to", "In-Reply-To"
    REFERENCES = "references", "References"
    SUBJECT_REFERENCE = "subject_reference", "Authority's reference in the subject"
    MANUAL = "manual", "Assigned by staff"


class ProposalStateChoices(models.TextChoices):
    """The response the analyser proposes from an incoming reply, awaiting the requester."""

    NONE = "none", "No proposal"
    PENDING = "pending", "Awaiting confirmation"
    CONFIRMED = "confirmed", "Confirmed"
    DISMISSED = "dismissed", "Dismissed"


class InboundSourceChoices(models.TextChoices):
    PIPE = "pipe", "MTA pipe (manage.py ingest_email)"
    IMAP = "imap", "IMAP mailbox"
    WEBHOOK = "webhook", "Webhook"


class InboundEmail(models.Model):
    """A raw message received but not yet filed (see the module docstring)."""

    raw = models.BinaryField()
    source = models.CharField(max_length=10, choices=InboundSourceChoices.choices)
    received_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["received_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=in_choices("source", InboundSourceChoices),
                name="inbound_email_source_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Unfiled message {self.pk} ({self.source}, {len(self.raw or b'')} bytes)"


class EmailMessage(models.Model):
    foi_request = models.ForeignKey(
        "requests_app.FOIRequest",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="email_messages",
        help_text="Empty for an incoming message no request was matched to (staff assign it).",
    )
    direction = models.CharField(max_length=3, choices=EmailDirectionChoices.choices)
    kind = models.CharField(max_length=20, choices=EmailKindChoices.choices)
    message_id = models.CharField(
        max_length=MAX_MESSAGE_ID,
        unique=True,
        help_text="Without angle brackets. Derived from the raw bytes' hash when missing.",
    )
    in_reply_to = models.CharField(max_length=MAX_MESSAGE_ID, blank=True, db_index=True)
    references = models.TextField(blank=True, help_text="Message-IDs, space separated.")
    sender = models.CharField(max_length=320, blank=True, help_text="The From address.")
    sender_name = models.CharField(max_length=255, blank=True)
    recipients = models.JSONField(default=list, blank=True, help_text="To and Cc addresses.")
    subject = models.TextField(blank=True)
    sent_at = models.DateTimeField(
        null=True, blank=True, help_text="Incoming: its Date header. Outgoing: when it was sent."
    )
    body_text = models.TextField(blank=True)
    body_html = models.TextField(blank=True, help_text="Sanitised: safe to display.")
    raw = models.BinaryField(blank=True, help_text="The exact bytes received or sent.")
    created_at = models.DateTimeField(auto_now_add=True)

    # Outgoing delivery (the same claim protocol as reminders: queued -> sending -> sent).
    status = models.CharField(max_length=10, choices=EmailStatusChoices.choices, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    queued_at = models.DateTimeField(
        null=True, blank=True, help_text="When a send task was last enqueued (or is next due)."
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    # Incoming
    source = models.CharField(max_length=10, choices=InboundSourceChoices.choices, blank=True)
    match_method = models.CharField(max_length=20, choices=MatchMethodChoices.choices, blank=True)
    analysis = models.JSONField(
        null=True, blank=True, help_text="The letter analyser's reading of body and attachments."
    )
    proposal_state = models.CharField(
        max_length=10, choices=ProposalStateChoices.choices, default=ProposalStateChoices.NONE
    )
    response = models.ForeignKey(
        "requests_app.Response",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="email_messages",
        help_text="The response recorded from this message.",
    )
    requester_notified_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the requester was emailed that this reply arrived (claimed once).",
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["foi_request", "direction"], name="email_request_direction_idx"),
            # The holding page: incoming messages with no request.
            models.Index(
                fields=["created_at"],
                condition=Q(foi_request__isnull=True),
                name="email_unmatched_idx",
            ),
            models.Index(fields=["status", "queued_at"], name="email_status_queued_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=in_choices("direction", EmailDirectionChoices),
                name="email_direction_valid",
            ),
            models.CheckConstraint(
                condition=(Q(direction=EmailDirectionChoices.OUT) & Q(kind__in=OUTGOING_KINDS))
                | (Q(direction=EmailDirectionChoices.IN) & Q(kind__in=INCOMING_KINDS)),
                name="email_kind_matches_direction",
            ),
            models.CheckConstraint(
                condition=(
                    Q(direction=EmailDirectionChoices.OUT)
                    & in_choices("status", EmailStatusChoices)
                )
                | (Q(direction=EmailDirectionChoices.IN) & Q(status="")),
                name="email_status_only_outgoing",
            ),
            models.CheckConstraint(
                condition=Q(match_method="") | in_choices("match_method", MatchMethodChoices),
                name="email_match_method_valid",
            ),
            models.CheckConstraint(
                condition=in_choices("proposal_state", ProposalStateChoices),
                name="email_proposal_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(direction=EmailDirectionChoices.IN) | Q(foi_request__isnull=False),
                name="email_outgoing_has_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} {self.get_kind_display()}: {self.subject[:60]}"


class EmailAttachment(models.Model):
    message = models.ForeignKey(EmailMessage, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=255, blank=True)
    size = models.PositiveIntegerField(default=0, help_text="Bytes.")
    # In the database, not on disk: written in the filing transaction, so a rolled-back
    # filing leaves no orphan file and a concurrent duplicate leaves nothing behind.
    content = models.BinaryField(blank=True)
    extracted_text = models.TextField(blank=True)
    extraction_error = models.CharField(
        max_length=255, blank=True, help_text="Why no text was extracted, when none was."
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename or f"attachment {self.pk}"
