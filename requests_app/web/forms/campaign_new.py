"""``/campaigns/new/``: the campaign and its question, and the filters that find recipients."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from requests_app.models.choices import AuthorityTypeChoices, NationChoices, VisibilityChoices
from requests_app.models.requests import MAX_TEXT
from requests_app.services.campaign_laws import AUTO, LAW_CHOICES
from requests_app.web.forms.base import Form
from requests_app.web.forms.fields import date_field


class CampaignNewForm(Form):
    name = forms.CharField(
        label="Campaign name",
        max_length=200,
        help_text="Shown on the campaign's page, e.g. “Prevent referrals 2015-2021”.",
        error_messages={"required": "Enter a name for the campaign"},
    )
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the campaign asks and why.",
    )
    organisation: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Organisation",
        required=False,
        queryset=None,
        empty_label="Just me",
        help_text="Staff of the organisation can see and manage every request.",
    )
    visibility = forms.ChoiceField(
        label="Who can see the requests",
        choices=VisibilityChoices.choices,
        initial=VisibilityChoices.PRIVATE,
        widget=forms.RadioSelect,
        help_text="Public requests count in the published statistics.",
    )
    title = forms.CharField(
        label="Title of each request",
        max_length=255,
        error_messages={"required": "Enter the title of the request"},
    )
    text = forms.CharField(
        label="Your question",
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter the question you are asking"},
    )
    law = forms.ChoiceField(label="Law", choices=LAW_CHOICES, initial=AUTO)
    sent_on = date_field("Date sent", help_text="Each response deadline counts from this day.")

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["sent_on"].initial = timezone.localdate()


class RecipientFinderForm(Form):
    region = forms.ChoiceField(label="Region", required=False)
    nation = forms.ChoiceField(
        label="Nation", required=False, choices=[("", "Any nation"), *NationChoices.choices]
    )
    authority_type = forms.ChoiceField(
        label="Type", required=False, choices=[("", "Any type"), *AuthorityTypeChoices.choices]
    )
    detailed_type = forms.ChoiceField(label="Detailed type", required=False)
    name = forms.CharField(label="Name contains", required=False, max_length=200)

    def __init__(self, *args, regions, detailed_types, **kwargs):
        kwargs.setdefault("prefix", "find")
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "Any region")] + [(r, r) for r in regions]
        self.fields["detailed_type"].choices = [("", "Any detailed type")] + [
            (t, t) for t in detailed_types
        ]

    def criteria(self) -> dict[str, str]:
        """The filters chosen; empty when none is (which would mean every body in the UK)."""
        if not self.is_valid():
            return {}
        return {key: value.strip() for key, value in self.cleaned_data.items() if value}
