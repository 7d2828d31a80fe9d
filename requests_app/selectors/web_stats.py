"""Figures for the public authority, campaign and exemption pages that the statistics API
does not break down: who cites an exemption and when. Public requests only, as everywhere
in the statistics (docs: private requests never count); one grouped query each."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import ExtractYear

from requests_app.models import Campaign, Exemption, ExemptionCitation, FOIRequest, Response
from requests_app.models.choices import ResponseKindChoices, VisibilityChoices
from requests_app.selectors.access import campaigns_visible_to, requests_visible_to


def _initial_citations(exemption: Exemption) -> QuerySet[ExemptionCitation]:
    """Citations in the first substantive response of public requests (the *initial*
    outcome, as the statistics define it)."""
    first_substantive = (
        Response.objects.filter(
            request_id=OuterRef("response__request_id"), kind=ResponseKindChoices.SUBSTANTIVE
        )
        .order_by("received_on", "id")
        .values("id")[:1]
    )
    return ExemptionCitation.objects.filter(
        exemption=exemption,
        response__request__visibility=VisibilityChoices.PUBLIC,
        response_id=Subquery(first_substantive),
    )


def exemption_citers(exemption: Exemption, limit: int = 50) -> list[dict[str, Any]]:
    """Authorities citing the exemption, most often first: name, slug, requests."""
    return [
        dict(row)
        for row in _initial_citations(exemption)
        .values(
            name=F("response__request__authority__name"),
            slug=F("response__request__authority__slug"),
        )
        .annotate(requests=Count("response__request", distinct=True))
        .order_by("-requests", "name")[:limit]
    ]


def exemption_by_year(exemption: Exemption) -> list[dict[str, Any]]:
    """Requests citing the exemption per year of receipt: year, requests."""
    return [
        dict(row)
        for row in _initial_citations(exemption)
        .annotate(year=ExtractYear("response__request__received_on"))
        .values("year")
        .annotate(requests=Count("response__request", distinct=True))
        .order_by("year")
    ]


def campaign_for_page(user, slug: str) -> Campaign | None:
    return campaigns_visible_to(user).filter(slug=slug).select_related("organisation").first()


def campaign_requests(user, campaign: Campaign) -> list[FOIRequest]:
    """The campaign's requests the user may see, one per row, with their substantive
    responses and citations: three queries."""
    substantive = Response.objects.filter(kind=ResponseKindChoices.SUBSTANTIVE).order_by(
        "received_on", "id"
    )
    citations = ExemptionCitation.objects.select_related("exemption").order_by("id")
    return list(
        requests_visible_to(user)
        .filter(campaign=campaign)
        .select_related("authority")
        .prefetch_related(
            Prefetch(
                "responses",
                queryset=substantive.prefetch_related(Prefetch("citations", queryset=citations)),
                to_attr="substantive_responses",
            )
        )
        .order_by("authority__name", "received_on", "id")
    )


def authority_requests(user, authority, today, limit: int = 100) -> list[FOIRequest]:
    return list(
        requests_visible_to(user)
        .with_status(today)
        .filter(authority=authority)
        .select_related("campaign")
        .order_by("-received_on", "-id")[:limit]
    )
