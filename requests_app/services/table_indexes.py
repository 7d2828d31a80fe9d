"""Bulk writes to a whole table (PostgreSQL): its secondary indexes dropped around the write
and built again (one sort per index instead of an entry inserted per row written), and its
planner row count, by which the rebuilds choose between rewriting a few rows and a refill."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

# Every index of the table but its primary key (foreign keys elsewhere reference it) and
# any other index a foreign key references. A unique index that backs a constraint is
# dropped and added back as that constraint.
_INDEXES = """
    SELECT c.relname, pg_get_indexdef(i.indexrelid), k.conname, pg_get_constraintdef(k.oid)
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    LEFT JOIN pg_constraint k ON k.conindid = i.indexrelid AND k.conrelid = i.indrelid
    WHERE i.indrelid = %s::regclass AND NOT i.indisprimary
      AND NOT EXISTS (
          SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = i.indexrelid
      )
    ORDER BY c.relname
"""


@contextmanager
def secondary_indexes_dropped(cursor, table: str) -> Iterator[list[str]]:
    """Inside the caller's transaction (which should hold the table's ACCESS EXCLUSIVE
    lock: the drop takes it anyway), drop ``table``'s secondary indexes, yield their names,
    then create them again with their exact definitions."""
    quoted = '"' + table.replace('"', '""') + '"'
    cursor.execute(_INDEXES, [quoted])
    indexes = cursor.fetchall()
    # Foreign keys are checked at commit; an index cannot be built on a table with checks
    # pending (a caller's transaction that wrote rows referencing it).
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for name, _, constraint, _ in indexes:
        if constraint:
            cursor.execute(f'ALTER TABLE {quoted} DROP CONSTRAINT "{constraint}"')
        else:
            cursor.execute(f'DROP INDEX "{name}"')
    yield [row[0] for row in indexes]
    for _, definition, constraint, constraint_definition in indexes:
        if constraint:
            cursor.execute(
                f'ALTER TABLE {quoted} ADD CONSTRAINT "{constraint}" {constraint_definition}'
            )
        else:
            cursor.execute(definition)


def planned_rows(cursor, table: str) -> int:
    """``table``'s row count as the planner has it (kept by ANALYZE and autovacuum): near
    enough for a threshold, and free where ``count(*)`` reads the whole table."""
    cursor.execute(
        "SELECT GREATEST(reltuples, 0)::bigint FROM pg_class WHERE oid = %s::regclass", [table]
    )
    return cursor.fetchone()[0]
