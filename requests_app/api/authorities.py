"""``authorities/``: anyone reads; site staff add, edit and delete."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from requests_app.api.base import CSVExportMixin
from requests_app.api.permissions import IsSiteStaffOrReadOnly
from requests_app.models import PublicAuthority
from requests_app.models.choices import AuthorityTypeChoices, NationChoices, RegimeChoices
from requests_app.services.authorities import authority_create, authority_delete, authority_update


class AuthoritySerializer(serializers.ModelSerializer):
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

    class Meta:
        model = PublicAuthority
        fields = ["slug", "name", "authority_type", "nation", "default_regime", "email", "website"]
        examples = {
            "slug": "coventry-city-council",
            "name": "Coventry City Council",
            "authority_type": "local_council",
            "nation": "england",
            "default_regime": "foia",
            "email": "infogov@coventry.gov.uk",
            "website": "https://www.coventry.gov.uk",
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
    search = django_filters.CharFilter(
        method="filter_search", max_length=100, help_text="Words in the name or slug."
    )

    class Meta:
        model = PublicAuthority
        fields = ["authority_type", "nation", "regime", "search"]

    def filter_search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(Q(name__icontains=word) | Q(slug__icontains=word))
        return queryset


@extend_schema_view(
    list=extend_schema(summary="List public authorities (CSV with ?format=csv)"),
    retrieve=extend_schema(summary="One public authority"),
    create=extend_schema(summary="Add an authority (site staff)"),
    update=extend_schema(summary="Replace an authority (site staff)"),
    partial_update=extend_schema(summary="Edit an authority (site staff)"),
    destroy=extend_schema(summary="Delete an authority without requests (site staff)"),
)
class AuthorityViewSet(CSVExportMixin, viewsets.ModelViewSet):
    queryset = PublicAuthority.objects.order_by("name", "id")
    serializer_class = AuthoritySerializer
    filterset_class = AuthorityFilter
    permission_classes = [IsSiteStaffOrReadOnly]
    lookup_field = "slug"

    def perform_create(self, serializer):
        serializer.instance = authority_create(**serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = authority_update(
            authority=serializer.instance, **serializer.validated_data
        )

    def destroy(self, request, *args, **kwargs):
        authority_delete(authority=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
