"""The data-quality record: dq_results (one row per run, source and expectation) and
dq_failures (where a failed expectation's rows are: per district and month).

Every run appends its results with the key of the inputs they were computed from
(expectations/inputs.py); writing the same run and source again replaces that run's rows of
both tables for the source (delete-then-insert in one transaction), so a retried check never
doubles up. ``last_results`` reads a source's latest run back, breakdown included, for the
carry-over.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import duckdb

from expectations.expectation_results import ExpectationResult
from expectations.failures import FailureCount
from warehouse.bulk_insert import insert_rows
from warehouse.schema import create_dq_results

CARRIED_OVER = "carried over"  # expectation_type of a result read back from the record


def write_dq_results(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    results: Iterable[ExpectationResult],
    validated_at: datetime | None = None,
    inputs_key: str | None = None,
) -> int:
    """Record results (and their failures) under ``run_id``, replacing that run's earlier
    rows for the same sources. Returns the number of dq_results rows written."""
    rows = list(results)
    when = validated_at or datetime.now()
    create_dq_results(con)
    con.execute("begin transaction")
    try:
        for source in sorted({r.source for r in rows}):
            for table in ("dq_results", "dq_failures"):
                con.execute(
                    f"delete from {table} where run_id = ? and source = ?", [run_id, source]
                )
        # in the table's column order (warehouse/schema.py: inputs_key is the last)
        results = [
            [
                run_id,
                r.source,
                r.expectation,
                r.severity,
                r.success,
                r.unexpected_count,
                r.observed_value,
                json.dumps(r.examples, ensure_ascii=False),
                when,
                inputs_key,
            ]
            for r in rows
        ]
        insert_rows(con, "dq_results", results, 10)
        failures = [
            [run_id, r.source, r.expectation, r.severity, f.district, f.period_start, f.rows]
            for r in rows
            for f in r.failures
        ]
        insert_rows(con, "dq_failures", failures, 7)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return len(rows)


@dataclass(frozen=True)
class RecordedRun:
    """A source's results as one earlier run recorded them."""

    run_id: str
    inputs_key: str | None
    results: list[ExpectationResult]


def last_results(
    con: duckdb.DuckDBPyConnection, source: str, other_than: str
) -> RecordedRun | None:
    """The latest recorded run of ``source`` other than run ``other_than`` (None: none yet).

    Its results come back with their failures, their type marked "carried over".
    """
    create_dq_results(con)
    latest = con.execute(
        "select arg_max(run_id, validated_at) from dq_results where source = ? and run_id <> ?",
        [source, other_than],
    ).fetchone()[0]
    if latest is None:
        return None
    rows = con.execute(
        "select expectation, severity, success, unexpected_count, observed_value, examples, "
        "inputs_key from dq_results where run_id = ? and source = ? order by expectation",
        [latest, source],
    ).fetchall()
    where: dict[str, list[FailureCount]] = {}
    for name, district, period, count in con.execute(
        "select expectation, district, period_start, rows from dq_failures "
        "where run_id = ? and source = ? order by all",
        [latest, source],
    ).fetchall():
        where.setdefault(name, []).append(FailureCount(district, period, count))
    keys = {r[6] for r in rows}
    results = [
        ExpectationResult(
            source=source,
            expectation=name,
            expectation_type=CARRIED_OVER,
            column=None,
            severity=severity,
            success=success,
            unexpected_count=unexpected,
            observed_value=observed,
            examples=json.loads(examples) if examples else [],
            failures=where.get(name, []),
        )
        for name, severity, success, unexpected, observed, examples, _key in rows
    ]
    return RecordedRun(latest, keys.pop() if len(keys) == 1 else None, results)
