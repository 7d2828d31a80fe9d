"""Draft the requester's next letter: pure Python, no Django.

``draft_review_request(facts)`` asks the authority for an internal review of a refusal (or of
no answer), citing its reference, the exemptions it relied on with the grounds people
commonly raise against each, and the date the review must be decided by under the law.
``draft_complaint(facts)`` asks the ICO or the Scottish Information Commissioner for a
decision, with the request's timeline. ``draft_request(facts)`` and ``draft_chaser(facts)``
are the emails the tracker sends: the request in its law's words, and the reminder when the
answer is late. The caller builds ``LetterFacts`` from the database
(``requests_app.selectors.letter_drafts``); the user edits the draft before sending it.
"""

from requests_app.drafting.complaint import draft_complaint
from requests_app.drafting.facts import (
    CitedExemption,
    LetterFacts,
    NotApplicable,
    QuestionFact,
    ReviewFact,
)
from requests_app.drafting.request_email import (
    draft_chaser,
    draft_request,
    reply_subject,
    request_subject,
)
from requests_app.drafting.review_request import draft_review_request

__all__ = [
    "CitedExemption",
    "LetterFacts",
    "NotApplicable",
    "QuestionFact",
    "ReviewFact",
    "draft_chaser",
    "draft_complaint",
    "draft_request",
    "draft_review_request",
    "reply_subject",
    "request_subject",
]
