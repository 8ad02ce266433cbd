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

A third of the import is modules GX loads for expectations no suite here uses: scipy.stats
for the KL-divergence and Kolmogorov-Smirnov expectations, altair for their charts (0.7-1.2 s
together, measured in a refresh process). Those two are imported lazily, by the recipe of
importlib's documentation ("Implementing lazy imports"): the module object exists, and its
code runs the first time something reads from it. Nothing else in a refresh reads them
(warehouse.composite_math and warehouse.sensitivity compute without scipy), so a refresh
never pays for them; a suite that did use those expectations would load them on first use.

Once imported, the objects are moved out of reach of Python's cyclic garbage collector
(``gc.freeze``): they live as long as the process, and every full collection of a run
otherwise walked all of them again, GX's and Dagster's together. Measured over a day's
refresh on the state-year warehouse, the collector took 0.44 s, of which 0.32 s in its two
full collections; with the objects frozen as the warm-up starts (Dagster's, the code
location's, the run's set-up) and again after the import, 0.18-0.20 s, of which 0.07-0.09 s.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import threading

from expectations.gx_model_fields import inherited_fields_copied_shallowly

# Packages GX imports that the caller's thread may import at the same time (see above).
SHARED_WITH_THE_CALLER = ("sqlalchemy", "sqlalchemy.orm")
# Modules GX imports at start-up that run only when used (see above).
LOADED_ON_FIRST_USE = ("scipy.stats", "altair")
# What the checks import; once these are in sys.modules, GX is imported.
GX_MODULES = (
    "expectations.gx_duckdb_fix",
    "great_expectations.core.validation_definition",
    "great_expectations.data_context.types.base",
)


class _LoadOnFirstUse(importlib.abc.MetaPathFinder):
    """Finds LOADED_ON_FIRST_USE where the path finder would, and wraps their loader in
    importlib's LazyLoader; every other module is left to the finders after it."""

    def find_spec(self, fullname, path, target=None):
        if fullname not in LOADED_ON_FIRST_USE:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is not None and spec.loader is not None:
            spec.loader = importlib.util.LazyLoader(spec.loader)
        return spec


def import_great_expectations() -> None:
    """Import GX and the runner's fix to it, with LOADED_ON_FIRST_USE deferred and GX's
    models given their inherited fields at less cost (expectations/gx_model_fields.py).

    Called by the warm-up thread and by the runner before it imports GX itself, so that a
    process which never started the thread defers the same modules. The finder is in place
    only while this runs; another thread meanwhile importing one of those modules gets it
    lazily too, which changes when its code runs, not what it does.
    """
    with _import_lock:
        if all(module in sys.modules for module in GX_MODULES):
            return
        finder = _LoadOnFirstUse()
        sys.meta_path.insert(0, finder)
        try:
            with inherited_fields_copied_shallowly():  # a third of the import (that module)
                for module in GX_MODULES:
                    importlib.import_module(module)
        finally:
            sys.meta_path.remove(finder)
        _freeze()  # what the import made lives as long as the process (module docstring)


def import_great_expectations_in_background() -> threading.Thread | None:
    """Start importing Great Expectations and the runner's fix to it, once per process.

    The checks then import modules already loaded, or wait for the thread to finish them
    (Python's import lock sees to that). Returns the thread, or None when the import was
    started or done before. A failure is left to the checks, which import it again and
    report it."""
    global _warm_up
    if _warm_up is not None or all(module in sys.modules for module in GX_MODULES):
        return None
    for module in SHARED_WITH_THE_CALLER:
        importlib.import_module(module)
    _freeze()  # what the run has loaded so far (see the module docstring)
    _warm_up = threading.Thread(target=_import_quietly, name="import-gx", daemon=True)
    _warm_up.start()
    return _warm_up


def _freeze() -> None:
    """Move every object tracked so far out of the collector's reach, and back at exit:
    objects still frozen then are never finalised, and DuckDB's bindings (nanobind) report
    each of theirs as a leak on the way out."""
    global _unfreeze_at_exit
    gc.freeze()
    if not _unfreeze_at_exit:
        atexit.register(gc.unfreeze)
        _unfreeze_at_exit = True


def _import_quietly() -> None:
    # a failure is reported by the check that imports it for real
    with contextlib.suppress(Exception):
        import_great_expectations()


_warm_up: threading.Thread | None = None
_unfreeze_at_exit = False
_import_lock = threading.Lock()
