"""Database choices, built from the law module's vocabulary so the two never drift apart."""

from django.db import models


class RegimeChoices(models.TextChoices):
    FOIA = "foia", "FOIA 2000"
    EIR = "eir", "EIR 2004"
    FOISA = "foisa", "FOISA 2002 (Scotland)"
    EISR = "eisr", "EISR 2004 (Scotland)"


class NationChoices(models.TextChoices):
    ENGLAND = "england", "England"
    WALES = "wales", "Wales"
    SCOTLAND = "scotland", "Scotland"
    NORTHERN_IRELAND = "northern_ireland", "Northern Ireland"
    UK_WIDE = "uk_wide", "UK-wide"


class AuthorityTypeChoices(models.TextChoices):
    LOCAL_COUNCIL = "local_council", "Local council"
    POLICE = "police", "Police"
    NHS = "nhs", "NHS body"
    SCHOOL = "school", "School or academy"
    UNIVERSITY = "university", "University"
    CENTRAL_GOVERNMENT = "central_government", "Central government"
    DEVOLVED_GOVERNMENT = "devolved_government", "Devolved government"
    OTHER = "other", "Other"


class VisibilityChoices(models.TextChoices):
    PRIVATE = "private", "Private"
    PUBLIC = "public", "Public"


class ResponseKindChoices(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement"
    CLARIFICATION_REQUEST = "clarification_request", "Request for clarification"
    FEES_NOTICE = "fees_notice", "Fees notice"
    EXTENSION_NOTICE = "extension_notice", "Extension notice"
    SUBSTANTIVE = "substantive", "Substantive response"


class OutcomeChoices(models.TextChoices):
    GRANTED = "granted", "Granted in full"
    PARTIAL = "partial", "Granted in part"
    REFUSED = "refused", "Refused"
    NOT_HELD = "not_held", "Information not held"
    NCND = "ncnd", "Neither confirm nor deny"


class QuestionStatusChoices(models.TextChoices):
    """What a response decided about one numbered question of the request."""

    ANSWERED = "answered", "Answered"
    PARTIAL = "partial", "Answered in part"
    REFUSED = "refused", "Refused"
    NOT_HELD = "not_held", "Not held"
    NCND = "ncnd", "Neither confirmed nor denied"


class ReviewOutcomeChoices(models.TextChoices):
    UPHELD = "upheld", "Original decision upheld"
    PARTIALLY_OVERTURNED = "partially_overturned", "Partially overturned"
    OVERTURNED = "overturned", "Overturned"


class RegulatorChoices(models.TextChoices):
    ICO = "ico", "Information Commissioner's Office"
    SIC = "sic", "Scottish Information Commissioner"


class ComplaintOutcomeChoices(models.TextChoices):
    UPHELD = "upheld", "Complaint upheld"
    PARTIALLY_UPHELD = "partially_upheld", "Complaint partially upheld"
    NOT_UPHELD = "not_upheld", "Complaint not upheld"
    WITHDRAWN = "withdrawn", "Complaint withdrawn"
    RESOLVED_INFORMALLY = "resolved_informally", "Resolved informally"


class ExemptionKindChoices(models.TextChoices):
    EXEMPTION = "exemption", "Exemption"
    EXCEPTION = "exception", "Exception"
    PROCEDURAL = "procedural", "Procedural ground"


class StageChoices(models.TextChoices):
    """Where a request stands, independent of today's date.

    The user-facing *status* (overdue, review_window_open...) combines the stage with the
    stored deadline columns and today's date; see ``FOIRequestQuerySet.with_status``.
    """

    AWAITING_RESPONSE = "awaiting_response", "Awaiting response"
    AWAITING_CLARIFICATION = "awaiting_clarification", "Awaiting clarification"
    FEES_PENDING = "fees_pending", "Fees pending"
    ANSWERED = "answered", "Answered"
    REVIEW_REQUESTED = "review_requested", "Internal review requested"
    WITH_REGULATOR = "with_regulator", "With the regulator"
    CLOSED = "closed", "Closed"


class StatusChoices(models.TextChoices):
    AWAITING_RESPONSE = "awaiting_response", "Awaiting response"
    AWAITING_CLARIFICATION = "awaiting_clarification", "Awaiting clarification"
    FEES_PENDING = "fees_pending", "Fees pending"
    OVERDUE = "overdue", "Overdue"
    VERY_OVERDUE = "very_overdue", "Very overdue"
    ANSWERED = "answered", "Answered"
    REVIEW_WINDOW_OPEN = "review_window_open", "Review window open"
    REVIEW_REQUESTED = "review_requested", "Internal review requested"
    REVIEW_OVERDUE = "review_overdue", "Internal review overdue"
    WITH_REGULATOR = "with_regulator", "With the regulator"
    CLOSED = "closed", "Closed"


class MembershipRoleChoices(models.TextChoices):
    MEMBER = "member", "Member"
    STAFF = "staff", "Staff"


def in_choices(field: str, choices: type[models.TextChoices]) -> models.Q:
    """A CHECK condition keeping an enum column to its declared values."""
    return models.Q(**{f"{field}__in": choices.values})
