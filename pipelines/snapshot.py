"""The published snapshot: the read-only copy of the warehouse that every reader opens.

DuckDB allows one writing process and then no other process may open the file, even
read-only. So the pipeline writes its own file, and when a refresh has passed its blocking
checks it copies that file beside itself and swaps it in with ``os.replace`` (atomic on one
file system). Readers -- `jansewa kpis`, the dashboard, notebooks -- are given the pipeline's
path and open the snapshot next to it, read-only, with short-lived connections.
"""

from __future__ import annotations

import os
import shutil
import uuid
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


def publish_data_docs(warehouse: Path | str, pending: str = "data_docs.pending") -> Path | None:
    """Swap the Data Docs built by this run's checks in as `data_docs/` beside the warehouse.

    Sources whose checks carried their results over (nothing staged) keep their published
    docs: they are copied into the new folder before the swap.

    Two renames (old out of the way, new in) and a clean-up: readers see the old docs or the
    new ones, and at worst for an instant none; never a mixture.
    """
    root = Path(warehouse).parent
    new, live = root / pending, root / "data_docs"
    if not new.is_dir():
        return None
    carried = False
    if live.is_dir():  # sources not validated again this run keep their published docs
        for site in live.iterdir():
            if site.is_dir() and not (new / site.name).exists():
                shutil.copytree(site, new / site.name)
                carried = True
    if carried:
        from expectations.runner import write_docs_index

        write_docs_index(new)
    old = root / f".data_docs.{uuid.uuid4().hex}.old"
    if live.exists():
        os.replace(live, old)
    os.replace(new, live)
    shutil.rmtree(old, ignore_errors=True)
    return live


def publish_snapshot(warehouse: Path | str) -> Path:
    """Copy the (checkpointed, closed) warehouse to a temporary file, then swap it in.

    The caller must have closed every connection to ``warehouse``. A crash before the
    ``os.replace`` leaves only a stray temporary file; the published snapshot is untouched.
    """
    warehouse = Path(warehouse)
    target = snapshot_path(warehouse)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        shutil.copyfile(warehouse, tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target
