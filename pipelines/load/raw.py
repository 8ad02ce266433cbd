"""Export files -> raw_<source>: every row as read, personal fields already hashed.

A file's records are written slice by slice into a Parquet folder of their own (warehouse/
raw_files.py); then one transaction makes that folder the file's raw rows and sets its
manifest row to `read` (to be staged), or a transaction sets it to `rejected` (with the
message naming the file and the reason) and forgets its rows. Until that commit the
earlier version's rows stay whole, and a crash mid-file leaves raw as it was for every
reader; the next load of the source removes the folder left over and reads the file again.

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
from pipelines.load.manifest import PendingFile, pending_files
from pipelines.load.shrink_guard import loaded_rows, shrink_hold_reason
from pipelines.progress import FileMeter
from warehouse.raw_files import RawWriter, forget_raw_rows, part_columns, remove_unnamed_folders
from warehouse.sources import Source

log = logging.getLogger(__name__)

# Records read, hashed and written at a time (about as many: a CSV is cut by bytes, see
# pipelines/ingest/csv_segments.py), each slice a Parquet part of the file's raw folder: the
# 2.1M-row helpline export of the state-year benchmark took a process to 2.4 GB read whole;
# in slices of this size the whole state-year refresh peaks under 2 GB. Slicing cost 15 %
# more time on that file (8.5 s against 7.4 s): a caller's number is hashed again in every
# slice it appears in.
RAW_SLICE_ROWS = 245_760


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
    forget_raw_rows(con, source, f.relative)
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
    the columns of a raw Parquet part), a slice of RAW_SLICE_ROWS records at a time."""
    f = pending.file
    read = read_export_slices(f.path, source, display_name=f.relative, slice_rows=RAW_SLICE_ROWS)
    columns = part_columns(source)
    for frame in read.frames:
        yield hash_personal(frame, source, key).select(columns)


def load_file(
    con: duckdb.DuckDBPyConnection, source: Source, pending: PendingFile, key: bytes, run_id: str
) -> tuple[int, str | None]:
    """Read one file into raw_<source>; returns (rows read, rejection message or None).

    The file is read, hashed and written a slice at a time (RAW_SLICE_ROWS records) into a
    raw folder of its own, made the file's raw rows in one short transaction; a file refused
    in a later slice leaves nothing of itself in raw. Raises Deferred when the
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
    writer = RawWriter(con, source, f.relative)
    try:
        for frame in hashed_slices(source, pending, key):
            writer.append(frame)
    except ExportRejected as exc:
        writer.discard()
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
        writer.discard()
        reason = exc.strerror or type(exc).__name__
        raise _defer(con, pending, "retry", retry.format(f.relative, reason), run_id) from None
    except BaseException:
        writer.discard()
        raise
    rows = writer.rows
    con.execute("begin transaction")
    try:
        previous = loaded_rows(con, source, f.relative)
        io_reason = _changed_since_found(pending)
        # Accepted: the operator agreed to exactly the bytes that were held, not a later copy.
        accepted = (
            pending.previous_status == "accepted" and pending.content_hash == pending.previous_hash
        )
        held = None if accepted else shrink_hold_reason(source, f.relative, previous, rows)
        if io_reason or held:
            _rollback(con)
            writer.discard()
            if io_reason:
                raise _defer(con, pending, "retry", retry.format(f.relative, io_reason), run_id)
            raise _defer(con, pending, "held", held, run_id)
        writer.name(con, (pending.content_hash, f.modified_at, _now()))
        _upsert_manifest(con, pending, status="read", rows_read=rows, message=None, run_id=run_id)
        con.execute("commit")
    except Deferred:
        raise
    except BaseException:
        _rollback(con)
        writer.discard()
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
    for folder in remove_unnamed_folders(con, source):  # a stopped run's, or replaced ones
        log.info("removed the raw folder %s of %s, which no export names", folder, source.name)
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
    remove_unnamed_folders(con, source)  # the versions this load replaced, refused or held
    return summary
