"""The words a search finds a request by: one stored ``tsvector`` per request (PostgreSQL).

``selectors/search.py`` answers a search with one ``@@`` test on this table instead of a
``UNION`` of index scans over requests, letters, citations and references: a rare word is
read from the GIN index, a common one by walking the list's own order and testing each
row's stored document (no re-tokenising), stopping after a page. Kept by
``services.search_documents`` in the same transaction as every write that changes what is
in it, and rebuilt from the base tables by ``manage.py recompute_deadlines``. Derived only.

On SQLite the table exists (the model is the same) but stays empty: search there reads the
base tables with ``icontains``.
"""

import re

from django.contrib.postgres.search import SearchVectorField
from django.db import models

CONFIG = "english"


def token_text(value: str) -> str:
    """A citation or reference as one search token's tail: the runs of letters and digits,
    lowercased, joined by "x" ("FOI/2024-17" is "foix2024x17"). The document's SQL makes
    the same (``services.search_documents._token_sql``)."""
    return "x".join(re.sub(r"[^a-z0-9]+", " ", value.lower()).split())


class RequestSearch(models.Model):
    request = models.OneToOneField(
        "requests_app.FOIRequest", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    # A copy of the request's own, so the API's "or words of the authority's name" is a
    # condition on this table too (one bitmap OR with the GIN index, not an OR of subqueries).
    authority = models.ForeignKey(
        "requests_app.PublicAuthority",
        on_delete=models.DO_NOTHING,
        db_constraint=False,  # a copy of the request's own, which is checked
        related_name="+",
    )
    # Title and text, every letter, the cited exemptions' codes, sections and titles, and
    # the authority's reference (services/search_documents.py). GIN index: migration 0019.
    document = SearchVectorField()
    # md5 of the configuration, the authority and the texts the document was tokenised from
    # (services/search_documents.py ``_DIGEST``): a check of the table compares these, not
    # documents. NULL: unknown, recomputed by the next check (rows loaded around the
    # services, or written before migration 0027).
    source_digest = models.UUIDField(null=True)

    def __str__(self) -> str:
        return f"search document of request {self.request_id}"  # type: ignore[attr-defined]
