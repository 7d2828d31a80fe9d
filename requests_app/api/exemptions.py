"""``exemptions/``: the statutory catalogue, read-only (it is the law, loaded by migration)."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from requests_app.api.base import CSVExportMixin
from requests_app.api.filters import StrictBooleanFilter
from requests_app.models import Exemption
from requests_app.models.choices import ExemptionKindChoices, RegimeChoices


class ExemptionSerializer(serializers.ModelSerializer):
    code = serializers.CharField(
        read_only=True, help_text="Stable catalogue code: regime, then section or regulation."
    )
    regime = serializers.ChoiceField(
        choices=RegimeChoices.choices, read_only=True, help_text="The law it belongs to."
    )
    section = serializers.CharField(
        read_only=True, help_text="Section or regulation as printed in the legislation."
    )
    title = serializers.CharField(read_only=True, help_text="Short title of the exemption.")
    absolute = serializers.BooleanField(
        read_only=True,
        help_text="Absolute exemptions need no public interest test; the rest are qualified.",
    )
    kind = serializers.ChoiceField(
        choices=ExemptionKindChoices.choices,
        read_only=True,
        help_text="Exemption (Acts), exception (Regulations) or procedural ground (cost, "
        "vexatious).",
    )
    note = serializers.CharField(read_only=True, help_text="Qualifications worth knowing.")

    class Meta:
        model = Exemption
        fields = ["code", "regime", "section", "title", "absolute", "kind", "note"]
        examples = {
            "code": "foia-s24",
            "regime": "foia",
            "section": "24",
            "title": "National security",
            "absolute": False,
            "kind": "exemption",
            "note": "",
        }


class ExemptionFilter(django_filters.FilterSet):
    regime = django_filters.ChoiceFilter(choices=RegimeChoices.choices, help_text="Regime.")
    kind = django_filters.ChoiceFilter(choices=ExemptionKindChoices.choices, help_text="Kind.")
    absolute = StrictBooleanFilter(help_text="Absolute (true) or qualified (false).")

    class Meta:
        model = Exemption
        fields = ["regime", "kind", "absolute"]


@extend_schema_view(
    list=extend_schema(summary="The exemption catalogue (CSV with ?format=csv)"),
    retrieve=extend_schema(summary="One catalogue entry"),
)
class ExemptionViewSet(CSVExportMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Exemption.objects.order_by("regime", "id")
    serializer_class = ExemptionSerializer
    filterset_class = ExemptionFilter
    lookup_field = "code"
