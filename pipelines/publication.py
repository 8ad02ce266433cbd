"""Publication: the reader snapshot and the Data Docs that go with it, swapped in atomically.

Readers open the snapshot through warehouse.snapshot; this module is the writing side, run
by the pipeline's publish step once every blocking check has passed.
"""

from __future__ import annotations

import logging
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.snapshot_update import update_limit, update_tables
from pipelines.table_copy import create_empty, estimated_rows, insert_rows
from warehouse.model_files import MART_MODELS, READER_VIEWS, model_sql
from warehouse.snapshot import is_reader_table, snapshot_path, snapshot_version
from warehouse.snapshot_changes import pending_changes, snapshot_state

log = logging.getLogger(__name__)


def prepare_data_docs(warehouse: Path | str, pending: str = "data_docs.pending") -> str | None:
    """Make the Data Docs folder the next snapshot will point at; returns its name.

    This run's checks built their docs in `data_docs.pending/`; that folder becomes
    `data_docs.<id>/`, complete, with the published docs of sources whose checks carried
    their results over (nothing staged) copied in. Without new docs, the currently linked
    folder stays. The snapshot records the name, so what a reader is told about the docs
    always matches the data it reads; `link_data_docs` then points `data_docs` at it.
    """
    root = Path(warehouse).parent
    new, link = root / pending, root / "data_docs"
    current = link.resolve() if link.exists() else None
    if not new.is_dir():
        return current.name if current is not None and link.is_symlink() else None
    carried = False
    if current is not None and current.is_dir():
        for site in current.iterdir():
            if site.is_dir() and not (new / site.name).exists():
                shutil.copytree(site, new / site.name)
                carried = True
    if carried:
        from expectations.data_docs import write_docs_index

        write_docs_index(new)
    version = root / f"data_docs.{uuid.uuid4().hex[:12]}"
    os.replace(new, version)
    return version.name


def link_data_docs(warehouse: Path | str, folder: str | None) -> Path | None:
    """Point `data_docs` at ``folder`` with one atomic `os.replace` of a symbolic link, then
    remove earlier publications' folders: a reader sees the old docs or the new, never none."""
    if folder is None:
        return None
    root = Path(warehouse).parent
    link = root / "data_docs"
    if link.is_dir() and not link.is_symlink():  # a plain folder from before links were used
        os.replace(link, root / f".data_docs.{uuid.uuid4().hex}.old")
    tmp_link = root / f".data_docs.{uuid.uuid4().hex}.link"
    tmp_link.symlink_to(folder)  # relative: the data folder can move
    os.replace(tmp_link, link)
    for old in root.glob("data_docs.*"):
        if old.is_dir() and old.name not in (folder, "data_docs.pending"):
            shutil.rmtree(old, ignore_errors=True)
    for old in root.glob(".data_docs.*.old"):
        shutil.rmtree(old, ignore_errors=True)
    return link


def publish_data_docs(warehouse: Path | str) -> Path | None:
    """Prepare and link in one go (for callers that publish no snapshot alongside)."""
    return link_data_docs(warehouse, prepare_data_docs(warehouse))


def reader_tables(con: duckdb.DuckDBPyConnection, database: str = "main") -> list[str]:
    """The tables of ``database`` that belong in the reader snapshot, alphabetical."""
    rows = con.execute(
        "select table_name from duckdb_tables() where database_name = ? and schema_name = 'main' "
        "order by table_name",
        [database],
    ).fetchall()
    return [name for (name,) in rows if is_reader_table(name)]


def _reader_views(con: duckdb.DuckDBPyConnection, database: str) -> list[str]:
    """The models kept as views (READER_VIEWS) that ``database`` has, in build order (a view
    may read another: kpi_target_attainment reads kpi_values). Only these are recreated in
    the snapshot, from their model files: any other view of the pipeline's file could read
    what readers may not."""
    rows = con.execute(
        "select view_name from duckdb_views() where database_name = ? and schema_name = 'main' "
        "and not internal",
        [database],
    ).fetchall()
    present = {name for (name,) in rows}
    return [name for name in MART_MODELS if name in READER_VIEWS and name in present]


def _sql_string(value: str) -> str:
    """A SQL string literal (ATTACH takes no parameters)."""
    return "'" + value.replace("'", "''") + "'"


@dataclass(frozen=True)
class Published:
    """A snapshot written and swapped in: its path, its identity for the next publication
    (warehouse.snapshot.snapshot_version), its size when written whole (None when updated
    from the last one), and the tables an update copied and the bytes it added."""

    path: Path
    version: str
    whole_bytes: int | None
    updated: list[str] | None = None
    growth_bytes: int | None = None  # an update's: its size less the one it was made from


def publish_snapshot(warehouse: Path | str) -> Path:
    """Write the reader snapshot of ``warehouse`` whole to a new file, then swap it in;
    returns its path. See :func:`publish`."""
    return publish(warehouse).path


def publish(warehouse: Path | str, incremental: bool = False) -> Published:
    """Write the reader snapshot of ``warehouse`` to a new file, then swap it in.

    The new file holds a copy of each reader table (warehouse.snapshot.is_reader_table), the
    reader views (READER_VIEWS) made again over them, and nothing else: a few megabytes where
    a byte copy of the warehouse would carry gigabytes of raw and staging rows. With
    ``incremental``, and when the published file is the one the last publication recorded,
    a copy of it is brought up to date instead (pipelines/snapshot_update.py); the caller
    then records the result (warehouse.snapshot_changes.record_publication). The caller must
    have closed every read-write connection to ``warehouse``. A crash before the
    ``os.replace`` leaves only a stray temporary file; the published snapshot is untouched.
    """
    warehouse = Path(warehouse)
    target = snapshot_path(warehouse)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        updated = _update_copy(warehouse, target, tmp) if incremental else None
        if updated is None:  # nothing of a refused update may stay behind
            tmp.unlink(missing_ok=True)
            Path(f"{tmp}.wal").unlink(missing_ok=True)
            _write_whole(warehouse, tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        size = tmp.stat().st_size
        before = target.stat().st_size if updated is not None else None
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)
    version = snapshot_version(warehouse) or ""
    if updated is None:
        return Published(target, version, size, None)
    return Published(target, version, None, updated, size - before)


def _write_whole(warehouse: Path, tmp: Path) -> None:
    con = duckdb.connect(str(tmp))
    try:
        con.execute(f"attach {_sql_string(str(warehouse))} as pipeline (read_only)")
        tables = reader_tables(con, "pipeline")
        create_empty(con, tables)
        insert_rows(con, [(table, "", []) for table in tables], estimated_rows(con, "pipeline"))
        views = _reader_views(con, "pipeline")
        con.execute("detach pipeline")
        _create_views(con, views)
        con.execute("checkpoint")
    finally:
        con.close()


def _create_views(con: duckdb.DuckDBPyConnection, views: list[str]) -> None:
    """The reader views over the tables just copied, as the pipeline's file has them."""
    for view in views:
        con.execute(f"create or replace view main.{view} as {model_sql(view)}")


def _update_copy(warehouse: Path, target: Path, tmp: Path) -> list[str] | None:
    """A copy of the published snapshot brought up to date in ``tmp``; returns the tables
    copied, or None when the snapshot must be written whole instead (see
    pipelines/snapshot_update.py for when)."""
    version = snapshot_version(warehouse)
    if version is None:
        return None
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        state, changes = snapshot_state(con), pending_changes(con)
    finally:
        con.close()
    limit, size = update_limit(int(state.get("whole_bytes") or 0)), target.stat().st_size
    if state.get("version") != version or size + int(state.get("growth_bytes") or 0) > limit:
        return None  # it would grow past the limit (pipelines/snapshot_update.py)
    shutil.copyfile(target, tmp)
    con = duckdb.connect(str(tmp))
    try:
        con.execute(f"attach {_sql_string(str(warehouse))} as pipeline (read_only)")
        reader = reader_tables(con, "pipeline")
        views = _reader_views(con, "pipeline")
        try:
            updated = update_tables(con, reader, changes)
        except ValueError as exc:
            log.warning("the snapshot is written whole: %s", exc)
            return None
        con.execute("detach pipeline")
        _create_views(con, views)
        con.execute("checkpoint")
    finally:
        con.close()
    if tmp.stat().st_size > limit:
        log.info("the snapshot is written whole: an update would exceed %d bytes", limit)
        return None
    return updated
