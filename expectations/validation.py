"""Validate one source, or carry its last results over when nothing they depend on changed.

Re-running GX over a whole staging table costs seconds to tens of seconds per source; most
incremental refreshes touch one or two sources. A source's last recorded results stand in
for a new validation only when

  - they were recorded with the same inputs key (expectations/inputs.py: the suite file, the
    reference files, the validating code, the staged data's version),
  - they name exactly the suite's checks, and
  - no "not in the future" check failed. Results read the clock only through rows dated
    after now: such a row fails its "not in the future" check today and may pass tomorrow,
    and the volume rule leaves future rows out of its counts. With no row in the future, time
    moving on changes no result (the volume rule's own failures carry over, as they should:
    a missing export stays missing).

Otherwise the suite runs again. Either way the results are recorded under this run with the
key, failures (dq_failures) included, so the record of every run is complete.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from expectations.catalog import check_specs, load_suite_dict
from expectations.dq_results import last_results, write_dq_results
from expectations.inputs import inputs_key, validation_inputs
from expectations.runner import ExpectationResult, validate_source

_CLOCK = re.compile(r"\b(now|current_date|current_timestamp|get_current_time)\b", re.IGNORECASE)
# The suites' check per date and timestamp column that its values are not after now
# (expectations/generate_suites.py, _time_rules, names them "<column>_not_in_future").
FUTURE_SUFFIX = "_not_in_future"


@dataclass(frozen=True)
class Validation:
    """The results recorded for one source in one run, and whether they were carried over."""

    results: list[ExpectationResult]
    carried_over: bool
    inputs_key: str


def future_checks(source: str) -> set[str]:
    """Names of the source's "not in the future" checks: they read the current time and fail
    exactly when a row is dated after it."""
    return {
        e["meta"]["check"]
        for e in load_suite_dict(source)["expectations"]
        if e["meta"]["check"].endswith(FUTURE_SUFFIX)
        and any(_CLOCK.search(str(v)) for v in e["kwargs"].values())
    }


def reusable(
    con: duckdb.DuckDBPyConnection, source: str, run_id: str, key: str
) -> list[ExpectationResult] | None:
    """The last recorded results of ``source`` if they may stand for this run (see above)."""
    recorded = last_results(con, source, other_than=run_id)
    if recorded is None or recorded.inputs_key != key:
        return None
    names = [r.expectation for r in recorded.results]
    if sorted(names) != sorted(s.name for s in check_specs(source)):
        return None
    future = future_checks(source)
    if any(not r.success and r.expectation in future for r in recorded.results):
        return None
    return recorded.results


def validate_or_carry_over(
    warehouse: str | Path,
    source: str,
    run_id: str,
    data_docs_dir: str | Path | None = None,
) -> Validation:
    """Results of ``source`` for ``run_id``: carried over or validated, then recorded.

    Opens short-lived connections only (none is held while GX runs); ``data_docs_dir`` is
    passed to the runner when the suite runs (carried results keep their published docs).
    """
    with duckdb.connect(str(warehouse)) as con:
        key = inputs_key(validation_inputs(con, source))
        results = reusable(con, source, run_id, key)
    carried = results is not None
    if results is None:
        results = validate_source(warehouse, source, data_docs_dir=data_docs_dir)
    with duckdb.connect(str(warehouse)) as con:
        write_dq_results(con, run_id, results, inputs_key=key)
    return Validation(results, carried, key)
