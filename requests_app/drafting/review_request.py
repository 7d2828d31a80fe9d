"""The internal review request: to the authority, about its refusal or its silence."""

from __future__ import annotations

from requests_app.drafting.facts import LetterFacts, NotApplicable
from requests_app.drafting.grounds import grounds_for
from requests_app.drafting.phrasing import ACTS, bullet, cited_provision, long_date

OUTCOME_WORDS = {
    "refused": "refused my request",
    "partial": "released only part of the information I asked for",
    "not_held": "said you do not hold the information",
    "ncnd": "would neither confirm nor deny holding the information",
}
# What the law calls the review and what sets its time limit.
REVIEW_NAME = {
    "foia": "an internal review",
    "eir": "an internal review (a reconsideration under regulation 11)",
    "foisa": "a review (a requirement for review under section 20)",
    "eisr": "a review (under regulation 16)",
}
DECISION_RULE = {
    "foia": "The Code of Practice issued under section 45 of the Act (2018, Part 5) says an "
    "internal review should be completed within 20 working days of receipt, and in no case "
    "in more than 40",
    "eir": "Regulation 11(4) requires you to notify me of your decision within 40 working days "
    "of receiving these representations",
    "foisa": "Section 21(1) of the Act requires you to comply with this requirement for review "
    "within 20 working days of receiving it",
    "eisr": "Regulation 16(4) requires you to notify me of your decision within 20 working "
    "days of receiving these representations",
}


def draft_review_request(facts: LetterFacts) -> str:
    """The letter, as plain text. Raises ``NotApplicable`` when there is nothing to review:
    no response yet while the response is not overdue, or a response granting everything."""
    if facts.response_on is None:
        if facts.response_due is None or facts.today <= facts.response_due:
            raise NotApplicable("the authority has not responded and its response is not late")
    elif facts.outcome not in OUTCOME_WORDS:
        raise NotApplicable("the authority granted the request in full")

    act = ACTS[facts.regime]
    subject = _subject(facts)
    lines = [
        facts.authority,
        "",
        long_date(facts.today),
        "",
    ]
    if facts.reference:
        lines += [f"Your reference: {facts.reference}", ""]
    lines += [
        f"Request for {REVIEW_NAME[facts.regime]}: {facts.title}",
        "",
        f"Dear {facts.authority},",
        "",
    ]
    received = long_date(facts.received_on)
    if facts.response_on is None:
        assert facts.response_due is not None  # checked above: it has passed
        lines += [
            f"On {long_date(facts.sent_on)} I asked you for information under {act} "
            f"(you received my request on {received}). The law required your response by "
            f"{long_date(facts.response_due)} and I have had none. Please treat this letter "
            f"as a request for {REVIEW_NAME[facts.regime]} of your failure to respond, and "
            "send me the information I asked for.",
            "",
        ]
    else:
        reference = f" (your reference {facts.reference})" if facts.reference else ""
        lines += [
            f"I am writing to ask for {REVIEW_NAME[facts.regime]} of your response of "
            f"{long_date(facts.response_on)}{reference} to my request for information under "
            f"{act}, which you received on {received}. You "
            f"{OUTCOME_WORDS[facts.outcome]}.",
            "",
        ]
        lines += _what_was_decided(facts)
        grounds = _grounds(facts, subject)
        if grounds:
            lines += ["My grounds for this review are as follows.", ""]
            lines += grounds
        lines += [
            "Where any exemption does apply, please release whatever information it does "
            "not cover, with the exempt parts removed, rather than withholding everything.",
            "",
        ]
    if facts.review_decision_due is not None:
        lines += [
            f"{DECISION_RULE[facts.regime]}. I therefore expect your decision by "
            f"{long_date(facts.review_decision_due)}.",
            "",
        ]
    lines += ["Yours faithfully,", "", facts.requester or "[your name]"]
    return "\n".join(lines) + "\n"


def _subject(facts: LetterFacts) -> str:
    return f"“{facts.title}”"


def _what_was_decided(facts: LetterFacts) -> list[str]:
    lines: list[str] = []
    if facts.citations:
        lines += ["You cited:"]
        for citation in facts.citations:
            detail = ""
            if citation.public_interest_test:
                detail = ", after a public interest test"
            if citation.ncnd:
                detail += ", neither confirming nor denying that the information is held"
            lines.append(
                bullet(cited_provision(facts.regime, citation.code, citation.subsection) + detail)
            )
        lines.append("")
    by_status: dict[str, list[int]] = {}
    for question in facts.questions:
        by_status.setdefault(question.status, []).append(question.number)
    refused = by_status.get("refused", []) + by_status.get("ncnd", [])
    if refused:
        lines += [f"This concerns {_questions(refused)} of my request.", ""]
    for question in facts.questions:
        if question.status == "not_held" and question.held_by:
            lines += [
                f"For question {question.number} you said the information is held by "
                f"{question.held_by}; I am not asking you to review that answer.",
                "",
            ]
    return lines


def _questions(numbers: list[int]) -> str:
    numbers = sorted(numbers)
    if len(numbers) == 1:
        return f"question {numbers[0]}"
    return f"questions {', '.join(map(str, numbers[:-1]))} and {numbers[-1]}"


def _grounds(facts: LetterFacts, subject: str) -> list[str]:
    lines: list[str] = []
    seen: set[str] = set()
    for citation in facts.citations:
        if citation.code in seen:
            continue
        seen.add(citation.code)
        heading = cited_provision(facts.regime, citation.code, citation.subsection)
        lines += [heading[0].upper() + heading[1:], ""]
        for paragraph in grounds_for(facts.regime, citation, subject, facts.response_letter):
            lines += [paragraph, ""]
    if facts.outcome == "not_held" and not facts.citations:
        lines += [
            "You said you do not hold the information. Please tell me which searches you "
            "made, of which records and systems, and whether the information was held in the "
            "past.",
            "",
        ]
    return lines
