"""The validation step's line per source (pipelines.defs.checks.progress_line): what a person
watching `jansewa refresh` reads of each source's checks and of what is left."""

from __future__ import annotations

from types import SimpleNamespace

from expectations.concurrent_validation import SourceOutcome
from expectations.validation import CARRIED, INCREMENTAL, Validation
from pipelines.defs.checks import progress_line


def _outcome(mode: str, *severities_failed: str, passed: int = 0) -> SourceOutcome:
    results = [SimpleNamespace(success=True, severity="blocking") for _ in range(passed)]
    results += [SimpleNamespace(success=False, severity=s) for s in severities_failed]
    return SourceOutcome(
        "grievances", Validation(results, mode == CARRIED, "key", mode), seconds=0.44
    )


def test_a_source_whose_new_rows_passed_says_so_and_what_is_left():
    line = progress_line(_outcome(INCREMENTAL, passed=17), done=8, total=10, elapsed=2.4)
    assert line == (
        "validate stg_grievances: 17 checks passed (rows staged since the last validation; "
        "0.4 s); 8 of 10 sources done after 2 s, 2 left"
    )


def test_failed_warnings_are_told_apart_from_failed_blocking_checks():
    warned = progress_line(_outcome(CARRIED, "warning", passed=16), done=10, total=10, elapsed=9)
    assert warned == (
        "validate stg_grievances: 1 of 17 checks failed, none blocking (nothing it reads "
        "changed: results carried over; 0.4 s); 10 of 10 sources done after 9 s"
    )
    blocked = progress_line(_outcome(CARRIED, "warning", "blocking", passed=15), 1, 2, 0.2)
    assert blocked.startswith("validate stg_grievances: 2 of 17 checks failed, 1 of them blocking")
