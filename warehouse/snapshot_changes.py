"""What changed in the reader tables since the reader snapshot was last written.

The build notes, before it rebuilds a model, which of its table will change: the whole table
(``changed_from`` null), or, for a mart rebuilt by partition (warehouse/partitioned_build.py),
the rows from its first rebuilt day on. Noting before building errs on the safe side: a build
that fails after the note leaves a change noted that did not happen, which costs a copy,
never a stale snapshot. Notes add up over runs whose publication was held back (a blocking
check failed) until a publication writes them into the snapshot and clears them
(pipelines/publication.py), along with the identity of the snapshot file it wrote, so the
next one knows whether the file beside the warehouse is still the one these notes build on.

Two pipeline-internal tables (neither reaches the reader snapshot):

``snapshot_changes``  per table: the earliest day changed, or null for the whole table
``snapshot_state``    the published file's identity (warehouse.snapshot.snapshot_version)
                      and its size when it was last written whole
"""

from __future__ import annotations

import datetime as dt

import duckdb

_DDL = (
    "create table if not exists snapshot_changes (table_name varchar primary key, "
    "changed_from date)",
    "create table if not exists snapshot_state (name varchar primary key, value varchar)",
)


def create_snapshot_change_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create both tables where they do not exist yet."""
    for ddl in _DDL:
        con.execute(ddl)


def note_change(con: duckdb.DuckDBPyConnection, table: str, changed_from: dt.date | None) -> None:
    """Note that ``table`` changes from ``changed_from`` on (None: as a whole). A whole
    change stays whole; of two days the earlier is kept."""
    create_snapshot_change_tables(con)
    con.execute(
        """
        insert into snapshot_changes values (?, ?)
        on conflict (table_name) do update set changed_from = case
            when snapshot_changes.changed_from is null or excluded.changed_from is null
                then null
            else least(snapshot_changes.changed_from, excluded.changed_from)
        end
        """,
        [table, changed_from],
    )


def pending_changes(con: duckdb.DuckDBPyConnection, database: str | None = None) -> dict:
    """{table: earliest changed day, or None for the whole table}, noted since the last
    publication, in ``database`` (the connection's own by default); empty when nothing was
    noted (or the tables do not exist yet)."""
    database = database or _current(con)
    if not _has_table(con, database, "snapshot_changes"):
        return {}
    rows = con.execute(f'select table_name, changed_from from "{database}".main.snapshot_changes')
    return dict(rows.fetchall())


def snapshot_state(con: duckdb.DuckDBPyConnection, database: str | None = None) -> dict[str, str]:
    """{name: value} recorded by the last publication: ``version``, ``whole_bytes`` and, once a
    publication was an update, ``growth_bytes``."""
    database = database or _current(con)
    if not _has_table(con, database, "snapshot_state"):
        return {}
    rows = con.execute(f'select name, value from "{database}".main.snapshot_state')
    return dict(rows.fetchall())


def record_publication(
    con: duckdb.DuckDBPyConnection,
    version: str,
    whole_bytes: int | None,
    growth_bytes: int | None = None,
) -> None:
    """A snapshot was written and swapped in: forget the changes it holds, remember its
    identity, its size when it was written whole (``whole_bytes``; None keeps the size of
    the last whole one) and, when it was an update, the bytes that update added
    (``growth_bytes``, which the next publication expects again; None keeps the last), in
    one transaction."""
    create_snapshot_change_tables(con)
    con.begin()
    try:
        con.execute("delete from snapshot_changes")
        con.execute("insert or replace into snapshot_state values ('version', ?)", [version])
        for name, value in (("whole_bytes", whole_bytes), ("growth_bytes", growth_bytes)):
            if value is not None:
                con.execute(
                    "insert or replace into snapshot_state values (?, ?)", [name, str(value)]
                )
        con.commit()
    except Exception:
        con.rollback()
        raise


def _current(con: duckdb.DuckDBPyConnection) -> str:
    return con.execute("select current_database()").fetchall()[0][0]


def _has_table(con: duckdb.DuckDBPyConnection, database: str, name: str) -> bool:
    rows = con.execute(
        "select count(*) from duckdb_tables() where database_name = ? and schema_name = 'main' "
        "and table_name = ?",
        [database, name],
    ).fetchall()
    return bool(rows[0][0])
