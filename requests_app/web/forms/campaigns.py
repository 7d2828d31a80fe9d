"""Forms of the campaign list and the campaigner's desk."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from requests_app.models.choices import NationChoices, OutcomeChoices, StatusChoices
from requests_app.selectors.campaigns import DESK_ORDERINGS, DeskFilters
from requests_app.web.forms.base import Form
from requests_app.web.forms.fields import date_field
from requests_app.web.forms.widgets import Select
from requests_app.web.presenters import exemption_label

SORT_LABELS = {
    "authority": "Authority, A to Z",
    "-authority": "Authority, Z to A",
    "status": "Status",
    "-status": "Status, reversed",
    "outcome": "Outcome",
    "-outcome": "Outcome, reversed",
    "next_deadline": "Next deadline, soonest first",
    "-next_deadline": "Next deadline, latest first",
    "received": "Received, oldest first",
    "-received": "Received, newest first",
}
assert set(SORT_LABELS) == set(DESK_ORDERINGS)


class CampaignListFilterForm(Form):
    q = forms.CharField(label="Search campaigns", required=False, max_length=200)
    mine = forms.BooleanField(label="Only campaigns I run", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"


class DeskFilterForm(Form):
    authority = forms.CharField(label="Authority name", required=False, max_length=200)
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
    nation = forms.ChoiceField(
        widget=Select,
        label="Nation",
        required=False,
        choices=[("", "Any nation"), *NationChoices.choices],
    )
    sort = forms.ChoiceField(
        widget=Select, label="Sort by", required=False, choices=list(SORT_LABELS.items())
    )

    def __init__(self, *args, exemptions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exemption"].choices = [("", "Any exemption")] + [
            (
                row["exemption__code"],
                exemption_label(
                    row["exemption__regime"],
                    row["exemption__section"],
                    row["exemption__title"],
                    with_act=True,
                ),
            )
            for row in exemptions
        ]

    def filters(self) -> DeskFilters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return DeskFilters(
            status=data.get("status", ""),
            outcome=data.get("outcome", ""),
            authority=data.get("authority", "").strip(),
            nation=data.get("nation", ""),
            exemption=data.get("exemption", ""),
            sort=data.get("sort") or "authority",
        )


class BulkActionForm(Form):
    action = forms.ChoiceField(
        label="With the ticked requests",
        choices=[
            ("mark_sent", "Mark as sent on the date"),
            ("acknowledgement", "Record an acknowledgement received on the date"),
            ("not_held", "Record “information not held”, received on the date"),
        ],
        error_messages={"required": "Choose what to do with the ticked requests"},
    )
    on = date_field("On", years=(2005, 2100))
    # The rows' own checkboxes post these; the form only checks them.
    requests = forms.TypedMultipleChoiceField(
        coerce=int,
        widget=forms.MultipleHiddenInput,
        error_messages={
            "required": "Tick at least one request",
            "invalid_choice": "Request %(value)s is not one of this campaign's that you manage",
        },
    )

    def __init__(self, *args, request_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requests"].choices = [(pk, str(pk)) for pk in request_ids]
        self.fields["on"].initial = timezone.localdate()
