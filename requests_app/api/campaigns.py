"""``campaigns/``: one question to many authorities; ``campaigns/{slug}/requests/`` logs it."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from requests_app.api.base import CSVExportMixin
from requests_app.api.dates import IsoDateField
from requests_app.api.fields import MemberOrganisationField
from requests_app.api.parsers import JSONParser
from requests_app.api.permissions import CanManageCampaignOrReadOnly
from requests_app.api.requests import FOIRequestSerializer
from requests_app.api.strict import StrictInput
from requests_app.models import Campaign, PublicAuthority
from requests_app.models.choices import VisibilityChoices
from requests_app.models.requests import MAX_TEXT
from requests_app.selectors.access import (
    campaigns_managed_by,
    campaigns_visible_to,
    can_manage_campaign,
)
from requests_app.selectors.campaigns import campaign_request_count
from requests_app.selectors.requests import requests_for
from requests_app.services.campaigns import (
    MAX_AUTHORITIES_PER_BATCH,
    campaign_create,
    campaign_delete,
    campaign_requests_create,
    campaign_update,
)


class CampaignSerializer(StrictInput, serializers.ModelSerializer):
    slug = serializers.SlugField(
        max_length=120,
        required=False,
        help_text="Identifier: the readable part you give (or the name) plus a random suffix, "
        "e.g. prevent-referrals-k7p3xq, so that no slug says whether another user's private "
        "campaign holds a name.",
    )
    name = serializers.CharField(max_length=200, help_text="The campaign's name.")
    description = serializers.CharField(
        max_length=20_000, required=False, allow_blank=True, help_text="What it asks and why."
    )
    organisation = MemberOrganisationField(
        required=False,
        allow_null=True,
        help_text="Slug of an organisation you belong to; its staff then manage it.",
    )
    public_requests = serializers.IntegerField(
        read_only=True, help_text="Number of its public requests."
    )
    can_manage = serializers.SerializerMethodField(help_text="Whether you may change it.")
    created_at = serializers.DateTimeField(read_only=True, help_text="Created at.")

    class Meta:
        model = Campaign
        fields = [
            "slug",
            "name",
            "description",
            "organisation",
            "public_requests",
            "can_manage",
            "created_at",
        ]
        examples = {
            "slug": "prevent-referrals",
            "name": "Prevent referrals of children",
            "description": "Referrals to Prevent of under-18s, by council, 2015-2021.",
            "organisation": "open-rights-group",
            "public_requests": 37,
            "can_manage": False,
            "created_at": "2022-06-15T09:00:00Z",
        }

    @extend_schema_field(serializers.BooleanField())
    def get_can_manage(self, obj: Campaign) -> bool:
        annotated = getattr(obj, "managed", None)
        if annotated is not None:  # read through get_queryset(): decided in SQL
            return bool(annotated)
        request = self.context.get("request")
        return can_manage_campaign(getattr(request, "user", None), obj)


class CampaignBatchSerializer(StrictInput, serializers.Serializer):
    authorities = serializers.ListField(
        child=serializers.SlugField(max_length=120),
        min_length=1,
        max_length=MAX_AUTHORITIES_PER_BATCH,
        help_text="Slugs of the authorities asked; one request each.",
    )
    title = serializers.CharField(max_length=255, help_text="Title of every request.")
    text = serializers.CharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, help_text="The question."
    )
    sent_on = IsoDateField(help_text="Day the requests were sent.")
    received_on = IsoDateField(
        required=False, help_text="Day they were received; defaults to sent_on."
    )
    visibility = serializers.ChoiceField(
        choices=VisibilityChoices.choices,
        required=False,
        default=VisibilityChoices.PRIVATE,
        help_text="Visibility of every request.",
    )

    class Meta:
        examples = {
            "authorities": ["coventry-city-council", "glasgow-city-council"],
            "title": "Prevent referrals of children 2015-2021",
            "text": "Please provide the number of people under 18 referred...",
            "sent_on": "2022-06-15",
            "received_on": "2022-06-15",
            "visibility": "public",
        }

    def validate_authorities(self, slugs: list[str]) -> list[PublicAuthority]:
        found = PublicAuthority.objects.in_bulk(slugs, field_name="slug")
        unknown = [slug for slug in slugs if slug not in found]
        if unknown:
            raise serializers.ValidationError(f"unknown authorities: {', '.join(unknown)}")
        return [found[slug] for slug in slugs]


@extend_schema_view(
    list=extend_schema(summary="Campaigns you may see (CSV with ?format=csv)"),
    retrieve=extend_schema(summary="One campaign"),
    create=extend_schema(summary="Start a campaign"),
    update=extend_schema(summary="Replace a campaign's details"),
    partial_update=extend_schema(summary="Edit a campaign"),
    destroy=extend_schema(summary="Delete a campaign (its requests stay)"),
)
class CampaignViewSet(CSVExportMixin, viewsets.ModelViewSet):
    serializer_class = CampaignSerializer
    permission_classes = [CanManageCampaignOrReadOnly]
    lookup_field = "slug"
    queryset = Campaign.objects.none()

    def get_queryset(self):
        user = self.request.user
        return (
            campaigns_visible_to(user)
            .annotate(
                public_requests=campaign_request_count(Q(visibility=VisibilityChoices.PUBLIC)),
                # can_manage in SQL, and the organisation joined: no query per row (a page
                # of 50 cost 27 queries anonymous, 79 signed in).
                managed=Exists(campaigns_managed_by(user).filter(pk=OuterRef("pk"))),
            )
            .select_related("organisation")
            .order_by("name", "id")
        )

    def get_permissions(self):
        if self.action == "create":
            return [IsAuthenticated()]
        return super().get_permissions()

    def perform_create(self, serializer):
        campaign = campaign_create(owner=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=campaign.pk)

    def perform_update(self, serializer):
        campaign = campaign_update(campaign=serializer.instance, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=campaign.pk)

    def perform_destroy(self, instance):
        campaign_delete(campaign=instance)

    @extend_schema(
        summary="Send the campaign's question to many authorities at once (all or nothing)",
        request=CampaignBatchSerializer,
        responses={201: FOIRequestSerializer(many=True)},
    )
    # Not paginated: the reply is the list of requests just made, all of them. JSON only: a
    # form cannot tell a list of one authority from a single value the schema refuses.
    @action(
        detail=True,
        methods=["post"],
        url_path="requests",
        pagination_class=None,
        parser_classes=[JSONParser],
    )
    def log_requests(self, request, slug=None):
        campaign = self.get_object()
        payload = CampaignBatchSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        created = campaign_requests_create(
            campaign=campaign, owner=request.user, **payload.validated_data
        )
        rows = requests_for(request.user, today=timezone.localdate()).filter(
            pk__in=[r.pk for r in created]
        )
        body = FOIRequestSerializer(rows, many=True, context={"request": request})
        return Response(body.data, status=status.HTTP_201_CREATED)
