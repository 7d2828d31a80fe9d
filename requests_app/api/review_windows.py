"""``review-windows/``: internal-review windows open, closing within N working days, or gone."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import IsAuthenticated

from requests_app.api.base import CSVExportMixin
from requests_app.api.dates import IsoDateField
from requests_app.models import Campaign, PublicAuthority
from requests_app.models.choices import OutcomeChoices, RegimeChoices
from requests_app.selectors.access import campaigns_visible_to
from requests_app.selectors.review_windows import MAX_WITHIN_DAYS, WindowState, review_windows


class ReviewWindowQuerySerializer(serializers.Serializer):
    state = serializers.ChoiceField(
        choices=[(s.value, s.value) for s in WindowState],
        default=WindowState.OPEN.value,
        help_text="open: the deadline is today or later; closing: open and closing within "
        "`within_days` working days; expired: the deadline has passed.",
    )
    within_days = serializers.IntegerField(
        min_value=0,
        max_value=MAX_WITHIN_DAYS,
        default=10,
        help_text="For state=closing: how many working days ahead to look.",
    )
    authority = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=PublicAuthority.objects.all(),
        required=False,
        help_text="Authority slug.",
    )
    campaign = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Campaign.objects.all(),
        required=False,
        help_text="Campaign slug.",
    )

    class Meta:
        examples = {
            "state": "closing",
            "within_days": 10,
            "authority": "coventry-city-council",
            "campaign": "prevent-referrals",
        }

    def validate_campaign(self, campaign: Campaign) -> Campaign:
        user = getattr(self.context.get("request"), "user", None)
        if not campaigns_visible_to(user).filter(pk=campaign.pk).exists():
            raise serializers.ValidationError(f'Object with slug="{campaign.slug}" does not exist.')
        return campaign


class ReviewWindowSerializer(serializers.Serializer):
    request = serializers.IntegerField(source="foi_request.id", help_text="Request id.")
    title = serializers.CharField(source="foi_request.title", help_text="Request title.")
    authority = serializers.CharField(
        source="foi_request.authority.slug", help_text="Authority slug."
    )
    authority_name = serializers.CharField(
        source="foi_request.authority.name", help_text="Authority name."
    )
    regime = serializers.ChoiceField(
        source="foi_request.regime", choices=RegimeChoices.choices, help_text="Regime."
    )
    campaign = serializers.CharField(
        source="foi_request.campaign.slug",
        default=None,
        allow_null=True,
        help_text="Campaign slug, if any.",
    )
    organisation = serializers.CharField(
        source="foi_request.organisation.slug",
        default=None,
        allow_null=True,
        help_text="Organisation slug, if any.",
    )
    # FOISA s20(5) opens the window at the response deadline even when no answer came, so an
    # unanswered request has a window: no answer date, no outcome ("").
    answered_on = IsoDateField(
        source="foi_request.answered_on",
        allow_null=True,
        help_text="Day of the first substantive response; null if none came.",
    )
    initial_outcome = serializers.ChoiceField(
        source="foi_request.initial_outcome",
        choices=OutcomeChoices.choices,
        allow_blank=True,
        help_text="Outcome of the first substantive response; blank if none came.",
    )
    review_request_deadline = IsoDateField(
        source="deadline", help_text="Last day to ask for an internal review."
    )
    days_left = serializers.IntegerField(
        help_text="Working days (the regime's calendar) after today up to the deadline: "
        "0 is the last day, negative once it has passed."
    )
    state = serializers.CharField(help_text="open, closing or expired.")

    class Meta:
        examples = {
            "request": 42,
            "title": "Prevent referrals of children 2015-2021",
            "authority": "coventry-city-council",
            "authority_name": "Coventry City Council",
            "regime": "foia",
            "campaign": "prevent-referrals",
            "organisation": "open-rights-group",
            "answered_on": "2022-07-13",
            "initial_outcome": "refused",
            "review_request_deadline": "2022-09-08",
            "days_left": 4,
            "state": "closing",
        }


class ReviewWindowListView(CSVExportMixin, generics.ListAPIView):
    """Your requests (or, as staff, your organisation's) by internal-review window."""

    serializer_class = ReviewWindowSerializer
    permission_classes = [IsAuthenticated]
    filter_backends: list = []
    csv_columns = list(ReviewWindowSerializer.Meta.examples)

    @extend_schema(
        summary="Internal-review windows: open, closing within N working days, or expired",
        parameters=[ReviewWindowQuerySerializer],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = ReviewWindowQuerySerializer(
            data=self.request.query_params.dict(), context={"request": self.request}
        )
        query.is_valid(raise_exception=True)
        return review_windows(user=self.request.user, **query.validated_data)
