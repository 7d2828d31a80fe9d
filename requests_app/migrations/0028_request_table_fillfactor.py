"""Room on every page of the request table for a second version of each row (issue 15).

``manage.py recompute_deadlines`` writes every row whose deadlines changed in one locked
rewrite, its secondary indexes dropped around the ``UPDATE``. With no index left on a column
it changes, PostgreSQL can write each new version on its old version's page (a HOT update)
when the page has room; packed full, each new version went to another page, the table grew
by its own size, and each index build afterwards read and sorted the old versions too (the
transaction that deleted them is the one building). At a fillfactor of 50, inserts (and rows
moved by an update) leave half of each page free, so the rewrite's updates stay on their
pages (97% at a million rows): the index builds took 10.2 s against 15.5 s, the whole command
41.2 s against 45.7 s (docs/benchmarks.md). A table that has had one whole rewrite is this
size anyway: the old versions' space stays with the table.

Existing pages are not rewritten: the first whole rewrite after this migration moves rows to
half-filled pages, and the next ones are HOT. PostgreSQL only.
"""

from django.db import migrations

TABLE = "requests_app_foirequest"
FILLFACTOR = 50


def set_fillfactor(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} SET (fillfactor = {FILLFACTOR})")


def reset_fillfactor(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [
        ("requests_app", "0027_request_search_source_digest"),
    ]

    operations = [
        migrations.RunPython(set_fillfactor, reset_fillfactor, elidable=False),
    ]
