"""stg_<source> re-derived from stg_<source>_versions for the records some files touch.

The staging table holds, per record, its newest version (export time, then file, then
line): after files' versions are added or removed, only the records those files touch (now
or before) are deleted and re-selected, so the cost follows the files, not the history. The earliest event day among the touched
records' old and new versions is noted for the marts (warehouse/mart_changes.py), in the same
transaction, so that they rebuild only the partitions from that day on.
"""

from __future__ import annotations

import duckdb

from warehouse.mart_changes import record_change
from warehouse.schema import staging_table, versioned_columns, versions_table
from warehouse.sources import Source


def _quoted(name: str) -> str:
    return f'"{name}"'


def refresh_staged_records(
    con: duckdb.DuckDBPyConnection, source: Source, files: list[str]
) -> None:
    """Re-derive stg rows for every record that has (or had) a version in `files`.

    Runs inside the caller's transaction, after the files' versions were replaced: the
    touched records are those with a version from the files now, plus those whose staged
    row came from them before.
    """
    key, stg, versions = _quoted(source.key), staging_table(source), versions_table(source)
    columns = ", ".join(_quoted(name) for name, _ in versioned_columns(source))
    con.execute("create or replace temp table touched_files (path varchar)")
    con.executemany("insert into touched_files values (?)", [[f] for f in files])
    params: dict = {}
    every = _every_version_touched(con, versions)
    if every:
        # A first load, or every file staged again: every record is touched, so the key
        # lookups would keep every row (they cost a 10M-record load 2-3 s).
        touched = "true"
    else:
        con.execute(
            f"""
            create or replace temp table touched_keys as
            select {key} as k from {versions} where _file in (select path from touched_files)
            union
            select {key} from {stg} where _file in (select path from touched_files)
            """
        )
        # The touched keys' range as well as the keys: DuckDB skips the row groups whose
        # key range lies outside it (its zone maps), which a lookup of the keys alone does
        # not. Record numbers mostly grow with time, so a day's records sit in the last few
        # row groups: for a day of 41k service transactions among 10M, each lookup read 6
        # of 83 row groups, in 0.03 s against 0.21 s. Keys out of order only read more.
        low, high = con.execute("select min(k), max(k) from touched_keys").fetchall()[0]
        params = {"low": low, "high": high}
        touched = f"{key} between $low and $high and {key} in (select k from touched_keys)"
    event = _quoted(source.event_time)
    # Each lookup of the touched keys scans the key column of a table of every record (10M
    # service tokens: 0.2-0.3 s, where the keys' range does not narrow it), so each table is
    # scanned once and the rows found are kept by row id: the staged rows to replace (and
    # their earliest day), then the newest version of each touched record (and its day).
    # Five scans took 1.2 s for a day of service transactions, these two 0.56 s. The window
    # sorts the key and the three ordering columns only, not every column.
    con.execute(
        f"""
        create or replace temp table touched_staged as
        select rowid as row_id, {event}::date as day from {stg} where {touched}
        """,
        params,
    )
    old_from = con.execute("select min(day) from touched_staged").fetchone()[0]
    con.execute(f"delete from {stg} where rowid in (select row_id from touched_staged)")
    if every:
        _stage_every_record(con, source, columns)
        new_from = con.execute(f"select min({event}::date) from {stg}").fetchone()[0]
    else:
        con.execute(
            f"""
            create or replace temp table newest_versions as
            select rowid as row_id, {event}::date as day from {versions} where {touched}
            qualify row_number() over (
              partition by {key} order by _exported_at desc, _file desc, _line desc
            ) = 1
            """,
            params,
        )
        con.execute(
            f"insert into {stg} ({columns}) select {columns} from {versions} "
            "where rowid in (select row_id from newest_versions)"
        )
        new_from = con.execute("select min(day) from newest_versions").fetchone()[0]
    changed = [day for day in (old_from, new_from) if day is not None]
    record_change(con, stg, min(changed) if changed else None)
    for table in (
        "newest_versions",
        "repeated_keys",
        "touched_staged",
        "touched_keys",
        "touched_files",
    ):
        con.execute(f"drop table if exists {table}")


def _stage_every_record(con: duckdb.DuckDBPyConnection, source: Source, columns: str) -> None:
    """Insert the newest version of every record into the (emptied) staging table.

    Most records have one version, which is their newest: only the records with several
    (re-exports, corrections) go through the window. For the state-year's 11M service
    transaction versions, of which 0.5M share a record with another, that took 6.7 s
    against 10.5 s with every version in the window.
    """
    key, stg, versions = _quoted(source.key), staging_table(source), versions_table(source)
    con.execute(
        f"""
        create or replace temp table repeated_keys as
        select {key} as k from {versions} group by {key} having count(*) > 1
        """
    )
    con.execute(
        f"""
        create or replace temp table newest_versions as
        select rowid as row_id from {versions}
        where {key} in (select k from repeated_keys) or {key} is null
        qualify row_number() over (
          partition by {key} order by _exported_at desc, _file desc, _line desc
        ) = 1
        """
    )
    # A row without a record id is quarantined, never versioned; were there such rows, they
    # would share one record, as in the window of the other path.
    con.execute(
        f"""
        insert into {stg} ({columns}) select {columns} from {versions}
        where {key} not in (select k from repeated_keys where k is not null)
          or rowid in (select row_id from newest_versions)
        """
    )


def _every_version_touched(con: duckdb.DuckDBPyConnection, versions: str) -> bool:
    """Whether every row of the versions table comes from a touched file (then every staged
    row does too: a staged row is the newest version of its record)."""
    return not con.execute(
        f"select exists (select 1 from {versions} "
        "where _file not in (select path from touched_files))"
    ).fetchone()[0]


def unstage_rejected(con: duckdb.DuckDBPyConnection, source: Source) -> int:
    """Take out of staging, and out of the quarantine, the rows of files that were good once
    and are now rejected (a file whose every row was quarantined has only the latter)."""
    versions = versions_table(source)
    stale = [
        row[0]
        for row in con.execute(
            f"""
            select distinct f.file from (
              select _file as file from {versions}
              union all select file from quarantine where source = ?
            ) f
            join ingest_manifest m on m.source = ? and m.path = f.file and m.status = 'rejected'
            order by 1
            """,
            [source.name, source.name],
        ).fetchall()
    ]
    if not stale:
        return 0
    con.execute("begin transaction")
    try:
        for path in stale:
            con.execute(f"delete from {versions} where _file = ?", [path])
            con.execute("delete from quarantine where source = ? and file = ?", [source.name, path])
        refresh_staged_records(con, source, stale)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return len(stale)
