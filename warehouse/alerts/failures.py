"""Failed refreshes as an alert: recorded beside the failure notices, shown until a publication.

A refresh that fails -- a step raised, or a blocking data check stopped publication -- cannot
write the warehouse (its transaction rolled back, or it stopped before the marts) and must
not touch the snapshot readers hold (it has not passed its checks). So the failure is
recorded where the failure notices are already kept: the table ``refresh_failures`` of
``notifications.sqlite`` in DAGSTER_HOME (pipelines/notify.py keeps its ``sent`` table in the
same file). Two writers, one row per run id (a second record of the same run is ignored):

- the ``refresh_failed`` run-failure sensor (pipelines/defs/sensors_notify.py), for runs the
  Dagster daemon started (schedule, sensor, the UI);
- `jansewa refresh` (pipelines/refresh.py) for the runs it executes in-process, which no
  sensor sees unless DAGSTER_HOME is shared with a running daemon.

Without DAGSTER_HOME the file is ``<warehouse folder>/dagster/notifications.sqlite``, which
is where `jansewa up` puts DAGSTER_HOME by default. Each row names its warehouse, so one
DAGSTER_HOME may serve several.

The alert (rule kind ``refresh_failed``, district 'Haryana', one key for ever) is *open*
while the newest failure of the warehouse is later than its newest publication: readers get
it from `warehouse.alerts.published.read_alerts`, which adds it to the snapshot's ``alerts``
table. The next refresh that publishes closes it: its alerts step writes the row into
``alerts`` as closed (opened_at = the first failure since the previous publication,
closed_at = now), so the snapshot it publishes keeps the episode. The figures hold the
failed runs' ids, times and the data checks that blocked them, never an error text (which
could quote a value from an export).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from warehouse.alerts.evaluate import alert_key, figures_json
from warehouse.alerts.rules import Rule
from warehouse.districts import STATE

FAILURES_DDL = """
create table if not exists refresh_failures (
    run_id text primary key,
    warehouse text not null,   -- the pipeline's DuckDB file, absolute
    failed_at text not null,   -- ISO local time, as publications.published_at
    blocked text not null      -- JSON list of {source, check, rows}: checks that blocked it
)
"""
FAILED_PAGE = "/quality"


@dataclass(frozen=True)
class RefreshFailure:
    run_id: str
    failed_at: dt.datetime
    blocked: list = field(default_factory=list, hash=False)


def failure_log_path(warehouse: Path | str) -> Path:
    """$DAGSTER_HOME/notifications.sqlite, else <warehouse folder>/dagster/notifications.sqlite."""
    home = os.environ.get("DAGSTER_HOME")
    root = Path(home) if home else Path(warehouse).absolute().parent / "dagster"
    return root / "notifications.sqlite"


def _warehouse_id(warehouse: Path | str) -> str:
    return str(Path(warehouse).resolve())


def _connect(log: Path) -> sqlite3.Connection:
    con = sqlite3.connect(log, timeout=30)
    con.execute(FAILURES_DDL)
    return con


def record_refresh_failure(
    warehouse: Path | str,
    run_id: str,
    failed_at: dt.datetime | None = None,
    blocked: list[dict] = (),
    log: Path | None = None,
) -> None:
    """Note that ``run_id`` failed to refresh ``warehouse`` (once: a second call is ignored).

    ``blocked`` lists the blocking checks that failed: {source, check, rows} each."""
    log = Path(log or failure_log_path(warehouse))
    log.parent.mkdir(parents=True, exist_ok=True)
    when = (failed_at or dt.datetime.now()).replace(microsecond=0)
    checks = [{"source": b["source"], "check": b["check"], "rows": b.get("rows")} for b in blocked]
    con = _connect(log)
    try:
        with con:
            con.execute(
                "insert or ignore into refresh_failures values (?, ?, ?, ?)",
                [run_id, _warehouse_id(warehouse), when.isoformat(), json.dumps(checks)],
            )
    finally:
        con.close()


def refresh_failures(
    warehouse: Path | str, since: dt.datetime | None = None, log: Path | None = None
) -> list[RefreshFailure]:
    """The failures of ``warehouse`` after ``since`` (all when None), oldest first."""
    log = Path(log or failure_log_path(warehouse))
    if not log.exists():
        return []
    con = _connect(log)
    try:
        rows = con.execute(
            "select run_id, failed_at, blocked from refresh_failures where warehouse = ? "
            "and failed_at > ? order by failed_at, run_id",
            [_warehouse_id(warehouse), since.isoformat() if since else ""],
        ).fetchall()
    finally:
        con.close()
    return [RefreshFailure(r, dt.datetime.fromisoformat(t), json.loads(b)) for r, t, b in rows]


def refresh_failed_alert(
    rule: Rule, failures: list[RefreshFailure], closed_at: dt.datetime | None = None
) -> dict | None:
    """The ``alerts`` row of the failures since the last publication: open, or closed at
    ``closed_at`` (the publication that ends them). None without a failure."""
    if not failures:
        return None
    first, last = failures[0], failures[-1]
    figures = {
        "runs_failed": len(failures),
        "first_failed_at": first.failed_at.isoformat(),
        "last_failed_at": last.failed_at.isoformat(),
        "last_run_id": last.run_id,
        "blocked": last.blocked,
    }
    return {
        "alert_key": alert_key(rule.id, STATE, None, None),
        "rule": rule.id,
        "kind": rule.kind,
        "severity": rule.severity,
        "district": STATE,
        "period_start": None,
        "kpi": None,
        "status": "closed" if closed_at else "open",
        "opened_at": first.failed_at,
        "closed_at": closed_at,
        "last_seen_at": last.failed_at,
        "figures": figures_json(figures),
        "page": FAILED_PAGE,
    }
