"""Bulk actions of the campaign desk: one step applied to many requests, all or none."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from requests_app.models import Campaign, FOIRequest
from requests_app.models.choices import OutcomeChoices, ResponseKindChoices
from requests_app.services.requests import foi_request_update
from requests_app.services.responses import response_record
from requests_app.services.validation import past_date


def _mark_sent(foi_request: FOIRequest, on: datetime.date) -> None:
    # Sent by email: received the same day, which is day 0 of the clock.
    foi_request_update(foi_request=foi_request, sent_on=on, received_on=on)


def _acknowledged(foi_request: FOIRequest, on: datetime.date) -> None:
    response_record(
        foi_request=foi_request, received_on=on, kind=ResponseKindChoices.ACKNOWLEDGEMENT
    )


def _not_held(foi_request: FOIRequest, on: datetime.date) -> None:
    response_record(
        foi_request=foi_request,
        received_on=on,
        kind=ResponseKindChoices.SUBSTANTIVE,
        outcome=OutcomeChoices.NOT_HELD,
    )


BULK_ACTIONS: dict[str, tuple[str, Callable[[FOIRequest, datetime.date], None]]] = {
    "mark_sent": ("Marked as sent", _mark_sent),
    "acknowledgement": ("Recorded an acknowledgement", _acknowledged),
    "not_held": ("Recorded “information not held”", _not_held),
}


def campaign_requests_bulk_apply(
    *,
    campaign: Campaign,
    foi_requests: Sequence[FOIRequest],
    action: str,
    on: datetime.date,
) -> int:
    """Apply ``action`` on day ``on`` to each request, in one transaction.

    Every request is tried so that every problem is reported at once, each named by its
    authority; if any fails, none is changed (a campaigner re-ticking half a batch would
    not know which half went through). The caller checks who may act on which requests.
    """
    if action not in BULK_ACTIONS:
        raise ValidationError({"action": f"must be one of: {', '.join(BULK_ACTIONS)}"})
    past_date("on", on)
    if not foi_requests:
        raise ValidationError({"requests": "tick at least one request"})
    stray = [r for r in foi_requests if r.campaign_id != campaign.pk]
    if stray:
        raise ValidationError({"requests": f"{stray[0].title} is not in {campaign.name}"})
    _, apply = BULK_ACTIONS[action]
    problems: list[str] = []
    with transaction.atomic():
        for foi_request in foi_requests:
            try:
                apply(foi_request, on)
            except ValidationError as error:
                by_field = (
                    error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
                )
                reasons = "; ".join(
                    f"{field.replace('_', ' ')} {message}".strip()
                    for field, messages in by_field.items()
                    for message in messages
                )
                problems.append(f"{foi_request.authority.name}: {reasons}")
        if problems:
            raise ValidationError({"requests": problems})
    return len(foi_requests)
