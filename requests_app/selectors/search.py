"""Full-text search over requests: their titles and questions, the letters answering them,
the exemptions those letters cite and the authority's reference.

On PostgreSQL the words go through ``websearch_to_tsquery`` (English stemming, "quoted
phrases", ``-word``) against one stored document per request (``RequestSearch``, GIN
index; kept by ``services.search_documents``): one ``@@`` test, which PostgreSQL answers
from the GIN index for a rare word and, for a common one, by walking the list's order and
testing each row's stored document until a page is full. Citations ("s24", "section 24",
"reg 12(5)(e)") and a whole reference become the document's own tokens for them.

On SQLite every word must appear (``icontains``), which is enough for a laptop: the parts
are one ``UNION`` over the base tables (``_sqlite_request_ids``).
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery

from requests_app.models import (
    Exemption,
    ExemptionCitation,
    FOIRequest,
    PublicAuthority,
    RequestSearch,
    Response,
)
from requests_app.models.search import CONFIG as SEARCH_CONFIG
from requests_app.models.search import token_text

# "s24", "s.24", "section 24", "reg 12(5)(e)", "regulation 13": how people name exemptions.
_CITATION_WORDS = {"s", "s.", "sec", "section", "reg", "reg.", "regulation", "regulations"}
# Too common to say which exemption is meant ("the", "of"): they never match a title alone.
_STOP_WORDS = {"a", "an", "and", "by", "for", "in", "of", "on", "or", "the", "to", "with"}
# Matches read up front (``search_requests_probed``): above this a search is "large".
PROBE = 1000
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


def _citation_words(words: list[str]) -> str:
    """The words with each citation as the document's token for it ("s24" and "section 24"
    are ``xsec24``, "foia-s24" stays: its words are in the document): "" when none is."""
    out: list[str] = []
    changed = False
    for word in words:
        prefixed = _PREFIXED.match(word)
        if word.lower() in _CITATION_WORDS:
            changed = True  # "section 24": the number says which
        elif prefixed or word[:1].isdigit():
            out.append("xsec" + token_text(prefixed["section"] if prefixed else word))
            changed = True
        else:
            out.append(word)
    return " ".join(out) if changed else ""


def search_query(text: str) -> SearchQuery:
    """What a stored document must match: the words as typed, or the words with citations as
    their tokens, or the whole text as a reference."""
    query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
    cited = _citation_words(_words(text))
    if cited:
        query = query | SearchQuery(cited, config=SEARCH_CONFIG, search_type="websearch")
    reference = token_text(text)
    if reference:
        query = query | SearchQuery("xref" + reference, config=SEARCH_CONFIG, search_type="plain")
    return query


def matching_request_ids(text: str, *, authority_names: bool = False) -> QuerySet | None:
    """The ids of every request matching ``text`` (None when it has no words): those whose
    stored document matches (PostgreSQL) and, with ``authority_names``, those whose
    authority's name holds every word.

    The authorities are looked up first (one query over the directory): the condition on
    the documents is then ``document @@ query OR authority_id IN (...)`` on one table, a
    bitmap OR of two indexes for a rare word, a cheap per-row test for a common one. An OR
    of ``pk IN (subquery)`` could use neither (issue 15).
    """
    words = _words(text)
    if not words:
        return None
    if connection.vendor != "postgresql":
        return _sqlite_request_ids(text, words, authority_names=authority_names)
    return RequestSearch.objects.filter(_document_condition(text, words, authority_names)).values(
        "request_id"
    )


def _document_condition(text: str, words: list[str], authority_names: bool) -> Q:
    condition = Q(document=search_query(text))
    if authority_names:
        named = list(_named_authorities(words).values_list("pk", flat=True))
        if named:
            condition |= Q(authority_id__in=named)
    return condition


def _named_authorities(words: list[str]) -> QuerySet:
    named = PublicAuthority.objects.all()
    for word in words:
        named = named.filter(name__icontains=word)
    return named.order_by()


def _sqlite_request_ids(text: str, words: list[str], *, authority_names: bool) -> QuerySet:
    """The same on SQLite, from the base tables: the request's words, its letters', its
    reference whole, the exemptions its letters cite and (``authority_names``) its
    authority's name, as one ``UNION``."""
    in_request: QuerySet = FOIRequest.objects.all()
    in_letter: QuerySet = Response.objects.all()
    for word in words:
        in_request = in_request.filter(Q(title__icontains=word) | Q(text__icontains=word))
        in_letter = in_letter.filter(letter_text__icontains=word)
    # The models' default orderings must not reach inside the UNION.
    parts = [
        in_request.order_by().values("pk"),
        in_letter.order_by().values("request_id"),
        # An authority's reference ("FOI429836404") is looked up whole.
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
        parts.append(
            FOIRequest.objects.filter(authority__in=_named_authorities(words).values("pk"))
            .order_by()
            .values("pk")
        )
    return parts[0].union(*parts[1:])


def search_requests(
    queryset: QuerySet[FOIRequest], text: str, *, authority_names: bool = False
) -> QuerySet[FOIRequest]:
    """The requests of ``queryset`` whose words, letters or cited exemptions match ``text``
    (and, with ``authority_names``, whose authority's name holds every word)."""
    return search_requests_probed(queryset, text, authority_names=authority_names)[0]


def search_requests_probed(
    queryset: QuerySet[FOIRequest], text: str, *, authority_names: bool = False
) -> tuple[QuerySet[FOIRequest], bool]:
    """``search_requests``, and whether more than ``PROBE`` requests match (of all, before
    the queryset's own filters): a page of a search that large shows "more than", not a
    count.

    On PostgreSQL the matches are first read from the documents, at most ``PROBE`` + 1 of
    them (one query, by the GIN index for a rare word). Up to ``PROBE``, the list is
    filtered by those ids: the planner cannot then mistake a rare word for a common one
    and walk every request looking for it (a word it has no statistics for is estimated at
    half the rarest it knows: 800 rows at a million requests). More, and the list is
    filtered by the documents' subquery, which for a common word the planner answers by
    walking the list's order and stopping after a page.
    """
    words = _words(text)
    if not words:
        return queryset, False
    if connection.vendor != "postgresql":
        ids = _sqlite_request_ids(text, words, authority_names=authority_names)
        return queryset.filter(pk__in=ids), False
    condition = _document_condition(text, words, authority_names)
    found = list(
        RequestSearch.objects.filter(condition).values_list("request_id", flat=True)[: PROBE + 1]
    )
    if len(found) <= PROBE:
        return queryset.filter(pk__in=found), False
    # Each row of the list tested against its own document, in the list's order, until
    # the page is full: a scalar subquery, which PostgreSQL cannot turn into a join and so
    # cannot answer by fetching every match first (it did, for a phrase it thought rare).
    its_document = RequestSearch.objects.filter(request_id=OuterRef("pk")).values(
        matches=ExpressionWrapper(condition, output_field=BooleanField())
    )
    return queryset.filter(Subquery(its_document[:1], output_field=BooleanField())), True
