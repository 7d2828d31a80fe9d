"""``stats/exemptions/`` and ``stats/refusals/``: public figures, cached by data version.

Each call costs one small query (the data fingerprint) when the figures are cached, whether
the answer is the figures or a 304 to a client revalidating with ``If-None-Match``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.http import quote_etag
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from requests_app.api.base import RENDERERS, wants_csv
from requests_app.api.dates import IsoDateField
from requests_app.models import PublicAuthority
from requests_app.models.choices import AuthorityTypeChoices, NationChoices, RegimeChoices
from requests_app.selectors.access import campaigns_visible_to
from requests_app.selectors.stats import (
    EXEMPTION_COLUMNS,
    REFUSAL_COLUMNS,
    STATS_DEFINITIONS,
    GroupBy,
    StatsFilters,
    exemption_stats,
    refusal_stats,
)
from requests_app.selectors.stats_cache import cached, cached_digest, refusal_params
from requests_app.selectors.stats_version import stats_data_version


class StatsFilterSerializer(serializers.Serializer):
    authority = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=PublicAuthority.objects.all(),
        required=False,
        help_text="Authority slug.",
    )
    authority_type = serializers.ChoiceField(
        choices=AuthorityTypeChoices.choices, required=False, help_text="Kind of public body."
    )
    nation = serializers.ChoiceField(
        choices=NationChoices.choices, required=False, help_text="Nation of the authority."
    )
    regime = serializers.ChoiceField(
        choices=RegimeChoices.choices, required=False, help_text="Regime of the request."
    )
    campaign = serializers.SlugField(
        required=False, max_length=120, help_text="Campaign slug (its public requests)."
    )
    received_from = IsoDateField(
        required=False, help_text="Requests received on or after this day."
    )
    received_to = IsoDateField(required=False, help_text="Requests received on or before this day.")

    class Meta:
        examples = {
            "authority": "coventry-city-council",
            "authority_type": "local_council",
            "nation": "england",
            "regime": "foia",
            "campaign": "prevent-referrals",
            "received_from": "2022-01-01",
            "received_to": "2022-12-31",
        }

    def validate_campaign(self, slug: str) -> str:
        # Only campaigns with public requests exist for the statistics, as in the listing:
        # the name of a campaign of private requests is as private as they are.
        if not campaigns_visible_to(None).filter(slug=slug).exists():
            raise serializers.ValidationError(f'Object with slug="{slug}" does not exist.')
        return slug

    def validate(self, attrs):
        start, end = attrs.get("received_from"), attrs.get("received_to")
        if start and end and start > end:
            raise serializers.ValidationError({"received_to": "is before received_from"})
        return attrs

    def filters(self) -> StatsFilters:
        fields = StatsFilters.__dataclass_fields__
        data = {k: v for k, v in self.validated_data.items() if k in fields}
        if data.get("authority") is not None:
            data["authority"] = data["authority"].slug
        return StatsFilters(**data)


class RefusalQuerySerializer(StatsFilterSerializer):
    group_by = serializers.ChoiceField(
        choices=[(g.value, g.value) for g in GroupBy],
        default=GroupBy.REGIME.value,
        help_text="What one row is: authority, authority_type, nation, regime, campaign or "
        "year (of receipt).",
    )

    class Meta:
        examples = {**StatsFilterSerializer.Meta.examples, "group_by": "authority_type"}


class ExemptionStatsSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Catalogue code.")
    regime = serializers.CharField(help_text="Regime of the exemption.")
    section = serializers.CharField(help_text='Section as printed: "24", "12(5)(e)".')
    title = serializers.CharField(help_text="Exemption title.")
    requests_citing = serializers.IntegerField(
        help_text="Distinct requests in scope whose initial substantive response cites it."
    )
    answered = serializers.IntegerField(
        help_text="Answered requests in scope under the same regime."
    )
    rate = serializers.FloatField(
        allow_null=True, help_text="requests_citing / answered (4 decimals); null if 0."
    )
    ci_low = serializers.FloatField(
        allow_null=True, help_text="Wilson score 95% interval, lower bound (z = 1.96)."
    )
    ci_high = serializers.FloatField(
        allow_null=True, help_text="Wilson score 95% interval, upper bound (z = 1.96)."
    )

    class Meta:
        examples = {
            "code": "foia-s24",
            "regime": "foia",
            "section": "24",
            "title": "National security",
            "requests_citing": 12,
            "answered": 40,
            "rate": 0.3,
            "ci_low": 0.1806,
            "ci_high": 0.4541,
        }


class RefusalStatsSerializer(serializers.Serializer):
    key = serializers.CharField(
        allow_null=True, help_text="Group key: slug, enum value or year; null = no campaign."
    )
    # "label" and "partial" are also attributes of DRF's base classes; the metaclass moves
    # declared fields off the class, so they shadow nothing at run time.
    label = serializers.CharField(help_text="Human-readable group name.")  # type: ignore[assignment]
    requests = serializers.IntegerField(help_text="Public requests in scope.")
    answered = serializers.IntegerField(help_text="With at least one substantive response.")
    granted = serializers.IntegerField(help_text="Initial outcome granted in full.")
    partial = serializers.IntegerField(help_text="Initial outcome granted in part.")  # type: ignore[assignment]
    refused = serializers.IntegerField(help_text="Initial outcome refused.")
    not_held = serializers.IntegerField(help_text="Initial outcome information not held.")
    ncnd = serializers.IntegerField(help_text="Initial outcome neither confirm nor deny.")
    withheld_in_full_rate = serializers.FloatField(
        allow_null=True, help_text="(refused + ncnd) / answered; null if answered = 0."
    )
    withheld_rate = serializers.FloatField(
        allow_null=True, help_text="(refused + ncnd + partial) / answered."
    )
    on_time_rate = serializers.FloatField(
        allow_null=True,
        help_text="Share of answered requests whose first substantive response came on or "
        "before response_due.",
    )
    median_working_days_to_response = serializers.FloatField(
        allow_null=True,
        help_text="Median working days (the regime's calendar) from receipt to the first "
        "substantive response.",
    )
    reviews = serializers.IntegerField(help_text="Internal reviews requested.")
    reviews_overturned = serializers.IntegerField(
        help_text="Internal reviews overturned, partially or fully."
    )
    past_deadline_unanswered = serializers.IntegerField(
        help_text="Requests with no answer whose response deadline has passed, today "
        "(status overdue or very overdue): beside on_time_rate, those never answered."
    )

    class Meta:
        examples = {
            "key": "local_council",
            "label": "Local council",
            "requests": 120,
            "answered": 100,
            "granted": 40,
            "partial": 20,
            "refused": 30,
            "not_held": 5,
            "ncnd": 5,
            "withheld_in_full_rate": 0.35,
            "withheld_rate": 0.55,
            "on_time_rate": 0.86,
            "median_working_days_to_response": 18.0,
            "reviews": 12,
            "reviews_overturned": 3,
            "past_deadline_unanswered": 7,
        }


def _etag(kind: str, digest: str, params: str, csv: bool) -> str:
    tag = hashlib.sha256(f"{kind}|{digest}|{params}|{csv}".encode()).hexdigest()[:32]
    return quote_etag(tag)


def cached_stats(request, kind: str, params: str, compute: Callable[[], Any]) -> Response:
    """The figures for ``params``, from the cache while the data fingerprint is unchanged
    (``selectors/stats_cache.py``, shared with the public pages).

    The ETag is a digest of the figures themselves: it changes when the public figures do,
    and a private request coming and going leaves it (and clients' caches) alone.
    """
    version = stats_data_version()
    csv = wants_csv(request)
    sent = {tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")}
    cache_control = f"public, max-age={settings.STATS_CACHE_SECONDS}"
    digest = cached_digest(kind, params, version) if sent != {""} else None
    if digest is not None and _etag(kind, digest, params, csv) in sent:
        # Revalidated from the digest alone: the figures are not read from the cache.
        headers = {"ETag": _etag(kind, digest, params, csv), "Cache-Control": cache_control}
        return Response(status=status.HTTP_304_NOT_MODIFIED, headers=headers)
    entry = cached(kind, params, compute, version=version)
    etag = _etag(kind, entry["digest"], params, csv)
    headers = {"ETag": etag, "Cache-Control": cache_control}
    if etag in sent:
        return Response(status=status.HTTP_304_NOT_MODIFIED, headers=headers)
    return Response(entry["rows"], headers=headers)


DEFINITIONS = (
    "Statistics cover PUBLIC requests only. Add `?format=csv` for the same columns as CSV.\n\n"
    + STATS_DEFINITIONS
)


class ExemptionStatsView(APIView):
    permission_classes = [AllowAny]
    renderer_classes = RENDERERS
    csv_columns = EXEMPTION_COLUMNS

    @extend_schema(
        summary="Exemption citation rates, with Wilson 95% intervals",
        description=DEFINITIONS,
        parameters=[StatsFilterSerializer],
        responses={
            200: ExemptionStatsSerializer(many=True),
            304: OpenApiResponse(description="Not modified (If-None-Match matched the ETag)."),
        },
    )
    def get(self, request):
        query = StatsFilterSerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        filters = query.filters()
        return cached_stats(
            request, "exemptions", filters.as_key(), lambda: exemption_stats(filters)
        )


class RefusalStatsView(APIView):
    permission_classes = [AllowAny]
    renderer_classes = RENDERERS
    csv_columns = REFUSAL_COLUMNS

    @extend_schema(
        summary="Refusal rates, outcomes, timeliness and reviews, by group",
        description=DEFINITIONS,
        parameters=[RefusalQuerySerializer],
        responses={
            200: RefusalStatsSerializer(many=True),
            304: OpenApiResponse(description="Not modified (If-None-Match matched the ETag)."),
        },
    )
    def get(self, request):
        query = RefusalQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        group_by = query.validated_data["group_by"]
        filters = query.filters()
        # past_deadline_unanswered moves with the date: today is part of the cache key/ETag.
        today = timezone.localdate()
        return cached_stats(
            request,
            "refusals",
            refusal_params(group_by, filters, today),
            lambda: refusal_stats(group_by, filters, today),
        )
