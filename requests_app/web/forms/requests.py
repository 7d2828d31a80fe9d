from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils import timezone

from requests_app.models import PublicAuthority
from requests_app.models.choices import RegimeChoices, StatusChoices, VisibilityChoices
from requests_app.selectors.web_requests import authority_suggestions
from requests_app.web.forms.base import Form
from requests_app.web.forms.fields import date_field


class AuthorityField(forms.CharField):
    """A name typed (or picked from the suggestions) and resolved to one authority.

    Without JavaScript the same field still works: an exact name or slug is accepted, so is
    part of a name only one authority has; a part several share gets an error listing them.
    """

    user = None  # set by the form: a user's own suggestions are theirs to use at once

    def clean(self, value):
        value = super().clean(value).strip()
        if not value:
            return None
        usable = PublicAuthority.objects.usable_by(self.user)
        match = usable.filter(name__iexact=value).first()
        match = match or usable.filter(slug__iexact=value).first()
        if match:
            return match
        found = authority_suggestions(value, limit=5, user=self.user)
        if len(found) == 1:
            # Only one name contains what was typed: that is the authority meant.
            return usable.get(slug=found[0]["slug"])
        suggestions = [s["name"] for s in found]
        if suggestions:
            raise forms.ValidationError(
                "Choose one authority from the list. Names containing “%(term)s”: %(names)s",
                params={"term": value, "names": "; ".join(suggestions)},
            )
        raise forms.ValidationError(
            "No public authority is called “%(term)s”. Check the spelling, or suggest it "
            "for the directory",
            params={"term": value},
        )


class NewRequestForm(Form):
    authority = AuthorityField(
        label="Public authority",
        max_length=255,
        help_text="Start typing the name, then choose from the suggestions.",
        error_messages={"required": "Enter the public authority you asked"},
    )
    title = forms.CharField(
        label="Title",
        max_length=255,
        help_text="A short summary, e.g. “Prevent referrals 2015-2021”.",
        error_messages={"required": "Enter a title"},
    )
    text = forms.CharField(
        label="Text of your request",
        required=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    regime = forms.ChoiceField(
        label="Law",
        required=False,
        choices=[("", "Work it out from the authority"), *RegimeChoices.choices],
        help_text="Scottish authorities answer under FOISA, the rest under FOIA. "
        "Choose EIR or EISR for environmental information.",
    )
    sent_on = date_field("Date sent")
    received_on = date_field(
        "Date received by the authority",
        required=False,
        help_text="Leave blank if it arrived the day you sent it (email).",
    )
    authority_reference = forms.CharField(
        label="The authority's reference", required=False, max_length=100
    )
    campaign: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Campaign", required=False, queryset=None, empty_label="No campaign"
    )
    organisation: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Organisation",
        required=False,
        queryset=None,
        empty_label="Just me",
        help_text="Staff of the organisation can see and manage the request.",
    )
    visibility = forms.ChoiceField(
        label="Who can see it",
        choices=VisibilityChoices.choices,
        initial=VisibilityChoices.PRIVATE,
        widget=forms.RadioSelect,
        help_text="Public requests count in the published statistics.",
    )
    referred_from = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, campaigns, organisations, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].user = user
        self.fields["campaign"].queryset = campaigns
        self.fields["organisation"].queryset = organisations
        self.fields["sent_on"].initial = timezone.localdate()
        self.fields["authority"].widget.attrs.update(
            {
                "list": "authority-options",
                "autocomplete": "off",
                "data-suggest-url": reverse("web:authority_suggest"),
            }
        )


class MyRequestsFilterForm(Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *StatusChoices.choices]
    )
    campaign = forms.ChoiceField(label="Campaign", required=False)
    authority = forms.ChoiceField(label="Authority", required=False)

    def __init__(self, *args, campaigns, authorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].choices = [("", "Any campaign")] + [
            (c.slug, c.name) for c in campaigns
        ]
        self.fields["authority"].choices = [("", "Any authority")] + [
            (a.slug, a.name) for a in authorities
        ]
        self.fields["q"].widget.input_type = "search"

    def value(self, name: str) -> str:
        return self.cleaned_data.get(name) or "" if self.is_valid() else ""
