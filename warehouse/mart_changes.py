"""What staging changed since the marts were last built, and what that build was built on.

Two pipeline-internal tables (neither reaches the reader snapshot):

``mart_changes``      per table, the earliest day it changed on since the last complete mart
                      build: for a staging table, the earliest event day of any record added,
                      changed or removed, written by staging in the same transaction as the
                      records (``record_change``), so a change is never staged without being
                      noted; for a mart rebuilt whole that a partitioned mart reads, the
                      earliest day its rows differ. A complete build clears it; a crash before
                      that leaves it in place, and the next build rebuilds the same
                      partitions again.
``mart_build_state``  what the last complete build depended on besides staging: the digest of
                      the models and reference tables, and each source's as-of date.

warehouse/partitioned_build.py reads both to decide which partitions to rebuild, and whether
a partial rebuild is allowed at all.
"""

from __future__ import annotations

import datetime as dt

import duckdb

_DDL = (
    "create table if not exists mart_changes (table_name varchar primary key, changed_from date)",
    "create table if not exists mart_build_state (name varchar primary key, value varchar)",
)


def create_mart_change_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create both tables where they do not exist yet."""
    for ddl in _DDL:
        con.execute(ddl)


def record_change(con: duckdb.DuckDBPyConnection, table: str, changed_from: dt.date | None) -> None:
    """Note that ``table`` changed from ``changed_from`` on (for staging, the earliest event
    day among the records' old and new versions); None notes nothing.

    Runs in the caller's transaction. An earlier note is kept when it is earlier still.
    """
    if changed_from is None:
        return
    create_mart_change_tables(con)
    con.execute(
        """
        insert into mart_changes values (?, ?)
        on conflict (table_name) do update
        set changed_from = least(mart_changes.changed_from, excluded.changed_from)
        """,
        [table, changed_from],
    )


def staging_changes(con: duckdb.DuckDBPyConnection) -> dict[str, dt.date]:
    """{table: earliest changed day} noted since the last complete build."""
    create_mart_change_tables(con)
    return dict(con.execute("select table_name, changed_from from mart_changes").fetchall())


def build_state(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """What the last complete build depended on: {name: value}; empty before any build."""
    create_mart_change_tables(con)
    return dict(con.execute("select name, value from mart_build_state").fetchall())


def finish_build(con: duckdb.DuckDBPyConnection, state: dict[str, str]) -> None:
    """A build completed: store what it depended on and forget the changes it covered."""
    create_mart_change_tables(con)
    con.begin()
    try:
        con.execute("delete from mart_build_state")
        con.executemany("insert into mart_build_state values (?, ?)", sorted(state.items()))
        con.execute("delete from mart_changes")
        con.commit()
    except Exception:
        con.rollback()
        raise
