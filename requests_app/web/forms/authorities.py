"""The directory's filters and the suggest-an-authority form."""

from __future__ import annotations

from django import forms

from requests_app.models.choices import AuthorityTypeChoices, NationChoices
from requests_app.web.forms.base import Form


class AuthorityFilterForm(Form):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        help_text="A name, short name or other name: “Leeds”, “DWP”, “Caerdydd”.",
    )
    authority_type = forms.ChoiceField(
        label="Type",
        required=False,
        choices=[("", "Any type"), *AuthorityTypeChoices.choices],
    )
    nation = forms.ChoiceField(
        label="Nation", required=False, choices=[("", "Any nation"), *NationChoices.choices]
    )
    region = forms.ChoiceField(label="Region", required=False)
    inactive = forms.BooleanField(label="Include abolished bodies", required=False)

    def __init__(self, *args, regions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"
        region = self.fields["region"]
        assert isinstance(region, forms.ChoiceField)
        region.choices = [("", "Any region")] + [(r, r) for r in regions]

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "search": data.get("q", ""),
            "authority_type": data.get("authority_type", ""),
            "nation": data.get("nation", ""),
            "region": data.get("region", ""),
            "include_inactive": bool(data.get("inactive")),
        }


class AuthoritySuggestForm(Form):
    name = forms.CharField(
        label="Name",
        max_length=255,
        help_text="As the body calls itself, e.g. “Leeds City Council”.",
        error_messages={"required": "Enter the name of the authority"},
    )
    authority_type = forms.ChoiceField(
        label="Type",
        choices=AuthorityTypeChoices.choices,
        error_messages={"required": "Choose the kind of body"},
    )
    nation = forms.ChoiceField(
        label="Nation",
        choices=NationChoices.choices,
        help_text="Scottish bodies answer under FOISA; the rest under FOIA.",
        error_messages={"required": "Choose where it is"},
    )
    email = forms.EmailField(
        label="FOI email address",
        required=False,
        max_length=254,
        error_messages={"invalid": "Enter an email address like foi@council.gov.uk"},
    )
    website = forms.URLField(
        label="Website",
        required=False,
        assume_scheme="https",
        max_length=200,
        error_messages={"invalid": "Enter a web address like https://www.council.gov.uk"},
    )
