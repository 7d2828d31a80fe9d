"""Each search document keeps the md5 digest of the texts it was tokenised from
(``RequestSearch.source_digest``), so ``recompute_deadlines``' check of the table computes
digests instead of re-tokenising every request (issue 15).

NULL means unknown: the rows already there keep their documents (searched as before) and
the next ``search_documents_rebuild`` (``manage.py recompute_deadlines``) recomputes them,
refilling the table in one statement as more than a quarter are unknown; not here, where a
million rows would hold the deploy for minutes. An empty table (a database coming through
0019, which can no longer fill it with today's code, the column not existing yet) is filled
here. PostgreSQL only: SQLite stores no documents.
"""

from django.db import migrations, models


def fill_if_empty(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # Today's service code, as 0017 and 0019 did: the SQL that keeps the table.
    from requests_app.services.search_documents import search_documents_rebuild

    if not apps.get_model("requests_app", "RequestSearch").objects.exists():
        search_documents_rebuild()


class Migration(migrations.Migration):
    dependencies = [
        ("requests_app", "0026_authority_name_trigram"),
    ]

    operations = [
        migrations.AddField(
            model_name="requestsearch",
            name="source_digest",
            field=models.UUIDField(null=True),
        ),
        migrations.RunPython(fill_if_empty, migrations.RunPython.noop, elidable=False),
    ]
