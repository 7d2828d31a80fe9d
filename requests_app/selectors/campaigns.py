"""Reads behind the campaign pages: the list, the campaigner's desk and its summary.

Each is a fixed number of queries whatever the number of campaigns or requests; figures
count only the requests the reader may see (public ones, plus those they manage).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Lower

from requests_app.models import (
    Campaign,
    ExemptionCitation,
    FOIRequest,
    RequestExemptionSummary,
)
from requests_app.models.choices import (
    OutcomeChoices,
    StageChoices,
    StatusChoices,
    VisibilityChoices,
)
from requests_app.selectors.access import (
    campaigns_managed_by,
    campaigns_visible_to,
    managed_by_annotation,
    requests_managed_by,
    requests_visible_to,
    staff_organisations,
)
from requests_app.selectors.browse import statuses_for, with_cited_exemptions
from requests_app.selectors.stats_cache import cached

PAST_DEADLINE = (StatusChoices.OVERDUE, StatusChoices.VERY_OVERDUE)


def _past_deadline_unanswered(today: datetime.date, prefix: str = "") -> Q:
    """Past the response deadline with no answer: the SQL of the overdue and very overdue
    statuses (``FOIRequestQuerySet.with_status``), usable inside an aggregate. A clock
    stopped for a clarification or a fee is not late."""
    return Q(
        **{f"{prefix}stage": StageChoices.AWAITING_RESPONSE, f"{prefix}response_due__lt": today}
    )


def _visible_requests_q(user, prefix: str) -> Q:
    visible = Q(**{f"{prefix}visibility": VisibilityChoices.PUBLIC})
    if user is not None and user.is_authenticated:
        visible |= Q(**{f"{prefix}owner": user}) | Q(
            **{f"{prefix}organisation_id__in": staff_organisations(user)}
        )
    return visible


def campaign_list(user, *, today: datetime.date, q: str = "", mine: bool = False) -> QuerySet:
    """Public campaigns and the user's own, each with counts of the requests the user may
    see: ``requests``, ``answered``, ``past_deadline`` (no answer), ``managed``."""
    campaigns = campaigns_visible_to(user)
    if mine:
        campaigns = campaigns.filter(pk__in=campaigns_managed_by(user).values("pk"))
    if q:
        campaigns = campaigns.filter(Q(name__icontains=q) | Q(description__icontains=q))
    visible = _visible_requests_q(user, "")
    return (
        campaigns.select_related("organisation")
        .annotate(
            requests=campaign_request_count(visible),
            answered=campaign_request_count(visible & Q(answered_on__isnull=False)),
            past_deadline=campaign_request_count(visible & _past_deadline_unanswered(today)),
            managed=managed_by_annotation(user),
        )
        .order_by("-created_at", "-id")
    )


def campaign_request_count(condition: Q) -> Coalesce:
    """How many of a campaign's requests meet ``condition``, for the campaign of each row.

    A subquery per row rather than a ``Count`` over a join: with a page's LIMIT, PostgreSQL
    evaluates it for the page's campaigns alone (index ``foireq_campaign_idx``), where the
    join grouped every campaign request of the site first (30,000 at a million requests:
    235 ms for the API's page, 200-470 ms for the web's; docs/benchmarks.md)."""
    counted = (
        FOIRequest.objects.filter(condition, campaign=OuterRef("pk"))
        .order_by()
        .values("campaign")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def campaign_for_page(user, slug: str) -> Campaign | None:
    """The campaign if the user may see it, with ``managed``: may they act on it."""
    return (
        campaigns_visible_to(user)
        .filter(slug=slug)
        .annotate(managed=managed_by_annotation(user))
        .select_related("organisation", "owner")
        .first()
    )


# The desk's sort keys; days left follow the next deadline, so they sort together.
DESK_ORDERINGS: dict[str, tuple] = {
    "authority": (Lower("authority__name"), "id"),
    "-authority": (Lower("authority__name").desc(), "-id"),
    "status": ("status", Lower("authority__name"), "id"),
    "-status": ("-status", Lower("authority__name"), "id"),
    "outcome": ("initial_outcome", Lower("authority__name"), "id"),
    "-outcome": ("-initial_outcome", Lower("authority__name"), "id"),
    "next_deadline": (F("next_deadline").asc(nulls_last=True), Lower("authority__name"), "id"),
    "-next_deadline": (F("next_deadline").desc(nulls_last=True), Lower("authority__name"), "id"),
    "received": ("received_on", Lower("authority__name"), "id"),
    "-received": ("-received_on", Lower("authority__name"), "id"),
}


@dataclass(frozen=True)
class DeskFilters:
    status: str = ""
    outcome: str = ""
    authority: str = ""  # part of the name
    nation: str = ""
    exemption: str = ""  # catalogue code
    sort: str = "authority"


def campaign_requests(user, campaign: Campaign, *, today: datetime.date) -> QuerySet:
    """Every request of the campaign the user may see, with ``status`` and ``managed``."""
    return (
        requests_visible_to(user)
        .filter(campaign=campaign)
        .with_status(today)
        .annotate(managed=managed_by_annotation(user))
    )


def campaign_desk(user, campaign: Campaign, *, today: datetime.date, filters: DeskFilters):
    """The desk's rows: one per request (so one per authority asked), filtered and sorted,
    with the substantive responses and their citations prefetched."""
    qs: QuerySet = campaign_requests(user, campaign, today=today)
    if filters.status:
        qs = qs.filter(status__in=statuses_for(filters.status))
    if filters.outcome:
        qs = qs.filter(initial_outcome=filters.outcome)
    if filters.authority:
        qs = qs.filter(authority__name__icontains=filters.authority)
    if filters.nation:
        qs = qs.filter(authority__nation=filters.nation)
    if filters.exemption:
        qs = qs.filter(
            pk__in=ExemptionCitation.objects.filter(exemption__code=filters.exemption).values(
                "response__request_id"
            )
        )
    ordering = DESK_ORDERINGS.get(filters.sort, DESK_ORDERINGS["authority"])
    return with_cited_exemptions(qs.select_related("authority").order_by(*ordering))


def campaign_summary(user, campaign: Campaign, *, today: datetime.date) -> dict:
    """The campaign in figures, over the requests the user may see: one aggregate query.

    ``on_time``: answered on or before the response deadline (as extended, if it was);
    ``past_deadline``: past it with no answer yet.
    """
    rows = requests_visible_to(user).filter(campaign=campaign)
    answered = Q(answered_on__isnull=False)
    figures = rows.aggregate(
        requests=Count("id"),
        answered=Count("id", filter=answered),
        on_time=Count("id", filter=answered & Q(answered_on__lte=F("response_due"))),
        past_deadline=Count("id", filter=_past_deadline_unanswered(today)),
        **{
            outcome: Count("id", filter=Q(initial_outcome=outcome))
            for outcome in OutcomeChoices.values
        },
    )
    return figures


def campaign_exemption_counts(user, campaign: Campaign) -> list[dict] | None:
    """Exemptions cited in the first substantive response of each visible request (the
    initial outcome, as the statistics count it), most cited first: one grouped query.

    None for a reader who sees only the campaign's public requests (anyone but its
    managers): they are shown the page's figures (``public_exemption_counts``, computed
    outside the request; a correlated probe per response would cost 0.1-0.25 s for a
    campaign of 4,922 requests). Finding whether a signed-in reader sees more costs one
    index query.
    """
    if _sees_only_public(user, campaign):
        return None
    return _exemption_counts(user, campaign)


def public_exemption_counts(campaign_id: int, *, version: str | None = None) -> list[dict]:
    """``campaign_exemption_counts`` for readers who see only its public requests, through
    the statistics cache."""
    return cached(
        "campaign-exemptions",
        str(campaign_id),
        lambda: _public_exemption_counts(campaign_id),
        version=version,
    )["rows"]


def _sees_only_public(user, campaign: Campaign) -> bool:
    if user is None or not user.is_authenticated:
        return True
    return not (
        requests_managed_by(user)
        .filter(campaign=campaign)
        .exclude(visibility=VisibilityChoices.PUBLIC)
        .exists()
    )


def _public_exemption_counts(campaign_id: int) -> list[dict]:
    # The summary's own public flag and campaign: no join to the requests.
    return _counts(RequestExemptionSummary.objects.filter(campaign_id=campaign_id, public=True))


def _exemption_counts(user, campaign: Campaign) -> list[dict]:
    # The statistics' summary holds one row per request and exemption its first substantive
    # response cites (models/summaries.py): no probe for the first response per citation.
    visible = requests_visible_to(user).filter(campaign=campaign).values("pk")
    return _counts(RequestExemptionSummary.objects.filter(request_id__in=visible))


def _counts(rows: QuerySet[RequestExemptionSummary]) -> list[dict]:
    return [
        dict(row)
        for row in rows.values(
            "exemption__code",
            "exemption__regime",
            "exemption__section",
            "exemption__title",
        )
        .annotate(requests=Count("request_id"))
        .order_by("-requests", "exemption__regime", "exemption__section")
    ]


def requests_to_act_on(user, campaign: Campaign, ids) -> list[FOIRequest]:
    """The ticked rows the user may change: only this campaign's, only those they manage."""
    return list(
        requests_managed_by(user)
        .filter(campaign=campaign, pk__in=ids)
        .select_related("authority")
        .order_by(Lower("authority__name"), "id")
    )
