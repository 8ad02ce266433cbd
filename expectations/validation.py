"""Validate one source: carry its last results over, validate what changed, or the whole table.

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

Otherwise, when the source was last validated under the same rules and every row and key
check passed, only what changed since is validated (expectations/incremental.py), with
whole-table results; failing that, the whole suite runs over the whole table. Either way the
results are recorded under this run with the key, failures (dq_failures) included, so the
record of every run is complete, and the state the next run starts from
(expectations/validation_state.py) is kept with them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from expectations.catalog import check_specs, load_suite_dict
from expectations.dq_results import RecordedRun, last_results, write_dq_results
from expectations.expectation_results import ExpectationResult
from expectations.gx_session import GxSession
from expectations.incremental import validate_incrementally
from expectations.inputs import inputs_key, rules_inputs, validation_inputs
from expectations.runner import validate_source
from expectations.staged_files import staged_files
from expectations.validation_state import (
    ValidationState,
    VolumeRow,
    load_state,
    relabel_state,
    save_state,
)
from expectations.volume import volume_rows
from expectations.warehouse_connection import connect, held_open

_CLOCK = re.compile(r"\b(now|current_date|current_timestamp|get_current_time)\b", re.IGNORECASE)
# The suites' check per date and timestamp column that its values are not after now
# (expectations/generate_suites.py, _time_rules, names them "<column>_not_in_future").
FUTURE_SUFFIX = "_not_in_future"


CARRIED, INCREMENTAL, FULL = "carried over", "incremental", "whole table"


@dataclass(frozen=True)
class Validation:
    """The results recorded for one source in one run, and how they were reached."""

    results: list[ExpectationResult]
    carried_over: bool
    inputs_key: str
    mode: str = FULL  # CARRIED, INCREMENTAL or FULL


def future_checks(source: str) -> set[str]:
    """Names of the source's "not in the future" checks: they read the current time and fail
    exactly when a row is dated after it."""
    return {
        e["meta"]["check"]
        for e in load_suite_dict(source)["expectations"]
        if e["meta"]["check"].endswith(FUTURE_SUFFIX)
        and any(_CLOCK.search(str(v)) for v in e["kwargs"].values())
    }


def reusable(recorded: RecordedRun | None, source: str, key: str) -> list[ExpectationResult] | None:
    """The recorded results of ``source`` if they may stand for this run (see above)."""
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
    session: GxSession | None = None,
) -> Validation:
    """Results of ``source`` for ``run_id``: carried over, validated incrementally or over
    the whole table; then recorded, with the state the next run starts from.

    One connection holds the warehouse open throughout (expectations/warehouse_connection.py),
    so the short-lived ones, GX's included, join it instead of opening the file each time;
    all are closed when this returns. ``data_docs_dir`` is passed to the runner when a suite
    runs over the whole table (carried and incremental results keep the published docs of
    the last whole-table run). ``session``: a GX context shared with the caller's other
    sources for the changed rows' runs (expectations/gx_session.py); a whole-table run, which
    builds Data Docs, has a context of its own.
    """
    with held_open(warehouse):
        return _validate_or_carry_over(warehouse, source, run_id, data_docs_dir, session)


def _validate_or_carry_over(
    warehouse: str | Path,
    source: str,
    run_id: str,
    data_docs_dir: str | Path | None,
    session: GxSession | None,
) -> Validation:
    with connect(warehouse) as con:
        files = staged_files(con, source)
        rules = inputs_key(rules_inputs(source))
        key = inputs_key(validation_inputs(con, source, files))
        recorded = last_results(con, source, other_than=run_id)
        state = load_state(con, source)
    results = reusable(recorded, source, key)
    mode, volume = CARRIED, state.volume if state is not None else {}
    if results is None:
        # no Data Docs here: they are GX's report of a suite over a whole table, and building
        # them costs as much as validating a day's rows; the last ones stay published
        step = validate_incrementally(warehouse, source, recorded, state, files, rules, session)
        if step is not None:
            mode, results, volume = INCREMENTAL, step.results, step.volume
        else:
            mode, results = FULL, validate_source(warehouse, source, data_docs_dir=data_docs_dir)
    with connect(warehouse) as con:
        if mode == FULL:
            volume = whole_table_volume(con, source)
        write_dq_results(con, run_id, results, inputs_key=key)
        if mode == CARRIED:
            relabel_state(con, source, run_id)
        else:
            save_state(con, source, ValidationState(run_id, rules, files, volume))
    return Validation(results, mode == CARRIED, key, mode)


def whole_table_volume(con: duckdb.DuckDBPyConnection, source: str) -> dict[str, list[VolumeRow]]:
    """What each volume check flags over the whole table (kept for the next incremental run);
    a rule that cannot be merged by period keeps nothing (its source then runs whole)."""
    suite = {e["meta"]["check"]: e for e in load_suite_dict(source)["expectations"]}
    volume: dict[str, list[VolumeRow]] = {}
    for spec in check_specs(source):
        if spec.scope == "volume":
            try:
                volume[spec.name] = volume_rows(con, source, suite[spec.name], None)
            except ValueError:
                continue
    return volume
