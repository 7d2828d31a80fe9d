"""The filters of ``/requests/``: a mistyped value is a form error, never another filter."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils import timezone

from requests_app.law.regimes import RIGHT_OF_ACCESS_BEGAN
from requests_app.models.choices import (
    AuthorityTypeChoices,
    NationChoices,
    OutcomeChoices,
    StatusChoices,
)
from requests_app.selectors.browse import BrowseFilters
from requests_app.web.forms.base import Form
from requests_app.web.forms.widgets import Select
from requests_app.web.presenters import exemption_label


class BrowseFilterForm(Form):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        help_text="Words in titles, questions and letters, or an exemption: “s24”, "
        "“national security”.",
    )
    status = forms.ChoiceField(
        widget=Select,
        label="Status",
        required=False,
        choices=[("", "Any status"), *StatusChoices.choices],
        help_text="“Overdue” includes very overdue.",
    )
    outcome = forms.ChoiceField(
        widget=Select,
        label="Outcome",
        required=False,
        choices=[("", "Any outcome"), *OutcomeChoices.choices],
    )
    exemption = forms.ChoiceField(widget=Select, label="Exemption cited", required=False)
    authority = forms.CharField(label="Authority", required=False, max_length=255)
    authority_type = forms.ChoiceField(widget=Select, label="Type of authority", required=False)
    nation = forms.ChoiceField(
        widget=Select,
        label="Nation",
        required=False,
        choices=[("", "Any nation"), *NationChoices.choices],
    )
    campaign = forms.ChoiceField(widget=Select, label="Campaign", required=False)
    year = forms.TypedChoiceField(widget=Select, label="Year received", required=False, coerce=int)

    def __init__(self, *args, campaigns, exemptions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"
        self.fields["authority"].widget.attrs.update(
            {
                "list": "authority-options",
                "autocomplete": "off",
                "data-suggest-url": reverse("web:authority_suggest"),
            }
        )
        self.fields["exemption"].choices = [("", "Any exemption")] + [
            (e.code, exemption_label(e.regime, e.section, e.title, with_act=True))
            for e in exemptions
        ]
        self.fields["authority_type"].choices = [("", "Any type"), *AuthorityTypeChoices.choices]
        self.fields["campaign"].choices = [("", "Any campaign")] + [
            (c.slug, c.name) for c in campaigns
        ]
        this_year = timezone.localdate().year
        self.fields["year"].choices = [("", "Any year")] + [
            (str(y), str(y)) for y in range(this_year, RIGHT_OF_ACCESS_BEGAN.year - 1, -1)
        ]

    def filters(self) -> BrowseFilters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return BrowseFilters(
            q=data.get("q", "").strip(),
            status=data.get("status", ""),
            outcome=data.get("outcome", ""),
            exemption=data.get("exemption", ""),
            authority=data.get("authority", "").strip(),
            authority_type=data.get("authority_type", ""),
            nation=data.get("nation", ""),
            campaign=data.get("campaign", ""),
            year=data.get("year") or None,
        )
