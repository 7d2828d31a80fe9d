"""The reply token compared byte by byte (``COLLATE "C"``), PostgreSQL only (issue 15).

The token is 24 random base32 characters, only ever looked up by equality (an incoming
email's address), so the database's linguistic collation buys nothing; but its unique index
is built again by every whole-table deadline rewrite (``services/deadlines_rewrite.py``), and
sorting a million tokens through the libc collation took 1.8 s against 0.8 s byte by byte
(a copy of ``bench1m``, docs/benchmarks.md). The model does not name the collation (SQLite
has no "C"): a later ``AlterField`` of the column should keep it.
"""

from django.db import migrations

TABLE = "requests_app_foirequest"


def to_c(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'ALTER TABLE {TABLE} ALTER COLUMN reply_token TYPE varchar(32) COLLATE "C"'
        )


def to_default(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'ALTER TABLE {TABLE} ALTER COLUMN reply_token TYPE varchar(32) COLLATE "default"'
        )


class Migration(migrations.Migration):
    dependencies = [
        ("requests_app", "0028_request_table_fillfactor"),
    ]

    operations = [
        migrations.RunPython(to_c, to_default, elidable=False),
    ]
