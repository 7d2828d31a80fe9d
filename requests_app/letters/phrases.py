"""The phrases that say what a letter decided: not held, withheld, neither confirm nor deny,
disclosed, and a public interest test carried out.

Each finder yields ``(start, end)`` spans over normalised text. A phrase negated within its
own clause ("no information has been withheld", "if we do not hold") is not counted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from requests_app.letters.model import Span

_I = re.IGNORECASE | re.MULTILINE

NOT_HELD = re.compile(
    r"\b(?:do|does|did)\s+not\s+(?:currently\s+|actually\s+)?hold\b"
    r"|\b(?:don't|doesn't|didn't)\s+hold\b"
    r"|\b(?:is|are|was|were)\s+not\s+held\b|\bnot\s+held\s+by\s+(?:us|the\s+council)"
    r"|\binformation\s+(?:is\s+)?not\s+held\b"
    r"|\bholds?\s+no\s+(?:recorded\s+|relevant\s+|such\s+)?(?:information|data|records?)\b"
    # "no footage or stills of that incident are held" (not "no information has been held back")
    r"|\bno\s+(?:[\w'-]+\s+){0,8}?"
    r"(?:is|are|was|were|has\s+been|have\s+been)\s+(?:held|recorded|kept|found|located)\b"
    r"(?!\s+back)|\bno\s+longer\s+(?:holds?|held|has|retains?|keeps?)\b"
    # "has found no minutes of any such meeting", "no footage of that collision exists"
    r"|\b(?:found|located|identified|traced)\s+no\s+(?:\w+\s+)?(?:information|records?|minutes"
    r"|documents?|data|footage|files?|correspondence|emails?|reports?|notes?)\b"
    r"|\bno\s+(?:[\w'-]+\s+){0,6}?(?:exists?|existed)\b"
    r"|\bthere\s+is\s+no\s+(?:recorded\s+)?information\b"
    r"|\b(?:unable\s+to|could\s+not|cannot|can\s+not|did\s+not|have\s+not\s+been\s+able\s+to)\s+"
    r"(?:locate|find|identify|trace)\s+any\s+(?:recorded\s+|relevant\s+)?(?:information|records?"
    r"|data|documents?|correspondence|emails?)\b"
    r"|\b(?:we|I|the\s+\w+)\s+(?:have|has|hold|holds|keep|keeps)\s+no\s+(?:recorded\s+|relevant\s+)?"
    r"(?:information|data|records?|details|documents?|correspondence|emails?)\b"
    r"|\b(?:do|does)\s+not\s+(?:record|collect|keep|retain|have)\s+(?:this|that|these|the|any|such)"
    r"\s+(?:information|data|records?|details|figures)\b"
    r"|\b(?:is|are)\s+not\s+(?:recorded|collected|kept)\b",
    _I,
)
NCND = re.compile(
    r"\bneither\s+confirm(?:s|ing)?\s+n[oe]r\s+den(?:y|ies|ying)\b|\bNCND\b"
    r"|\b(?:cannot|can\s+not|can't|will\s+not|won't|unable\s+to)\s+(?:either\s+)?confirm\s+or\s+deny\b"
    r"|\bnot\s+(?:required|obliged)\s+to\s+(?:either\s+)?confirm\s+or\s+deny\b"
    r"|\bexempt(?:s|ed|ion)?\s+(?:\w+\s+){0,3}?from\s+the\s+duty\s+to\s+confirm\s+or\s+deny\b"
    r"|\bregulations?\s+12\s?\(\s?6\s?\)|\bregulations?\s+10\s?\(\s?8\s?\)",
    _I,
)
# FOISA s18(1): the Scottish NCND provision (in England, s18 is about the Commissioner).
NCND_FOISA = re.compile(r"\bsection\s+18\s?\(\s?1\s?\)", _I)
ALL_OF_THEM = re.compile(
    r"\b(?:both|all|each\s+of\s+the|these|the\s+above|those|the)\s+(?:\w+\s+)?"
    r"(?:exemptions|exceptions)\b",
    _I,
)
WITHHELD = re.compile(
    # "is exempt (from disclosure) under ...", not "exempt from the Transparency Code"
    r"\b(?:is|are|be|been|being|was|were|remains?)\s+(?:\w+\s+)?exempt\b"
    r"(?=\s*(?:[.,;:)]|$|from\s+(?:disclosure|release|publication\s+under)|under\b|by\s+virtue"
    r"|in\s+(?:full|part)|as\b|because\b|and\b|on\s+the\s+grounds|pursuant))"
    r"|\bwithh(?:e|o)ld(?:ing)?\b|\bredact(?:ed|ions?|ing)?\b"
    r"|\brefus(?:e|ed|ing)\s+(?:your|this|the|that|to\s+(?:disclose|provide|release|supply|comply))"
    r"|\b(?:we|I)\s+(?:\w+\s+){0,2}?refus|\brefusal\s+(?:of\s+your\s+request|notice)\b"
    # "will not be released", "cannot disclose" (not "can be released in full")
    r"|\b(?:(?:will|can)\s+not|won't|can't|(?:are|is|am)\s+unable\s+to|cannot)\s+(?:be\s+)?"
    r"(?:disclos|releas)"
    r"\w*\b|\bnot\s+(?:be\s+)?(?:disclosed|released|provided)\b"
    r"|\b(?:exceed|exceeds|exceeding|exceeded)\s+the\s+(?:appropriate|cost)\s+limit\b"
    # "is repeated" as in section 14(2), not "your request is repeated at the foot"
    r"|\b(?:is|as|be|been)\s+(?:a\s+)?(?:vexatious|repeated)\b(?!\s+(?:at|below|above|in|here|for"
    r"|from|under|beneath|overleaf))|\bmanifestly\s+unreasonable\b",
    _I,
)
# A clause may wrap onto the next line ("We have not\nredacted or withheld anything").
_CLAUSE_REST = r"(?:[^.;:\n]|\n(?![ ]*\n))*$"
_WITHHELD_NEGATION = re.compile(
    r"\b(?:no|not|nothing|none|without|neither|nor)\b" + _CLAUSE_REST + r"|n't\b" + _CLAUSE_REST,
    re.IGNORECASE,
)
# "We have not disclosed the names ..., but these were not within the scope of your request".
_OUT_OF_SCOPE = re.compile(
    r"\b(?:not|outside|beyond)\s+(?:\w+\s+){0,2}?(?:within\s+|in\s+)?(?:the\s+)?scope\b", re.I
)
# What is enclosed that is not the information: "our Appeals Procedure", "a copy of our
# decision", "the complaints leaflet".
_NOT_INFORMATION = (
    r"(?:(?:response|letter|reply|decision|refusal|notice|complaints|leaflet|guidance|rights"
    r"|form)\b|(?:[\w'-]+\s+)?(?:procedure|leaflet|rights)\b)"
)
DISCLOSED = re.compile(
    r"\bplease\s+find\s+(?:attached|enclosed|below|overleaf)?\s*(?:a\s+|the\s+|our\s+|copies\s+of\s+)?"
    r"(?:requested\s+)?(?:information|data|figures|spreadsheet|documents?|copy|copies|table"
    r"|breakdown|list|details|answers?|responses\s+to\s+(?:your|each)|redacted|numbers?|totals?"
    r"|results|summary)\b"
    r"|\b(?:the|a|an)\s+(?:attached|enclosed)\s+(?!(?:response|letter|reply|decision|refusal|notice"
    r"|complaints|leaflet|guidance)\b)(?:[\w-]+\s+){0,2}?(?:copy|copies|documents?|spreadsheet|table"
    r"|file|list|report|data|information|policy|minutes|plan|breakdown|pages?|records?|emails?"
    r"|schedule|map|maps|letters?|photographs?|contract)\b"
    r"|\bplease\s+(?:find|see)\s+(?:the\s+)?(?:attached|enclosed)\b(?!\s+(?:a\s+copy\s+of\s+)?"
    r"(?:our|my|the\s+council's|a|the)\s+" + _NOT_INFORMATION + ")"
    r"|\b(?:I|we)\s+(?:have\s+)?(?:attach|attached|enclose|enclosed)\b(?!\s+(?:a\s+copy\s+of\s+)?"
    r"(?:our|my|a|the)\s+" + _NOT_INFORMATION + ")"
    # The authority as subject: "The Department has released the report with redactions".
    r"|\b(?-i:The|the)\s+(?-i:[A-Z][\w'&-]*\s+){1,4}(?:has|have)\s+(?:now\s+|also\s+)?"
    r"(?:released|disclosed|provided|supplied|enclosed|attached)\s+(?:you\s+with\s+)?"
    r"(?:the|a|an|all|some|its|copies|details|this|these|it)\b"
    # "the contract price is released", "the figures have been disclosed"
    r"|\b(?:is|are|has\s+been|have\s+been)\s+(?:now\s+|therefore\s+|also\s+)?"
    r"(?:released|disclosed)\b(?=[ ]*(?:[.,;:]|$|in\s+full|to\s+you|with(?:out)?\s+(?:\w+\s+)?"
    r"redactions?|below|here|herewith|now|as\s+(?:requested|follows)"
    # "released with the names of junior officials removed"
    r"|with\s+(?:[\w'-]+\s+){1,10}?(?:removed|redacted|withheld|obscured|blanked)\b))"
    r"|\b(?:information|data|figures|documents?|spreadsheet|report|minutes|copies|details|results"
    r"|breakdown|emails?|letters?)\s+(?:\w+\s+){0,3}?(?:is|are|has\s+been|have\s+been)\s+"
    r"(?:provided\s+below|set\s+out\s+below|included\s+below|provided\s+(?:at|in)\s+"
    r"(?:the\s+)?(?:annex|appendix))"
    # "... is attached", but not "our complaints procedure is attached"
    r"|\b(?<!procedure\s)(?<!leaflet\s)(?<!guidance\s)(?<!form\s)(?<!notice\s)(?<!rights\s)"
    r"(?:is|are|has\s+been|have\s+been)\s+(?:attached|enclosed)\b"
    r"|\b(?:attached|enclosed)\s+(?:is|are|please\s+find)\s+(?:a\s+|the\s+|copies)"
    r"|\b(?:the|this|that|requested)\s+(?:requested\s+)?information\s+(?:you\s+(?:requested|asked"
    r"\s+for|seek)\s+)?(?:is|are|has\s+been|can\s+be)\s+(?:attached|enclosed|provided|set\s+out|shown"
    r"|given|detailed|as\s+follows|below|included)"
    r"|\b(?:is|are)\s+(?:as\s+follows|set\s+out\s+below|provided\s+below|shown\s+below"
    r"|detailed\s+below|given\s+below)"
    r"|\b(?:we|I)\s+(?:can|are\s+able\s+to|am\s+able\s+to|are\s+pleased\s+to|am\s+pleased\s+to"
    r"|have|will)\s+(?:now\s+|also\s+|nevertheless\s+|therefore\s+|\w+ly\s+)?"
    r"(?:provide[sd]?|supplied|supply|disclose[sd]?|release[sd]?|give|given)\s+"
    r"(?:you\s+(?:with\s+)?)?(?:the|this|all|some|a\s+copy|copies|these|details|a\s+breakdown|figures|below"
    r"|information|data|it|them|those)\b"
    r"|\bhere\s+(?:is|are)\s+the\b"
    # "we can tell you that TfL operates 1,104 cameras"
    # (a count of things follows; not "... that our published accounts show it in note 4")
    r"|\b(?:we|I)\s+can\s+(?:tell|inform|advise)\s+you\s+that\b(?=[^.\n]{0,80}?(?<![\d/])\d[\d,]*"
    r"\s+(?:[A-Za-z]+\s+){0,2}?[a-z]+s\b)"
    r"|\bplease\s+see\s+(?:the\s+)?(?:below|table|figures|information|details|breakdown|list"
    r"|answers?|responses?)\b"
    # "1. The enforcement notice: attached."
    # "- Site inspection reports: released in full."
    r"|(?::|\s-)\s*(?:attached|enclosed|released|disclosed|(?:please\s+)?see\s+(?:the\s+)?"
    r"(?:attached|enclosed))\b"
    r"|\b(?:is|are)\s+(?:shown|listed|set\s+out|provided|given|detailed|included)\s+(?:in|at|within)"
    r"\s+(?:the\s+)?(?:table|annex|appendix|attachment|spreadsheet|document|enclosed|attached)"
    r"|\b(?:below|attached|enclosed)\s+(?:is|are)\s+(?:the|a|our)\b|\byou\s+will\s+find\b"
    # (not "Our answer to your request is below", which may be a refusal)
    r"|\b(?<!our\s)(?<!my\s)(?:the\s+)?answers?\s+(?:to\s+(?:your|each)\s+\w+\s+)?(?:is|are)\s+(?:as\s+follows|below"
    r"|set\s+out)"
    # "all of the figures are given", "the assessment is released in full"
    r"|\b(?:information|data|figures|documents?|report|assessment|minutes|details|results|totals?"
    r"|numbers|copy|it|they|them|this|these)\s+(?:\w+\s+){0,3}?(?:is|are|has\s+been|have\s+been"
    r"|was|were)"
    r"\s+(?:now\s+|therefore\s+|also\s+)?(?:given|released|provided|disclosed|supplied)\b"
    # "Please find the readings attached."
    r"|\bplease\s+find\s+(?:the|a|our|your|copies\s+of\s+the)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:attached|enclosed|below)\b"
    # "- Annual contract value: £1.94 million.": a labelled sum on its own line
    r"|(?m:^)[ ]*[-*\u2022]?[ ]*(?-i:[A-Z])[^\n:]{2,60}:[ ]*£\s?\d[\d,.]*"
    r"(?:[ ]?(?:million|m|bn|k))?\.?[ ]*(?m:$)"
    # "the estimated saving is £1.46 million a year": a sum stated
    r"|\b(?:is|was|are|were|totalled|came\s+to)\s+(?:estimated\s+at\s+|approximately\s+|about\s+"
    r"|around\s+|some\s+)?£\s?\d"
    # "the inspection dates are: 14 March 2022, ..."
    r"|\b(?:is|are|was|were)(?:\s+as\s+follows)?\s*:\s*(?:£\s?)?\d"
    # "I can confirm that the site was declared surplus on 26 September 2022"
    r"|\bcan\s+confirm\s+that\s+(?!(?:[^.\n]|\n(?![ ]*\n)){0,200}?\b(?:hold|holds|held|not|no)\b)"
    r"(?:[^.\n]|\n(?![ ]*\n)){0,200}?\d"
    r"|\b(?:the\s+)?(?:total|number|figure|amount|cost|spend|expenditure|value)\s+(?:\w+\s+){0,9}?"
    r"(?:was|is|were|are|came\s+to|totalled)\s+(?:estimated\s+at\s+|approximately\s+|about\s+"
    r"|around\s+)?(?:£\s?)?\d"
    r"|\bcan\s+confirm\s+(?:that\s+)?(?:there\s+(?:were|was|are|is|have\s+been)\s+(?!no\b)"
    r"|the\s+(?:number|total|figure|amount|cost)\b|(?:£\s?)?\d)"
    r"|\b(?:we|I|it|the\s+(?:council|trust|force|department|university|board|authority|agency"
    r"|constabulary|school|academy)|the(?:\s+(?-i:[A-Z][\w'&-]*)(?:\s+(?:and|of|for)\b)?){1,6})\s+(?:\w+ed|spent|paid|held|made|took|gave|sent|had|won|lost"
    r"|sold|built|paid\s+out)\s+(?:£\s?)?(?!(?:19|20)\d\d\b)\d",
    _I,
)
_DISCLOSED_NEGATION = re.compile(
    r"\b(?:not|unable|cannot|no|neither|nor)\b[^.;:\n]*$|n't\b[^.;:\n]*$", re.IGNORECASE
)
# A table: at least two rows of cells with a number in them ("| 2021 | 143 |",
# "2021/22    4,120,332", "2020 - 214").
_TABLE_ROW = re.compile(
    r"^[^\n]*(?:\|[^\n|]*\d[^\n|]*\||\S[ ]{2,}(?:£\s?)?\d[\d,.]*(?:[ ]{2,}\S+)*[ ]*$)[^\n]*$"
    # "2022: 4,118", "2023 - 29 reportable incidents" (not "Our ref: 20417", "Tel: 0300 ...")
    r"|^[ ]*(?![^\n:]*\b(?i:ref|reference|cyf|date|dyddiad|tel|telephone|phone|fax|mobile|case"
    r"|request|id|ext|our|your|postcode)\b)\S[^\n]{0,40}?(?:[ ]-|[ ]?:)[ ](?:£\s?)?\d[\d,.]*"
    r"(?:[ ]+[A-Za-z][\w-]*){0,3}\.?[ ]*$",
    re.M,
)
PUBLIC_INTEREST = re.compile(
    r"\bpublic\s+interest\s+(?:test|balanc\w+|arguments?|factors?|considerations?"
    r"|in\s+(?:maintaining|withholding|disclos\w+|releas\w+|favour|the\s+release)"
    r"|(?:\w+\s+){0,14}?(?:outweigh\w*|favours?|lies|prevails?|(?:better|best)\s+served))"
    # "the balance lies in withholding", "contrary to the public interest"
    r"|\bthe\s+balance\s+(?:lies|rests|falls|favours|is\s+in\s+favour)\b"
    r"|\bcontrary\s+to\s+the\s+public\s+interest\b"
    r"|\b(?:stronger|greater|weightier)\s+public\s+interest\b"
    r"|\b(?:(?:re)?consider\w*|appl\w+|carried\s+out|conducted|undertaken|weigh\w*|balanc\w+)\s+(?:\w+\s+){0,3}?"
    r"public\s+interest\b|\bqualified\s+(?:exemptions?|exceptions?)\b|\b(?:is|are)\s+(?:a\s+)?qualified\b"
    r"|\bbalance\s+of\s+(?:the\s+)?public\s+interest\b|(?-i:\bPIT\b)"
    # "there is a public interest in openness ..., but on balance it favours withholding"
    r"|\bpublic\s+interest\b[^.]{0,200}?\b(?:on\s+balance|weighed\s+(?:it|this|that|them)\s+against)\b"
    r"|\b(?:arguments?|factors?)\s+(?:for|in\s+favour\s+of|against|favouring)\s+(?:the\s+)?"
    r"(?:disclosure|release|maintaining|withholding)"
    r"|\bregulation\s+12\s?\(\s?1\s?\)\s?\(\s?b\s?\)|\bregulation\s+10\s?\(\s?1\s?\)\s?\(\s?b\s?\)"
    r"|\bsection\s+2\s?\(\s?2\s?\)\s?\(\s?b\s?\)",
    _I,
)
# "Response:", "A:" before an answer: it is an answer, but says nothing of what kind.
ANSWER_LABEL = re.compile(r"^[ |]*(?:response|answer|reply|A)\s*[:-][ ]*\S", _I)
_PIT_NEGATION = re.compile(
    r"\b(?:not|no|absolute|without)\b[^.;:\n]*$|n't\b[^.;:\n]*$", re.IGNORECASE
)
_CONDITIONAL = re.compile(r"\b(?:if|whether|where|when|unless|should)\b[^.;:\n]*$", re.IGNORECASE)

# Procedural grounds named in words but not by number.
COST_LIMIT = re.compile(
    r"\b(?:exceed\w*|above|over|beyond)\s+(?:the\s+)?(?:appropriate|cost|upper\s+cost|fees?)\s+limit"
    r"|\bappropriate\s+limit\b[^.\n]{0,60}\bexceed\w*|\bexcessive\s+cost\s+of\s+compliance\b",
    _I,
)
VEXATIOUS = re.compile(r"\bvexatious\b", _I)
REPEATED = re.compile(r"\brepeated\s+request\b|\brepeat\s+request\b", _I)
MANIFESTLY_UNREASONABLE = re.compile(r"\bmanifestly\s+unreasonable\b", _I)


def _clause_before(text: str, start: int, limit: int = 80) -> str:
    return text[max(0, start - limit) : start]


def find(pattern: re.Pattern[str], text: str, start: int = 0, end: int | None = None):
    end = len(text) if end is None else end
    for match in pattern.finditer(text, start, end):
        yield match.span()


_EITHER_WAY = re.compile(r"\b(?:is|are|does|do|was|were)\s+or\s+$", re.IGNORECASE)


# Held, but not in the form asked for: "does not hold this in a central report".
_NOT_IN_THAT_FORM = re.compile(
    r"(?:\s+(?:this|it|the\s+information|that|these|them|such\s+data|the\s+data))?\s+"
    r"(?:centrally|in\s+(?:a|an|any|one|that|the)\s+(?:central|single|searchable|reportable"
    r"|electronic|collated|format|form|way))",
    re.IGNORECASE,
)


def not_held(text: str, start: int = 0, end: int | None = None) -> Iterator[Span]:
    for span in find(NOT_HELD, text, start, end):
        if _NOT_IN_THAT_FORM.match(text, span[1]):
            continue
        before = _clause_before(text, span[0], 40)
        # "this should not be taken to mean the information is or is not held"
        if not _CONDITIONAL.search(before) and not _EITHER_WAY.search(before):
            yield span


_NOT_A_CASE = re.compile(
    r"\bnot\s+(?:a\s+case|an\s+occasion|appropriate|necessary|required|needed)\b[^.;:\n]{0,20}$",
    re.I,
)


def ncnd(
    text: str, start: int = 0, end: int | None = None, scottish: bool = False
) -> Iterator[Span]:
    spans = list(find(NCND, text, start, end))
    if scottish:
        spans = sorted(spans + list(find(NCND_FOISA, text, start, end)))
    for span in spans:
        before = _clause_before(text, span[0], 40)
        # "This is not a case for neither confirming nor denying"
        if not _CONDITIONAL.search(before) and not _NOT_A_CASE.search(before):
            yield span


# Someone else wanted it withheld: "The suppliers asked us to withhold them".
_ASKED_TO = re.compile(
    r"\b(?:asked|urged|wanted|pressed|requested)\s+(?:us|the\s+\w+)\s+to\s+(?:\w+\s+)?$", re.I
)


def withheld(text: str, start: int = 0, end: int | None = None) -> Iterator[Span]:
    for span in find(WITHHELD, text, start, end):
        before = _clause_before(text, span[0], 50)
        rest = _SENTENCE_REST.match(text, span[1])
        if (
            not _WITHHELD_NEGATION.search(before)
            and not _CONDITIONAL.search(before)
            and not _ASKED_TO.search(before)
            and not (rest and _OUT_OF_SCOPE.search(text, span[1], rest.end()))
        ):
            yield span


_LINK = re.compile(r"\s*(?:\w+\s+)?(?:link|links|web\s*address|url|hyperlink|website)\b", re.I)
_OFFER = re.compile(
    r"\bif\s+you\s+(?:would\s+like|wish|want|narrow|limit|refine|reduce|can|are\s+able)\b", re.I
)
_SENTENCE_REST = re.compile(r"[^.;\n]*(?:\n(?![ ]*\n)[^.;\n]*){0,2}")


_PROVENANCE = re.compile(
    # "it was supplied voluntarily by the developer": an adverb may come between
    r"(?:\s+\w+ly\b)?\s+(?:to\s+(?:us|the\s+(?-i:[A-Z])\w*|the\s+(?:council|department|university|trust|board|force"
    r"|authority|agency|service|government))\b|by\s+(?:law|statute|the\s|a\s|an\s|its\s|their\s"
    r"|our\s|(?-i:[A-Z]))|in\s+confidence\b|in\s+contemplation\s+of\b|for\s+the\s+purposes?\s+of\b|under\s+(?:the|a|an|its|their)\s+(?:\w+\s+)?(?:contract"
    r"|agreement|duty|obligation|terms|licence|framework))",
    re.I,
)
_COST_OF_ANSWERING = re.compile(
    r"\blimit\b|\bhours?\b|\bcost\s+of\s+(?:complying|compliance|answering|locating|retriev)"
    r"|\bwould\s+(?:cost|take|exceed)|\bfees?\b|\bcharge|\bsection\s+12\b|\bregulations?\s+2004\b",
    re.I,
)
_NOT_THE_INFORMATION = re.compile(
    r"\b(?:reasons?|grounds|explanation|rationale|arguments?|factors|considerations|rights?"
    r"|procedure|process|exemptions?|exceptions?|test|options)\b(?:\s+[\w']+){0,4}\s*$",
    re.I,
)


def disclosed(text: str, start: int = 0, end: int | None = None) -> Iterator[Span]:
    for span in find(DISCLOSED, text, start, end):
        before = _clause_before(text, span[0], 40)
        if _DISCLOSED_NEGATION.search(before) or _CONDITIONAL.search(before):
            continue
        # "We can confirm that the Council does not hold ...": the sentence says not held.
        rest = _SENTENCE_REST.match(text, span[1])
        rest_end = rest.end() if rest else span[1]
        # "I have provided the link instead" (published elsewhere); "We can provide the
        # results from 2012, if you would like them" (an offer, not a disclosure).
        if _LINK.match(text, span[1]) or _OFFER.search(text, span[1], rest_end):
            continue
        # Where the information came from, not what the requester gets: "the figures were
        # supplied to the University by Celtic Halls", "it was provided by our legal
        # advisers", "confidentiality provided by law"; and what is set out below is the
        # reasons or the rights, not the information ("The reasons are set out below").
        if _PROVENANCE.match(text, span[1]) or _NOT_THE_INFORMATION.search(before):
            continue
        # "The appropriate limit is £600", "the cost would be £1,240": the cost of
        # answering, not an answer.
        if "£" in text[span[0] : span[1]] and _COST_OF_ANSWERING.search(
            text, max(start, span[0] - 120), rest_end
        ):
            continue
        if NOT_HELD.search(text, span[1], rest_end) or NCND.search(text, span[1], rest_end):
            continue
        yield span
    rows = list(find(_TABLE_ROW, text, start, end))
    if len(rows) >= 2:
        yield rows[0][0], rows[-1][1]


def public_interest(text: str, start: int = 0, end: int | None = None) -> Iterator[Span]:
    for span in find(PUBLIC_INTEREST, text, start, end):
        before = _clause_before(text, span[0], 60)
        # "not subject to the public interest test", "an absolute exemption, so no PIT"
        if not _PIT_NEGATION.search(before):
            yield span
