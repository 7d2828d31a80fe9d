"""Query-string filters of the request listing; a bad value is a 400 naming the parameter."""

from __future__ import annotations

import django_filters
import django_filters.rest_framework
from django import forms
from django.db.models import F
from rest_framework.exceptions import ValidationError

from requests_app.api.dates import IsoDateFilter
from requests_app.models import FOIRequest, PublicAuthority
from requests_app.models.choices import RegimeChoices, StatusChoices, VisibilityChoices
from requests_app.selectors.access import campaigns_visible_to, requests_managed_by
from requests_app.selectors.search import search_requests

# "Overdue" in the plain sense: past the due date, with or without a permitted extension.
STATUS_ALIASES = {StatusChoices.OVERDUE: [StatusChoices.OVERDUE, StatusChoices.VERY_OVERDUE]}

ORDERINGS = {
    "next_deadline": (F("next_deadline").asc(nulls_last=True), "-received_on", "-id"),
    "-next_deadline": (F("next_deadline").desc(nulls_last=True), "-received_on", "-id"),
    "received_on": ("received_on", "id"),
    "-received_on": ("-received_on", "-id"),
    "response_due": (F("response_due").asc(nulls_last=True), "id"),
    "-response_due": (F("response_due").desc(nulls_last=True), "-id"),
}


class StrictBooleanField(forms.NullBooleanField):
    """true/false (or 1/0), absent means no filter; anything else (even empty) is an error.

    django-filter's boolean widget turns an unknown word into "no filter", so ``mine=maybe``
    would answer with everyone's requests as if it were a deliberate choice.
    """

    widget = forms.TextInput  # hands the raw word to to_python instead of mapping it to None
    default_error_messages = {"invalid": "Must be true or false, not %(value)r."}
    WORDS = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value):
        if value is None:
            return None
        word = str(value).strip().lower()
        if word not in self.WORDS:
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            )
        return self.WORDS[word]


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


def _visible_campaigns(request):
    return campaigns_visible_to(getattr(request, "user", None))


class FOIRequestFilter(django_filters.FilterSet):
    authority = django_filters.ModelChoiceFilter(
        queryset=PublicAuthority.objects.all(),
        to_field_name="slug",
        help_text="Authority slug.",
    )
    regime = django_filters.ChoiceFilter(choices=RegimeChoices.choices, help_text="Regime.")
    status = django_filters.MultipleChoiceFilter(
        choices=StatusChoices.choices,
        method="filter_status",
        help_text="Status today; repeat for several. 'overdue' includes 'very_overdue'.",
    )
    campaign = django_filters.ModelChoiceFilter(
        queryset=_visible_campaigns, to_field_name="slug", help_text="Campaign slug."
    )
    visibility = django_filters.ChoiceFilter(
        choices=VisibilityChoices.choices, help_text="public or private (yours)."
    )
    mine = StrictBooleanFilter(
        method="filter_mine",
        help_text="true: only requests you manage (your own, your organisation's as staff).",
    )
    received_from = IsoDateFilter(
        field_name="received_on", lookup_expr="gte", help_text="Received on or after (YYYY-MM-DD)."
    )
    received_to = IsoDateFilter(
        field_name="received_on", lookup_expr="lte", help_text="Received on or before."
    )
    due_after = IsoDateFilter(
        field_name="response_due", lookup_expr="gte", help_text="Response due on or after."
    )
    due_before = IsoDateFilter(
        field_name="response_due", lookup_expr="lte", help_text="Response due on or before."
    )
    q = django_filters.CharFilter(
        method="filter_text",
        max_length=200,
        help_text="Search: words of the title and text, of the letters, an exemption cited "
        '("s24", "national security"), the authority\'s reference (whole) or words of its name. '
        'On PostgreSQL, web search syntax ("quoted phrase", -word) with English stemming.',
    )
    ordering = django_filters.ChoiceFilter(
        choices=[(key, key) for key in ORDERINGS],
        method="filter_ordering",
        empty_label=None,
        help_text="Sort order; default next_deadline (soonest first, none last).",
    )

    class Meta:
        model = FOIRequest
        fields: list[str] = []

    def filter_status(self, queryset, name, values):
        wanted: set[str] = set()
        for value in values:
            wanted.update(STATUS_ALIASES.get(value, [value]))
        return queryset.filter(status__in=sorted(wanted))

    def filter_mine(self, queryset, name, value):
        managed = requests_managed_by(getattr(self.request, "user", None)).values("pk")
        return queryset.filter(pk__in=managed) if value else queryset.exclude(pk__in=managed)

    def filter_text(self, queryset, name, value):
        # The web search's (selectors/search.py: full text on PostgreSQL, by index), plus the
        # authority's name; not icontains over four columns, which read every row.
        return search_requests(queryset, value, authority_names=True)

    def filter_ordering(self, queryset, name, value):
        return queryset.order_by(*ORDERINGS[value])


__all__ = ["ORDERINGS", "FOIRequestFilter"]


class StrictFilterBackend(django_filters.rest_framework.DjangoFilterBackend):
    """django-filter reads ``?regime=`` as "no filter": a client that sent a filter meant one,
    so a filter parameter sent empty is a 400 naming it, as the schema's types say."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            blank = [
                name
                for name in filterset.filters
                if name in request.query_params and "" in request.query_params.getlist(name)
            ]
            if blank:
                raise ValidationError({name: ["may not be empty"] for name in blank})
        return filterset
