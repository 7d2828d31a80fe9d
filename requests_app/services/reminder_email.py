"""Compose reminder emails: plain text and HTML, naming the authority, the deadline, the legal
basis and a link, with a one-click unsubscribe for the kind (RFC 8058)."""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.dateformat import format as date_format

from requests_app.law.regimes import REGULATOR_LABELS, Regime
from requests_app.models import FOIRequest, Reminder
from requests_app.models import ReminderKindChoices as Kind
from requests_app.models.choices import StatusChoices
from requests_app.selectors.reminders import failed_reminders_for, staff_digest
from requests_app.services.calendars import calendar_for_regime
from requests_app.services.reminder_preferences import unsubscribe_token
from requests_app.services.reminder_rules import rule_for

# What each kind says. {authority}, {deadline}, {regulator} and {when} are filled in.
HEADLINES: dict[str, str] = {
    Kind.RESPONSE_DUE_3WD: "{authority} must answer your request by {deadline} ({when}).",
    Kind.RESPONSE_DUE_1WD: "{authority} must answer your request by {deadline} ({when}).",
    Kind.RESPONSE_OVERDUE: "{authority} has not answered: the response was due on {deadline}.",
    Kind.RESPONSE_VERY_OVERDUE: (
        "{authority} has still not answered, and {deadline} was the latest date even an "
        "extension allows."
    ),
    Kind.CLARIFICATION_PENDING: (
        "{authority} asked you on {deadline} to clarify your request, and has not heard back."
    ),
    Kind.FEE_PENDING: "The fee {authority} asked for is unpaid; the request lapses on {deadline}.",
    Kind.REVIEW_WINDOW_10WD: "You can ask {authority} for an internal review until {deadline} "
    "({when}).",
    Kind.REVIEW_WINDOW_3WD: "You can ask {authority} for an internal review until {deadline} "
    "({when}).",
    Kind.REVIEW_OVERDUE: "{authority}'s internal review decision was due on {deadline}.",
    Kind.COMPLAINT_WINDOW_10D: "You can complain to the {regulator} until {deadline} ({when}).",
    Kind.COMPLAINT_WINDOW_3D: "You can complain to the {regulator} until {deadline} ({when}).",
}
ADVICE: dict[str, str] = {
    Kind.RESPONSE_DUE_3WD: "Nothing to do yet. When the answer comes, record it and we will "
    "stop reminding you.",
    Kind.RESPONSE_DUE_1WD: "Nothing to do yet. When the answer comes, record it and we will "
    "stop reminding you.",
    Kind.RESPONSE_OVERDUE: "You can chase the authority, ask for an internal review, or "
    "complain to the {regulator}.",
    Kind.RESPONSE_VERY_OVERDUE: "Consider asking for an internal review or complaining to the "
    "{regulator} now.",
    Kind.CLARIFICATION_PENDING: "The clock is stopped until you reply (FOIA s1(3)); it restarts "
    "from the day your clarification arrives.",
    Kind.FEE_PENDING: "If you want the information, pay before that date; the clock restarts "
    "when the fee is received (FOIA s10(2)).",
    Kind.REVIEW_WINDOW_10WD: "If the answer did not satisfy you, ask for a review before then; "
    "without one the {regulator} will usually not take a complaint.",
    Kind.REVIEW_WINDOW_3WD: "If the answer did not satisfy you, ask for a review now.",
    Kind.REVIEW_OVERDUE: "You can chase the authority or complain to the {regulator}.",
    Kind.COMPLAINT_WINDOW_10D: "If the review did not satisfy you, complain before then.",
    Kind.COMPLAINT_WINDOW_3D: "If the review did not satisfy you, complain now.",
}
# Used when the deadline chain gives no basis for the column (shared/foi-law.md).
FALLBACK_BASIS: dict[str, str] = {
    "response_due": "20 working days (FOIA s10(1), EIR reg 5(2), FOISA s10(1), EISR reg 5(2))",
    "response_due_latest": "the latest date with a permitted extension",
    "fee_lapses_on": "FOIA s9(2): lapses if the fee is not paid within 3 months",
    "review_request_deadline": "40 working days after the response",
    "review_response_due": "20 working days (40 under the EIR)",
    "regulator_complaint_deadline": "ICO: 6 weeks after the review; SIC: 6 months (FOISA s47(4))",
    "clarification": "FOIA s1(3): the authority need not answer until it has the clarification",
}


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def request_url(foi_request: FOIRequest) -> str:
    for name in ("web:request_detail", "web:request"):
        try:
            return absolute(reverse(name, args=[foi_request.pk]))
        except NoReverseMatch:
            continue
    return absolute(f"/requests/{foi_request.pk}/")


def one_line(text: str) -> str:
    """User-typed text fit for a header: a CR or LF there is a BadHeaderError (or, unchecked,
    header injection), so every run of whitespace becomes one space."""
    return " ".join(text.split())


def _url(name: str, **kwargs) -> str:
    return absolute(reverse(name, kwargs=kwargs or None))


def message_id(reminder: Reminder) -> str:
    """The same for every attempt, so a re-send after a crash folds into one message."""
    domain = urlsplit(settings.SITE_URL).hostname or "foitracker.localhost"
    return f"<reminder-{reminder.pk}-{reminder.kind}@{domain}>"


def legal_basis(foi_request: FOIRequest, column: str) -> str:
    """The deadline chain's own basis for the column ("FOIA s10(1): 20 working days")."""
    from requests_app.services.deadlines import chain_for, request_facts

    try:
        facts = request_facts(
            foi_request,
            foi_request.responses.all(),
            foi_request.reviews.all(),
            foi_request.complaints.all(),
        )
        basis = chain_for(foi_request, facts, calendar_for_regime(foi_request.regime)).basis
    except Exception:  # the email must still go out if the chain cannot be rebuilt
        basis = {}
    return basis.get(column) or FALLBACK_BASIS.get(column, "")


def _when(reminder: Reminder, today: datetime.date) -> str:
    assert reminder.request is not None
    if reminder.kind in (Kind.COMPLAINT_WINDOW_10D, Kind.COMPLAINT_WINDOW_3D):
        days = (reminder.deadline - today).days
        unit = "day"
    else:
        days = calendar_for_regime(reminder.request.regime).working_days_between(
            today, reminder.deadline
        )
        unit = "working day"
    if days <= 0:
        return "today"
    return f"in {days} {unit}{'s' if days != 1 else ''}"


def _headers(reminder: Reminder) -> dict[str, str]:
    unsubscribe = _url(
        "reminders:unsubscribe", token=unsubscribe_token(reminder.recipient_id, reminder.kind)
    )
    return {
        "Message-ID": message_id(reminder),
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
        "X-FOI-Reminder": str(reminder.pk),
    }


def _message(reminder: Reminder, subject: str, template: str, context: dict):
    context = {
        **context,
        "reminder": reminder,
        "preferences_url": _url("reminders:preferences"),
        "unsubscribe_url": _headers(reminder)["List-Unsubscribe"][1:-1],
        "kind_label": reminder.get_kind_display(),
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"email/{template}.txt", context),
        to=[reminder.recipient.email],
        headers=_headers(reminder),
    )
    message.attach_alternative(render_to_string(f"email/{template}.html", context), "text/html")
    return message


def compose_owner_reminder(reminder: Reminder, today: datetime.date) -> EmailMultiAlternatives:
    foi_request = reminder.request
    assert foi_request is not None
    regulator = REGULATOR_LABELS[Regime(foi_request.regime).regulator]
    if reminder.kind == Kind.CLARIFICATION_PENDING:
        basis = FALLBACK_BASIS["clarification"]
    else:
        rule = rule_for(reminder.kind, settings.REMINDER_CATCH_UP_DAYS)
        assert rule is not None
        basis = legal_basis(foi_request, rule.field)
    fill = {
        "authority": foi_request.authority.name,
        "deadline": date_format(reminder.deadline, "l j F Y"),
        "regulator": regulator,
        "when": _when(reminder, today) if reminder.kind in HEADLINES else "",
    }
    context = {
        "foi_request": foi_request,
        "headline": HEADLINES[reminder.kind].format(**fill),
        "advice": ADVICE[reminder.kind].format(**fill),
        "legal_basis": basis,
        "regime_label": Regime(foi_request.regime).label,
        "request_url": request_url(foi_request),
        "chaser_url": chaser_url(foi_request, reminder.kind),
        # The staff digest reports failures per organisation; this is how a requester with no
        # organisation hears that an earlier reminder was lost.
        "failed_count": failed_reminders_for(reminder.recipient, today).count(),
    }
    subject = (
        f"{reminder.get_kind_display()}: {one_line(foi_request.title)} "
        f"({one_line(foi_request.authority.name)})"
    )
    return _message(reminder, subject[:250], "reminder", context)


# Reminders after which the owner may chase the authority by email (issue 14).
CHASER_KINDS = frozenset({Kind.RESPONSE_OVERDUE, Kind.RESPONSE_VERY_OVERDUE})


def chaser_url(foi_request: FOIRequest, kind: str) -> str:
    """The page that shows the chaser before sending it, when the authority can be emailed."""
    if kind not in CHASER_KINDS or not foi_request.authority.email:
        return ""
    return absolute(reverse("web:email_send", args=[foi_request.pk, "chaser"]))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def compose_staff_digest(reminder: Reminder, today: datetime.date) -> EmailMultiAlternatives | None:
    digest = staff_digest(reminder.recipient_id, today)
    if digest.is_empty:
        return None
    for window in digest.review_windows:
        window.url = request_url(window.request)  # type: ignore[attr-defined]
    for row in digest.overdue:
        row.url = request_url(row)  # type: ignore[attr-defined]
        row.status_label = StatusChoices(row.status).label  # type: ignore[attr-defined]
    subject = (
        f"FOI Tracker digest for {date_format(today, 'j F Y')}: "
        f"{_count(len(digest.review_windows), 'review window')} closing, "
        f"{_count(len(digest.overdue), 'overdue request')}, "
        f"{_count(len(digest.failed), 'failed reminder')}"
    )
    context = {"digest": digest, "today": today, "admin_url": absolute("/admin/")}
    return _message(reminder, subject, "staff_digest", context)


def compose(reminder: Reminder, today: datetime.date) -> EmailMultiAlternatives | None:
    """The email for a reminder, or None when there is nothing to say (an empty digest)."""
    if reminder.kind == Kind.STAFF_DIGEST:
        return compose_staff_digest(reminder, today)
    return compose_owner_reminder(reminder, today)
