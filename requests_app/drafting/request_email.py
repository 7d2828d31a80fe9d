"""The request itself and the chaser, as the emails the tracker sends to the authority.

The request names the provision that gives the right of access (FOIA s1(1), EIR reg 5(1),
FOISA s1(1), EISR reg 5(1)) and the time limit for the answer (FOIA s10(1), EIR reg 5(2),
FOISA s10(1), EISR reg 5(2)(a)). FOIA s8(1) and FOISA s8(1) ask a valid request to be in
writing (an email is: FOIA s8(2), FOISA s8(2)), to give the requester's name and an address
for correspondence, and to describe the information: the letter carries the name, and the
email's reply address is the address for correspondence. The regulations ask for no form.
"""

from __future__ import annotations

from requests_app.drafting.facts import LetterFacts, NotApplicable
from requests_app.drafting.phrasing import ACTS, long_date

RIGHT = {
    "foia": "section 1(1) of the Freedom of Information Act 2000",
    "eir": "regulation 5(1) of the Environmental Information Regulations 2004",
    "foisa": "section 1(1) of the Freedom of Information (Scotland) Act 2002",
    "eisr": "regulation 5(1) of the Environmental Information (Scotland) Regulations 2004",
}
TIME_LIMIT = {
    "foia": "section 10(1) of the Act",
    "eir": "regulation 5(2)",
    "foisa": "section 10(1) of the Act",
    "eisr": "regulation 5(2)(a)",
}
SUBJECT = {
    "foia": "Freedom of Information request",
    "eir": "Environmental Information request",
    "foisa": "Freedom of Information (Scotland) request",
    "eisr": "Environmental Information (Scotland) request",
}
# The duty to help a requester narrow or clarify a request.
ADVICE = {
    "foia": "section 16",
    "eir": "regulation 9",
    "foisa": "section 15",
    "eisr": "regulation 9",
}


def request_subject(regime: str, title: str) -> str:
    """ "Freedom of Information request: Prevent referrals 2015-2021"."""
    return f"{SUBJECT[regime]}: {title}"


def reply_subject(subject: str) -> str:
    """A follow-up's subject in the same thread: one "Re: ", never "Re: Re: "."""
    return subject if subject[:3].lower() == "re:" else f"Re: {subject}"


def draft_request(facts: LetterFacts) -> str:
    """The request email, as plain text. Raises ``NotApplicable`` when there is no question."""
    question = facts.request_text.strip()
    if not question:
        raise NotApplicable("the request has no question to send: add its text first")
    lines = [
        f"Dear {facts.authority},",
        "",
        f"I am writing to request information under {RIGHT[facts.regime]}.",
        "",
        question,
        "",
        "I would like to receive the information by email, in an electronic format such as a "
        "spreadsheet where it is held that way.",
        "",
        f"Under {TIME_LIMIT[facts.regime]} you must respond promptly and in any event no later "
        "than the twentieth working day after receiving this request. If you need me to "
        "clarify anything, or if the request would exceed a cost limit, please contact me "
        f"as soon as possible: {ADVICE[facts.regime]} requires you to advise and assist me.",
        "",
        "If you withhold any of the information, please release the rest, and tell me which "
        "provision you rely on for each part withheld and why.",
        "",
        "Please reply to this email address, which is my address for correspondence.",
        "",
        "Yours faithfully,",
        "",
        facts.requester or "[your name]",
    ]
    return "\n".join(lines) + "\n"


def draft_chaser(facts: LetterFacts) -> str:
    """The reminder to an authority whose response is overdue. Raises ``NotApplicable``
    unless the response is late and none has come."""
    if facts.response_on is not None:
        raise NotApplicable("the authority has responded")
    if facts.response_due is None or facts.today <= facts.response_due:
        raise NotApplicable("the authority's response is not overdue")
    reference = f" (your reference {facts.reference})" if facts.reference else ""
    lines = [
        f"Dear {facts.authority},",
        "",
        f"On {long_date(facts.sent_on)} I asked you for information under {ACTS[facts.regime]}"
        f"{reference}: “{facts.title}”. You received my request on "
        f"{long_date(facts.received_on)}.",
        "",
        f"Under {TIME_LIMIT[facts.regime]} your response was due by "
        f"{long_date(facts.response_due)}. I have not received it. Please send it now, or "
        "tell me when I will have it.",
        "",
        "If I do not hear from you, I will ask for a review of your failure to respond and "
        "then, if need be, complain to the regulator.",
        "",
        "Yours faithfully,",
        "",
        facts.requester or "[your name]",
    ]
    return "\n".join(lines) + "\n"
