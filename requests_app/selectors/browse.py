"""Reads behind ``/requests/``: public requests (and, signed in, the ones the user manages),
filtered and searched in the database, a fixed number of queries whatever the page size."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.postgres.aggregates import StringAgg
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery, TextField

from requests_app.models import ExemptionCitation, Response
from requests_app.models.choices import ResponseKindChoices, StatusChoices
from requests_app.selectors.access import requests_visible_to
from requests_app.selectors.search import search_requests_probed

# "Overdue" in the plain sense, as the API reads it: past the due date, with or without a
# permitted extension.
STATUS_ALIASES = {StatusChoices.OVERDUE: [StatusChoices.OVERDUE, StatusChoices.VERY_OVERDUE]}


@dataclass(frozen=True)
class BrowseFilters:
    q: str = ""
    status: str = ""
    outcome: str = ""
    exemption: str = ""  # catalogue code, "foia-s24"
    authority: str = ""  # slug or exact name
    authority_type: str = ""
    nation: str = ""
    campaign: str = ""  # slug
    year: int | None = None  # year of receipt


def statuses_for(status: str) -> list[str]:
    return list(STATUS_ALIASES.get(status, [status]))  # type: ignore[call-overload]


def with_cited_exemptions(queryset: QuerySet) -> QuerySet:
    """Prefetch each request's substantive responses (``substantive_responses``, oldest
    first) with their citations and exemptions: two queries for any number of rows."""
    citations = ExemptionCitation.objects.select_related("exemption").order_by("id")
    substantive = Response.objects.filter(kind=ResponseKindChoices.SUBSTANTIVE).order_by(
        "received_on", "id"
    )
    return queryset.prefetch_related(
        Prefetch(
            "responses",
            queryset=substantive.prefetch_related(Prefetch("citations", queryset=citations)),
            to_attr="substantive_responses",
        )
    )


def browse_requests(user, *, today: datetime.date, filters: BrowseFilters) -> tuple[QuerySet, bool]:
    """Visible requests matching ``filters``, newest first, with status annotated; and
    whether the search matched too many to count (``search_requests_probed``)."""
    large = False
    qs: QuerySet = requests_visible_to(user).with_status(today)
    if filters.status:
        qs = qs.filter(status__in=statuses_for(filters.status))
    if filters.outcome:
        qs = qs.filter(initial_outcome=filters.outcome)
    if filters.exemption:
        qs = qs.filter(
            pk__in=ExemptionCitation.objects.filter(exemption__code=filters.exemption).values(
                "response__request_id"
            )
        )
    if filters.authority:
        qs = qs.filter(
            Q(authority__slug=filters.authority) | Q(authority__name__iexact=filters.authority)
        )
    if filters.authority_type:
        qs = qs.filter(authority__authority_type=filters.authority_type)
    if filters.nation:
        qs = qs.filter(authority__nation=filters.nation)
    if filters.campaign:
        qs = qs.filter(campaign__slug=filters.campaign)
    if filters.year:
        qs = qs.filter(received_on__year=filters.year)
    if filters.q:
        qs, large = search_requests_probed(qs, filters.q)
    return with_cited_exemptions(
        qs.select_related("authority", "campaign").order_by("-received_on", "-id")
    ), large


def cited_codes() -> Subquery:
    """What ``with_cited_exemptions`` gives a CSV row, as one SQL value per request: the
    codes cited by its first substantive response, space-separated in citation order
    (NULL when none). PostgreSQL only (``STRING_AGG``); for the COPY of a download. The
    first response is the one the statistics' summary keeps (``RequestSummary``, written
    with every response): a lookup by key rather than a sorted search per request (at
    883k rows, 22 s rather than ~70 s)."""
    codes = (
        ExemptionCitation.objects.filter(response_id=OuterRef("summary__first_response_id"))
        .order_by()
        .values("response_id")
        .annotate(codes=StringAgg("exemption__code", " ", order_by="id"))
        .values("codes")
    )
    return Subquery(codes, output_field=TextField())
