"""The letter's particulars: the authority's reference, the date, the review window it states
and the regulator it names."""

from __future__ import annotations

import re
from datetime import date

from requests_app.letters.model import ReviewWindow, Span

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
# Welsh, for bilingual letters: "9 Hydref / October 2023".
_MONTHS.update(
    {
        name: number
        for number, name in enumerate(
            [
                "ionawr",
                "chwefror",
                "mawrth",
                "ebrill",
                "mai",
                "mehefin",
                "gorffennaf",
                "awst",
                "medi",
                "hydref",
                "tachwedd",
                "rhagfyr",
            ],
            start=1,
        )
    }
)
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATE_PATTERNS = [
    re.compile(
        r"\b"
        + _WEEKDAY
        + _DAY
        + r"\s+(?:of\s+)?"
        + _MONTH
        + r"(?:\s*/\s*[A-Za-z]{3,9})?,?\s+"
        + _YEAR
        + r"\b",
        re.I,
    ),
    re.compile(r"\b" + _WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"\b", re.I),
    # "14/09/2023", "12.01.2024", "27-02-2024" (one separator throughout)
    re.compile(r"\b(?P<day>[0-3]?\d)(?P<sep>[/.-])(?P<month>[01]?\d)(?P=sep)" + _YEAR + r"\b"),
    re.compile(r"\b" + _YEAR + r"-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
    # "20/6/23": a two-digit year, this century
    re.compile(
        r"\b(?P<day>[0-3]?\d)(?P<sep>[/.])(?P<month>[01]?\d)(?P=sep)(?P<year>\d\d)\b(?![/.-]?\d)"
    ),
]
_DATE_LABEL = re.compile(
    r"^[ \t]*(?:dyddiad\s*/\s*)?(?:date(?:d)?(?:\s+of\s+(?:letter|response))?)"
    r"(?:\s*/\s*dyddiad)?\s*[:\-]?[ \t]*$",
    re.I,
)
# Dates the letter quotes rather than is written on: "your request of 1 June 2022".
_QUOTED_DATE = re.compile(
    r"(?:request|e-?mail|letter|correspondence|received|dated|of|on|since|from|between|to|until"
    r"|and|beginning|ending|by)\s*(?:\w+\s+){0,2}$",
    re.I,
)


def _to_date(match: re.Match[str]) -> date | None:
    month_text = match.group("month").lower().rstrip(".")
    month = _MONTHS.get(month_text) or (int(month_text) if month_text.isdigit() else 0)
    try:
        year = int(match.group("year"))
        return date(year + 2000 if year < 100 else year, month, int(match.group("day")))
    except ValueError:
        return None


def _all_dates(text: str) -> list[tuple[date, Span]]:
    found: dict[int, tuple[date, Span]] = {}
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            parsed = _to_date(match)
            if parsed is not None and not any(
                s <= match.start() < e for _, (s, e) in found.values()
            ):
                found[match.start()] = (parsed, match.span())
    return [found[key] for key in sorted(found)]


def find_date(text: str) -> tuple[date | None, Span | None]:
    """The date the letter is written on.

    In order: a date labelled "Date:"; a date alone on its line (the letter heading); the first
    date that is not quoting another one ("your request of ...", "from 1 April 2015").
    """
    dates = _all_dates(text)
    for parsed, span in dates:
        line_start = text.rfind("\n", 0, span[0]) + 1
        if _DATE_LABEL.match(text[line_start : span[0]]):
            return parsed, span
    for parsed, span in dates:
        line_start = text.rfind("\n", 0, span[0]) + 1
        line_end = text.find("\n", span[1])
        line_end = len(text) if line_end == -1 else line_end
        if not text[line_start : span[0]].strip() and not text[span[1] : line_end].strip(" .,"):
            return parsed, span
    for parsed, span in dates:
        before = text[max(0, span[0] - 40) : span[0]]
        if not _QUOTED_DATE.search(before):
            return parsed, span
    return None, None


_REFERENCE_LABEL = re.compile(
    r"(?:\b(?P<own>our|my|your)\s+ref(?:erence)?\b\.?(?:\s+(?:no|number)\b\.?)?"
    # Welsh: "Cyf:", "Ein cyf:" (not "Eich cyf", your reference)
    r"|(?<!eich\s)\bcyf\b(?=\s*[:/])"
    r"|\b(?:foi(?:sa)?|eir|eisr|information\s+request|request|case|complaint|enquiry)"
    r"\s+(?:ref(?:erence)?|id|no|number)\b\.?(?:\s+(?:no|number)\b\.?)?"
    r"|\bref(?:erence)?\b\.?(?:\s+(?:no|number)\b\.?)?|\bre\b(?=\s*:)"
    r"|\b(?:foi(?:sa)?|eir|eisr)\s+request\b(?=\s*:))"
    # a bilingual label: "Our Ref / Ein Cyf: FOI22871"
    r"(?:[ ]*/[ ]*[A-Za-z][A-Za-z ]{0,15}?(?=[ ]*:))?"
    r"(?:\s+(?:is|was))?\s*[:#]?[ \t]*"
    # "NHSE:0417730": a colon inside the value, not after the label
    # "CQC IAT 2425 1187": letters and groups of digits separated by single spaces
    r"(?P<value>(?:[A-Z]{2,6}[ ](?=[A-Z]{2,6}[ /-]?\d|\d)){0,2}[A-Za-z0-9]"
    r"(?:[A-Za-z0-9/_.\-]|:(?=\w))*[A-Za-z0-9](?:[ ]\d{3,}(?:/\d{2,})?(?![\w/:-]))*)",
    re.IGNORECASE,
)


# Unlabelled, as in an email subject: "Subject: FOI EC-24-0098". A number alone after the
# word is printed with it: "FOI 6412", "FOI 2023-0912" are the references.
_REFERENCE_AFTER_REGIME = re.compile(
    r"\b(?P<prefix>(?:FOI|FOIA|EIR|FOISA|EISR)[ ]+)(?:request[ ]+)?(?:no\.?[ ]*)?"
    r"(?P<value>[A-Z]{0,6}[-/]?\d[A-Za-z0-9/_.\-]*[A-Za-z0-9]|\d)"
)
# A code in the heading, alone on its line or after "Request": "FOI/24/01173",
# "Information Request F-2023-01877", "EIR Request CES-2025-014". Letters and digits joined
# by "/" or "-", with a digit; not a date.
_CODE = (
    r"(?=[A-Za-z0-9/_-]*\d)(?![0-3]?\d[/-][01]?\d[/-]\d)"
    r"(?:[A-Z][A-Za-z0-9]*(?:[/_-][A-Za-z0-9]+)+|\d+(?:[/-][A-Za-z0-9]+)+[A-Za-z]*"
    # "FOIR8812": letters run into the number
    r"|(?-i:[A-Z]{2,8})\d{3,})"
)
_HEADING_CODE = re.compile(
    r"^[ ]*(?:[^\n]{0,60}?\brequest\b:?[ ]+|subject:[ ]*)?(?P<value>" + _CODE + r")[ ]*$",
    re.IGNORECASE | re.MULTILINE,
)
_HEADER_CHARS = 800


def find_reference(text: str) -> tuple[str | None, Span | None]:
    """The authority's reference for the request ("Our ref", "Request ID", "FOI reference");
    failing a label, an id after "FOI" in the letter's heading or subject line."""
    for match in _REFERENCE_LABEL.finditer(text):
        value = match.group("value")
        own = (match.group("own") or "").strip().lower()
        if own == "your" or not any(ch.isdigit() for ch in value):
            continue
        if re.fullmatch(r"(?:19|20)\d\d", value):  # "reference 2022" is a year, not an id
            continue
        return value, match.span("value")
    heading = _HEADING_CODE.search(text, 0, _HEADER_CHARS)
    after_regime = next(
        (
            m
            for m in _REFERENCE_AFTER_REGIME.finditer(text, 0, _HEADER_CHARS)
            if not re.fullmatch(r"(?:19|20)\d\d", m.group("value"))
        ),
        None,
    )
    if after_regime and (heading is None or after_regime.start() < heading.start()):
        value = after_regime.group("value")
        start = after_regime.start("prefix") if value[0].isdigit() else after_regime.start("value")
        return text[start : after_regime.end("value")], (start, after_regime.end("value"))
    if heading:
        return heading.group("value"), heading.span("value")
    return None, None


_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "six": 6,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "sixty": 60,
}
_WINDOW = re.compile(
    r"(?:within|no\s+later\s+than|not\s+later\s+than|up\s+to|period\s+of|time\s+limit\s+of|after)"
    r"\s+(?:a\s+(?:period|maximum)\s+of\s+)?(?:the\s+)?(?:next\s+)?(?:(?P<digits>\d{1,3})|(?P<word>"
    + "|".join(_NUMBER_WORDS)
    + r"))(?:\s*\(\s*\w+\s*\))?\s*"
    r"(?P<unit>working\s+days|calendar\s+days|days|weeks|calendar\s+months|months)\b",
    re.IGNORECASE,
)
_REVIEW_CONTEXT = re.compile(
    r"\breview\w*|\breconsider|\brepresentations\b|\bappeal\b|\bunhappy\b|\bdissatisfied\b", re.I
)
# "we will respond to your review within 20 working days" is the authority's own deadline,
# "apply to the Commissioner within six months" the regulator's.
_AUTHORITY_CLOCK = re.compile(
    r"\b(?:we\s+will|we'll|we\s+aim|we\s+shall|respond|reply|be\s+completed|carried\s+out"
    r"|response\s+to\s+your\s+review|Commissioner|ICO|SIC|Ombudsman|Tribunal)\b",
    re.IGNORECASE,
)
_SENTENCE_BREAK = re.compile(r"[.!?]\s+(?=[A-Z(])|\n[ ]*\n")
_CLAUSE_BREAK = re.compile(r"[,;:]")


_UNITS = {
    "working days": "working_days",
    "calendar days": "calendar_days",
    "days": "days",
    "weeks": "weeks",
    "calendar months": "months",
    "months": "months",
}


def _sentences(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for brk in _SENTENCE_BREAK.finditer(text):
        bounds.append((start, brk.start() + 1))
        start = brk.end()
    bounds.append((start, len(text)))
    return bounds


def find_review_window(text: str) -> tuple[ReviewWindow | None, Span | None]:
    """The time the letter gives for asking for a review ("within 40 working days").

    The sentence, or the one before it, must speak of a review; a window in a clause about
    the authority's own reply or about the regulator is not the one.
    """
    sentences = _sentences(text)
    for match in _WINDOW.finditer(text):
        index = next(
            i
            for i, (s, e) in enumerate(sentences)
            if s <= match.start() < e or i == len(sentences) - 1
        )
        start, end = sentences[index]
        context = text[sentences[index - 1][0] if index else start : end]
        if not _REVIEW_CONTEXT.search(context):
            continue
        clause_start = max(
            [start] + [m.end() for m in _CLAUSE_BREAK.finditer(text, start, match.start())]
        )
        if _AUTHORITY_CLOCK.search(text, clause_start, match.start()):
            continue
        amount = (
            int(match.group("digits"))
            if match.group("digits")
            else _NUMBER_WORDS[match.group("word").lower()]
        )
        unit = _UNITS[" ".join(match.group("unit").lower().split())]
        return ReviewWindow(amount, unit, " ".join(match.group(0).split())), match.span()
    return None, None


_SIC = re.compile(
    r"Scottish\s+[Il1]nformation\s+Commissioner|\bSIC\b|Kinburn\s+Castle|itspublicknowledge",
    re.IGNORECASE,
)
_ICO = re.compile(
    r"[Il1]nformation\s+Commissioner(?:'s\s+Office)?|\bICO\b|Wycliffe\s+House|ico\.org\.uk",
    re.IGNORECASE,
)


def find_regulator(text: str) -> tuple[str | None, Span | None]:
    scottish = _SIC.search(text)
    if scottish:
        return "sic", scottish.span()
    english = _ICO.search(text)
    if english:
        return "ico", english.span()
    return None, None
