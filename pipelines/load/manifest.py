"""Which export files are new or changed since the last load: the ingest manifest.

A file is identified by its path relative to the exports folder. Unchanged files (same size
and modified time as recorded) cost one `stat` and nothing else; a file whose size or time
moved is hashed, and read again only when its bytes changed. The manifest's modified time is
the export's own time: when two exports carry the same record, the newer file wins.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.sources import Source

EXPORT_SUFFIXES = {".csv", ".xlsx"}


@dataclass(frozen=True)
class ExportFile:
    """One file found under <exports>/<source>/."""

    source: str
    path: Path  # absolute
    relative: str  # posix path relative to the exports folder: the manifest key
    size: int
    modified_at: dt.datetime
    outside_root: bool = False  # a symlink that resolves outside the exports folder


def _modified(path: Path) -> dt.datetime:
    return dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)


def discover(exports: Path, source: Source) -> list[ExportFile]:
    """Every candidate file of a source, sorted by path; hidden and temporary files skipped."""
    folder = exports / source.name
    if not folder.is_dir():
        return []
    root = exports.resolve()
    found = []
    for path in sorted(folder.rglob("*")):
        if path.name.startswith((".", "~$")) or not (path.is_file() or path.is_symlink()):
            continue
        resolved = path.resolve()
        outside = not resolved.is_relative_to(root)
        if not outside and not resolved.is_file():
            continue
        stat = path.lstat() if outside else path.stat()
        found.append(
            ExportFile(
                source=source.name,
                path=path,
                relative=path.relative_to(exports).as_posix(),
                size=stat.st_size,
                modified_at=dt.datetime.fromtimestamp(stat.st_mtime).replace(microsecond=0),
                outside_root=outside,
            )
        )
    return found


def content_hash(path: Path) -> str:
    """sha256 of the file's bytes, read in 4 MiB blocks (bounded memory)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(4 << 20):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class PendingFile:
    file: ExportFile
    content_hash: str
    previous_hash: str | None  # None: a file never seen before


def pending_files(
    con: duckdb.DuckDBPyConnection, exports: Path, source: Source
) -> list[PendingFile]:
    """Files of a source that are new, or whose bytes changed since they were last read."""
    recorded = {
        path: (size, modified, digest)
        for path, size, modified, digest in con.execute(
            "select path, size_bytes, modified_at, content_hash from ingest_manifest where source = ?",
            [source.name],
        ).fetchall()
    }
    pending = []
    for f in discover(exports, source):
        seen = recorded.get(f.relative)
        if seen and seen[0] == f.size and seen[1] == f.modified_at:
            continue  # unchanged: costs one stat
        digest = "" if f.outside_root else content_hash(f.path)
        if seen and seen[2] == digest and digest:
            # Touched but identical bytes: remember the new time, read nothing.
            con.execute(
                "update ingest_manifest set modified_at = ? where source = ? and path = ?",
                [f.modified_at, source.name, f.relative],
            )
            continue
        pending.append(
            PendingFile(file=f, content_hash=digest, previous_hash=seen[2] if seen else None)
        )
    return pending
