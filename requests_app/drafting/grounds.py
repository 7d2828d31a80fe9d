"""The grounds a requester commonly raises against each kind of refusal, with the provisions
of the request's law. Each citation gets the grounds of its kind:

- a qualified exemption after a public interest test: the balance was struck wrongly;
- a qualified exemption with no test recorded: the test the law requires was not carried out;
- neither confirm nor deny: confirming or denying alone would cause no harm;
- the cost limit (or, under the EIR, "manifestly unreasonable"): a breakdown of the estimate,
  and the advice and assistance the law requires to bring the request within the limit;
- vexatious: the request's serious purpose and value;
- not held: the searches made;
- an absolute exemption: whether all of the information falls within it.
"""

from __future__ import annotations

from requests_app.drafting.facts import CitedExemption
from requests_app.drafting.phrasing import cited_provision, entry

COST = frozenset({"foia-s12", "foisa-s12", "eir-r12-4-b", "eisr-r10-4-b"})
VEXATIOUS = frozenset({"foia-s14", "foisa-s14"})
NOT_HELD = frozenset({"eir-r12-4-a", "eisr-r10-4-a", "foisa-s17"})

PUBLIC_INTEREST = {
    "foia": "section 2(2)(b)",
    "eir": "regulation 12(1)(b), with the presumption in favour of disclosure of regulation 12(2)",
    "foisa": "section 2(1)(b)",
    "eisr": "regulation 10(1)(b), with the presumption in favour of disclosure of regulation 10(2)",
}
REASONS_REQUIRED = {
    "foia": "section 17(3)",
    "eir": "regulation 14(3)(b)",
    "foisa": "section 16(2)",
    "eisr": "regulation 13(b)",
}
ADVICE = {
    "foia": "section 16",
    "eir": "regulation 9",
    "foisa": "section 15",
    "eisr": "regulation 9",
}
NCND = {
    "foia": "section 2(1)(b)",
    "eir": "regulation 12(6)",
    "foisa": "section 18",
    "eisr": "regulation 10(8)",
}
# Words of a refusal that show advice on narrowing the request was offered.
ADVICE_WORDS = ("advice and assistance", "refine", "narrow", "reduce the scope", "within the limit")


def kind_of(citation: CitedExemption) -> str:
    """cost, vexatious, not_held, ncnd, public_interest, no_test or absolute."""
    if citation.code in COST:
        return "cost"
    if citation.code in VEXATIOUS:
        return "vexatious"
    if citation.code in NOT_HELD:
        return "not_held"
    if citation.ncnd:
        return "ncnd"
    found = entry(citation.code)
    if found is not None and not found.absolute:
        return "public_interest" if citation.public_interest_test else "no_test"
    return "absolute"


def grounds_for(
    regime: str, citation: CitedExemption, subject: str, response_letter: str = ""
) -> list[str]:
    """The paragraphs arguing against one citation; ``subject`` is what was asked about."""
    name = cited_provision(regime, citation.code, citation.subsection)
    kind = kind_of(citation)
    if kind == "public_interest":
        return [
            f"You applied {name} after a public interest test. It is a qualified exemption: "
            "the information may be withheld only if, in all the circumstances, the public "
            "interest in maintaining the exemption outweighs the public interest in "
            f"disclosure ({PUBLIC_INTEREST[regime]}). I do not accept that it does.",
            "The arguments against disclosure are general ones that could be made about any "
            f"information on {subject}; they do not show how releasing this information, "
            "now, would cause the harm described. Figures at the level of aggregation I asked "
            "for reveal nothing about any individual or operation, and the same kind of "
            "figures have been published elsewhere without that harm.",
            "On the other side, there is a strong public interest in transparency and "
            f"accountability about {subject}, in informed public debate, and in public "
            "confidence that the work is done properly. Please weigh those interests again, "
            "and set out the balance you strike.",
        ]
    if kind == "no_test":
        return [
            f"You applied {name}, a qualified exemption, but your response records no public "
            "interest test. The information may be withheld only if the public interest in "
            "maintaining the exemption outweighs the public interest in disclosure "
            f"({PUBLIC_INTEREST[regime]}), and a refusal must give the reasons for that "
            f"conclusion ({REASONS_REQUIRED[regime]}). "
            "Please carry out the test and tell me the factors you weighed on each side.",
        ]
    if kind == "ncnd":
        return [
            f"You neither confirmed nor denied holding the information, relying on {name}. "
            "Please explain how saying whether the information is held, in itself, would "
            "cause the harm the exemption protects against; I asked a general question whose "
            "answer either way reveals nothing of that kind. Where the exclusion is subject "
            f"to the public interest ({NCND[regime]}), please set out how you weighed it.",
        ]
    if kind == "cost":
        advised = any(words in response_letter.lower() for words in ADVICE_WORDS)
        paragraphs = [
            f"You refused the request under {name} on the grounds of cost. Please give me a "
            "breakdown of your estimate: which records would have to be searched, how many, "
            "and how long each activity would take. An estimate must be reasonable and based "
            "on how the information is actually held."
        ]
        if not advised:
            paragraphs.append(
                "Your response did not offer advice and assistance to bring the request within "
                f"the limit, as {ADVICE[regime]} requires. Please tell me what information you "
                "could provide within the limit (for example fewer years, or only the figures "
                "already held centrally), so that I can refine my request."
            )
        return paragraphs
    if kind == "vexatious":
        return [
            f"You refused the request as vexatious under {name}. It has a serious purpose and "
            f"value: it seeks information about {subject} that is in the public interest, and "
            "it places no disproportionate burden on you. Please reconsider, looking at the "
            "request itself rather than at the requester.",
        ]
    if kind == "not_held":
        return [
            f"You said you do not hold the information ({name}). Please tell me which "
            "searches you made, of which records and systems, and with which search terms, "
            "and whether the information was held in the past and, if so, what happened to "
            "it.",
        ]
    return [
        f"You applied {name}. Please explain how each part of the information I asked for "
        "falls within it, and consider whether any of it can be released, for example with "
        "the exempt details removed or as totals that identify no one.",
    ]


def complaint_point(
    regime: str, citation: CitedExemption, subject: str, response_letter: str = ""
) -> str:
    """One citation in a complaint to the regulator: what the authority did, and why the
    requester disagrees (in the third person; the regulator decides, not the authority)."""
    name = cited_provision(regime, citation.code, citation.subsection)
    kind = kind_of(citation)
    if kind == "public_interest":
        return (
            f"The authority relied on {name}, a qualified exemption, and concluded that the "
            "public interest favours withholding the information. I believe the public "
            f"interest in transparency and accountability about {subject} outweighs it, and "
            "that the harm it describes is general and not shown to follow from this "
            "disclosure."
        )
    if kind == "no_test":
        return (
            f"The authority relied on {name}, a qualified exemption, without carrying out the "
            f"public interest test required by {PUBLIC_INTEREST[regime]}, or giving reasons "
            f"for it ({REASONS_REQUIRED[regime]})."
        )
    if kind == "ncnd":
        return (
            f"The authority would neither confirm nor deny holding the information under "
            f"{name}. Confirming or denying would not in itself cause the harm the exemption "
            "protects against."
        )
    if kind == "cost":
        advised = any(words in response_letter.lower() for words in ADVICE_WORDS)
        missing = (
            ""
            if advised
            else f", and it gave no advice and assistance to bring the request within the "
            f"limit ({ADVICE[regime]})"
        )
        return (
            f"The authority refused the request on cost under {name}. I do not accept that "
            f"its estimate is reasonable{missing}."
        )
    if kind == "vexatious":
        return (
            f"The authority refused the request as vexatious under {name}. The request has a "
            "serious purpose and value, and places no disproportionate burden on it."
        )
    if kind == "not_held":
        return (
            f"The authority said it does not hold the information ({name}). I do not believe "
            "it made adequate searches."
        )
    return (
        f"The authority relied on {name}. I do not accept that all of the information falls "
        "within it, or that none of it could be released with the exempt parts removed."
    )
