"""The DuckDB warehouse as a Dagster resource.

Assets and checks never hold a connection across steps: DuckDB allows one writing process,
and the published snapshot can only be copied once every connection to the file is closed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from warehouse.settings import resolve_exports, resolve_warehouse


class WarehouseResource(dg.ConfigurableResource):
    """Where the exports land and where the pipeline's own DuckDB file lives."""

    path: str
    exports: str
    production: bool = False

    @property
    def warehouse_path(self) -> Path:
        return Path(self.path)

    @property
    def exports_path(self) -> Path:
        return Path(self.exports)

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A short-lived read-write connection, closed (and so released) when the block ends."""
        self.warehouse_path.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(self.warehouse_path))
        try:
            yield con
        finally:
            con.close()

    def ids(self, sql: str, params: list | None = None) -> list:
        """First column of a query, e.g. the ids of the rows that break a rule."""
        with self.connect() as con:
            return [row[0] for row in con.execute(sql, params or []).fetchall()]


def warehouse_from_environment() -> WarehouseResource:
    """The resource as `dagster dev` builds it: JANSEWA_* variables or the defaults."""
    return WarehouseResource(path=str(resolve_warehouse()), exports=str(resolve_exports()))
