"""The response a filed reply proposes, for the requester to confirm or correct."""

from __future__ import annotations

from django import forms

from requests_app.models.choices import OutcomeChoices, ResponseKindChoices
from requests_app.web.forms.base import Form
from requests_app.web.forms.fields import date_field


class ProposalForm(Form):
    kind = forms.ChoiceField(label="What the letter is", choices=ResponseKindChoices.choices)
    received_on = date_field("Date of the response")
    outcome = forms.ChoiceField(
        label="Outcome",
        required=False,
        choices=[("", "No outcome (not a substantive response)"), *OutcomeChoices.choices],
        help_text="Needed for a substantive response.",
    )
    reference = forms.CharField(label="Their reference", required=False, max_length=100)
    exemption_codes = forms.MultipleChoiceField(
        label="Exemptions they applied",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only those the authority relied on, not every section the letter mentions.",
    )

    def __init__(self, *args, exemption_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exemption_codes"].choices = list(exemption_choices)

    def clean(self):
        cleaned = super().clean()
        kind, outcome = cleaned.get("kind"), cleaned.get("outcome")
        if kind == ResponseKindChoices.SUBSTANTIVE and not outcome:
            self.add_error("outcome", "Choose the outcome of the response")
        if kind and kind != ResponseKindChoices.SUBSTANTIVE and cleaned.get("exemption_codes"):
            self.add_error(
                "exemption_codes", "Only a substantive response cites exemptions: clear them"
            )
        return cleaned
