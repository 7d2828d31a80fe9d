"""Full-text search over requests: their titles and questions, the letters answering them and
the exemptions those letters cite.

On PostgreSQL the words go through ``websearch_to_tsquery`` (English stemming, "quoted
phrases", ``-word``) against GIN expression indexes (migration 0006); on SQLite every word
must appear (``icontains``), which is enough for a laptop. The parts are one ``UNION`` of
index scans (``matching_request_ids``) so that PostgreSQL uses each table's own index; the
result is a filter, not extra queries.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet

from requests_app.models import (
    Exemption,
    ExemptionCitation,
    FOIRequest,
    PublicAuthority,
    Response,
)

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


def matching_request_ids(text: str, *, authority_names: bool = False) -> QuerySet | None:
    """The ids of every request matching ``text``, as one ``UNION`` of index scans (None when
    ``text`` has no words): the words of the request (GIN), of its letters (GIN), its
    authority's reference whole (index on ``UPPER``), the exemptions its letters cite (the
    citations' foreign-key index) and, with ``authority_names``, its authority's name.

    A ``UNION``, not an ``OR`` of ``pk IN (...)``: an OR of subqueries cannot be answered
    from the indexes, so PostgreSQL read every public request and probed each subquery
    (1.2-3.3 s at a million requests, issue 15); each part here reads only its matches.
    """
    words = _words(text)
    if not words:
        return None
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
    # The models' default orderings must not reach inside the UNION.
    parts = [
        in_request.order_by().values("pk"),
        in_letter.order_by().values("request_id"),
        # An authority's reference ("FOI429836404") is looked up whole: no stemming splits it.
        FOIRequest.objects.filter(authority_reference__iexact=text.strip()).order_by().values("pk"),
    ]
    exemptions = _exemption_match(words)
    if exemptions is not None:
        parts.append(
            ExemptionCitation.objects.filter(
                exemption__in=Exemption.objects.filter(exemptions).order_by().values("pk")
            )
            .order_by()
            .values("response__request_id")
        )
    if authority_names:
        named = PublicAuthority.objects.all()
        for word in words:
            named = named.filter(name__icontains=word)
        parts.append(
            FOIRequest.objects.filter(authority__in=named.order_by().values("pk"))
            .order_by()
            .values("pk")
        )
    return parts[0].union(*parts[1:])


def search_requests(
    queryset: QuerySet[FOIRequest], text: str, *, authority_names: bool = False
) -> QuerySet[FOIRequest]:
    """The requests of ``queryset`` whose words, letters or cited exemptions match ``text``
    (and, with ``authority_names``, whose authority's name holds every word)."""
    ids = matching_request_ids(text, authority_names=authority_names)
    return queryset if ids is None else queryset.filter(pk__in=ids)
