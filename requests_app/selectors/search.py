"""Full-text search over requests: their titles and questions, the letters answering them and
the exemptions those letters cite.

On PostgreSQL the words go through ``websearch_to_tsquery`` (English stemming, "quoted
phrases", ``-word``) against GIN expression indexes (migration 0006); on SQLite every word
must appear (``icontains``), which is enough for a laptop. Each part is a ``pk IN (...)``
subquery so that PostgreSQL can use each table's own index; the result is a filter, not
extra queries.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet

from requests_app.models import Exemption, ExemptionCitation, FOIRequest, Response

SEARCH_CONFIG = "english"
# Django renders these expressions identically in the query and in the index (0006), which
# is what lets PostgreSQL use the index.
REQUEST_DOCUMENT = SearchVector("title", "text", config=SEARCH_CONFIG)
LETTER_DOCUMENT = SearchVector("letter_text", config=SEARCH_CONFIG)

# "s24", "s.24", "section 24", "reg 12(5)(e)", "regulation 13": how people name exemptions.
_CITATION_WORDS = {"s", "s.", "sec", "section", "reg", "reg.", "regulation", "regulations"}
# Too common to say which exemption is meant ("the", "of"): they never match a title alone.
_STOP_WORDS = {"a", "an", "and", "by", "for", "in", "of", "on", "or", "the", "to", "with"}
_PREFIXED = re.compile(r"^(?:s\.?|sec\.?|section|reg\.?|regulation|r)(?P<section>\d[\w()]*)$", re.I)


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"\s+", text.strip()) if w]


def _exemption_match(words: list[str]) -> Q | None:
    """Exemptions every word points at: a section number ("s24", "24", "12(5)(e)"), a code
    ("foia-s24") or a word of the title ("national security")."""
    conditions = Q()
    used = False
    for word in words:
        if word.lower() in _CITATION_WORDS or word.lower() in _STOP_WORDS:
            continue
        prefixed = _PREFIXED.match(word)
        section = prefixed["section"] if prefixed else word
        conditions &= (
            Q(section__iexact=section) | Q(code__iexact=word) | Q(title__icontains=word.strip('"'))
        )
        used = True
    return conditions if used else None


def search_requests(queryset: QuerySet[FOIRequest], text: str) -> QuerySet[FOIRequest]:
    """The requests of ``queryset`` whose words, letters or cited exemptions match ``text``."""
    words = _words(text)
    if not words:
        return queryset
    in_request: QuerySet
    in_letter: QuerySet
    if connection.vendor == "postgresql":
        query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        in_request = FOIRequest.objects.annotate(document=REQUEST_DOCUMENT).filter(document=query)
        in_letter = Response.objects.annotate(document=LETTER_DOCUMENT).filter(document=query)
    else:
        in_request = FOIRequest.objects.all()
        in_letter = Response.objects.all()
        for word in words:
            in_request = in_request.filter(Q(title__icontains=word) | Q(text__icontains=word))
            in_letter = in_letter.filter(letter_text__icontains=word)
    matched = Q(pk__in=in_request.values("pk")) | Q(pk__in=in_letter.values("request_id"))
    # An authority's reference ("FOI429836404") is looked up whole: no stemming splits it.
    matched |= Q(authority_reference__iexact=text.strip())
    exemptions = _exemption_match(words)
    if exemptions is not None:
        citing = ExemptionCitation.objects.filter(
            exemption__in=Exemption.objects.filter(exemptions)
        ).values("response__request_id")
        matched |= Q(pk__in=citing)
    return queryset.filter(matched)
