"""raw_<source> -> stg_<source>_versions + quarantine -> stg_<source> (newest export wins).

Only files the raw step marked `read` are parsed, a slice at a time, into pending versions
and quarantine rows (so memory holds a slice's uncommitted rows, not a source's); then, in
one more transaction, every file's manifest row and load audit record rows read = accepted
+ duplicates + quarantined, the files' earlier versions go, and the newest version of each
record those files touch is flagged for the staging view -- the work is proportional to
the new data, not the warehouse. A failure before that last commit leaves staging, the
manifest and the audit as they were; the files are still `read`, and the next run parses
them again.
A file rejected after an earlier good load takes its rows out of staging the same way.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field

import duckdb
import polars as pl

from pipelines.ingest.clean import CleanResult, clean_export
from pipelines.load.lineage_insert import FileLineage, insert_with_lineage, without_file_lineage
from pipelines.load.raw_batches import lineage, raw_batches
from pipelines.load.read_ahead import read_ahead
from pipelines.load.slice_memory import full_memory_limit, slice_memory_limit
from pipelines.load.staged_records import refresh_staged_records, unstage_rejected
from pipelines.progress import FileMeter
from warehouse.schema import (
    staging_table,
    versioned_columns,
    versions_table,
)
from warehouse.sources import Source
from warehouse.staging_view import NEWEST


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
        pl.col("district").cast(pl.Utf8),
        pl.col("event_day").cast(pl.Date),
        pl.lit(file_hash).alias("file_hash"),
        pl.lit(run_id).alias("run_id"),
        pl.lit(now).cast(pl.Datetime("us")).alias("quarantined_at"),
    )


def _stage_file(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    path: str,
    run_id: str,
    today: dt.date | None,
) -> tuple[FileAudit, str | None, str | None]:
    """Parse one read file's raw rows into its versions and quarantine rows, replacing its
    earlier ones, a slice at a time; returns (audit, quarantine reasons, file hash).

    The next slice is read back and cleaned on a thread, on a connection of its own, while
    this one's rows are appended (pipelines/load/read_ahead.py): the state-year's staging
    step took 75.6 s against 83.8 s (`make bench`), the helpline source alone 16.3 s against
    19.0 s."""
    recorded = lineage(con, source, path)
    file_hash = recorded[0]
    audit = FileAudit(path=path, rows_read=0, accepted=0, duplicates=0, quarantined=0)
    reasons: Counter[str] = Counter()
    versions = versions_table(source)
    columns = versioned_columns(source)
    file_lineage = FileLineage(path, *recorded)
    # No transaction around the file: DuckDB holds a transaction's appended rows in the
    # process until it commits (about 80 MiB per 250,000 helpline records), so each slice's
    # rows are committed as they come, pending (their `_newest` null): the staging view shows
    # none of them before staging's own transaction (stage_files) flags them and removes the
    # file's earlier versions. A file whose parse fails or stops midway is parsed again next
    # run (its manifest row still says `read`), its pending rows and quarantine rows
    # replaced as here.
    pending = f"delete from {versions} where _file = ? and {NEWEST} is null"
    reader = con.cursor()  # used by the read-ahead thread only
    try:
        con.execute(pending, [path])
        con.execute("delete from quarantine where source = ? and file = ?", [source.name, path])
        with closing(read_ahead(_cleaned_slices(reader, source, path, today))) as slices:
            for rows, result in slices:
                audit.rows_read += rows
                audit.accepted += result.accepted.height
                audit.duplicates += result.duplicates
                audit.quarantined += result.quarantined.height
                reasons.update(result.quarantined.get_column("reason").to_list())
                quarantined = _quarantine_frame(
                    result.quarantined, source, path, file_hash or "", run_id
                )
                accepted = result.accepted.select(without_file_lineage(columns))
                insert_with_lineage(con, versions, columns, accepted, file_lineage)
                con.register("incoming_quarantine", quarantined)
                # By name: a warehouse created before a column was added has it at the end.
                con.execute("insert into quarantine by name select * from incoming_quarantine")
                con.unregister("incoming_quarantine")
        if not audit.balanced:  # clean_export guarantees it; never publish a load that loses rows
            raise AssertionError(
                f"{path}: rows read {audit.rows_read} != accepted + duplicates + quarantined"
            )
    except BaseException:
        con.execute(pending, [path])
        con.execute("delete from quarantine where source = ? and file = ?", [source.name, path])
        raise
    finally:
        reader.close()
    return audit, _quarantine_reasons(reasons), file_hash


def _cleaned_slices(
    con: duckdb.DuckDBPyConnection, source: Source, path: str, today: dt.date | None
) -> Iterator[tuple[int, CleanResult]]:
    """(rows read, what cleaning made of them) for each slice of a read file's raw rows."""
    for raw in raw_batches(con, source, path):
        yield raw.height, clean_export(raw, source, today=today)


def _quarantine_reasons(reasons: Counter[str]) -> str | None:
    """The load audit's summary of a file's quarantined rows: how many per reason."""
    if not reasons:
        return None
    return json.dumps({"reasons": sorted(reasons.items())})


def _record_staged(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    audit: FileAudit,
    reasons: str | None,
    file_hash: str | None,
    run_id: str,
) -> None:
    """The file's manifest row and load audit: rows read = accepted + duplicates + quarantined."""
    con.execute(
        """
        update ingest_manifest set status = 'staged', rows_accepted = ?, rows_duplicate = ?,
          rows_quarantined = ?, run_id = ? where source = ? and path = ?
        """,
        [audit.accepted, audit.duplicates, audit.quarantined, run_id, source.name, audit.path],
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
            audit.path,
            file_hash,
            audit.rows_read,
            audit.accepted,
            audit.duplicates,
            audit.quarantined,
            reasons,
            _now(),
        ],
    )


def stage_files(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    files: dict[str, int],
    run_id: str,
    today: dt.date | None = None,
    report=None,
) -> list[FileAudit]:
    """Parse the read files, then flag the newest version of every record they touch.

    A big file is cleaned in slices of lines (pipelines/load/raw_batches.py), and each
    slice's pending versions and quarantine rows are committed as they come (a state-year's
    service transactions held 11 GiB staged in one transaction; one transaction per file
    still grew the process by its rows), so memory holds a slice of one file; the records
    the files touch are then flagged once, with the files' manifest rows and load audit, in
    one transaction (pipelines/load/staged_records.py). Flagging file by file would re-scan
    the versions once per file. A failure before that commit leaves staging, manifest and
    audit untouched; the next run parses the files again, replacing the pending versions
    committed so far.
    ``files`` maps each path, in staging order, to the rows the raw step read from it: the
    weights of the progress lines ``report`` receives (pipelines.progress.FileMeter).
    """
    if not files:
        return []
    paths = list(files)
    audits = []
    staged = []
    meter = FileMeter(report, f"stg_{source.name}", files)
    with slice_memory_limit(con):  # parse slices under a lower cap: see slice_memory.py
        for path in paths:
            # Each file's pending versions and quarantine rows committed slice by slice;
            # staging (stg_<source>) and the manifest do not change until every file is in.
            audit, reasons, file_hash = _stage_file(con, source, path, run_id, today)
            staged.append((audit, reasons, file_hash))
            audits.append(audit)
            meter.done(
                path,
                audit.rows_read,
                f" ({audit.accepted:,} accepted, {audit.duplicates:,} duplicates, "
                f"{audit.quarantined:,} quarantined)",
            )
    with full_memory_limit(con):  # flagging sorts the versions the files touch
        con.execute("begin transaction")
        try:
            for audit, reasons, file_hash in staged:
                _record_staged(con, source, audit, reasons, file_hash, run_id)
            refresh_staged_records(con, source, paths)
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
    return audits


def rows_to_stage(con: duckdb.DuckDBPyConnection, source: Source) -> int:
    """The rows of a source's read files that staging has not seen yet: what orders the
    sources, heaviest first (pipelines/defs/layer_step.py)."""
    (rows,) = con.execute(
        "select coalesce(sum(rows_read), 0) from ingest_manifest "
        "where source = ? and status = 'read'",
        [source.name],
    ).fetchone()
    return int(rows)


def stage_source(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    run_id: str,
    today: dt.date | None = None,
    report=None,
) -> StageSummary:
    """Stage every file of a source that the raw step read and staging has not seen yet.

    All of them in one pass (``stage_files``); the newest-export rule is decided by export
    time, file and line, never by the order files were staged in.
    """
    summary = StageSummary(source=source.name)
    unstage_rejected(con, source)
    files = dict(
        con.execute(
            "select path, rows_read from ingest_manifest where source = ? and status = 'read' "
            "order by modified_at, path",
            [source.name],
        ).fetchall()
    )
    summary.files.extend(stage_files(con, source, files, run_id, today=today, report=report))
    summary.staged_rows = con.execute(f"select count(*) from {staging_table(source)}").fetchone()[0]
    return summary
