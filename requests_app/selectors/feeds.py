"""The newest responses to PUBLIC requests, for the Atom feeds. A feed is fetched without a
session, so it never shows a private request, whoever subscribes."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from requests_app.models import Campaign, Exemption, ExemptionCitation, PublicAuthority, Response
from requests_app.models.choices import VisibilityChoices

FEED_SIZE = 50


def recent_responses(
    *,
    authority: PublicAuthority | None = None,
    campaign: Campaign | None = None,
    exemption: Exemption | None = None,
    limit: int = FEED_SIZE,
) -> list[Response]:
    """Newest first, each with its request, authority and citations: two queries."""
    queryset: QuerySet[Response] = Response.objects.filter(
        request__visibility=VisibilityChoices.PUBLIC
    )
    if authority is not None:
        queryset = queryset.filter(request__authority=authority)
    if campaign is not None:
        queryset = queryset.filter(request__campaign=campaign)
    if exemption is not None:
        queryset = queryset.filter(citations__exemption=exemption).distinct()
    citations = ExemptionCitation.objects.select_related("exemption").order_by("id")
    return list(
        queryset.select_related("request__authority")
        .prefetch_related(Prefetch("citations", queryset=citations))
        .order_by("-created_at", "-id")[:limit]
    )
