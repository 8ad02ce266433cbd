"""One GX context and SQL data source over the warehouse, shared by a step's validations.

Every call of the runner used to make GX's ephemeral context, its SQL data source and their
two SQLAlchemy engines, and release them at the end; an incremental refresh validating ten
sources made ten of each, about 0.1 s of the checks step (docs/benchmarks.md). The checks
step opens one session for all its sources instead. The context is made on first use, so a
run whose sources all carry their results over makes none, and released when the session
closes, so that every connection is gone before the publish step copies the warehouse.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from expectations.gx_import import import_great_expectations
from expectations.warehouse_connection import engine_url

DATASOURCE = "warehouse"


def ephemeral_context() -> Any:
    """An ephemeral GX context: in-memory stores, no analytics, no progress bars, no temp docs."""
    import_great_expectations()  # at once, or waits for the warm-up thread to finish it
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def release(datasource: Any) -> None:
    """Dispose both SQLAlchemy engines GX made (the data source's and the execution engine's)."""
    execution_engine = getattr(datasource, "_execution_engine", None)
    if execution_engine is not None:
        execution_engine.close()
        execution_engine.engine.dispose()
    engine = getattr(datasource, "_engine", None)
    if engine is not None:
        engine.dispose()


class GxSession:
    """A GX context and the warehouse's SQL data source, made on first use.

    Asset names must be unique within a data source; ``asset_name`` hands out one per batch
    for the session's whole life, whichever call adds it.
    """

    def __init__(self, warehouse: str | Path) -> None:
        self.path = Path(warehouse).resolve()
        self._context: Any = None
        self._datasource: Any = None
        self._names: set[str] = set()

    @property
    def context(self) -> Any:
        if self._context is None:
            self._context = ephemeral_context()
        return self._context

    @property
    def datasource(self) -> Any:
        if self._datasource is None:
            self._datasource = self.context.data_sources.add_sql(
                DATASOURCE, connection_string=engine_url(self.path)
            )
        return self._datasource

    def asset_name(self, source: str, label: str) -> str:
        """The source's name for its first batch (Data Docs are built from it), then
        ``source.label`` (``source.label.2`` … should a label repeat)."""
        name = source if source not in self._names else f"{source}.{label}"
        candidate, n = name, 1
        while candidate in self._names:
            n += 1
            candidate = f"{name}.{n}"
        self._names.add(candidate)
        return candidate

    def close(self) -> None:
        """Release every engine the session made; it may be used again afterwards."""
        if self._datasource is not None:
            release(self._datasource)
        self._context = self._datasource = None
        self._names.clear()


@contextmanager
def gx_session(warehouse: str | Path) -> Iterator[GxSession]:
    """A session over ``warehouse``, released when the block ends, however it ends."""
    session = GxSession(warehouse)
    try:
        yield session
    finally:
        session.close()
