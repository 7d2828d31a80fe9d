"""Is a reply only an acknowledgement? Pure Python: no Django import.

An acknowledgement ("we received your request on ..., we will respond by ...") is recorded
without asking the requester (issue 14). Only a short reply that says so, and in which the
analyser found no outcome and no exemption, counts: anything that might be a substantive
answer is left as a proposal for the requester to confirm.
"""

from __future__ import annotations

import re
from typing import Any

# Longer letters carry an answer or a refusal more often than not: leave them to the user.
MAX_ACKNOWLEDGEMENT_CHARS = 3000

_SAYS_RECEIVED = re.compile(
    r"\b(acknowledge\s+(the\s+)?receipt|"
    r"(we|I)\s+(have\s+)?received\s+your\s+(request|email|enquiry)|"
    r"your\s+(request|email|enquiry)\s+(was|has\s+been|is\s+being)\s+"
    r"(received|logged|registered|passed)|"
    r"thank\s+you\s+for\s+your\s+(freedom\s+of\s+information\s+|foi\s+|eir\s+)?"
    r"(request|email|enquiry))",
    re.IGNORECASE,
)
_PROMISES_REPLY = re.compile(
    r"\b(will\s+(respond|reply|receive\s+a\s+response|be\s+in\s+touch|aim\s+to\s+respond)|"
    r"aim\s+to\s+(respond|reply)|"
    r"(should|can)\s+expect\s+(a\s+)?(response|reply)|"
    r"(respond|response|reply)\s+(to\s+you\s+)?(by|within|no\s+later\s+than)\b|"
    r"20\s+working\s+days)",
    re.IGNORECASE,
)


def is_acknowledgement(text: str, analysis: dict[str, Any] | None) -> bool:
    """True when ``text`` (the reply's own words) only acknowledges the request."""
    if len(text) > MAX_ACKNOWLEDGEMENT_CHARS:
        return False
    if analysis is not None and (
        analysis.get("outcome") or analysis.get("exemptions") or analysis.get("not_held")
    ):
        return False
    return bool(_SAYS_RECEIVED.search(text) and _PROMISES_REPLY.search(text))
