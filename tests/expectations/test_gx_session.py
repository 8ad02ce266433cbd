"""One GX context shared by a step's sources: the same results as a context per call, the
warehouse's later changes seen, nothing held before first use or after the session ends."""

from __future__ import annotations

import subprocess
import sys

from expectations.gx_session import gx_session
from expectations.runner import Batch, validate_batches
from expectations.warehouse_connection import connect

BAD_RATING = (
    "update stg_helpline_calls_versions set feedback_rating = 9 "
    "where call_id = (select min(call_id) from stg_helpline_calls)"
)


def _verdicts(rows) -> list[tuple[str, bool]]:
    return [(r.expectation, r.success) for r in rows]


def _writable_by_another_process(path) -> bool:
    code = f"import duckdb; duckdb.connect({str(path)!r}).execute('select 1').fetchall()"
    return subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0


def test_a_shared_session_gives_each_call_its_own_results(warehouse):
    sources = ("grievances", "helpline_calls", "appointments")
    alone = {s: validate_batches(warehouse, [Batch(s, verdict_only=True)])[0] for s in sources}
    with gx_session(warehouse) as session:
        assert _writable_by_another_process(warehouse)  # nothing opened before first use
        shared = {
            s: validate_batches(warehouse, [Batch(s, verdict_only=True)], session=session)[0]
            for s in sources
        }
        # A change committed by another connection between two calls is seen by the next,
        # and a source validated again in the session gets an asset of its own.
        con = connect(warehouse)  # made as the pipeline's, which join GX's open database
        try:
            con.execute(BAD_RATING)
        finally:
            con.close()
        (again,) = validate_batches(
            warehouse, [Batch("helpline_calls", verdict_only=True)], session=session
        )
    assert {s: _verdicts(r) for s, r in shared.items()} == {
        s: _verdicts(r) for s, r in alone.items()
    }
    assert all(ok for rows in shared.values() for _, ok in _verdicts(rows))
    assert [name for name, ok in _verdicts(again) if not ok] == ["feedback_rating_in_range"]
    assert _writable_by_another_process(warehouse)  # every engine released at the end


SCRIPT = """
import sys
from expectations.runner import Batch, validate_batches
(rows,) = validate_batches(sys.argv[1], [Batch("grievances", verdict_only=True)])
assert rows and all(r.success for r in rows)
print("ran" if "scipy.stats._stats_py" in sys.modules else "deferred")
"""


def test_the_runner_defers_gx_unused_modules_without_the_warm_up_thread(warehouse):
    """A process that validates without the refresh's warm-up thread (a test, a notebook)
    still imports GX with scipy.stats deferred (expectations/gx_import.py)."""
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(warehouse)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "deferred"
