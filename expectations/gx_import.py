"""Great Expectations imported ahead of the checks, on a thread of its own.

Importing GX costs about 2.5 s here, and the first check of every refresh process paid it
while nothing else ran. The raw step starts the import on a thread, so it overlaps the raw
and staging steps, whose work is mostly in Polars and DuckDB, outside Python's lock.
"""

from __future__ import annotations

import importlib
import sys
import threading


def import_great_expectations_in_background() -> threading.Thread | None:
    """Start importing Great Expectations and the runner's fix to it, once per process.

    The checks then import modules already loaded, or wait for the thread to finish them
    (Python's import lock sees to that). Returns the thread, or None when the import was
    started or done before. A failure is left to the checks, which import it again and
    report it."""
    global _warm_up
    if _warm_up is not None or "great_expectations.core.validation_definition" in sys.modules:
        return None
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
