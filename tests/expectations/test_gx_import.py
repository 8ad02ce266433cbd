"""Great Expectations imported on a thread ahead of the checks, once per process."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
from expectations.gx_import import import_great_expectations_in_background as warm
assert "great_expectations" not in sys.modules  # importing the helper imports nothing of GX
# What the caller's thread may use meanwhile is whole when the thread starts (a Dagster run
# writing its events through SQLAlchemy's ORM got a half-imported sqlalchemy.orm.exc).
import threading
whole_at_start, start = [], threading.Thread.start
def noting_start(self):
    exc = sys.modules.get("sqlalchemy.orm.exc")
    whole_at_start.append(hasattr(exc, "UnmappedClassError") and hasattr(exc, "NO_STATE"))
    start(self)
threading.Thread.start = noting_start
assert "sqlalchemy.orm" not in sys.modules
thread = warm()
assert whole_at_start == [True]
assert thread is not None and warm() is None  # started once per process
thread.join()
assert "great_expectations.core.validation_definition" in sys.modules
assert "expectations.gx_duckdb_fix" in sys.modules
# GX imported scipy.stats and altair without running them (about 1 s) ...
assert "scipy.stats" in sys.modules and "altair" in sys.modules
assert "scipy.stats._stats_py" not in sys.modules and "altair.vegalite" not in sys.modules
# ... and they still work where used: their code runs on first use.
from scipy import stats
assert stats.entropy([0.5, 0.5], [0.5, 0.5]) == 0.0
assert "scipy.stats._stats_py" in sys.modules
import altair
assert altair.Chart is not None and "altair.vegalite" in sys.modules
print("ok")
"""


def test_the_import_runs_once_on_its_own_thread():
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"


FROZEN = """
import gc
import duckdb
from expectations.gx_import import import_great_expectations_in_background as warm
warm().join()
frozen = gc.get_freeze_count()
# what the run had loaded and what GX's import made are out of the collector's full passes
assert frozen > 100_000, frozen
con = duckdb.connect()
assert con.execute("select 42").fetchone() == (42,)
print("ok")
"""


def test_what_the_import_loads_is_frozen_and_the_exit_stays_quiet():
    """The objects are out of the collector's reach during the run, and back at exit: a
    process ending with them frozen had DuckDB's bindings report them as leaks on stderr."""
    done = subprocess.run(
        [sys.executable, "-c", FROZEN], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"
    assert "leaked" not in done.stderr, done.stderr[-2000:]
