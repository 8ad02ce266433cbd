"""Where a file's raw rows go while it is read: committed slice by slice, never one transaction.

pipelines/load/raw.py reads an export a slice at a time. DuckDB holds a transaction's
appended rows in the process until it commits, and the process grew with them, by about
80 MiB per 250,000 helpline records: measured on the state-year's biggest export (2.1M
helpline records, 254 MB) read and hashed in one process, 1,214-1,250 MiB at the commit of
one transaction against 1,015 MiB with every slice committed on its own. So every slice is
committed as it comes, and only the step that makes the file count is one short transaction:

- a file with no rows in raw yet (every new export) is appended straight to raw_<source>,
  its path noted in ``load_in_progress`` meanwhile. Its rows are read by nothing until its
  manifest row says `read` (staging picks its files from the manifest), which the finishing
  transaction sets as it clears the note;
- a file that replaces earlier rows, or whose manifest row says `read` already (a version
  read but not yet staged, even one without records), is appended to a scratch table, and
  the finishing transaction swaps the scratch rows for its raw rows: until then the earlier
  version stays whole, as a held (shrunken) version requires. The extra insert costs about
  2.1 s per 2.1M records, paid by re-exports and corrections only.

A file refused, held or deferred has what was appended removed; a run that stops mid-file
leaves either a note or a scratch table, and the next load of the source removes what they
point to (``clear_interrupted``) before it reads anything.
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb
import polars as pl

from pipelines.load.lineage_insert import FileLineage, insert_with_lineage
from warehouse.schema import raw_columns, raw_table
from warehouse.sources import Source

_NOTES = "load_in_progress"


def scratch_table(source: Source) -> str:
    """The table a replacing file's rows are appended to before they take the old ones' place."""
    return f"load_scratch_{source.name}"


def _create_notes(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"create table if not exists {_NOTES} (source varchar, path varchar)")


def start_appends(
    con: duckdb.DuckDBPyConnection, source: Source, path: str, replacing: bool
) -> str:
    """Make ready to append ``path``'s rows; returns the table they go to (committed)."""
    if replacing:
        scratch = scratch_table(source)
        con.execute(f"create or replace table {scratch} as from {raw_table(source)} limit 0")
        return scratch
    _create_notes(con)
    con.execute(f"insert into {_NOTES} values (?, ?)", [source.name, path])
    return raw_table(source)


def append_slices(
    con: duckdb.DuckDBPyConnection,
    table: str,
    source: Source,
    slices: Iterable[pl.DataFrame],
    lineage: FileLineage,
) -> int:
    """Append ``slices`` (raw rows of ``source`` without the file's lineage) to ``table``,
    each committed on its own, with ``lineage`` added; returns the rows appended."""
    rows = 0
    columns = raw_columns(source)
    for frame in slices:
        insert_with_lineage(con, table, columns, frame, lineage)
        rows += frame.height
    return rows


def finish_appends(
    con: duckdb.DuckDBPyConnection, source: Source, path: str, replacing: bool
) -> None:
    """In the caller's transaction: make the appended rows ``path``'s raw rows."""
    if replacing:
        con.execute(f"delete from {raw_table(source)} where _file = ?", [path])
        con.execute(f"insert into {raw_table(source)} select * from {scratch_table(source)}")
        con.execute(f"drop table {scratch_table(source)}")
    else:
        con.execute(f"delete from {_NOTES} where source = ? and path = ?", [source.name, path])


def discard_appends(
    con: duckdb.DuckDBPyConnection, source: Source, path: str, replacing: bool
) -> None:
    """Remove what was appended of ``path`` (in a transaction of its own)."""
    _create_notes(con)
    con.execute("begin transaction")
    try:
        if replacing:
            con.execute(f"drop table if exists {scratch_table(source)}")
        else:
            con.execute(f"delete from {raw_table(source)} where _file = ?", [path])
            con.execute(f"delete from {_NOTES} where source = ? and path = ?", [source.name, path])
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def clear_interrupted(con: duckdb.DuckDBPyConnection, source: Source) -> list[str]:
    """Remove what a run that stopped mid-file left of the source: the rows of files noted
    as in progress, and the scratch table. Returns the paths whose rows were removed."""
    _create_notes(con)
    paths = [
        row[0]
        for row in con.execute(
            f"select path from {_NOTES} where source = ? order by path", [source.name]
        ).fetchall()
    ]
    for path in paths:
        discard_appends(con, source, path, replacing=False)
    con.execute(f"drop table if exists {scratch_table(source)}")
    return paths
