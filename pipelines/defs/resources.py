"""The DuckDB warehouse as a Dagster resource.

A run holds the warehouse open from its first step until its publish step copies the
reader snapshot (pipelines/held_warehouse.py): its steps join the open database instead of
opening the file again each, and find DuckDB's cache of the blocks they read still there.
The run holds the refresh lock meanwhile, so no other process writes the file; the snapshot
can only be copied once the run's connections to the file are closed, which
``release_warehouse`` does.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from pydantic import PrivateAttr

from expectations.warehouse_connection import connect
from pipelines.held_warehouse import HeldWarehouse
from pipelines.keys import PII_KEY_VARIABLE, pii_key
from pipelines.lock import warehouse_lock
from warehouse.file_opens import check_warehouse_opens
from warehouse.settings import resolve_exports, resolve_warehouse


class WarehouseResource(dg.ConfigurableResource):
    """Where the exports land and where the pipeline's own DuckDB file lives."""

    path: str
    exports: str
    _held: HeldWarehouse | None = PrivateAttr(default=None)

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
            held = HeldWarehouse(self.warehouse_path)
            held.hold()
            self._held = held
            try:
                yield self
            finally:
                self._held = None
                held.release()

    @property
    def exports_path(self) -> Path:
        return Path(self.exports)

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-write connection for a step, closed when the block ends.

        Its memory is capped (warehouse.settings.duckdb_memory_limit): the refresh shares a
        server with the dashboard, and DuckDB would otherwise cache up to 80 % of it. The
        checkpoint that follows the last connection of a step merges row groups only in a
        compacting run (warehouse/compaction.py).
        """
        if self._held is not None:
            with self._held.connection() as con:
                yield con
            return
        self.warehouse_path.parent.mkdir(parents=True, exist_ok=True)
        con = connect(self.warehouse_path)
        try:
            yield con
        finally:
            con.close()

    def release_warehouse(self) -> None:
        """Close the run's hold on the warehouse: before the snapshot is copied from it.
        Connections opened afterwards open the file again, as outside a run."""
        if self._held is not None:
            self._held.release()

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
