"""GIN indexes for full-text search of requests and letters (requests_app/selectors/search.py).

PostgreSQL only: SQLite has no tsvector, and its search falls back to ``icontains``. The
indexes are built here rather than in ``Meta.indexes`` because a ``GinIndex`` in the model
state would be created on SQLite too. The expressions are the selector's own, so the query
matches the index expression exactly and the planner can use it.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

# Must stay equal to REQUEST_DOCUMENT and LETTER_DOCUMENT in the selector (a PostgreSQL
# test checks the planner uses these indexes).
REQUEST_DOCUMENT = SearchVector("title", "text", config="english")
LETTER_DOCUMENT = SearchVector("letter_text", config="english")

INDEXES = [
    ("FOIRequest", GinIndex(REQUEST_DOCUMENT, name="foireq_search_gin")),
    ("Response", GinIndex(LETTER_DOCUMENT, name="response_letter_search_gin")),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, index in INDEXES:
        schema_editor.add_index(apps.get_model("requests_app", model_name), index)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, index in INDEXES:
        schema_editor.remove_index(apps.get_model("requests_app", model_name), index)


class Migration(migrations.Migration):
    dependencies = [
        ("requests_app", "0005_fee_lapses_on_index"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
