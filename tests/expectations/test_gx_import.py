"""Great Expectations imported on a thread ahead of the checks, once per process."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
from expectations.gx_import import import_great_expectations_in_background as warm
assert "great_expectations" not in sys.modules  # importing the helper imports nothing of GX
thread = warm()
assert thread is not None and warm() is None  # started once per process
thread.join()
assert "great_expectations.core.validation_definition" in sys.modules
assert "expectations.gx_duckdb_fix" in sys.modules
print("ok")
"""


def test_the_import_runs_once_on_its_own_thread():
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"
