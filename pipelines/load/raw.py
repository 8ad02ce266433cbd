"""Export files -> raw_<source>: every row as read, personal fields already hashed.

A file's records are appended slice by slice, each committed on its own (pipelines/load/
raw_appends.py: straight to raw for a new file, to a scratch table for one replacing earlier
rows); then one transaction makes them the file's raw rows and sets its manifest row to
`read` (to be staged), or a transaction sets it to `rejected` (with the message naming the
file and the reason) and deletes its rows. A crash mid-file leaves raw as it was for every
reader (nothing reads a file's raw rows before its manifest says `read`), and the next run
removes what was appended and simply reads the file again.

Two outcomes change nothing but the load audit (status `retry` or `held`), so the file's
earlier rows stay staged and published: a file that cannot be read for an I/O reason
(permission, vanished, changed while being read) is tried again next run, and a new version
that lost too many records is held until an operator accepts it (pipelines/load/shrink_guard.py).
Only a file read whole and found bad is rejected.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from pipelines.ingest.pii import hash_personal
from pipelines.ingest.read import ExportRejected, read_export_slices
from pipelines.load.lineage_insert import FileLineage, without_file_lineage
from pipelines.load.manifest import PendingFile, pending_files
from pipelines.load.raw_appends import (
    append_slices,
    clear_interrupted,
    discard_appends,
    finish_appends,
    start_appends,
)
from pipelines.load.shrink_guard import loaded_rows, shrink_hold_reason
from pipelines.load.slice_memory import slice_memory_limit
from pipelines.progress import FileMeter
from warehouse.schema import raw_columns, raw_table
from warehouse.sources import Source

log = logging.getLogger(__name__)

# Records read, hashed and inserted at a time: the 2.1M-row helpline export of the state-year
# benchmark took a process to 2.4 GB read whole. With slices of this size, and DuckDB held to
# a lower cap while they go in (pipelines/load/slice_memory.py), the whole state-year refresh
# peaks under 2 GB; slicing cost 15 % more time on that file (8.5 s against 7.4 s): a
# caller's number is hashed again in every slice it appears in.
# The size is two DuckDB row groups. DuckDB compresses an insert's whole row groups and
# writes them straight to the file; the rows past the last whole one wait in a row group
# left open, compressed again when a later insert or the checkpoint finishes it. Readers
# cut exact slices (tests/ingest/test_read_in_slices.py), so every append but a file's last
# is whole row groups. Measured on four monthly service-transaction exports (4.1M rows) read
# into a new raw table: in slices of 250,000 records the raw step took 16.7-17.0 s and its
# checkpoint 0.7-1.2 s; of 245,760, 14.4-14.6 s and 0.03 s. Three helpline exports (3.7M
# rows): 11.8 s and 2.5 s against 11.0 s and 0.01 s.
DUCKDB_ROW_GROUP_ROWS = 122_880
RAW_SLICE_ROWS = 2 * DUCKDB_ROW_GROUP_ROWS


@dataclass
class RawLoadSummary:
    source: str
    files_read: int = 0
    files_rejected: int = 0
    rows_read: int = 0
    rejections: list[str] = field(default_factory=list)
    deferred: list[str] = field(default_factory=list)  # retried next run, or held


class Deferred(Exception):
    """A file left as it was this run (retry or held); ``str()`` says why."""


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _upsert_manifest(
    con: duckdb.DuckDBPyConnection,
    pending: PendingFile,
    *,
    status: str,
    rows_read: int | None,
    message: str | None,
    run_id: str,
) -> None:
    f = pending.file
    con.execute(
        """
        insert into ingest_manifest
          (source, path, content_hash, size_bytes, modified_at, rows_read, rows_accepted,
           rows_duplicate, rows_quarantined, status, message, first_seen_at, loaded_at, run_id)
        values (?, ?, ?, ?, ?, ?, null, null, null, ?, ?, ?, ?, ?)
        on conflict (source, path) do update set
          content_hash = excluded.content_hash, size_bytes = excluded.size_bytes,
          modified_at = excluded.modified_at, rows_read = excluded.rows_read,
          rows_accepted = null, rows_duplicate = null, rows_quarantined = null,
          status = excluded.status, message = excluded.message,
          loaded_at = excluded.loaded_at, run_id = excluded.run_id
        """,
        [
            f.source,
            f.relative,
            pending.content_hash,
            f.size,
            f.modified_at,
            rows_read,
            status,
            message,
            _now(),
            _now(),
            run_id,
        ],
    )


def _record_rejection(
    con: duckdb.DuckDBPyConnection, source: Source, pending: PendingFile, message: str, run_id: str
) -> None:
    """A rejected file keeps no rows: its earlier raw rows go, its audit row says why."""
    f = pending.file
    con.execute(f"delete from {raw_table(source)} where _file = ?", [f.relative])
    _upsert_manifest(
        con, pending, status="rejected", rows_read=None, message=message, run_id=run_id
    )
    con.execute(
        """
        insert into load_audit (run_id, source, path, content_hash, rows_read, rows_accepted,
          rows_duplicate, rows_quarantined, status, message, audited_at)
        values (?, ?, ?, ?, null, null, null, null, 'rejected', ?, ?)
        """,
        [run_id, f.source, f.relative, pending.content_hash, message, _now()],
    )


def _defer(
    con: duckdb.DuckDBPyConnection, pending: PendingFile, status: str, message: str, run_id: str
) -> Deferred:
    """Audit a file left alone: its raw rows stay exactly as they were, and so does its
    manifest row, except that a held version's hash, size and time are remembered."""
    f = pending.file
    if status == "held":  # remembered, so the same bytes are not read again every run
        con.execute(
            """
            update ingest_manifest set content_hash = ?, size_bytes = ?, modified_at = ?,
              status = 'held', message = ?, run_id = ? where source = ? and path = ?
            """,
            [pending.content_hash, f.size, f.modified_at, message, run_id, f.source, f.relative],
        )
    con.execute(
        """
        insert into load_audit (run_id, source, path, content_hash, rows_read, rows_accepted,
          rows_duplicate, rows_quarantined, status, message, audited_at)
        values (?, ?, ?, ?, null, null, null, null, ?, ?, ?)
        """,
        [run_id, f.source, f.relative, pending.content_hash, status, message, _now()],
    )
    return Deferred(message)


def _changed_since_found(pending: PendingFile) -> str | None:
    """Why the bytes read may not be the file as listed (it moved while being read)."""
    f = pending.file
    try:
        stat = f.path.stat()
    except OSError as exc:
        return exc.strerror or type(exc).__name__
    if stat.st_size != f.size or dt.datetime.fromtimestamp(stat.st_mtime).replace(
        microsecond=0
    ) != f.modified_at.replace(microsecond=0):
        return "the file changed while it was being read"
    return None


def hashed_slices(source: Source, pending: PendingFile, key: bytes) -> Iterator[pl.DataFrame]:
    """The file's records as raw rows without the file's lineage (personal fields hashed,
    columns in the raw table's order), a slice of RAW_SLICE_ROWS records at a time."""
    f = pending.file
    read = read_export_slices(f.path, source, display_name=f.relative, slice_rows=RAW_SLICE_ROWS)
    columns = without_file_lineage(raw_columns(source))
    for frame in read.frames:
        yield hash_personal(frame, source, key).select(columns)


def load_file(
    con: duckdb.DuckDBPyConnection, source: Source, pending: PendingFile, key: bytes, run_id: str
) -> tuple[int, str | None]:
    """Read one file into raw_<source>; returns (rows read, rejection message or None).

    The file is read, hashed and appended a slice at a time (RAW_SLICE_ROWS records), each
    slice committed (raw_appends.py), and made the file's raw rows in one short transaction;
    a file refused in a later slice leaves nothing of itself in raw. Raises Deferred when the
    file is left as it was for now (I/O failure, or held).
    """
    f = pending.file
    retry = "{}: cannot be read now ({}): its earlier rows stay, it is tried again next run"
    if pending.io_error:
        raise _defer(con, pending, "retry", retry.format(f.relative, pending.io_error), run_id)
    if f.outside_root:
        message = f"{f.relative}: refused: a link to a file outside the exports folder"
        con.execute("begin transaction")
        _record_rejection(con, source, pending, message, run_id)
        con.execute("commit")
        return 0, message
    # A file with rows in raw already is read into a scratch table, so that its earlier
    # rows stay whole until it counts (see raw_appends.py); so is one whose manifest says
    # `read` (staging would take whatever raw holds of it), even with no rows.
    replacing = pending.previous_status == "read" or loaded_rows(con, source, f.relative) > 0
    try:
        target = start_appends(con, source, f.relative, replacing)
        lineage = FileLineage(f.relative, pending.content_hash, f.modified_at, _now())
        rows = append_slices(con, target, source, hashed_slices(source, pending, key), lineage)
    except ExportRejected as exc:
        discard_appends(con, source, f.relative, replacing)
        # A file that moved or became unreadable mid-read was not read whole: not rejected.
        io_reason = _changed_since_found(pending) or (
            exc.__context__.strerror if isinstance(exc.__context__, OSError) else None
        )
        if io_reason:
            raise _defer(
                con, pending, "retry", retry.format(f.relative, io_reason), run_id
            ) from None
        con.execute("begin transaction")
        _record_rejection(con, source, pending, str(exc), run_id)
        con.execute("commit")
        return 0, str(exc)
    except OSError as exc:  # vanished or unreadable between listing and reading
        discard_appends(con, source, f.relative, replacing)
        reason = exc.strerror or type(exc).__name__
        raise _defer(con, pending, "retry", retry.format(f.relative, reason), run_id) from None
    except BaseException:
        discard_appends(con, source, f.relative, replacing)
        raise
    con.execute("begin transaction")
    try:
        previous = loaded_rows(con, source, f.relative) if replacing else 0
        io_reason = _changed_since_found(pending)
        # Accepted: the operator agreed to exactly the bytes that were held, not a later copy.
        accepted = (
            pending.previous_status == "accepted" and pending.content_hash == pending.previous_hash
        )
        held = None if accepted else shrink_hold_reason(source, f.relative, previous, rows)
        if io_reason or held:
            _rollback(con)
            discard_appends(con, source, f.relative, replacing)
            if io_reason:
                raise _defer(con, pending, "retry", retry.format(f.relative, io_reason), run_id)
            raise _defer(con, pending, "held", held, run_id)
        finish_appends(con, source, f.relative, replacing)
        _upsert_manifest(con, pending, status="read", rows_read=rows, message=None, run_id=run_id)
        con.execute("commit")
    except Deferred:
        raise
    except BaseException:
        _rollback(con)
        discard_appends(con, source, f.relative, replacing)
        raise
    return rows, None


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back the file's transaction; one that DuckDB has already ended is left as is."""
    with contextlib.suppress(duckdb.TransactionException):
        con.execute("rollback")


def load_raw(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    exports: Path,
    key: bytes,
    run_id: str,
    report=None,
) -> RawLoadSummary:
    """Read every new or changed export file of a source into its raw table.

    ``report``, when given, receives one progress line per file (pipelines.progress.FileMeter:
    rows per second, files and estimated seconds left, weighed by file size).
    """
    summary = RawLoadSummary(source=source.name)
    pending_list = pending_files(con, exports, source)
    meter = FileMeter(
        report, f"raw_{source.name}", {p.file.relative: p.file.size for p in pending_list}
    )
    for path in clear_interrupted(con, source):  # what a run stopped mid-file left
        log.warning("removed the rows of %s that a stopped run had appended", path)
    with slice_memory_limit(con):  # the loop appends slices: see slice_memory.py
        for pending in pending_list:
            try:
                rows, rejection = load_file(con, source, pending, key, run_id)
            except Deferred as deferred:
                summary.deferred.append(str(deferred))
                log.warning("%s", deferred)
                meter.done(pending.file.relative, 0, " (left for later)")
                continue
            if rejection:
                summary.files_rejected += 1
                summary.rejections.append(rejection)
                log.warning("rejected %s", rejection)
            else:
                summary.files_read += 1
                summary.rows_read += rows
            meter.done(pending.file.relative, rows, " (rejected)" if rejection else "")
    return summary
