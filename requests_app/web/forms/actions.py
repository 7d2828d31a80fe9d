"""One form per thing that can happen to a request; each maps onto one service call."""

from __future__ import annotations

from django import forms

from requests_app.law.citations import CitationError, parse_citation
from requests_app.letters import (
    MAX_DOCUMENT_BYTES,
    MAX_LETTER_CHARS,
    UnreadableDocument,
    extract_text,
)
from requests_app.models.choices import (
    ComplaintOutcomeChoices,
    OutcomeChoices,
    QuestionStatusChoices,
    RegulatorChoices,
    ReviewOutcomeChoices,
)
from requests_app.web.forms.base import Form
from requests_app.web.forms.fields import date_field

LETTER_HELP = "Paste the letter here to keep it with the request."


def letter_text_field(label: str = "Text of the letter") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=MAX_LETTER_CHARS,
        help_text=LETTER_HELP,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class ResponseForm(Form):
    received_on = date_field("Date of the response")
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[("", "Choose the outcome"), *OutcomeChoices.choices],
        error_messages={"required": "Choose the outcome of the response"},
    )
    reference = forms.CharField(
        label="Their reference",
        required=False,
        max_length=100,
        help_text="As printed on the letter, e.g. FOI429836404.",
    )
    letter_text = letter_text_field()
    attachment = forms.FileField(
        label="Or upload the letter",
        required=False,
        help_text="PDF, Word (.docx) or plain text, up to 10 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.txt,text/plain"}),
    )

    MAX_UPLOAD = MAX_DOCUMENT_BYTES
    TOO_BIG = "The file is larger than 10 MB"

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload and upload.size > self.MAX_UPLOAD:
            raise forms.ValidationError(self.TOO_BIG)
        return upload

    def clean(self):
        data = super().clean()
        upload = data.get("attachment")
        if upload and not (data.get("letter_text") or "").strip():
            # Keep the letter's words with the response, so they can be searched and counted;
            # the same cap as pasted text applies (extract_text stops reading past it).
            try:
                data["letter_text"] = extract_text(upload.name or "", upload.read())
            except UnreadableDocument as error:
                self.add_error("attachment", unreadable_message(error))
            finally:
                upload.seek(0)
        return data


def unreadable_message(error: UnreadableDocument) -> str:
    return f"{error}. Paste the letter's text instead."


class CitationForm(Form):
    exemption = forms.ChoiceField(label="Exemption", required=False)
    subsection = forms.CharField(
        label="Subsection", required=False, max_length=40, help_text="As cited, e.g. 24(1)."
    )
    cited_as = forms.CharField(
        label="Words of the letter",
        required=False,
        max_length=255,
        help_text="e.g. “Section 24(1) Safeguarding National Security”. "
        "Enough on its own: we look the exemption up from it.",
    )
    public_interest_test = forms.BooleanField(
        label="The authority carried out a public interest test", required=False
    )
    ncnd = forms.BooleanField(label="It neither confirms nor denies holding it", required=False)

    def __init__(self, *args, exemption_choices, regime, **kwargs):
        super().__init__(*args, **kwargs)
        self.regime = regime
        self.fields["exemption"].choices = [("", "None"), *exemption_choices]

    def clean(self):
        data = super().clean()
        if not data.get("exemption") and data.get("cited_as"):
            # The words alone are enough: "s24(1)" resolves to the regime's catalogue entry.
            try:
                parsed = parse_citation(data["cited_as"], self.regime)
            except CitationError as error:
                self.add_error("cited_as", f"Not a citation we recognise: {error.reason}")
                return data
            data["exemption"] = parsed.code
            data["subsection"] = data.get("subsection") or parsed.subsection
        extras = any(data.get(f) for f in ("subsection", "cited_as", "public_interest_test"))
        if not data.get("exemption") and (extras or data.get("ncnd")):
            self.add_error("exemption", "Choose the exemption this line is about")
        return data


class BaseCitationFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        seen: set[str] = set()
        for form in self.forms:
            code = form.cleaned_data.get("exemption")
            if code and code in seen:
                form.add_error("exemption", "This exemption is already listed above")
            if code:
                seen.add(code)


def citation_formset_class(rows_prefilled: int = 0):
    """Three blank rows, or one more than the analyser found."""
    return forms.formset_factory(
        CitationForm,
        formset=BaseCitationFormSet,
        extra=1 if rows_prefilled else 3,
        max_num=30,
        validate_max=True,
    )


def parse_citation_list(text: str, regime: str) -> list[str]:
    """ "s24(1), s40(2)" -> ["foia-s24", "foia-s40"]; raises ``forms.ValidationError``."""
    codes: list[str] = []
    for part in (p.strip() for p in text.replace(";", ",").split(",")):
        if not part:
            continue
        try:
            code = parse_citation(part, regime).code
        except CitationError as error:
            raise forms.ValidationError(
                f"“{part}” is not a citation we recognise: {error.reason}"
            ) from error
        if code not in codes:
            codes.append(code)
    return codes


class QuestionForm(Form):
    """One numbered question's outcome, pre-filled by the letter analyser."""

    number = forms.IntegerField(label="Question number", min_value=1, max_value=999)
    question_text = forms.CharField(label="The question", required=False, max_length=2000)
    status = forms.ChoiceField(
        label="Outcome for this question",
        choices=[("", "Choose"), *QuestionStatusChoices.choices],
    )
    exemptions = forms.CharField(
        label="Exemptions cited for it",
        required=False,
        max_length=255,
        help_text="As the letter words them, separated by commas: s24(1), s40(2).",
    )
    held_by = forms.CharField(
        label="Held by (another body)",
        required=False,
        max_length=255,
        help_text="If the letter says another body holds it.",
    )

    def __init__(self, *args, regime, **kwargs):
        super().__init__(*args, **kwargs)
        self.regime = regime

    def clean_exemptions(self) -> list[str]:
        return parse_citation_list(self.cleaned_data.get("exemptions") or "", self.regime)


class BaseQuestionFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        seen: set[int] = set()
        for form in self.forms:
            number = form.cleaned_data.get("number")
            if number in seen:
                form.add_error("number", "This question is already listed above")
            if number:
                seen.add(number)


def question_formset_class():
    # Only the questions found (or recorded) are shown: no blank rows to skip.
    return forms.formset_factory(
        QuestionForm, formset=BaseQuestionFormSet, extra=0, max_num=100, validate_max=True
    )


class ClarificationForm(Form):
    received_on = date_field("Date the authority asked for clarification")
    clarification_received_on = date_field(
        "Date you replied",
        required=False,
        help_text="The clock restarts from the day the authority receives your reply.",
    )
    letter_text = letter_text_field()


class ClarificationSentForm(Form):
    response = forms.TypedChoiceField(label="Clarification request", coerce=int)
    received_on = date_field("Date the authority received your reply")

    def __init__(self, *args, pending, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["response"].choices = [(r.pk, str(r)) for r in pending]


class FeeForm(Form):
    received_on = date_field("Date of the fees notice")
    fee_amount = forms.DecimalField(
        label="Fee asked (£)", min_value=0, max_digits=10, decimal_places=2
    )
    fee_paid_on = date_field(
        "Date you paid",
        required=False,
        help_text="The working days between the notice and payment are not counted.",
    )
    letter_text = letter_text_field()


class FeePaidForm(Form):
    response = forms.TypedChoiceField(label="Fees notice", coerce=int)
    paid_on = date_field("Date you paid")

    def __init__(self, *args, pending, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["response"].choices = [(r.pk, str(r)) for r in pending]


class ExtensionForm(Form):
    received_on = date_field("Date of the extension notice")
    letter_text = letter_text_field()


class ReviewForm(Form):
    requested_on = date_field("Date you asked for the internal review")
    notes = forms.CharField(
        label="Notes", required=False, max_length=20_000, widget=forms.Textarea(attrs={"rows": 4})
    )


class ReviewDecisionForm(Form):
    review = forms.TypedChoiceField(label="Internal review", coerce=int)
    decided_on = date_field("Date of the review decision")
    outcome = forms.ChoiceField(
        label="Outcome", choices=[("", "Choose the outcome"), *ReviewOutcomeChoices.choices]
    )

    def __init__(self, *args, pending, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review"].choices = [(r.pk, str(r)) for r in pending]


class ComplaintForm(Form):
    submitted_on = date_field("Date you complained")
    regulator = forms.ChoiceField(label="Regulator", choices=RegulatorChoices.choices)
    reference = forms.CharField(label="The regulator's reference", required=False, max_length=100)


class WithdrawForm(Form):
    withdrawn_on = date_field(
        "Date you withdrew the request",
        help_text="The request closes and its reminders stop.",
    )


class ComplaintDecisionForm(Form):
    complaint = forms.TypedChoiceField(label="Complaint", coerce=int)
    decided_on = date_field("Date of the regulator's decision")
    outcome = forms.ChoiceField(
        label="Outcome", choices=[("", "Choose the outcome"), *ComplaintOutcomeChoices.choices]
    )

    def __init__(self, *args, pending, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["complaint"].choices = [(c.pk, str(c)) for c in pending]
