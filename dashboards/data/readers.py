"""One DuckDB reader per process and snapshot version, one cursor of it per thread.

Opening the snapshot for every query cost about 95 ms on the state-year snapshot; a cursor
of an open reader about 6 ms. A reader is an in-memory DuckDB that ATTACHes the snapshot
file read-only: it keeps reading the file it attached even after a refresh swaps a new one in
with ``os.replace``, and a new reader attaches the new file. (``duckdb.connect(path)`` would
not do: while any connection to a path is open, DuckDB hands a new ``connect`` the old
file.) So a query never needs a lock: each thread queries through its own cursor of the
reader for the version it saw, and a reader is never closed under a running query -- the
readers a thread no longer uses are released when its cursor is replaced.

Each reader also copies the views most queries read into memory, on a thread of its own
(dashboards/data/reader_copies.py); a thread's cursor looks names up in the copies from the
first query after they are ready.
"""

from __future__ import annotations

import atexit
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from dashboards.data.reader_copies import SEARCH_PATH, make_copies
from warehouse.snapshot import SnapshotMissingError, snapshot_path, snapshot_version

log = logging.getLogger(__name__)

_registry_lock = threading.Lock()
_readers: dict[str, Reader] = {}  # warehouse -> reader of its newest version seen
_local = threading.local()  # per thread: {warehouse: [reader, cursor, reads the copies]}


class ReaderMoved(RuntimeError):
    """The snapshot was swapped while a reader for the version seen before was opening."""


@dataclass
class Reader:
    """An in-memory DuckDB with one snapshot version attached as ``snapshot``, and the
    copies of its busiest views once ``copied`` is set (when ``copies`` is true)."""

    version: str
    connection: duckdb.DuckDBPyConnection
    copied: threading.Event = field(default_factory=threading.Event)
    copies: bool = False
    copier: threading.Thread | None = None

    def cursor(self) -> duckdb.DuckDBPyConnection:
        cur = self.connection.cursor()
        cur.execute("use snapshot")
        return cur

    def copy_views(self) -> None:
        """Make the copies (reader_copies.make_copies) on a cursor of this thread's own,
        then let the cursors use them; a failure leaves every query on the snapshot."""
        cur = self.connection.cursor()
        try:
            self.copies = make_copies(cur)
        except duckdb.Error as exc:
            log.warning("the dashboard reads the snapshot's views uncopied: %s", exc)
        finally:
            cur.close()
            self.copied.set()


def _open(warehouse: Path, version: str) -> Reader:
    path = snapshot_path(warehouse)
    if not path.exists():
        raise SnapshotMissingError(f"no published snapshot beside {warehouse}")
    # One thread per query: the requests are the parallelism (measured on the state-year
    # snapshot, 8 users: p95 3.3 s with one thread, 4.0 s with DuckDB's default of two).
    # The allocator's background threads hand freed memory back to the system: a worker
    # that had just made its copies (reader_copies.py) stayed at 391 MiB without them and
    # came down to 216 MiB with them, against 160 MiB for a worker with no copies.
    config = {"threads": 1, "allocator_background_threads": True}
    con = duckdb.connect(":memory:", config=config)
    quoted = str(path).replace("'", "''")  # a path from settings, not from a request
    con.execute(f"attach '{quoted}' as snapshot (read_only)")
    if snapshot_version(warehouse) != version:  # swapped while attaching: which file is it?
        con.close()
        raise ReaderMoved(str(warehouse))
    reader = Reader(version, con)
    reader.copier = threading.Thread(target=reader.copy_views, name="snapshot-copies", daemon=True)
    reader.copier.start()
    return reader


def cursor_for(warehouse: Path, version: str) -> duckdb.DuckDBPyConnection:
    """This thread's cursor on the reader of ``version`` (opened on first use), looking
    names up in the reader's copies once they are ready.

    Raises ReaderMoved when the snapshot moved on from ``version`` before it was attached,
    SnapshotMissingError when there is none.
    """
    key = str(warehouse)
    mine: dict = getattr(_local, "cursors", None) or {}
    _local.cursors = mine
    held = mine.get(key)
    if held is None or held[0].version != version:
        with _registry_lock:
            reader = _readers.get(key)
            if reader is None or reader.version != version:
                reader = _open(warehouse, version)
                _readers[key] = reader  # the old one lives on while threads still hold it
        held = mine[key] = [reader, reader.cursor(), False]
    reader, cur, on_copies = held
    if not on_copies and reader.copied.is_set():
        if reader.copies:
            cur.execute(SEARCH_PATH)
        held[2] = True
    return cur


def wait_for_copies(warehouse: Path, timeout: float = 60.0) -> bool:
    """Wait until the newest reader of ``warehouse`` has made its copies (a worker's
    warm-up); whether it has, or none is open."""
    with _registry_lock:
        reader = _readers.get(str(warehouse))
    return reader is None or reader.copied.wait(timeout)


def forget_readers() -> None:
    """Drop every reader this process keeps (tests, exit); threads' cursors go with their
    threads. A copy still being made is waited for (a second at most on the state-year
    snapshot): DuckDB must not be working on a thread while the interpreter tears down."""
    with _registry_lock:
        copiers = [r.copier for r in _readers.values() if r.copier is not None]
        _readers.clear()
    for copier in copiers:
        copier.join(timeout=30)
    _local.cursors = {}


# Readers left in module globals at exit make DuckDB's bindings print "leaked instances"
# warnings as the interpreter tears down: let them go first.
atexit.register(forget_readers)
