from __future__ import annotations

from django import forms

from requests_app.law.calendars import FIRST_YEAR, LAST_YEAR
from requests_app.models.choices import RegimeChoices
from requests_app.services.validation import day_month_year
from requests_app.web.forms.base import Form
from requests_app.web.forms.fields import date_field

# The years the working-day calendars cover, as in the API (requests_app/api/deadlines.py).
YEARS = (FIRST_YEAR, LAST_YEAR)


class DeadlineCalculatorForm(Form):
    regime = forms.ChoiceField(
        label="Law",
        choices=RegimeChoices.choices,
        initial=RegimeChoices.FOIA,
        help_text="FOISA and EISR apply to Scottish public authorities.",
    )
    received = date_field(
        "Date the authority received the request",
        help_text="That day is day 0; a weekend or holiday counts as the working day before.",
        years=YEARS,
    )
    school = forms.BooleanField(label="The authority is a school or academy", required=False)
    responded = date_field("Date of the response", required=False, years=YEARS)
    review_requested = date_field(
        "Date you asked for an internal review", required=False, years=YEARS
    )
    review_decided = date_field("Date of the internal review decision", required=False, years=YEARS)

    ORDER = (
        ("responded", "received", "the request was received"),
        ("review_requested", "responded", "the response"),
        ("review_decided", "review_requested", "the review was requested"),
    )

    def clean(self):
        data = super().clean()
        if data.get("review_decided") and not data.get("review_requested"):
            self.add_error("review_requested", "Enter when you asked for the review")
        for later, earlier, what in self.ORDER:
            if data.get(later) and data.get(earlier) and data[later] < data[earlier]:
                self.add_error(later, f"Cannot be before {what} ({day_month_year(data[earlier])})")
        return data
