"""The search documents kept on write equal a from-scratch computation (PostgreSQL; SQLite
stores none and searches the base tables).

The oracle assembles each request's words in Python from the ORM (title, text, every
letter, each cited exemption's code, title and section token, the reference token) and asks
PostgreSQL for their lexemes; the stored document must hold exactly those lexemes, with the
request's authority, one row per request and none for a deleted one. Its ``source_digest``
must be the md5 of the texts it was made from, assembled here in Python too (the service
writes it with the document; its whole-table check trusts it).
"""

from __future__ import annotations

import hashlib
import uuid

from django.db import connection

from requests_app.models import ExemptionCitation, FOIRequest, RequestSearch, Response
from requests_app.models.search import CONFIG, token_text


def _words(foi_request: FOIRequest) -> str:
    parts = [foi_request.title, foi_request.text]
    parts += Response.objects.filter(request=foi_request).values_list("letter_text", flat=True)
    citations = ExemptionCitation.objects.filter(response__request=foi_request).select_related(
        "exemption"
    )
    for exemption in {c.exemption for c in citations}:
        parts += [exemption.code, exemption.title, "xsec" + token_text(exemption.section)]
    reference = token_text(foi_request.authority_reference)
    if reference:
        parts.append("xref" + reference)
    return " ".join(parts)


def _digest(foi_request: FOIRequest) -> uuid.UUID:
    # The three texts tokenised apart (services/search_documents.py): title and text, the
    # non-empty letters in id order, the distinct exemption words in the database's sort
    # order then the reference token; byte lengths first.
    own = f"{foi_request.title} {foi_request.text}"
    letters = " ".join(
        Response.objects.filter(request=foi_request)
        .exclude(letter_text="")
        .order_by("id")
        .values_list("letter_text", flat=True)
    )
    citations = ExemptionCitation.objects.filter(response__request=foi_request).select_related(
        "exemption"
    )
    words = {
        f"{c.exemption.code} {c.exemption.title} xsec{token_text(c.exemption.section)}"
        for c in citations
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT string_agg(w, ' ' ORDER BY w) FROM unnest(%s::text[]) w", [list(words)]
        )
        joined = cursor.fetchone()[0] or ""
    reference = token_text(foi_request.authority_reference)
    if reference:
        joined += " xref" + reference
    source = (
        f"{CONFIG} {foi_request.authority_id} {len(own.encode())} {len(letters.encode())} "  # type: ignore[attr-defined]
        f"{own}{letters}{joined}"
    )
    return uuid.UUID(hashlib.md5(source.encode()).hexdigest())  # noqa: S324 (not a secret)


def _lexemes(sql: str, params: list) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT tsvector_to_array({sql})", params)
        return sorted(cursor.fetchone()[0])


def assert_search_documents_are_right() -> None:
    if connection.vendor != "postgresql":
        assert not RequestSearch.objects.exists()  # nothing stored, nothing to go stale
        return
    stored = {s.request_id: s for s in RequestSearch.objects.all()}  # type: ignore[attr-defined]
    requests = list(FOIRequest.objects.all())
    assert sorted(stored) == sorted(r.pk for r in requests)
    for foi_request in requests:
        row = stored[foi_request.pk]
        assert row.authority_id == foi_request.authority_id  # type: ignore[attr-defined]
        expected = _lexemes(f"to_tsvector('{CONFIG}', %s)", [_words(foi_request)])
        kept = _lexemes("%s::tsvector", [row.document])
        assert kept == expected, foi_request.title
        assert row.source_digest == _digest(foi_request), foi_request.title
