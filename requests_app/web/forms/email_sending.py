"""The confirmation forms of "send by email" (a request, a follow-up, a campaign)."""

from __future__ import annotations

from django import forms

from requests_app.models.requests import MAX_TEXT
from requests_app.web.forms.base import Form

REPLY_TO_OWN_LABEL = "Have the authority reply to my own email address instead"


def _reply_to_own(address: str) -> forms.BooleanField:
    return forms.BooleanField(
        required=False,
        label=REPLY_TO_OWN_LABEL,
        help_text=(
            f"Replies then go to {address} and are not filed here: you record them yourself."
            if address
            else "Your account has no email address: add one on your account page first."
        ),
    )


class EmailSendForm(Form):
    def __init__(self, *args, own_address: str, editable_text: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reply_to_own"] = _reply_to_own(own_address)
        if editable_text is not None:
            self.fields["text"] = forms.CharField(
                required=False,
                max_length=MAX_TEXT,
                initial=editable_text,
                label="Your letter",
                help_text="Edit it before sending if you wish; this is what the authority gets.",
                widget=forms.Textarea(attrs={"rows": 24, "class": "draft", "spellcheck": "true"}),
            )
        # The hint ids were set before these fields existed.
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self[name].auto_id}_hint"


class CampaignEmailForm(EmailSendForm):
    pass
