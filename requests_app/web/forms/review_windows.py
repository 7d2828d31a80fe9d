from __future__ import annotations

from django import forms

from requests_app.selectors.review_windows import MAX_WITHIN_DAYS, WindowState
from requests_app.web.forms.base import Form

STATE_CHOICES = [
    (WindowState.OPEN.value, "Open"),
    (WindowState.CLOSING.value, "Closing soon"),
    (WindowState.EXPIRED.value, "Closed"),
]


class ReviewWindowFilterForm(Form):
    state = forms.ChoiceField(label="Window", choices=STATE_CHOICES, required=False)
    within_days = forms.IntegerField(
        label="Closing within (working days)",
        min_value=0,
        max_value=MAX_WITHIN_DAYS,
        required=False,
        help_text="Used when the window is “Closing soon”.",
    )
    authority = forms.ChoiceField(label="Authority", required=False)
    campaign = forms.ChoiceField(label="Campaign", required=False)

    def __init__(self, *args, authorities, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].choices = [("", "Any authority")] + [
            (a.slug, a.name) for a in authorities
        ]
        self.fields["campaign"].choices = [("", "Any campaign")] + [
            (c.slug, c.name) for c in campaigns
        ]
