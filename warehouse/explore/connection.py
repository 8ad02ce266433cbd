"""Opening the published snapshot: the one read-only way every helper reaches it, so no
notebook can open the pipeline's own file or leave a connection open."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl

from warehouse.settings import resolve_warehouse
from warehouse.snapshot import connect_snapshot, snapshot_path


def snapshot_file(warehouse: str | Path | None = None) -> Path:
    """The published snapshot a notebook reads: beside $JANSEWA_WAREHOUSE or the default."""
    return snapshot_path(resolve_warehouse(warehouse))


@contextmanager
def connect(warehouse: str | Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the reader snapshot, closed when the block ends.

    For the rare question the helpers below do not answer. The snapshot holds only reader
    tables (no raw, staging or quarantined row), so whatever SQL runs here sees no personal
    field; there is no helper that opens the pipeline's own warehouse. Raises
    SnapshotMissingError (a FileNotFoundError) before any refresh.
    """
    with connect_snapshot(resolve_warehouse(warehouse)) as con:
        yield con


def read_frame(
    con: duckdb.DuckDBPyConnection, sql: str, params: Sequence | None = None
) -> pl.DataFrame:
    return con.sql(sql, params=list(params or [])).pl()


def query_frame(
    warehouse: str | Path | None, sql: str, params: Sequence | None = None
) -> pl.DataFrame:
    with connect(warehouse) as con:
        return read_frame(con, sql, params)
