"""The words that decide whether a citation is applied or only mentioned (``application``):
negations of applying verbs, conditions about holding, earlier requests, the requester's own
words, rights paragraphs, annexes. Kept apart from the logic so each list can be read whole."""

from __future__ import annotations

import re

_I = re.IGNORECASE

# Sentences: a full stop, a blank line; also the end of a short line (a heading, a list item).
SENTENCE_BREAK = re.compile(r"[.!?](?=\s)|\n[ ]*\n")
LINE = re.compile(r"^[^\n]*$", re.M)
SHORT_LINE = 60
# Clauses inside a sentence: a verdict in one does not reach a citation in the other.
CLAUSE_BREAK = re.compile(r"[;:]|\s\((?=[a-z]\)|[ivx]+\))|,?\s+(?:but|however|whereas)\b", _I)

APPLY_VERB = (
    r"(?:appl(?:y|ies|ied|ying|icable)|engag\w*|rel(?:y|ies|ied|ying)|relevant|invok\w+"
    r"|cover(?:s|ed)?|us(?:e|ed|ing)|cit(?:e|ed|ing)|needed"
    # "is not in point", "does not come into it / play", "neither ... prevents disclosure",
    # "could not properly be claimed", "is not made out", "not the appropriate exemption",
    # "did not have to call upon", "have not sought to treat it as vexatious"
    r"|in\s+point|in\s+play|come\s+in(?:to)?|comes\s+in(?:to)?|prevent\w*|preclud\w*|bar(?:s|red)?"
    r"|claim(?:s|ed)?|made\s+out|met|appropriate|call(?:ed)?\s+(?:up)?on|treat(?:ed|ing)?"
    r"|regard(?:ed)?\s+(?:it|this|the\s+\w+|your\s+\w+)\s+as|right|correct|proper|suitable|pursued"
    r"|refus(?:e|ed|al|ing)|necessary)"
)
# Words between "not" and the verb, none of which starts another clause.
WORDS = (
    r"(?:\s+(?!(?:not|because|as|since|so|which|therefore|thus|hence|and|while|when|where|who)\b)"
    r"[\w'()/-]+){0,10}?"
)
# Close after "not": "have not withheld", "did not need to be redacted".
NEAR_WORDS = r"(?:\s+[\w'-]+){0,3}?"
WITHHOLD_VERB = r"(?:withh(?:e|o)ld\w*|redact\w*|exempted)"
SET_ASIDE = re.compile(
    # "not engaged", "does not apply", "we have not relied on", "neither exemption is engaged"
    # ("neither confirms nor denies ..., relying on section 31(3)" applies it: not a negation)
    r"\b(?:not|never|neither(?!\s+confirm)|nor(?!\s+den)|nothing|cannot)\b"
    + WORDS
    + r"\s+"
    + APPLY_VERB
    + r"\b"
    r"|n't\b" + WORDS + r"\s+" + APPLY_VERB + r"\b"
    r"|\b(?:not|never|none)\b" + NEAR_WORDS + r"\s+" + WITHHOLD_VERB + r"\b"
    # "nothing has been held back under section 40(2)"
    r"|\b(?:nothing|none|not)\b" + NEAR_WORDS + r"\s+(?:held|kept)\s+back\b"
    # "there was no basis for withholding any of it"
    r"|\bno\s+(?:need|requirement|reason|grounds?|basis)\s+(?:to|for)\s+(?:\w+\s+){0,2}?"
    r"(?:appl|rel|use|consider|engag|withh|redact|invok|remov|exempt|refus)"
    # "there was no need to hold anything back under section 40(2)"
    r"|\bno\s+(?:need|requirement|reason)\s+to\s+(?:hold|keep)\s+(?:\w+\s+){0,2}?back\b"
    # "no separate decision on regulation 13 has been needed", "no reliance on section 43"
    r"|\bno\s+(?:\w+\s+)?(?:decision|determination|reliance|finding)\s+(?:on|about|under"
    r"|regarding|as\s+to)\b"
    # "no reliance has been placed on section 41", "we have waived privilege"
    r"|\bno\s+reliance\s+(?:\w+\s+){0,3}?(?:placed|put)\s+(?:up)?on\b|\bwaiv(?:e|ed|es|ing)\b"
    # "we did not need to look at the personal information provisions (section 40)"
    r"|\bnot\s+(?:\w+\s+){0,3}?(?:necessary|required|had|needed|need)\s+to\s+"
    r"(?:appl|rel|use|engag|consider|withh|redact|invok|look\s+at|think\s+about)"
    r"|\bnot\s+(?:been\s+)?(?:required|needed|necessary)\b(?!\s+to\b)"
    r"|\bwithout\s+(?:\w+\s+){0,2}?(?:recourse|relying|applying|the\s+need|needing|redact\w*"
    r"|withholding|using|invoking|resort)"
    r"|\bnone\s+of\s+(?:the\s+)?(?:exemptions?|exceptions?)\b"
    r"|\bno\s+(?:\w+\s+){0,2}?(?:redactions?|exemptions?|exceptions?)\s+(?:\w+\s+)?(?:has|have|was"
    r"|were|is|are)\s+(?:\w+\s+)?(?:been\s+)?(?:made|applied|used|relied|needed|required|cited)"
    r"|\bno\s+(?:\w+\s+){0,3}?(?:information|data|details?|part|material|records?|names?|figures?"
    r"|content)\s+(?:\w+\s+){0,4}?(?:has|have|was|were|is|are|had|needs?|needed)\s+"
    r"(?:\w+\s+){0,3}?(?:withheld|redacted|removed|exempted|held\s+back|kept\s+back)"
    # "nothing has had to be withheld under section 38(1)(b)"
    r"|\bnothing\s+(?:\w+\s+){0,2}?(?:has|have|was|were|is|needs?|needed)\s+(?:\w+\s+){0,3}?"
    r"(?:withheld|redacted|removed|held\s+back|kept\s+back)"
    r"|\b(?:set|put)\s+(?:it\s+|this\s+|them\s+)?aside\b|\bdisregard\w*|\bdecided\s+against\b"
    r"|\bno\s+longer\b(?!\s+(?:hold|holds|held|have|has|retain\w*|keep\w*|exist\w*|available))"
    r"|\bwithdr[ae]w\w*\b|\bmistaken\w*|\bin\s+error\b|\berroneous\w*|\bwrongly\b"
    # "is no bar to", "plays no part", "has no application to", "does not arise"
    r"|\bno\s+(?:bar|part|role|application|relevance|bearing)\b|\bnot\s+(?:a\s+)?bar\b"
    r"|\b(?:does|do|did|would)\s+not\s+arise\b|\bnot\s+(?:persuaded|convinced)\s+that\b"
    r"|\bfalls?\s+outside\b|\b(?:unnecessary|inapplicable|irrelevant)\b|\bnot\s+(?:a|an)\s+(?:case|instance|situation|matter)\s+(?:where|in"
    r"\s+which|of)\b"
    # "we had expected to rely on regulation 12(5)(f)" (and then did not)
    r"|\bhad\s+(?:\w+\s+)?(?:expected|intended|planned|proposed|thought|anticipated)\s+to\b"
    r"|\bby\s+mistake\b|\b(?:considered|contemplated)\s+(?:\w+\s+)?(?:refusing|applying|withholding"
    r"|relying|using|citing|redacting)\b|\binitially\b|\boriginally\b",
    _I,
)
# Right before the citation: "section 22, not section 22A", "rather than regulation 13".
SET_ASIDE_BEFORE = re.compile(
    r"(?:\bnot|\bnor|\brather\s+than|\binstead\s+of|\bin\s+place\s+of|\bunlike|\bother\s+than"
    r"|\bnot\s+(?:under|on)|\b(?:equivalent|comparable|similar|analogous)\s+to"
    r"|\bthe\s+equivalent\s+of)[ ,]*(?:(?:under|on)\s+)?(?:the\s+)?"
    r"(?:exemptions?\s+(?:at|in|under)\s+)?$",
    _I,
)
# A negation that is about something else: the public interest test, the duty to confirm.
SET_ASIDE_NOT_ABOUT_IT = re.compile(
    r"public\s+interest|\bPIT\b|\btest\b|confirm\s+or\s+deny|\bfees?\b|\bcharge|\bdeadline"
    r"|\btime\s+limit|\bobliged\s+to\s+(?:comply|provide|disclose|release)"
    # the necessity test of section 40: "disclosure is not necessary to meet that interest"
    # "as the duty in s1(1)(a) does not apply, by virtue of section 31(3)": the duty to confirm
    r"|\bduty\b|\bs(?:ection)?\.?\s?1\s?\(\s?1\s?\)"
    r"|legitimate\s+interest|\bdisclos\w+\s+(?:\w+\s+){0,4}?(?:is|was|would\s+be)\s+(?:not\s+)?"
    r"(?:necessary|unnecessary)",
    _I,
)
NOT_HELD_NEGATION = re.compile(r"(?:not|n't)\s+(?:\w+\s+)?(?:held|hold|holds|exist\w*)\b", _I)
ABOUT_RELEASE = re.compile(r"\s+to\s+(?:release|disclose|provide|publish|share|make)\b", _I)
# A short answer to "whether it applied": "we have concluded that it does not".
IT_DOES_NOT = re.compile(
    r"\b(?:it|they|this|that|which)\s+(?:does|do|did|would|is|was|were)\s+not\b(?!\s+\w+\s+"
    r"(?:held|hold))",
    _I,
)
WOULD = re.compile(
    r"\bwould\s+(?:\w+\s+){0,3}?(?:be\s+exempt|apply|be\s+engaged|be\s+withheld|be\s+relevant"
    r"|rely|need\s+to\s+consider|consider)\b",
    _I,
)
# "which would in any event be withheld under regulation 11 if a narrower request were
# made": what would happen on a condition, after the citation.
IF_AFTER = re.compile(r"\b(?:if|unless|were\s+(?:you|we|it|a|an|the)\b)", _I)
# Another request's reference in the sentence: "your request of July (FOI-0724-0053), which
# was refused under section 12(1)".
# A sum ("GBP 412,750") is no reference.
REFERENCE_CODE = re.compile(
    r"\b(?!(?:GBP|EUR|USD)\b)[A-Z]{2,}[A-Z0-9]*(?:[-/ ][A-Z0-9]+)*[-/ ]?\d[\w/-]*\d\b"
)
# "section 23 of that Act": the Act named last, which may be another law.
OF_THAT_ACT = re.compile(r"\s*(?:\([^()\n]{0,40}\)\s*)?(?:of|in)\s+(?:that|the\s+same)\s+Act\b", _I)
ACT_NAME = re.compile(r"\b(?:[A-Z][\w()]*\s+){1,8}Act\b(?:\s+\d{4})?")
INFORMATION_ACT = re.compile(r"Freedom\s+of\s+Information", _I)
NOT_HELD_EXCEPTIONS = {"eir-r12-4-a", "eisr-r10-4-a"}
EXTENSION = re.compile(
    r"\bextend\w*|\bextension\b|\b(?:further|more|additional)\s+time\b|\b10\s?\(\s?3\s?\)", _I
)
# A reason after the citation: "withheld under section 31(1)(a), as ... they could be used
# to ...": a modal there is the harm, not a doubt about applying it.
REASON = re.compile(
    r",?\s+(?:as|because|since|given\s+that|in\s+that)\b(?!\s+(?:follows|well|set|a\b))", _I
)
# Words that decide: between "the ICO's guidance" and the citation they make it applied.
DECIDES = re.compile(
    r"\bexempt\b|\bwithh(?:e|o)ld\w*|\bredact\w*|\brefus\w+|\bengaged\b|\bconclud\w+"
    r"|\bvexatious\b|\bmanifestly\b|\brel(?:y|ying|ied)\s+on\b",
    _I,
)
WITHHOLDS = re.compile(r"\bexempt\b|\bwithh(?:e|o)ld\w*|\bredact\w*|\brefus\w+|\bengaged\b", _I)
ANY_CITATION = re.compile(r"\b(?:sections?|regulations?|regs?\.?|s\.?)\s?\d", _I)
PUBLIC_INTEREST = re.compile(r"public\s+interest|\bPIT\b", _I)
# Weighed, with no conclusion in the words: not "considers this request to be vexatious".
CONSIDERED = re.compile(
    r"\b(?:considered|looked\s+at|assessed|examined|reviewed|raised|mentioned|suggested"
    r"|put\s+forward|proposed|flagged)\b"
    r"(?!\s+(?:that|it|this|them|the\s+request|to\s+be|as)\b)",
    _I,
)
CONCLUDED_THAT = re.compile(r"\b(?:conclud|decid|determin)\w*\s+that\b", _I)
CONFIRM_OR_DENY = re.compile(r"\bconfirm\w*\s+(?:n?or\s+)?(?:\w+\s+)?den(?:y|ies|ying)\b", _I)
CONDITION = re.compile(
    r"\b(?:even\s+)?if\b(?!\s+you\b)(?:\s+[\w'-]+){0,5}?\s+(?:held|hold|holds|existed|exist"
    r"|exists|recorded|located|found|retained|kept)\b"
    r"|\b(?:were|should|had)\s+(?:we|it|this|they|the\s+\w+|such\s+\w+|any\s+\w+|any)\s+"
    r"(?:\w+\s+){0,3}?(?:held|hold|exist\w*|to\s+hold|been\s+(?:held|retained|kept|created"
    r"|produced|written|submitted)|come\s+to\s+light|be\s+(?:found|located|traced))\b"
    r"|\bin\s+the\s+(?:\w+\s+)?event\s+(?:that|of)\b"
    # "were one to exist", "should any record ever be found"
    # "had the full survey been supplied to us in confidence, we would have ...": a
    # condition contrary to fact
    r"|(?:^|[,;(]\s*|\n\s*|\.\s+|(?<=\n)|(?<=\.\s))had\s+(?:the|it|this|that|they|we|any|such|those|these)\b"
    r"(?:\s+[\w'-]+){0,4}?\s+(?:been|fallen|come|arisen|related|concerned|asked)\b"
    r"|\b(?:were|should)\s+(?:\w+\s+){1,3}?(?:to\s+)?(?:exist|be\s+(?:held|found|located))\b|\bhypothetical\w*|\bassuming\b|\beven\s+if\b",
    _I,
)
MAYBE = re.compile(
    # "Section 22 would only apply if we had a settled plan to publish"
    r"\bwould\s+(?:only\s+)?(?:apply|be\s+engaged|be\s+relevant)\s+(?:only\s+)?(?:if|where|when)\b|"
    # "could in principle apply", "might arguably be engaged"
    r"\b(?:may|might|could)\s+(?:also\s+|well\s+|potentially\s+|arguably\s+|in\s+(?:principle"
    r"|theory)\s+)?(?:have\s+)?(?:be(?:en)?\s+)?"
    r"(?:relevant|appl(?:y|ied|icable)|engaged|exempt|us(?:e|ed)|rel(?:y|ied)\s+on|withheld"
    r"|refused|covered|caught|argued|claimed|invoked|cited|considered)\b"
    # "the relevant provision would have been section 43"
    r"|\bwould\s+(?:\w+\s+){0,2}?have\s+been\s+(?=(?:the\s+)?(?:sections?|regulations?|s\.|regs?\.)\s*\d)"
    # "section 43(2) would have been the appropriate exemption"
    r"|\bwould\s+have\s+been\s+(?:the|an?)\s+(?:\w+\s+)?(?:exemption|exception|provision|section"
    r"|regulation|ground)\b"
    # what would have happened: "answering that would have exceeded the cost limit"
    r"|\bwould\s+(?:\w+\s+){0,3}?have\s+(?:\w+\s+){0,2}?(?:exceeded|applied|needed|had\s+to"
    r"|considered|relied|withheld|refused|been\s+(?:exempt|refused|withheld"
    r"|engaged|necessary|needed|relevant))\b",
    _I,
)
EARLIER = re.compile(
    r"\b(?:previously|last\s+year|earlier\s+this\s+year|in\s+the\s+past|on\s+a\s+previous\s+occasion)\b"
    r"|\b(?:earlier|previous|prior|former|separate|last|other|another|past|similar|those|these"
    r"|related)\s+(?:\w+\s+){0,2}?"
    r"(?:request|response|reply|letter|case|application|FOI|EIR|enquiry)s?\b"
    r"|\b(?:in|with)\s+(?:our|my)\s+(?:letter|response|reply|email)\s+(?:of|dated)\b"
    r"|\b(?:we|I)\s+(?:have\s+)?(?:previously|already|earlier)\s+(?:\w+\s+)?"
    r"(?:refused|withheld|applied|relied|cited|told|explained|said)"
    r"|\b(?:answered|replied\s+to|responded\s+to|dealt\s+with|declined|refused)\s+(?:a|an)\s+"
    r"(?:\w+\s+){0,2}?(?:request|enquiry|application)\b|\byou\s+may\s+recall\b"
    r"|\bthat\s+(?:earlier\s+)?request\b"
    # "As we explained at the time, that information was withheld under section 43(2)"
    r"|\bat\s+the\s+time\b|\bon\s+that\s+occasion\b|\bback\s+then\b"
    r"|\byou\s+(?:will|may|might)\s+(?:recall|remember)\b"
    r"|\bthat\s+(?:information|material|data|report|document|request)\s+(?:was|were)\b"
    # "a narrower version of your request of July (FOI-0724-0053)"
    r"|\bversion\s+of\s+(?:your|an?|the|that)\b"
    # "your request of June this year for ... was refused under section 43(2)"
    r"|\brequest\s+of\s+(?:\w+\s+){1,3}?(?:this|last)\s+year\b"
    r"|\bas\s+we\s+(?:explained|said|told\s+you|set\s+out)\s+(?:then|previously|before)\b"
    # "In 2022 you asked us ...", "which we found manifestly unreasonable", "we withheld ..."
    # (a decision told in the simple past is an earlier one; this reply's is "we have ...")
    r"|^\W*in\s+(?:19|20)\d\d,?\s+(?:you|we|I)\b|\b(?:which|when|where)\s+we\s+(?:found|answered|replied|responded"
    r"|refused|withheld|declined|applied|relied|cited)\b|\b(?:we|I)\s+(?:refused|withheld"
    r"|declined)\b",
    _I,
)
THIS_REQUEST = re.compile(
    r"\bthis\s+(?:new\s+)?(?:request|time|application)\b|\b(?:we|I)\s+(?:are|am|will|have\s+decided"
    r"|must|now)\b|\b(?:is|are)\s+(?:being\s+)?(?:refused|withheld|applied|engaged)\b",
    _I,
)
# What is usually done, not what was: "small numbers would usually be withheld under s40(2)".
USUALLY = re.compile(
    r"\b(?:usually|normally|typically|generally|ordinarily|routinely|commonly|often|sometimes"
    r"|frequently|in\s+some"
    r"\s+cases|in\s+principle)\b",
    _I,
)
# The requester's request told back in the letter's words: "In your request you asked ...".
REQUESTER = re.compile(
    r"^\W*(?:in\s+your\s+(?:request|e-?mail|letter)|you\s+(?:have\s+)?(?:also\s+)?(?:asked|requested|wrote"
    r"|mentioned|argued|stated|raised|referred|expected|thought|believe|consider"
    r"|sought|wanted|suggested|said)|your\s+(?:request|e-?mail|letter)\s+(?:asked|sought|was|said"
    r"|requested))\b",
    _I,
)
# Another's case for an exemption, reported: "The contractor asked us to withhold the price,
# saying it was protected by section 43(2)", "the supplier argued that section 41 applied".
REPORTED = re.compile(
    r"\b(?:asked|urged|pressed|wanted)\s+us\s+to\b|\b(?:argued|claimed|contended|maintained"
    r"|insisted|asserted)\s+(?:that\b|it\b)"
    # "The contractor also argued for regulation 12(5)(f)"
    r"|\b(?:argued|pressed|made\s+a\s+case)\s+for\b|\bsaying\s+(?:that\s+)?(?:it|they|this|these)\b",
    _I,
)
WHICH_IS_EXEMPT = re.compile(
    r"\b(?:which|this|that|these|it|they)\s+(?:is|are|was|were)\s+"
    r"(?:\w+\s+)?exempt",
    _I,
)
# Right before the citation: "such as section 40", "for example, section 43".
GENERIC_BEFORE = re.compile(
    r"\b(?:such\s+as|for\s+example|for\s+instance|e\.g\.|includes?|like|namely)"
    r"[ ,:]*(?:the\s+)?(?:exemptions?\s+(?:at|in|under)\s+)?"
    # ... and the rest of the list: "such as section 40 and section 43"
    r"(?:(?:sections?|regulations?|regs?\.?|s\.?)?\s*\d[\w()]*(?:\s*\([^()\n]{0,40}\))?\s*"
    r"(?:,|and|or|&)\s*)*(?:(?:sections?|regulations?|regs?\.?|s\.?)\s*)?$",
    _I,
)
GENERIC = re.compile(
    r"\b(?:ICO|Information\s+Commissioner)(?:'s)?\s+(?:guidance|website|decision)|\bguidance\s+on\b|"
    r"\b(?:any|one|some|each|all|none)\s+of\s+(?:the\s+)?(?:\w+\s+)?(?:sections?|exemptions?"
    r"|exceptions?|regulations?)\b|\bsections?\s+\d+\w?\s+(?:to|-)\s+\d|\bPart\s+(?:II|2)\b(?!\s*[:)])"
    r"|\bthe\s+(?:Act|Regulations)\s+(?:contains?|lists?|sets?\s+out|provides?\s+for)\b"
    # Background, not a decision: "You may be aware of section 22A, which covers ..."
    r"|\byou\s+(?:may|might)\s+(?:already\s+)?be\s+aware\b|\bfor\s+completeness\b"
    r"|\bby\s+way\s+of\s+background\b",
    _I,
)
# The law in general, not this authority's decision: "An authority may refuse ... only where
# an exception applies", "regulation 10(8) permits an authority to respond in this way where
# ... regulation 10(5)(a)".
LAW_IN_GENERAL = re.compile(
    r"\b(?:an|any|a\s+public)\s+(?:public\s+)?authorit(?:y|ies)\s+(?:may|can|must|is\s+(?:entitled"
    r"|permitted|allowed|able))\b|\b(?:permits?|allows?|enables?|entitles?)\s+(?:an|any|a\s+public)"
    r"\s+(?:public\s+)?authorit(?:y|ies)\b",
    _I,
)
# Applied here and now, right before the citation: "... and so are additionally withheld
# under section 31(1)(a)" (a concession earlier in the sentence does not undo it).
APPLIED_HERE = re.compile(
    r"\b(?:is|are|has\s+been|have\s+been)\s+(?:\w+\s+)?(?:withheld|exempt|refused|redacted)"
    r"\s+(?:in\s+full\s+|in\s+part\s+)?(?:under|by\s+virtue\s+of)\s+(?:the\s+\w+\s+(?:in|at)\s+)?$",
    _I,
)
YOU_SUBJECT = re.compile(r"\W*(?:as\s+)?you\s+(?!can\b|may\s+(?:ask|request|appeal|complain))", _I)
# Words by which the authority applies it, whoever the subject: "You will note that section
# 40(2) has been applied".
APPLIES_STRONG = re.compile(
    r"\bexempt\b|\bwithh(?:e|o)ld\w*|\bredact\w*|\brefus\w+|\bengaged\b|\bapplied\b|\bapplies\b"
    r"|\brel(?:y|ying|ied)\s+(?:up)?on\b|\bremoved\b|\bneither\s+confirm",
    _I,
)
RIGHTS = re.compile(
    r"\b(?:you|you're)\s+(?:\w+\s+){0,3}?(?:can|may|could|have\s+the\s+right|are\s+entitled"
    r"|wish|remain|are\s+(?:unhappy|dissatisfied|not\s+satisfied))\b[^.]*?"
    r"\b(?:review|appeal|complain\w*|Commissioner|Tribunal)\b"
    r"|\b(?:review|appeal|complain\w*|Commissioner)\b[^.]*?\b(?:you|you're)\s+(?:\w+\s+){0,3}?"
    r"(?:can|may|could|have\s+the\s+right|are\s+entitled|wish|remain)\b"
    r"|\bprivacy\s+notice\b|\byour\s+personal\s+(?:data|information)\s+will\b"
    r"|\b(?:right|entitled)\s+to\s+(?:request|ask\s+for|an?)\s+(?:\w+\s+)?review\b"
    r"|\breview\s+(?:can|may|could)\s+be\s+(?:requested|sought|asked\s+for)\b"
    # "Your rights under the EIR: ...", "Rights of review"
    r"|\byour\s+rights?\s+(?:under|to)\b|\brights?\s+of\s+(?:review|appeal|complaint)\b"
    r"|\b(?:request|ask\s+for|seek|apply\s+for)\s+(?:an?\s+)?(?:internal\s+)?review\s+(?:under|in\s+terms)",
    _I,
)
APPLIES = re.compile(
    r"\bexempt(?:ed|s)?\b|\bwithh(?:e|o)ld\w*|\bredact\w*|\brel(?:y|ies|ied|ying)\s+(?:up)?on\b"
    r"|\bappl(?:y|ies|ied|ying)\b|\bengag\w+|\brefus\w+|\bby\s+virtue\s+of\b"
    r"|\bin\s+(?:accordance\s+with|reliance\s+on|terms\s+of)\b|\bprovides?\s+that\b"
    r"|\bnot\s+(?:obliged|required)\s+to\b|\bremoved\b|\bpursuant\b"
    # "falls within section 22(1)", "is covered by section 42", "on the basis of s.27(1)(a)"
    r"|\bf[ae]ll(?:s|ing)?\s+(?:squarely\s+)?within\b|\b(?:covered|caught)\s+by\b"
    r"|\bon\s+the\s+(?:basis|grounds?)\s+of\b"
    r"|\bunder\b|\bneither\s+confirm|\bconfirm\s+or\s+deny\b",
    _I,
)
# Where the requester's own words are set out: "Your request:", "You asked:", "Request".
REQUEST_LABEL = re.compile(
    r"^[ >*|-]*(?:your\s+(?:original\s+|\w+\s+){0,2}?request(?:\s+(?:read|said|stated|was))?"
    r"|(?:original\s+|information\s+)?request(?:ed)?"
    r"(?:\s+details)?|you\s+(?:have\s+)?(?:asked|wrote|requested|said)(?:\s+for)?|the\s+request|request\s+text"
    r"|what\s+you\s+asked(?:\s+for)?|copy\s+of\s+your\s+(?:original\s+)?(?:request|e-?mail)"
    r"|(?:your\s+)?request\s+as\s+(?:submitted|received|made)"
    r"|your\s+(?:original\s+)?(?:e-?mail|message|letter|correspondence)(?=[^\n:.]{0,40}:))\b"
    # "Your request of 3 May:" ends with a colon; a heading is the label alone on its line.
    r"(?:[^\n:.]{0,40}:|[ ]*$)",
    _I | re.M,
)
QUOTED_THREAD = re.compile(
    r"^[ ]*(?:-{2,}[ ]*(?:Original|Forwarded)\s+Message[ ]*-{2,}|From:[^\n]*\n[ ]*Sent:"
    r"|On\s[^\n]{5,80}\swrote:[ ]*$)",
    _I | re.M,
)
SALUTATION = re.compile(r"^[ ]*(?:Dear|To\s+whom|Hello|Hi|Good\s+(?:morning|afternoon))\b", re.M)
NO_SALUTATION = 400
QUOTE_LINE = re.compile(r"^[ ]*>[^\n]*$", re.M)
# The authority's own act of applying it, which counts even inside an annex.
APPLIED_BY_US = re.compile(
    r"\b(?:we|I|the\s+\w+)\s+(?:have\s+|has\s+|are\s+|am\s+|is\s+)?(?:applied|applying|relied"
    r"|relying|withheld|withholding|refused|refusing)\b|\b(?:has|have)\s+been\s+(?:applied|relied"
    r"|withheld|engaged)\b|\b(?:is|are)\s+engaged\b",
    _I,
)
ANNEX_HEADING = re.compile(
    # a bilingual heading gives the Welsh first: "Atodiad / Annex - Exemptions"
    r"^[ ]*(?:[^\n/]{1,30}/[ ]*)?(?:(?:annex|appendix|schedule)\b"
    r"(?=[^\n]*\b(?:exemptions?|exceptions?|legislation|Act"
    r"|Regulations|sections?|regulations?|law|statutory|provisions?)\b)|legislation"
    r"|relevant\s+legislation|extracts?"
    r"|the\s+law|legal\s+(?:framework|background)|exemptions?\s+(?:referred|mentioned"
    r"|explained|in\s+the)|exceptions?\s+(?:referred|mentioned|explained|in\s+the)|glossary"
    # "Notes on the exemptions", "List of exceptions" (not "Exemptions applied")
    r"|(?![^\n]*\b(?:applied|used|relied|engaged|withheld|decision)\b)[^\n]{0,30}?\b(?:notes?"
    r"|guidance|list|information|summary|explanation)\s+(?:on|of|about)\s+(?:the\s+)?"
    r"(?:exemptions?|exceptions?|legislation))\b"
    r"[^\n]{0,70}$",
    _I | re.M,
)
DOUBLE_QUOTED = re.compile(r'"[^"]{30,}?"', re.S)
# 'Please provide ...': single quotes, an apostrophe inside a word ("Council's") allowed.
SINGLE_QUOTED = re.compile(
    r"(?<![A-Za-z])'(?=[A-Z0-9])(?:[^'\n]|'(?=[a-z])|\n(?![ ]*\n)){30,1500}?'(?![A-Za-z])"
)


PLAIN_ANNEX = re.compile(r"^[ ]*(?:annex|appendix)(?:[ ]+[A-Z0-9]{1,3})?[ ]*[:.-]?[ ]*$", _I | re.M)


PARAGRAPH_END = re.compile(r"\n[ ]*\n(?=[ ]*\S)")
