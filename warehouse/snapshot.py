"""The published snapshot: the read-only copy of the warehouse that every reader opens.

DuckDB allows one writing process and then no other process may open the file, even
read-only. So the pipeline writes its own file, and when a refresh has passed its blocking
checks it copies that file beside itself and swaps it in with ``os.replace`` (atomic on one
file system). Readers -- `jansewa kpis`, the dashboard, notebooks -- are given the pipeline's
path and open the snapshot next to it, read-only, with short-lived connections.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import duckdb


class SnapshotMissingError(FileNotFoundError):
    """No snapshot has been published beside this warehouse yet."""


def snapshot_path(warehouse: Path | str) -> Path:
    """`data/jansewa.duckdb` -> `data/jansewa.published.duckdb`."""
    warehouse = Path(warehouse)
    return warehouse.with_name(f"{warehouse.stem}.published{warehouse.suffix or '.duckdb'}")


def snapshot_version(warehouse: Path | str) -> str | None:
    """A token that changes whenever a new snapshot is swapped in (for reader caches)."""
    try:
        st = snapshot_path(warehouse).stat()
    except FileNotFoundError:
        return None
    return f"{st.st_ino}-{st.st_mtime_ns}-{st.st_size}"


@contextmanager
def connect_snapshot(warehouse: Path | str):
    """A read-only connection to the published snapshot, closed when the block ends."""
    path = snapshot_path(warehouse)
    if not path.exists():
        raise SnapshotMissingError(
            f"no published snapshot at {path}: run `jansewa refresh --warehouse {warehouse}` first"
        )
    con = duckdb.connect(str(path), read_only=True)
    try:
        yield con
    finally:
        con.close()
