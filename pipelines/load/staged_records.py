"""The newest version of each record some files touch, flagged for the staging view.

stg_<source> shows, per record, its version from the newest export (export time, then file,
then line): the versions whose ``_newest`` is true (warehouse/staging_view.py). After files
were staged (their versions pending) or rejected, only the records those files touch (now
or before) are flagged again, so the cost follows the files, not the history. The earliest
event day among the touched records' old and new newest versions is noted for the marts
(warehouse/mart_changes.py), in the same transaction, so that they rebuild only the
partitions from that day on.
"""

from __future__ import annotations

import duckdb

from pipelines.load.slice_memory import full_memory_limit
from warehouse.mart_changes import record_change
from warehouse.schema import staging_table, versions_table
from warehouse.sources import Source
from warehouse.staging_view import NEWEST


def _quoted(name: str) -> str:
    return f'"{name}"'


def refresh_staged_records(
    con: duckdb.DuckDBPyConnection, source: Source, files: list[str], staged: bool = True
) -> None:
    """Flag anew every record that has (or had) a version in ``files``.

    Runs inside the caller's transaction. ``staged``: the files were just staged, so their
    pending versions replace their earlier ones; otherwise (files rejected now) every
    version of theirs goes. Then each touched record's newest remaining version is flagged
    true, its others false.
    """
    key, versions = _quoted(source.key), versions_table(source)
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
            select distinct {key} as k from {versions}
            where _file in (select path from touched_files)
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
    old_from = con.execute(
        f"select min({event}::date) from {versions} where {NEWEST} and {touched}", params
    ).fetchone()[0]
    replaced = f"{NEWEST} is not null" if staged else "true"
    con.execute(
        f"delete from {versions} where _file in (select path from touched_files) and {replaced}"
    )
    if every:
        _flag_every_record(con, source)
        new_from = con.execute(
            f"select min({event}::date) from {versions} where {NEWEST}"
        ).fetchone()[0]
    else:
        # The window sorts the key and the three ordering columns of the touched records
        # only; the update then rewrites one boolean per touched version.
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
            f"update {versions} set {NEWEST} = rowid in (select row_id from newest_versions) "
            f"where {touched}",
            params,
        )
        new_from = con.execute("select min(day) from newest_versions").fetchone()[0]
    changed = [day for day in (old_from, new_from) if day is not None]
    record_change(con, staging_table(source), min(changed) if changed else None)
    for table in ("newest_versions", "repeated_keys", "touched_keys", "touched_files"):
        con.execute(f"drop table if exists {table}")


def _flag_every_record(con: duckdb.DuckDBPyConnection, source: Source) -> None:
    """Flag the newest version of every record, the others not.

    Most records have one version, which is their newest: only the records with several
    (re-exports, corrections) go through the window. For the state-year's 11M service
    transaction versions, of which 0.5M share a record with another, that took 6.7 s
    against 10.5 s with every version in the window (when the newest were copied to a
    table of their own).
    """
    key, versions = _quoted(source.key), versions_table(source)
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
        update {versions} set {NEWEST} = rowid in (select row_id from newest_versions)
          or ({key} is not null and {key} not in (select k from repeated_keys where k is not null))
        """
    )


def _every_version_touched(con: duckdb.DuckDBPyConnection, versions: str) -> bool:
    """Whether every row of the versions table comes from a touched file."""
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
    with full_memory_limit(con):
        con.execute("begin transaction")
        try:
            for path in stale:
                con.execute(
                    "delete from quarantine where source = ? and file = ?", [source.name, path]
                )
            refresh_staged_records(con, source, stale, staged=False)  # their versions go there
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
    return len(stale)
