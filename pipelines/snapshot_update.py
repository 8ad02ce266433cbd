"""Bring a copy of the last reader snapshot up to date with what the build changed.

A day of new exports changes a few days of the partitioned marts and rebuilds the small
marts whole; writing the whole reader snapshot again (3.3M case records and 630k KPI rows at
state scale) costs seconds for that. So, when the snapshot beside the warehouse is the one
the last publication wrote (its identity was recorded, warehouse/snapshot_changes.py), a
byte copy of it is updated instead, table by table:

- a mart the build did not touch (not in ``snapshot_changes``) is kept as it is;
- a partitioned mart (warehouse/partitioned_build.py) loses its rows from the first changed
  day on and takes the warehouse's rows from that day on, if it holds at least a row group
  (122,880 rows); a smaller one is copied whole: the appended rows of a table take a block
  (256 KB) of their own in the copy, as much as a small table takes whole, and those blocks
  added 5 MB to a 52 MB state-year snapshot, where copying the small marts whole costs
  hundredths of a second;
- every other reader table -- a mart rebuilt whole, the statistics, and the tables written
  outside the build (reference tables, check results, scorecard history, publications,
  alerts) -- is copied whole, as a full publication would.

Then every reader table must hold as many rows as the warehouse's; if one does not, the copy
is thrown away and the snapshot written whole.

An updated copy grows: a partitioned mart's rows from its first changed day on are deleted
in row groups that stay, and taken again into new ones. On the state-year warehouse one day
took the copy from 174 used blocks (43.5 MiB, as written whole) to 181 used and 9 free
(47.5 MiB), and each day appends its changed days again. So an update is made only
when the copy will stay within ``update_limit``: the readers' budget (50 MB, what a reader
fetches and opens), or the size of a whole snapshot where that is larger, and never half
again as large as the last whole one. Whether it will is judged from the last update's
growth, recorded with it (warehouse/snapshot_changes.py), and checked once made: a copy
over the limit is thrown away and the snapshot written whole.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from pipelines.table_copy import create_empty, estimated_rows, insert_rows
from warehouse.build import STATISTICS_TABLES
from warehouse.model_files import MART_MODELS
from warehouse.partitioned_build import PARTITIONED

# Tables only the build writes, whose changes it notes; every other reader table is copied.
BUILT_TABLES = frozenset(MART_MODELS) | frozenset(STATISTICS_TABLES)
GROWTH_LIMIT = 1.5
SNAPSHOT_BUDGET_BYTES = 50_000_000  # the most a reader should have to fetch (module docstring)
ROW_GROUP_ROWS = 122_880  # DuckDB's rows per row group: a smaller table is copied whole


def update_limit(whole_bytes: int) -> int:
    """The largest an updated copy may be, given the size of the last whole snapshot: the
    budget, or the whole size where that is larger, and at most GROWTH_LIMIT times it."""
    return int(min(GROWTH_LIMIT * whole_bytes, max(SNAPSHOT_BUDGET_BYTES, whole_bytes)))


def _tables(con: duckdb.DuckDBPyConnection, database: str) -> set[str]:
    rows = con.execute(
        "select table_name from duckdb_tables() where database_name = ? and schema_name = 'main'",
        [database],
    ).fetchall()
    return {name for (name,) in rows}


def update_tables(
    con: duckdb.DuckDBPyConnection, reader: list[str], changes: dict[str, dt.date | None]
) -> list[str]:
    """Update the snapshot open as ``con`` (the pipeline's file attached as ``pipeline``)
    table by table; returns the tables copied whole or in part. Raises ValueError, with the
    table named, when a table's rows then differ in number (the copy is then discarded).

    What goes is dropped or deleted first and checkpointed, so that the blocks it held are
    free for what comes in (DuckDB reuses a block only once a checkpoint has freed it):
    the copy then stays about the size of a snapshot written whole."""
    present = _tables(con, con.execute("select current_database()").fetchall()[0][0])
    rows = estimated_rows(con, "pipeline")
    whole, partial = [], {}
    for table in reader:
        if table in BUILT_TABLES and table in present and table not in changes:
            continue  # not rebuilt since the snapshot was written
        first = changes.get(table)
        large = rows.get(table, 0) >= ROW_GROUP_ROWS
        if table in present and table in PARTITIONED and first is not None and large:
            partial[table] = first
        else:
            whole.append(table)
    for table in sorted(present - set(reader)) + [t for t in whole if t in present]:
        con.execute(f'drop table main."{table}"')
    for table, first in partial.items():
        column = PARTITIONED[table]
        con.execute(f'delete from main."{table}" where "{column}" >= ?', [first])
    con.execute("checkpoint")
    create_empty(con, whole)
    copies = [(table, "", []) for table in whole]
    copies += [(table, f'"{PARTITIONED[table]}" >= ?', [first]) for table, first in partial.items()]
    insert_rows(con, copies, rows)
    for table in reader:
        here, there = con.execute(
            f'select (select count(*) from main."{table}"), '
            f'(select count(*) from pipeline.main."{table}")'
        ).fetchall()[0]
        if here != there:
            raise ValueError(f"{table}: {here} rows in the updated copy, {there} in the warehouse")
    return whole + list(partial)
