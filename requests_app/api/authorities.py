"""``authorities/``: anyone reads; site staff add, edit and delete."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from requests_app.api.base import CSVExportMixin
from requests_app.api.filters import StrictBooleanFilter
from requests_app.api.permissions import IsSiteStaffOrReadOnly
from requests_app.api.strict import StrictInput
from requests_app.models import PublicAuthority
from requests_app.models.choices import AuthorityTypeChoices, NationChoices, RegimeChoices
from requests_app.selectors.authorities import authority_search
from requests_app.services.authorities import authority_create, authority_delete, authority_update


class AuthoritySerializer(StrictInput, serializers.ModelSerializer):
    slug = serializers.SlugField(
        max_length=120, help_text="Stable identifier used in URLs and filters."
    )
    name = serializers.CharField(max_length=255, help_text="The authority's name.")
    authority_type = serializers.ChoiceField(
        choices=AuthorityTypeChoices.choices, help_text="Kind of public body."
    )
    nation = serializers.ChoiceField(
        choices=NationChoices.choices,
        help_text="Where it is; Scottish authorities answer under FOISA/EISR.",
    )
    default_regime = serializers.ChoiceField(
        choices=RegimeChoices.choices,
        required=False,
        allow_blank=True,
        help_text="The regime new requests use; blank follows the nation (FOISA in Scotland, "
        "FOIA elsewhere).",
    )
    email = serializers.EmailField(
        required=False, allow_blank=True, help_text="Address for FOI requests."
    )
    website = serializers.URLField(required=False, allow_blank=True, help_text="Home page.")
    short_name = serializers.CharField(read_only=True, help_text="Short name, e.g. “Coventry”.")
    detailed_type = serializers.CharField(
        read_only=True,
        help_text="The register's finer type: “Metropolitan district”, “Territorial police "
        "force”, “Ministerial department”…",
    )
    region = serializers.CharField(read_only=True, help_text="English region, or the nation.")
    gss_code = serializers.CharField(read_only=True, help_text="ONS GSS code of a council.")
    govuk_slug = serializers.CharField(read_only=True, help_text="The council's gov.uk slug.")
    wdtk_id = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="WhatDoTheyKnow body id."
    )
    active = serializers.BooleanField(
        read_only=True, help_text="False for an abolished body (kept for its requests)."
    )
    replaced_by: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="Slug of the body that took over from an abolished one.",
    )

    class Meta:
        model = PublicAuthority
        fields = [
            "slug",
            "name",
            "authority_type",
            "nation",
            "default_regime",
            "email",
            "website",
            "short_name",
            "detailed_type",
            "region",
            "gss_code",
            "govuk_slug",
            "wdtk_id",
            "active",
            "replaced_by",
        ]
        examples = {
            "slug": "coventry-city-council",
            "name": "Coventry City Council",
            "authority_type": "local_council",
            "nation": "england",
            "default_regime": "foia",
            "email": "infogov@coventry.gov.uk",
            "website": "https://www.coventry.gov.uk",
            "short_name": "Coventry",
            "detailed_type": "Metropolitan district",
            "region": "West Midlands",
            "gss_code": "E08000026",
            "govuk_slug": "coventry",
            "wdtk_id": 141,
            "active": True,
            "replaced_by": None,
        }

    def validate_slug(self, value: str) -> str:
        # Checked here too (and again in the service) so the 400 names the field.
        clash = PublicAuthority.objects.filter(slug=value)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError(f"{value!r} is already taken")
        return value


class AuthorityFilter(django_filters.FilterSet):
    authority_type = django_filters.ChoiceFilter(
        choices=AuthorityTypeChoices.choices, help_text="Kind of public body."
    )
    nation = django_filters.ChoiceFilter(choices=NationChoices.choices, help_text="Nation.")
    regime = django_filters.ChoiceFilter(
        field_name="default_regime", choices=RegimeChoices.choices, help_text="Default regime."
    )
    region = django_filters.CharFilter(max_length=40, help_text="Region, e.g. West Midlands.")
    active = StrictBooleanFilter(help_text="false: abolished bodies only.")
    search = django_filters.CharFilter(
        method="filter_search",
        max_length=100,
        help_text="Words in the name, short or alternative names, or slug.",
    )

    class Meta:
        model = PublicAuthority
        fields = ["authority_type", "nation", "regime", "region", "active", "search"]

    def filter_search(self, queryset, name, value):
        return authority_search(queryset, value)


@extend_schema_view(
    list=extend_schema(summary="List public authorities (CSV with ?format=csv)"),
    retrieve=extend_schema(summary="One public authority"),
    create=extend_schema(summary="Add an authority (site staff)"),
    update=extend_schema(summary="Replace an authority (site staff)"),
    partial_update=extend_schema(summary="Edit an authority (site staff)"),
    destroy=extend_schema(summary="Delete an authority without requests (site staff)"),
)
class AuthorityViewSet(CSVExportMixin, viewsets.ModelViewSet):
    queryset = PublicAuthority.objects.select_related("replaced_by").order_by("name", "id")
    serializer_class = AuthoritySerializer
    filterset_class = AuthorityFilter
    permission_classes = [IsSiteStaffOrReadOnly]
    lookup_field = "slug"
    # 25,000 rows at national scale: streamed (csv_stream.py) rather than built in memory.
    csv_sources = {
        **{name: name for name in AuthoritySerializer.Meta.fields},
        "replaced_by": "replaced_by__slug",
    }

    def get_queryset(self):
        # A user's suggestion is theirs until staff approve it.
        return super().get_queryset().usable_by(self.request.user)

    def perform_create(self, serializer):
        serializer.instance = authority_create(**serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = authority_update(
            authority=serializer.instance, **serializer.validated_data
        )

    def destroy(self, request, *args, **kwargs):
        authority_delete(authority=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
