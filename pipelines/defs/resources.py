"""The DuckDB warehouse as a Dagster resource.

Assets and checks never hold a connection across steps: DuckDB allows one writing process,
and the published snapshot can only be copied once every connection to the file is closed.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from pipelines.keys import PII_KEY_VARIABLE, pii_key
from pipelines.lock import warehouse_lock
from warehouse.compaction import set_checkpoint_vacuum
from warehouse.file_opens import check_warehouse_opens
from warehouse.settings import duckdb_memory_limit, resolve_exports, resolve_warehouse


class WarehouseResource(dg.ConfigurableResource):
    """Where the exports land and where the pipeline's own DuckDB file lives."""

    path: str
    exports: str

    @property
    def warehouse_path(self) -> Path:
        return Path(self.path)

    @contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext) -> Generator:
        """A run holds the warehouse's refresh lock from its first step to its last.

        So a run Dagster starts and a `jansewa refresh` never write one file at once: the
        run waits up to JANSEWA_LOCK_WAIT seconds (default 600) for a refresh outside
        Dagster, then fails with one line naming it. Sensors and schedules build this
        resource too but start no run (``dagster_run`` is None): they take no lock.
        """
        if context.dagster_run is None:
            yield self
            return
        wait = float(os.environ.get("JANSEWA_LOCK_WAIT", "600"))
        with warehouse_lock(self.warehouse_path, run_id=context.run_id, wait=wait):
            check_warehouse_opens(self.warehouse_path)  # one line, not a failed first step
            yield self

    @property
    def exports_path(self) -> Path:
        return Path(self.exports)

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A short-lived read-write connection, closed (and so released) when the block ends.

        Its memory is capped (warehouse.settings.duckdb_memory_limit): the refresh shares a
        server with the dashboard, and DuckDB would otherwise cache up to 80 % of it. Its
        closing checkpoint merges row groups only in a compacting run (warehouse/compaction.py).
        """
        self.warehouse_path.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(
            str(self.warehouse_path), config={"memory_limit": duckdb_memory_limit()}
        )
        try:
            set_checkpoint_vacuum(con)
            yield con
        finally:
            con.close()

    def ids(self, sql: str, params: list | None = None) -> list:
        """First column of a query, e.g. the ids of the rows that break a rule."""
        with self.connect() as con:
            return [row[0] for row in con.execute(sql, params or []).fetchall()]


class PiiKeyResource(dg.ConfigurableResource):
    """The HMAC key that replaces personal fields, as the raw assets receive it.

    The code location fills ``key`` from ``dg.EnvVar("JANSEWA_PII_KEY")``, so the key is
    resolved when a run starts and never written into run configuration or logs. Only
    `jansewa demo` and `jansewa refresh --development-key` set ``allow_development_key``.
    """

    key: str = ""
    allow_development_key: bool = False

    def hmac_key(self) -> bytes:
        """The key's bytes; raises MissingPiiKeyError (one line) when there is none."""
        return pii_key(self.key, self.allow_development_key)


def pii_key_from_environment() -> PiiKeyResource:
    """What Dagster-started runs use: JANSEWA_PII_KEY, never the development key."""
    return PiiKeyResource(key=dg.EnvVar(PII_KEY_VARIABLE))


def warehouse_from_environment() -> WarehouseResource:
    """The resource as `dagster dev` builds it: JANSEWA_* variables or the defaults."""
    return WarehouseResource(path=str(resolve_warehouse()), exports=str(resolve_exports()))
