"""Reads behind the request pages of the web interface, each a fixed number of queries."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, QuerySet, Value, When

from requests_app.models import (
    Campaign,
    ExemptionCitation,
    FOIRequest,
    PublicAuthority,
    QuestionOutcome,
    RequestSummary,
    Response,
)
from requests_app.models.choices import StatusChoices
from requests_app.selectors.access import requests_managed_by, requests_visible_to

# Statuses where a right is being lost right now: shown before everything else.
URGENT_STATUSES = (
    StatusChoices.VERY_OVERDUE,
    StatusChoices.OVERDUE,
    StatusChoices.REVIEW_OVERDUE,
)


def my_requests(
    user,
    *,
    today: datetime.date,
    status: str = "",
    campaign: str = "",
    authority: str = "",
    search: str = "",
) -> QuerySet:
    """The user's requests, most urgent first: lost rights, then the nearest deadline."""
    qs = (
        requests_managed_by(user)
        .with_status(today)
        .select_related("authority", "campaign")
        .annotate(
            urgency=Case(
                When(status__in=URGENT_STATUSES, then=Value(0)),
                When(next_deadline__isnull=False, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
    )
    if status:
        qs = qs.filter(status=status)
    if campaign:
        qs = qs.filter(campaign__slug=campaign)
    if authority:
        qs = qs.filter(authority__slug=authority)
    if search:
        qs = qs.filter(
            Q(title__icontains=search)
            | Q(text__icontains=search)
            | Q(authority_reference__icontains=search)
            | Q(authority__name__icontains=search)
        )
    return qs.order_by("urgency", F("next_deadline").asc(nulls_last=True), "-received_on", "-id")


def filter_options(user) -> tuple[list[Campaign], list[PublicAuthority]]:
    """The campaigns and authorities the user's requests touch, for the filter menus."""
    mine = requests_managed_by(user)
    campaigns = list(Campaign.objects.filter(foi_requests__in=mine).distinct().order_by("name"))
    authorities = list(
        PublicAuthority.objects.filter(foi_requests__in=mine).distinct().order_by("name")
    )
    return campaigns, authorities


def request_for_page(user, pk: int, today: datetime.date) -> FOIRequest | None:
    """One visible request with everything its page shows, in eight queries: the request
    (with authority, campaign, organisation, owner and the question it follows up),
    responses, their citations with the exemption, their per-question outcomes, the
    exemptions of those, the follow-up requests this user may see, reviews, complaints."""
    citations = ExemptionCitation.objects.select_related("exemption").order_by("id")
    questions = QuestionOutcome.objects.order_by("number").prefetch_related(
        "exemptions",
        Prefetch(
            "referrals",
            queryset=requests_visible_to(user).select_related("authority").order_by("id"),
            to_attr="visible_referrals",
        ),
    )
    return (
        requests_visible_to(user)
        .with_status(today)
        .select_related(
            "authority",
            "campaign",
            "organisation",
            "owner",
            "referred_from__response__request__authority",
        )
        .prefetch_related(
            Prefetch(
                "responses",
                queryset=Response.objects.order_by("received_on", "id").prefetch_related(
                    Prefetch("citations", queryset=citations),
                    Prefetch("questions", queryset=questions),
                ),
            ),
            "reviews",
            "complaints",
        )
        .filter(pk=pk)
        .first()
    )


def recent_public_requests(today: datetime.date) -> list[FOIRequest]:
    """The ten newest public requests for the home page (one query, by the visibility/received
    index); its figures are the page's (``selectors/page_figures.py``)."""
    return list(
        FOIRequest.objects.public()
        .with_status(today)
        .select_related("authority")
        .order_by("-received_on", "-id")[:10]
    )


def public_totals(today: datetime.date) -> dict[str, int]:
    """The home page's totals: one aggregate query over every public request."""
    # From the statistics' summary (models/summaries.py): one narrow row per request with
    # its first answer, timeliness and the day it fell past its deadline unanswered.
    return RequestSummary.objects.filter(public=True).aggregate(
        requests=Count("pk"),
        # Beside "answered on time": those never answered although their deadline passed
        # (status overdue or very overdue today).
        past_deadline=Count("pk", filter=Q(overdue_from__lt=today)),
        answered=Count("first_response_on"),
        on_time=Count("pk", filter=Q(on_time=True)),
        authorities=Count("authority", distinct=True),
    )


def authority_suggestions(term: str, limit: int = 10, user=None) -> list[dict[str, Any]]:
    """Authorities the user may use (approved, or their own suggestion) whose name, short or
    other name, or slug contains ``term``: bodies still in existence and names starting with
    it first."""
    term = term.strip()
    if len(term) < 2:
        return []
    matching = Q(name__icontains=term) | Q(short_name__icontains=term) | Q(slug__icontains=term)
    matching |= Q(alternative_names__icontains=term)
    return [
        dict(row)
        for row in PublicAuthority.objects.usable_by(user)
        .filter(matching)
        .annotate(
            starts=Case(
                When(name__istartswith=term, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("-active", "starts", "name")
        .values("name", "slug", "default_regime", "nation", "authority_type")[:limit]
    ]
