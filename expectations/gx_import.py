"""Great Expectations imported ahead of the checks, on a thread of its own.

Importing GX costs about 2.5 s here, and the first check of every refresh process paid it
while nothing else ran. The raw step starts the import on a thread, so it overlaps the raw
and staging steps, whose work is mostly in Polars and DuckDB, outside Python's lock.

A package both threads import must be whole before the thread starts: SQLAlchemy's ORM,
which GX imports and which Dagster's run storage (SQLite or PostgreSQL) uses to write each
event. Python hands a thread that meets a circular import the other thread's half-imported
module, and a Dagster-started refresh failed its raw step on exactly that
("partially initialized module 'sqlalchemy.orm.exc'"). The ORM is imported first, on the
caller's thread (about 0.1 s, and Dagster's storage needs it anyway).
"""

from __future__ import annotations

import importlib
import sys
import threading

# Packages GX imports that the caller's thread may import at the same time (see above).
SHARED_WITH_THE_CALLER = ("sqlalchemy", "sqlalchemy.orm")


def import_great_expectations_in_background() -> threading.Thread | None:
    """Start importing Great Expectations and the runner's fix to it, once per process.

    The checks then import modules already loaded, or wait for the thread to finish them
    (Python's import lock sees to that). Returns the thread, or None when the import was
    started or done before. A failure is left to the checks, which import it again and
    report it."""
    global _warm_up
    if _warm_up is not None or "great_expectations.core.validation_definition" in sys.modules:
        return None
    for module in SHARED_WITH_THE_CALLER:
        importlib.import_module(module)
    _warm_up = threading.Thread(target=_import_quietly, name="import-gx", daemon=True)
    _warm_up.start()
    return _warm_up


def _import_quietly() -> None:
    try:
        importlib.import_module("expectations.gx_duckdb_fix")
        importlib.import_module("great_expectations.core.validation_definition")
        importlib.import_module("great_expectations.data_context.types.base")
    except Exception:  # noqa: BLE001 -- reported by the check that imports it for real
        pass


_warm_up: threading.Thread | None = None
