"""Names of the laws and their provisions as a letter writes them."""

from __future__ import annotations

import datetime

from requests_app.law.exemptions import BY_CODE, CatalogueEntry

ACTS = {
    "foia": "the Freedom of Information Act 2000",
    "eir": "the Environmental Information Regulations 2004",
    "foisa": "the Freedom of Information (Scotland) Act 2002",
    "eisr": "the Environmental Information (Scotland) Regulations 2004",
}
SHORT = {"foia": "FOIA", "eir": "the EIR", "foisa": "FOISA", "eisr": "the EISR"}
REGULATIONS = frozenset({"eir", "eisr"})


def long_date(day: datetime.date) -> str:
    """ "13 July 2022", as letters write dates."""
    return f"{day.day} {day:%B %Y}"


def provision(regime: str, number: str) -> str:
    """ "section 24(1)" or "regulation 12(5)(e)"."""
    return f"{'regulation' if regime in REGULATIONS else 'section'} {number}"


def entry(code: str) -> CatalogueEntry | None:
    return BY_CODE.get(code)


def cited_provision(regime: str, code: str, subsection: str) -> str:
    """ "section 24(1) (National security)" from the catalogue and the subsection cited."""
    found = entry(code)
    number = subsection or (found.section if found else code.split("-", 1)[-1])
    title = f" ({found.title})" if found else ""
    return f"{provision(regime, number)}{title}"


def bullet(text: str) -> str:
    return f"- {text}"
