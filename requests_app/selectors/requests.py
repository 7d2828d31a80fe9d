"""Reading requests: the listing every API client sees, and a request's deadline chain."""

from __future__ import annotations

import datetime

from django.db.models import F

from requests_app.law.deadlines import STEPS
from requests_app.models import FOIRequest
from requests_app.models.requests import FOIRequestQuerySet
from requests_app.selectors.access import managed_by_annotation, requests_visible_to
from requests_app.services.calendars import calendar_for_regime
from requests_app.services.deadlines import chain_for, request_facts

DEADLINE_COLUMNS = (*STEPS, "next_deadline")


def requests_for(user, *, today: datetime.date | None = None) -> FOIRequestQuerySet:
    """What ``user`` may see, with ``status`` annotated (a SQL CASE, so it filters in SQL)
    and ``managed`` (may this user change it; no query per row), soonest next deadline
    first and finished requests (no deadline ahead) last."""
    queryset = requests_visible_to(user).with_status(today)
    queryset = queryset.annotate(managed=managed_by_annotation(user))
    return queryset.select_related("authority", "campaign", "organisation").order_by(
        F("next_deadline").asc(nulls_last=True), "-received_on", "-id"
    )


def deadline_basis(foi_request: FOIRequest) -> dict[str, str]:
    """The legal basis of each stored deadline ("FOIA s10(1): 20 working days").

    Recomputed from the request's events with the same law module the deadline service
    uses, so the stored dates and the explanation cannot disagree. Queries: proclaimed
    days, responses, reviews, complaints.
    """
    calendar = calendar_for_regime(foi_request.regime)
    facts = request_facts(
        foi_request,
        list(foi_request.responses.all()),
        list(foi_request.reviews.all()),
        list(foi_request.complaints.all()),
        calendar,
    )
    chain = chain_for(foi_request, facts, calendar)
    return dict(chain.basis)
