"""The domain model, one module per concept; import from here."""

from requests_app.models.authorities import PublicAuthority
from requests_app.models.campaigns import Campaign
from requests_app.models.email_messages import (
    EmailAttachment,
    EmailDirectionChoices,
    EmailKindChoices,
    EmailMessage,
    EmailStatusChoices,
    InboundEmail,
    InboundSourceChoices,
    MatchMethodChoices,
    ProposalStateChoices,
)
from requests_app.models.exemptions import Exemption
from requests_app.models.holidays import HolidayRecompute, ProclaimedHoliday
from requests_app.models.organisations import Membership, Organisation
from requests_app.models.page_figures import PageFigures
from requests_app.models.reminders import (
    CalendarFeedToken,
    NotificationPreference,
    Reminder,
    ReminderKindChoices,
    ReminderStatusChoices,
)
from requests_app.models.requests import FOIRequest
from requests_app.models.responses import ExemptionCitation, QuestionOutcome, Response
from requests_app.models.reviews import InternalReview, RegulatorComplaint
from requests_app.models.search import RequestSearch
from requests_app.models.summaries import (
    AuthorityRefusalSummary,
    RequestExemptionSummary,
    RequestSummary,
)

__all__ = [
    "AuthorityRefusalSummary",
    "CalendarFeedToken",
    "Campaign",
    "EmailAttachment",
    "EmailDirectionChoices",
    "EmailKindChoices",
    "EmailMessage",
    "EmailStatusChoices",
    "Exemption",
    "ExemptionCitation",
    "FOIRequest",
    "HolidayRecompute",
    "InboundEmail",
    "InboundSourceChoices",
    "InternalReview",
    "MatchMethodChoices",
    "Membership",
    "NotificationPreference",
    "Organisation",
    "PageFigures",
    "ProclaimedHoliday",
    "ProposalStateChoices",
    "PublicAuthority",
    "QuestionOutcome",
    "RegulatorComplaint",
    "Reminder",
    "ReminderKindChoices",
    "ReminderStatusChoices",
    "RequestExemptionSummary",
    "RequestSearch",
    "RequestSummary",
    "Response",
]
