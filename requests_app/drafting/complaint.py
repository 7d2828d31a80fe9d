"""The complaint to the regulator (ICO) or application to the Scottish Information
Commissioner, once the internal review was decided or left unanswered past its due date."""

from __future__ import annotations

import datetime

from requests_app.drafting.facts import LetterFacts, NotApplicable
from requests_app.drafting.grounds import complaint_point
from requests_app.drafting.phrasing import ACTS, bullet, cited_provision, long_date

ADDRESSES = {
    "ico": [
        "Information Commissioner's Office",
        "Wycliffe House",
        "Water Lane",
        "Wilmslow",
        "Cheshire",
        "SK9 5AF",
    ],
    "sic": [
        "Scottish Information Commissioner",
        "Kinburn Castle",
        "Doubledykes Road",
        "St Andrews",
        "Fife",
        "KY16 9DS",
    ],
}
REGULATOR = {"foia": "ico", "eir": "ico", "foisa": "sic", "eisr": "sic"}
# The provision giving the right to ask the regulator for a decision.
RIGHT = {
    "foia": "section 50 of the Freedom of Information Act 2000",
    "eir": "section 50 of the Freedom of Information Act 2000, as applied by regulation 18 "
    "of the Environmental Information Regulations 2004",
    "foisa": "section 47(1) of the Freedom of Information (Scotland) Act 2002",
    "eisr": "section 47(1) of the Freedom of Information (Scotland) Act 2002, as applied by "
    "regulation 17 of the Environmental Information (Scotland) Regulations 2004",
}
OUTCOMES = {
    "granted": "granted it",
    "partial": "released part of the information",
    "refused": "refused it",
    "not_held": "said it does not hold the information",
    "ncnd": "would neither confirm nor deny holding the information",
}
REVIEW_OUTCOMES = {
    "upheld": "upheld the original decision",
    "partially_overturned": "partly overturned the original decision",
    "overturned": "overturned the original decision",
}


def draft_complaint(facts: LetterFacts) -> str:
    """The letter, as plain text. Raises ``NotApplicable`` unless an internal review was
    decided, or its decision is overdue."""
    review = facts.review
    if review is None:
        raise NotApplicable("ask the authority for an internal review first")
    unanswered = review.decided_on is None
    if unanswered and (review.due is None or facts.today <= review.due):
        raise NotApplicable("the internal review is not decided and not yet overdue")

    regulator = REGULATOR[facts.regime]
    scottish = regulator == "sic"
    lines = [*ADDRESSES[regulator], "", long_date(facts.today), ""]
    heading = "Application for a decision" if scottish else "Complaint"
    lines += [
        f"{heading}: {facts.authority}, “{facts.title}”"
        + (f" (their reference {facts.reference})" if facts.reference else ""),
        "",
        "Dear Commissioner,",
        "",
        f"Under {RIGHT[facts.regime]}, I ask you to decide whether {facts.authority} dealt "
        f"with my request for information in accordance with {ACTS[facts.regime]}.",
        "",
        "What happened",
        "",
    ]
    lines += [bullet(f"{long_date(day)}: {text}") for day, text in timeline(facts)]
    lines += ["", "Why I am dissatisfied", ""]
    lines += _complaint_points(facts)
    lines += [
        "I ask you to decide that the authority did not deal with my request in accordance "
        "with the law, and to require it to disclose the information I asked for.",
        "",
    ]
    if facts.complaint_deadline is not None:
        limit = (
            "within six months (section 47(4) of the Act)"
            if scottish
            else "within six weeks of the review outcome, as the Commissioner asks"
        )
        lines += [
            f"I am writing {limit}: the last day is {long_date(facts.complaint_deadline)}.",
            "",
        ]
    lines += [
        "I can send you copies of my request, the authority's response, my request for a "
        "review and any reply to it.",
        "",
        "Yours faithfully,",
        "",
        facts.requester or "[your name]",
    ]
    return "\n".join(lines) + "\n"


def timeline(facts: LetterFacts) -> list[tuple[datetime.date, str]]:
    """The request's story, oldest first, as the regulator will want to read it."""
    events: list[tuple[datetime.date, str]] = [(facts.sent_on, "I sent my request.")]
    if facts.received_on != facts.sent_on:
        events.append((facts.received_on, "The authority received it."))
    if facts.response_due is not None and (
        facts.response_on is None or facts.response_on > facts.response_due
    ):
        events.append((facts.response_due, "The authority's response was due."))
    if facts.response_on is not None:
        cited = "; ".join(
            cited_provision(facts.regime, c.code, c.subsection)
            + (" after a public interest test" if c.public_interest_test else "")
            for c in facts.citations
        )
        text = f"The authority responded and {OUTCOMES.get(facts.outcome, 'replied')}"
        if facts.reference:
            text += f" (reference {facts.reference})"
        text += f", citing {cited}." if cited else "."
        events.append((facts.response_on, text))
    review = facts.review
    if review is not None:
        events.append((review.requested_on, "I asked for an internal review."))
        if review.decided_on is not None:
            outcome = REVIEW_OUTCOMES.get(review.outcome, "decided")
            events.append((review.decided_on, f"The review {outcome}."))
        elif review.due is not None:
            events.append((review.due, "The review decision was due. None has come."))
    return sorted(events, key=lambda event: event[0])


def _complaint_points(facts: LetterFacts) -> list[str]:
    lines: list[str] = []
    review = facts.review
    if review is not None and review.decided_on is None and review.due is not None:
        lines += [
            f"The authority has not decided my request for a review, which was due by "
            f"{long_date(review.due)} ({review.due_basis or 'the law'}).",
            "",
        ]
    if facts.response_on is None and facts.response_due is not None:
        lines += [
            f"The authority never responded to my request, due by {long_date(facts.response_due)}.",
            "",
        ]
    elif (
        facts.response_on is not None
        and facts.response_due is not None
        and facts.response_on > facts.response_due
    ):
        lines += [
            f"The authority responded late: on {long_date(facts.response_on)}, when the law "
            f"required a response by {long_date(facts.response_due)}.",
            "",
        ]
    seen: set[str] = set()
    for citation in facts.citations:
        if citation.code in seen:
            continue
        seen.add(citation.code)
        point = complaint_point(facts.regime, citation, f"“{facts.title}”", facts.response_letter)
        lines += [point, ""]
    return lines
