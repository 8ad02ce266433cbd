"""The data-quality record: one row per run, source and expectation, in table dq_results.

Every run appends its results; writing the same run and source again replaces that run's rows
for the source (delete-then-insert in one transaction), so a retried check never doubles up.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime

import duckdb

from expectations.runner import ExpectationResult
from warehouse.schema import create_dq_results


def write_dq_results(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    results: Iterable[ExpectationResult],
    validated_at: datetime | None = None,
) -> int:
    """Record results under ``run_id`` (replacing that run's earlier rows for the same sources).

    Returns the number of rows written.
    """
    rows = list(results)
    when = validated_at or datetime.now()
    create_dq_results(con)
    con.execute("begin transaction")
    try:
        for source in sorted({r.source for r in rows}):
            con.execute("delete from dq_results where run_id = ? and source = ?", [run_id, source])
        if rows:
            con.executemany(
                "insert into dq_results values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
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
                    ]
                    for r in rows
                ],
            )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return len(rows)
