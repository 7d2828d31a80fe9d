"""One stored search document per request (``RequestSearch``, selectors/search.py), with
its GIN index; the expression indexes it replaces are dropped. (It filled the table from
the base tables with the service's code until that code wrote 0027's digest; 0027 fills
an empty table now.)

The GIN index, like 0006's, is PostgreSQL only (a ``GinIndex`` in the model state would be
created on SQLite too). 0006's two expression indexes and 0015's index on the reference
were read by search alone: every deadline rewrite of a request paid for them.
"""

import importlib

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

OLD_INDEXES = ("foireq_search_gin", "response_letter_search_gin")


def fill(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The documents are filled by 0027: today's service code writes a column added there.
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "CREATE INDEX requestsearch_document_gin ON requests_app_requestsearch "
            "USING gin (document)"
        )
        for name in OLD_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


def unfill(apps, schema_editor):
    # 0006's indexes again (the new table goes with the model); a no-op on SQLite there too.
    importlib.import_module("requests_app.migrations.0006_search_gin_indexes").create(
        apps, schema_editor
    )


class Migration(migrations.Migration):
    dependencies = [
        ("requests_app", "0018_email_requester_notified"),
    ]

    operations = [
        migrations.CreateModel(
            name="RequestSearch",
            fields=[
                (
                    "request",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="requests_app.foirequest",
                    ),
                ),
                (
                    "authority",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="requests_app.publicauthority",
                    ),
                ),
                ("document", django.contrib.postgres.search.SearchVectorField()),
            ],
        ),
        migrations.RemoveIndex(model_name="foirequest", name="foireq_reference_upper_idx"),
        migrations.RunPython(fill, unfill, elidable=False),
    ]
