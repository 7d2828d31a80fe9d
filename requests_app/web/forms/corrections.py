"""Forms correcting a request or one of its recorded events."""

from __future__ import annotations

from django import forms

from requests_app.models.choices import (
    ComplaintOutcomeChoices,
    OutcomeChoices,
    RegimeChoices,
    ResponseKindChoices,
    ReviewOutcomeChoices,
    VisibilityChoices,
)
from requests_app.web.forms.actions import letter_text_field
from requests_app.web.forms.base import Form
from requests_app.web.forms.fields import date_field

Kind = ResponseKindChoices


class RequestEditForm(Form):
    title = forms.CharField(label="Title", max_length=255)
    text = forms.CharField(
        label="Text of your request",
        required=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    regime = forms.ChoiceField(label="Law", choices=RegimeChoices.choices)
    sent_on = date_field("Date sent")
    received_on = date_field("Date received by the authority")
    authority_reference = forms.CharField(
        label="The authority's reference", required=False, max_length=100
    )
    campaign: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Campaign", required=False, queryset=None, empty_label="No campaign"
    )
    visibility = forms.ChoiceField(
        label="Who can see it", choices=VisibilityChoices.choices, widget=forms.RadioSelect
    )
    withdrawn_on = date_field(
        "Date you withdrew the request",
        required=False,
        help_text="Clear it if the request was withdrawn by mistake: its deadlines come back.",
    )

    def __init__(self, *args, campaigns, withdrawn: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns  # type: ignore[attr-defined]
        if not withdrawn:
            del self.fields["withdrawn_on"]  # withdrawing is its own action on the page


class ResponseEditForm(Form):
    """A letter's fields; only those of its kind are kept."""

    received_on = date_field("Date of the letter")
    outcome = forms.ChoiceField(
        label="Outcome", choices=[("", "Choose the outcome"), *OutcomeChoices.choices]
    )
    reference = forms.CharField(label="Their reference", required=False, max_length=100)
    clarification_received_on = date_field("Date you replied", required=False)
    fee_amount = forms.DecimalField(
        label="Fee asked (£)", min_value=0, max_digits=10, decimal_places=2
    )
    fee_paid_on = date_field("Date you paid", required=False)
    letter_text = letter_text_field()

    BY_KIND = {
        Kind.SUBSTANTIVE: {"received_on", "outcome", "reference", "letter_text"},
        Kind.CLARIFICATION_REQUEST: {"received_on", "clarification_received_on", "letter_text"},
        Kind.FEES_NOTICE: {"received_on", "fee_amount", "fee_paid_on", "letter_text"},
        Kind.EXTENSION_NOTICE: {"received_on", "letter_text"},
        Kind.ACKNOWLEDGEMENT: {"received_on", "letter_text"},
    }

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        for name in set(self.fields) - self.BY_KIND[Kind(kind)]:
            del self.fields[name]


class ReviewEditForm(Form):
    requested_on = date_field("Date you asked for the internal review")
    decided_on = date_field(
        "Date of the review decision", required=False, help_text="Clear it if it is not decided."
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        required=False,
        choices=[("", "Not decided yet"), *ReviewOutcomeChoices.choices],
    )
    notes = forms.CharField(
        label="Notes", required=False, max_length=20_000, widget=forms.Textarea(attrs={"rows": 4})
    )


class ComplaintEditForm(Form):
    submitted_on = date_field("Date you complained")
    reference = forms.CharField(label="The regulator's reference", required=False, max_length=100)
    decided_on = date_field(
        "Date of the regulator's decision",
        required=False,
        help_text="Clear it if it is not decided.",
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        required=False,
        choices=[("", "Not decided yet"), *ComplaintOutcomeChoices.choices],
    )
