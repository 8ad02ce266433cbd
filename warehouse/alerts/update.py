"""One evaluation of the alert rules after a refresh: evaluate, settle failures, write.

What the Dagster alerts asset calls (pipelines/defs/alerts.py), kept here so that tests and
any other caller run the very same steps on a plain DuckDB connection.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from warehouse.alerts.evaluate import evaluate_alerts
from warehouse.alerts.failures import refresh_failed_alert, refresh_failures
from warehouse.alerts.lifecycle import Written, write_alerts
from warehouse.alerts.rules import Rule


def last_publication(con: duckdb.DuckDBPyConnection) -> dt.datetime | None:
    """When the warehouse last published a snapshot (None: never, or no publications yet)."""
    try:
        return con.execute("select max(published_at) from publications").fetchone()[0]
    except duckdb.CatalogException:
        return None


def update_alerts(
    con: duckdb.DuckDBPyConnection,
    warehouse: Path | str,
    rules: list[Rule],
    now: dt.datetime,
    failure_log: Path | None = None,
) -> Written:
    """Evaluate ``rules`` on ``con``'s marts and bring the ``alerts`` table up to date.

    Called by a refresh that is about to publish: the refreshes of ``warehouse`` that failed
    since its last publication are written as one closed ``refresh_failed`` alert, closed
    at ``now`` (warehouse/alerts/failures.py)."""
    now = now.replace(microsecond=0)
    settled = []
    for rule in rules:
        if rule.kind == "refresh_failed":
            failures = refresh_failures(warehouse, last_publication(con), failure_log)
            row = refresh_failed_alert(rule, failures, closed_at=now)
            if row is not None:
                settled.append(row)
    return write_alerts(con, evaluate_alerts(con, rules), now, settled)
