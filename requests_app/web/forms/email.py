"""Filing an unmatched email by hand (the staff holding page)."""

from __future__ import annotations

from django import forms

from requests_app.models import FOIRequest
from requests_app.selectors.access import requests_visible_to
from requests_app.web.forms.base import Form


class EmailAssignForm(Form):
    request_number = forms.IntegerField(
        label="File it against request number",
        min_value=1,
        max_value=2**31 - 1,
        help_text="The number in the request's address: /requests/<strong>123</strong>/.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "required": "Enter the number of the request this message belongs to",
            "invalid": "Enter a request number, like 123",
            "min_value": "Enter a request number, like 123",
            "max_value": "There is no request with that number",
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_request_number(self) -> FOIRequest:
        number = self.cleaned_data["request_number"]
        foi_request = (
            requests_visible_to(self.user).select_related("authority").filter(pk=number).first()
        )
        if foi_request is None:
            raise forms.ValidationError(f"There is no request number {number} that you can see")
        return foi_request
