"""A refresh process never runs scipy.stats or altair: about 1 s of import nobody uses.

GX imports both at start-up for expectations the suites here never use; expectations.gx_import
defers them, and the scorecard statistics compute their ranks and Kendall's tau without scipy.
A refresh that loads a new file runs every step (raw, staging, the checks, the marts with the
scorecard's rank ranges and sensitivity, publish) in a fresh process, which then reports
which of those modules' code ran.
"""

from __future__ import annotations

import subprocess
import sys

from tests.reliability.workspace import add_new_calls, copy_demo

# Submodules that exist only once the deferred modules' code has run.
RAN = ("scipy.stats._stats_py", "altair.vegalite")

SCRIPT = """
import sys
from pathlib import Path
from pipelines.refresh import run_refresh
result = run_refresh(exports=Path(sys.argv[1]), warehouse=Path(sys.argv[2]))
assert result.published, result.describe()
assert "scipy.stats" in sys.modules  # GX asked for it: it is there, deferred
print(",".join(m for m in sys.argv[3].split(",") if m in sys.modules) or "none")
"""


def test_a_refresh_never_runs_scipy_stats_or_altair(demo_warehouse, tmp_path):
    ws = copy_demo(demo_warehouse, tmp_path)
    add_new_calls(ws)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(ws.exports), str(ws.warehouse), ",".join(RAN)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == "none"
