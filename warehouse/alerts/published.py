"""What readers are told: the published alerts, plus an open alert while refreshes fail.

The snapshot's ``alerts`` table is the alerts of the data the snapshot holds. One alert
cannot be in it: a refresh failing right now (a failed run writes no snapshot). So readers
-- the dashboard, the alert delivery -- read `read_alerts`, which adds that alert, open,
from the failure record (warehouse/alerts/failures.py) when the newest failure is later
than the snapshot's publication, in place of the table's row for the same key.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import polars as pl

from warehouse.alerts.failures import refresh_failed_alert, refresh_failures
from warehouse.alerts.lifecycle import COLUMNS
from warehouse.alerts.rules import ALERTS_FILE, load_rules
from warehouse.snapshot import connect_snapshot

SCHEMA = {
    "alert_key": pl.String,
    "rule": pl.String,
    "kind": pl.String,
    "severity": pl.String,
    "district": pl.String,
    "period_start": pl.Date,
    "kpi": pl.String,
    "status": pl.String,
    "opened_at": pl.Datetime("us"),
    "closed_at": pl.Datetime("us"),
    "last_seen_at": pl.Datetime("us"),
    "figures": pl.String,
    "page": pl.String,
}


def _published(warehouse: Path | str) -> tuple[list[dict], dt.datetime | None]:
    """The snapshot's alerts (none before the table existed) and its publication time."""
    with connect_snapshot(warehouse) as con:
        try:
            rows = con.execute(f"select {', '.join(COLUMNS)} from alerts").fetchall()
        except duckdb.CatalogException:
            rows = []
        try:
            published = con.execute("select max(published_at) from publications").fetchone()[0]
        except duckdb.CatalogException:
            published = None
    return [dict(zip(COLUMNS, r, strict=True)) for r in rows], published


def read_alerts(warehouse: Path | str, rules: Path = ALERTS_FILE) -> pl.DataFrame:
    """Every alert readers should see, open ones first (critical before warning, newest
    first), as the ``alerts`` table's columns. Raises SnapshotMissingError before the
    first publication."""
    rows, published = _published(warehouse)
    rule = next((r for r in load_rules(rules) if r.kind == "refresh_failed"), None)
    if rule is not None:
        failing = refresh_failed_alert(rule, refresh_failures(warehouse, since=published))
        if failing is not None:
            rows = [r for r in rows if r["alert_key"] != failing["alert_key"]] + [failing]
    frame = pl.DataFrame(rows, schema=SCHEMA, orient="row")
    return frame.sort(
        [pl.col("status") != "open", pl.col("severity") != "critical", pl.col("opened_at")],
        descending=[False, False, True],
    )
