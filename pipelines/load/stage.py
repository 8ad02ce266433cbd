"""raw_<source> -> stg_<source>_versions + quarantine -> stg_<source> (newest export wins).

Only files the raw step marked `read` are parsed. For each, in one transaction: the file's
earlier versions and quarantined rows are replaced, its manifest row and load audit record
rows read = accepted + duplicates + quarantined, and the staging table is re-derived for the
records that file touches -- the work is proportional to the new data, not the warehouse.
A file rejected after an earlier good load takes its rows out of staging the same way.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

import duckdb
import polars as pl

from pipelines.ingest.clean import clean_export
from warehouse.schema import (
    raw_columns,
    raw_table,
    staging_table,
    versioned_columns,
    versions_table,
)
from warehouse.sources import Source


@dataclass
class FileAudit:
    path: str
    rows_read: int
    accepted: int
    duplicates: int
    quarantined: int

    @property
    def balanced(self) -> bool:
        return self.rows_read == self.accepted + self.duplicates + self.quarantined


@dataclass
class StageSummary:
    source: str
    files: list[FileAudit] = field(default_factory=list)
    staged_rows: int = 0

    @property
    def accepted(self) -> int:
        return sum(f.accepted for f in self.files)

    @property
    def quarantined(self) -> int:
        return sum(f.quarantined for f in self.files)

    @property
    def duplicates(self) -> int:
        return sum(f.duplicates for f in self.files)


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


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
    con.execute(
        f"""
        create or replace temp table touched_keys as
        select {key} as k from {versions} where _file in (select path from touched_files)
        union
        select {key} from {stg} where _file in (select path from touched_files)
        """
    )
    con.execute(f"delete from {stg} where {key} in (select k from touched_keys)")
    con.execute(
        f"""
        insert into {stg} ({columns})
        select {columns} from {versions}
        where {key} in (select k from touched_keys)
        qualify row_number() over (
          partition by {key} order by _exported_at desc, _file desc, _line desc
        ) = 1
        """
    )
    con.execute("drop table touched_keys")
    con.execute("drop table touched_files")


def _quarantine_frame(
    q: pl.DataFrame, source: Source, path: str, file_hash: str, run_id: str
) -> pl.DataFrame:
    now = _now()
    return q.select(
        pl.lit(source.name).alias("source"),
        pl.lit(path).alias("file"),
        pl.col("line").cast(pl.Int64),
        pl.col("record_id").cast(pl.Utf8),
        pl.col("reason").cast(pl.Utf8),
        pl.col("column_name").cast(pl.Utf8),
        pl.col("detail").cast(pl.Utf8),
        pl.col("row_json").cast(pl.Utf8),
        pl.lit(file_hash).alias("file_hash"),
        pl.lit(run_id).alias("run_id"),
        pl.lit(now).cast(pl.Datetime("us")).alias("quarantined_at"),
    )


def stage_file(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    path: str,
    run_id: str,
    today: dt.date | None = None,
) -> FileAudit:
    """Parse one read file's raw rows and swap its versions, quarantine and staging rows."""
    raw_cols = [
        name
        for name, _ in raw_columns(source)
        if not name.startswith("_") or name in ("_line", "_extra")
    ]
    lineage = con.execute(
        f"select any_value(_file_hash), any_value(_exported_at), any_value(_loaded_at) from {raw_table(source)} where _file = ?",
        [path],
    ).fetchall()[0]  # fetchall completes the result, so a relation may follow
    file_hash, exported_at, loaded_at = lineage
    raw = con.sql(
        f"select {', '.join(_quoted(c) for c in raw_cols)} from {raw_table(source)} where _file = ? order by _line",
        params=[path],
    ).pl()
    result = clean_export(raw, source, today=today)
    audit = FileAudit(
        path=path,
        rows_read=raw.height,
        accepted=result.accepted.height,
        duplicates=result.duplicates,
        quarantined=result.quarantined.height,
    )
    if not audit.balanced:  # clean_export guarantees it; never publish a load that loses rows
        raise AssertionError(
            f"{path}: rows read {audit.rows_read} != accepted + duplicates + quarantined"
        )
    accepted = result.accepted.with_columns(
        pl.lit(path).alias("_file"),
        pl.lit(file_hash).alias("_file_hash"),
        pl.lit(exported_at).cast(pl.Datetime("us")).alias("_exported_at"),
        pl.lit(loaded_at).cast(pl.Datetime("us")).alias("_loaded_at"),
    ).select([name for name, _ in versioned_columns(source)])
    quarantined = _quarantine_frame(result.quarantined, source, path, file_hash or "", run_id)

    versions = versions_table(source)
    con.execute("begin transaction")
    try:
        con.execute(f"delete from {versions} where _file = ?", [path])
        con.register("incoming_versions", accepted)
        con.execute(f"insert into {versions} select * from incoming_versions")
        con.unregister("incoming_versions")
        con.execute("delete from quarantine where source = ? and file = ?", [source.name, path])
        con.register("incoming_quarantine", quarantined)
        con.execute("insert into quarantine by name select * from incoming_quarantine")
        con.unregister("incoming_quarantine")
        refresh_staged_records(con, source, [path])
        con.execute(
            """
            update ingest_manifest set status = 'staged', rows_accepted = ?, rows_duplicate = ?,
              rows_quarantined = ?, run_id = ? where source = ? and path = ?
            """,
            [audit.accepted, audit.duplicates, audit.quarantined, run_id, source.name, path],
        )
        con.execute(
            """
            insert into load_audit (run_id, source, path, content_hash, rows_read, rows_accepted,
              rows_duplicate, rows_quarantined, status, message, audited_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, 'staged', ?, ?)
            """,
            [
                run_id,
                source.name,
                path,
                file_hash,
                audit.rows_read,
                audit.accepted,
                audit.duplicates,
                audit.quarantined,
                json.dumps(
                    {"reasons": result.quarantined["reason"].value_counts().sort("reason").rows()}
                )
                if result.quarantined.height
                else None,
                _now(),
            ],
        )
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return audit


def unstage_rejected(con: duckdb.DuckDBPyConnection, source: Source) -> int:
    """Take out of staging the rows of files that were good once and are now rejected."""
    versions = versions_table(source)
    stale = [
        row[0]
        for row in con.execute(
            f"""
            select distinct v._file from {versions} v
            join ingest_manifest m on m.source = ? and m.path = v._file and m.status = 'rejected'
            """,
            [source.name],
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


def stage_source(
    con: duckdb.DuckDBPyConnection, source: Source, run_id: str, today: dt.date | None = None
) -> StageSummary:
    """Stage every file of a source that the raw step read and staging has not seen yet.

    Files are staged oldest export first, so the newest-export rule never depends on order.
    """
    summary = StageSummary(source=source.name)
    unstage_rejected(con, source)
    paths = [
        row[0]
        for row in con.execute(
            "select path from ingest_manifest where source = ? and status = 'read' order by modified_at, path",
            [source.name],
        ).fetchall()
    ]
    for path in paths:
        summary.files.append(stage_file(con, source, path, run_id, today=today))
    summary.staged_rows = con.execute(f"select count(*) from {staging_table(source)}").fetchone()[0]
    return summary
