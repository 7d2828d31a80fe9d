"""Pre-fill the record-response form from the letter analyser, for the user to confirm."""

from __future__ import annotations

import re

from django.http import HttpRequest

from requests_app.law.exemptions import BY_CODE
from requests_app.letters import (
    MAX_LETTER_CHARS,
    LetterAnalysis,
    UnreadableDocument,
    analyse_letter,
    extract_text,
)
from requests_app.models import FOIRequest
from requests_app.models.choices import OutcomeChoices
from requests_app.web.forms.actions import ResponseForm, unreadable_message

OUTCOME_LABELS = dict(OutcomeChoices.choices)


class LetterNotRead(Exception):
    """The letter cannot be analysed: a form error for ``field``, with the values to keep."""

    def __init__(self, field: str, message: str, values: dict) -> None:
        super().__init__(message)
        self.field, self.message, self.values = field, message, values


def analyse_into_initial(
    request: HttpRequest, foi_request: FOIRequest, form
) -> tuple[list[dict], dict, str, list[dict]]:
    """(citation rows, response form values, a note for the user, question rows).

    Raises ``LetterNotRead`` for a letter over the length limit or a file that is too big or
    cannot be read: the page shows it as an error on the field, never a server error.

    A date the user typed wins over the letter's; the outcome and exemptions are what they
    asked the analyser for, so its suggestions replace theirs. Nothing is saved here.
    """
    prefix = form.prefix
    values = {
        "received_on": request.POST.get(f"{prefix}-received_on", ""),
        "outcome": request.POST.get(f"{prefix}-outcome", ""),
        "letter_text": request.POST.get(f"{prefix}-letter_text", ""),
        "reference": request.POST.get(f"{prefix}-reference", ""),
    }
    if len(values["letter_text"]) > MAX_LETTER_CHARS:
        raise LetterNotRead(
            "letter_text",
            f"The letter is {len(values['letter_text']):,} characters long; "
            f"the limit is {MAX_LETTER_CHARS:,}",
            values,
        )
    upload = request.FILES.get(f"{prefix}-attachment")
    if upload is not None and not values["letter_text"].strip():
        if upload.size is not None and upload.size > ResponseForm.MAX_UPLOAD:
            raise LetterNotRead("attachment", ResponseForm.TOO_BIG, values)
        try:
            values["letter_text"] = extract_text(upload.name or "", upload.read())
        except UnreadableDocument as error:
            raise LetterNotRead("attachment", unreadable_message(error), values) from None
        if not values["letter_text"].strip():
            note = "That file has no text layer (a scan?). Paste the text instead."
            return [], values, note, []
    if not values["letter_text"].strip():
        return [], values, "Paste the letter's text, or choose its file, then analyse it.", []

    analysis = analyse_letter(values["letter_text"], foi_request.regime)
    rows = [
        {
            "exemption": finding.code,
            "subsection": finding.subsection,
            "cited_as": finding.cited_as[:255],
            "public_interest_test": finding.public_interest_test,
            "ncnd": finding.ncnd,
        }
        for finding in analysis.exemptions
        if finding.code.startswith(f"{foi_request.regime}-")
    ]
    if analysis.outcome:
        values["outcome"] = analysis.outcome
    if not values["received_on"] and analysis.date:
        values["received_on"] = f"{analysis.date:%d/%m/%Y}"  # as the date boxes show dates
    if not values["reference"].strip() and analysis.reference:
        values["reference"] = analysis.reference[:100]
    questions = question_rows(values["letter_text"], analysis, foi_request.regime)
    outcome = OUTCOME_LABELS.get(analysis.outcome or "", "not found")
    found = f"{len(rows)} exemption{'' if len(rows) == 1 else 's'}"
    if questions:
        found += f", {len(questions)} numbered question{'' if len(questions) == 1 else 's'}"
    note = f"We read the letter and filled in the form (outcome: {outcome}; {found})."
    if analysis.reference:
        note += f" Their reference: {analysis.reference}."
    if upload is not None:
        # Browsers never pre-fill a file input: the text is kept, the file must be chosen again.
        note += " The text is in the form; choose the file again to keep a copy of it."
    return rows, values, note + " Check everything, then save.", questions


_LIST_MARK = re.compile(r"^[\s\-*•]+|[\s*]+$")


def question_rows(text: str, analysis: LetterAnalysis, regime: str) -> list[dict]:
    """One row per numbered question: its outcome, the exemptions cited for it (as words
    the form parses back), who holds what was not held, and the question's first line."""
    subsections = {f.code: f.subsection for f in analysis.exemptions}
    holders = {
        number: finding.held_by
        for finding in analysis.not_held
        if finding.held_by
        for number in finding.questions
    }
    rows = []
    for question in analysis.questions:
        if not question.status:
            continue
        first_line = text[question.span[0] : question.span[1]].strip().split("\n", 1)[0]
        rows.append(
            {
                "number": question.number,
                "question_text": _LIST_MARK.sub("", first_line)[:2000],
                "status": question.status,
                "exemptions": ", ".join(
                    _citation_words(code, subsections.get(code, ""))
                    for code in question.exemptions
                    if code.startswith(f"{regime}-")
                ),
                "held_by": holders.get(question.number, "")[:255],
            }
        )
    return rows


def _citation_words(code: str, subsection: str) -> str:
    entry = BY_CODE.get(code)
    section = subsection or (entry.section if entry else code.split("-", 1)[-1])
    return f"reg {section}" if regime_is_regulation(code) else f"s{section}"


def regime_is_regulation(code: str) -> bool:
    return code.startswith(("eir-", "eisr-"))
