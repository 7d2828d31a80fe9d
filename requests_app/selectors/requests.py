"""Reading requests: the listing every API client sees, and a request's deadline chain."""

from __future__ import annotations

import datetime

from django.db.models import F, Sum

from requests_app.law.deadlines import STEPS
from requests_app.models import AuthorityRefusalSummary, FOIRequest
from requests_app.models.choices import VisibilityChoices
from requests_app.models.requests import FOIRequestQuerySet
from requests_app.selectors.access import (
    managed_by_annotation,
    requests_visible_to,
    staff_organisations,
)
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


def visible_request_count(user) -> int:
    """``requests_for(user).count()`` without counting the public requests one by one.

    Counting 880,000 public requests costs 270 ms at a million (a parallel index-only scan,
    on every first page of the list, issue 15); their number is the sum of the kept
    per-authority figures (``AuthorityRefusalSummary.requests``: one per public request,
    kept in every writer's transaction, ``services/summary_rollups.py``), 25,000 rows at
    most. Then the requests the user manages that are not public (by owner and organisation
    indexes): the sets are disjoint and together what the user sees. Owner and
    organisation are counted apart: their OR reads every row (0.46 s), each alone an index.
    """
    public = AuthorityRefusalSummary.objects.aggregate(n=Sum("requests"))["n"] or 0
    if not getattr(user, "is_authenticated", False):
        return public
    private = FOIRequest.objects.exclude(visibility=VisibilityChoices.PUBLIC)
    own = private.filter(owner=user).count()
    staff = staff_organisations(user)
    theirs = private.filter(organisation_id__in=staff).exclude(owner=user).count()
    return public + own + theirs


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
