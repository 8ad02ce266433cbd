"""Validate what changed since a source's last validation, and still report whole-table results.

A day of new exports changes a few files of a staging table that holds a year. Each check's
scope (expectations/catalog.py, SCOPES) says how little of the table decides it:

    row     GX runs these on the rows of the changed files; every other row passed them
            last time and is unchanged (its file's fingerprint is)
    key     GX runs these on the rows sharing a key with the changed rows: a duplicate
            that did not exist last time involves a changed row
            (both on one batch table, ``validation_batch_<source>``, dropped afterwards)
    volume  recomputed from the earliest period new or removed rows touch
            (expectations/volume.py) and merged with what it flagged before
    table   GX runs these on the whole table, as always

This holds only from a state in which every row and key check passed (they all must pass
for a publication, and a "not in the future" check is a row check, so a row dated after now
also sends the source back to a whole-table run) and that was computed under the same rules
(suite, reference files, code, GX version). Otherwise, or when a row or key check fails on
the changed rows, the caller validates the whole table, so a failure is always reported
with whole-table counts, examples and places, exactly as before.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import duckdb

from expectations.catalog import CheckSpec, check_specs, load_suite_dict
from expectations.dq_results import RecordedRun
from expectations.expectation_results import ExpectationResult
from expectations.failure_examples import N_EXAMPLES
from expectations.failures import FailureCount
from expectations.gx_session import GxSession
from expectations.runner import Batch, validate_batches
from expectations.staged_files import StagedFile, changed_files
from expectations.validation_state import ValidationState, VolumeRow
from expectations.volume import merged, period_start, volume_rows
from expectations.warehouse_connection import connect
from warehouse.schema import staging_table
from warehouse.sources import SOURCES

COLUMN_MAP_TYPES = {
    "expect_column_values_to_not_be_null",
    "expect_column_values_to_be_in_set",
    "expect_column_values_to_be_between",
    "expect_column_values_to_be_unique",
}


@dataclasses.dataclass(frozen=True)
class Incremental:
    """The whole-table results of an incremental validation, and the volume rows to keep."""

    results: list[ExpectationResult]
    volume: dict[str, list[VolumeRow]]
    changed: list[str]
    gone: list[str]


def eligible(
    specs: Sequence[CheckSpec],
    recorded: RecordedRun | None,
    state: ValidationState | None,
    rules_key: str,
) -> bool:
    """Whether the recorded results and state are a sound start (see the module docstring)."""
    if recorded is None or state is None or not state.files:
        return False
    if state.rules_key != rules_key or state.run_id != recorded.run_id:
        return False
    if sorted(r.expectation for r in recorded.results) != sorted(s.name for s in specs):
        return False
    scope = {s.name: s.scope for s in specs}
    return all(r.success for r in recorded.results if scope[r.expectation] in ("row", "key"))


def _passing(spec: CheckSpec, total: int) -> ExpectationResult:
    """A row or key check that no row breaks, worded as a whole-table run words it."""
    observed = f"0 of {total} rows unexpected" if spec.type in COLUMN_MAP_TYPES else "0 rows"
    return ExpectationResult(
        spec.source, spec.name, spec.type, spec.column, spec.severity, True, 0, observed
    )


def _volume_result(spec: CheckSpec, flagged: list[VolumeRow]) -> ExpectationResult:
    """The rule's result from its flagged rows: as many unexpected as rows, placed by month."""
    months: dict[tuple, int] = {}
    for row in flagged:
        month = row.period.replace(day=1) if row.period is not None else None
        months[(row.district, month)] = months.get((row.district, month), 0) + 1
    failures = [
        FailureCount(d, m, n)
        for (d, m), n in sorted(months.items(), key=lambda i: (i[0][0] is None, i[0]))
    ]
    return ExpectationResult(
        spec.source,
        spec.name,
        spec.type,
        spec.column,
        spec.severity,
        not flagged,
        len(flagged),
        f"{len(flagged)} rows",
        [row.example for row in flagged[:N_EXAMPLES]],
        failures,
    )


def _cutoff(
    source: str,
    before: dict[str, StagedFile],
    now: dict[str, StagedFile],
    changed: list[str],
    gone: list[str],
) -> dt.date | None:
    """The first period whose verdict may differ (expectations/volume.py); None: any."""
    touched = [before[f] for f in changed + gone if f in before] + [now[f] for f in changed]
    firsts = [f.first_day for f in touched if f.first_day is not None]
    lasts = [
        max((f.last_day for f in files.values() if f.last_day is not None), default=None)
        for files in (before, now)
    ]
    if not firsts or None in lasts:
        return None
    return period_start(source, min([*firsts, *lasts]))


def batch_table(source: str) -> str:
    """The table holding the rows an incremental run validates (dropped afterwards)."""
    return f"validation_batch_{source}"


def _stage_batch(con: duckdb.DuckDBPyConnection, source: str, changed: list[str]) -> None:
    """Copy the changed files' rows, and every row sharing a key with them, into the batch
    table: the row checks need the former, the key checks all of it, and the rows of the
    latter that are not the former passed every row check last time, unchanged since."""
    spec = SOURCES[source]
    table, key = staging_table(spec), f'"{spec.key}"'
    # Every part is read within the changed rows' key range as well, so that DuckDB skips
    # the row groups whose keys lie outside it (see pipelines/load/staged_records.py): for a
    # day of 41k service transactions among 10M, 6 of 83 row groups are read, where the
    # files and keys alone read all 83.
    changed_rows = "_file in (select unnest($files))"
    in_range = f"{key} between $low and $high"
    low, high = con.execute(
        f"select min({key}), max({key}) from {table} where {changed_rows}", {"files": changed}
    ).fetchall()[0]
    con.execute(
        f"""
        create or replace table {batch_table(source)} as
        select * from {table} where ({in_range} or {key} is null) and {changed_rows}
        union all
        select * from {table}
        where {in_range} and not ({changed_rows})
          and {key} in (select {key} from {table} where {in_range} and {changed_rows})
        """,
        {"files": changed, "low": low, "high": high},
    )


def _batches(source: str, specs: Sequence[CheckSpec], changed: list[str]) -> list[Batch]:
    """One GX run over the batch table for the row and key checks (when files changed), one
    over the whole table for the table checks (when the suite has any)."""
    on_batch = frozenset(s.name for s in specs if s.scope in ("row", "key"))
    on_table = frozenset(s.name for s in specs if s.scope == "table")
    batches = []
    if changed and on_batch:
        query = f"select * from {batch_table(source)}"
        batches.append(Batch(source, on_batch, query, "changed_rows", verdict_only=True))
    if on_table:
        batches.append(Batch(source, on_table, None, "whole_table"))
    return batches


def validate_incrementally(
    warehouse: str | Path,
    source: str,
    recorded: RecordedRun | None,
    state: ValidationState | None,
    files: dict[str, StagedFile],
    rules_key: str,
    session: GxSession | None = None,
) -> Incremental | None:
    """Whole-table results of ``source`` from the changed rows; None: validate the whole table.

    ``files`` are the staged files now, ``state`` what the last validation saw. Key checks on
    a column other than the source's key are not supported here (None). ``session``: the GX
    context the caller shares between sources (expectations/gx_session.py).
    """
    specs = check_specs(source)
    if not eligible(specs, recorded, state, rules_key):
        return None
    assert state is not None
    if any(s.scope == "key" and s.column not in (None, SOURCES[source].key) for s in specs):
        return None
    changed, gone = changed_files(state.files, files)
    with connect(warehouse) as con:
        total = con.execute(f"select count(*) from {staging_table(SOURCES[source])}").fetchone()[0]
        if changed:
            _stage_batch(con, source, changed)
    try:
        batches = _batches(source, specs, changed)
        ran = validate_batches(warehouse, batches, session=session) if batches else []
    finally:
        with connect(warehouse) as con:
            con.execute(f"drop table if exists {batch_table(source)}")
    by_name = {r.expectation: r for rows in ran for r in rows}
    results: dict[str, ExpectationResult] = {}
    for spec in specs:
        if spec.scope in ("row", "key"):
            if spec.name in by_name and not by_name[spec.name].success:
                return None  # reported from the whole table, with its counts and places
            results[spec.name] = _passing(spec, int(total))
        elif spec.scope == "table":
            results[spec.name] = by_name[spec.name]
    suite = {e["meta"]["check"]: e for e in load_suite_dict(source)["expectations"]}
    cutoff = _cutoff(source, state.files, files, changed, gone)
    volume: dict[str, list[VolumeRow]] = {}
    with connect(warehouse) as con:
        for spec in (s for s in specs if s.scope == "volume"):
            try:
                fresh = volume_rows(con, source, suite[spec.name], cutoff)
            except ValueError:
                return None
            volume[spec.name] = (
                fresh if cutoff is None else merged(state.volume.get(spec.name, []), fresh, cutoff)
            )
            results[spec.name] = _volume_result(spec, volume[spec.name])
    return Incremental([results[s.name] for s in specs], volume, changed, gone)
