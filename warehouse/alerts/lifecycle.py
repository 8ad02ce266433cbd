"""The `alerts` table: alerts opened once, kept open while they hold, closed when they clear.

The table is state carried from refresh to refresh (it lives in the pipeline's warehouse and
is copied into every reader snapshot), not a mart rebuilt from the data: an alert's
``opened_at`` is when a refresh first saw it, which no rebuild can recompute. So it is never
built by warehouse.build (no full or partial mart build touches it, and the comparisons of
a partial build with a full one, which cover the kpi_ and case_ tables, leave it out).

The lifecycle, by ``alert_key`` (rule | district | period | KPI or source; one row per key,
for ever):

- a key that holds and is not in the table is inserted: status 'open', opened_at = now;
- a key that holds and is open stays open: the same opened_at; figures, page and severity
  are brought up to date and last_seen_at = now;
- a key that holds and is closed is reopened (the same row: status 'open', opened_at = now,
  closed_at emptied). A breach of a new period has a new key, so a row of its own;
- an open key that no longer holds -- the data cleared, the rule's threshold changed, or the
  rule was removed or renamed -- is closed: status 'closed', closed_at = now.

`write_alerts` applies that in one transaction. Given the same alerts and the same ``now``
it changes nothing, so running the evaluation twice is harmless; a later ``now`` over the
same data moves only last_seen_at of the open alerts.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import duckdb
import polars as pl

ALERTS_DDL = """
create table if not exists alerts (
    alert_key varchar primary key,   -- rule|district|period|KPI or source
    rule varchar not null,           -- the rule's id in alerts.yml
    kind varchar not null,           -- kpi_below_target, rank_drop, overdue_growth, ...
    severity varchar not null check (severity in ('warning', 'critical')),
    district varchar not null,       -- one of the 22, or 'Haryana' for state-wide alerts
    period_start date,               -- the month the alert is about (null: none)
    kpi varchar,                     -- the KPI it is about (null: none)
    status varchar not null check (status in ('open', 'closed')),
    opened_at timestamp not null,
    closed_at timestamp,
    last_seen_at timestamp not null, -- the latest refresh that saw it hold
    figures varchar not null,        -- JSON object: the district-level numbers behind it
    page varchar not null            -- the dashboard page to look at, with its query
)
"""
COLUMNS = (
    "alert_key",
    "rule",
    "kind",
    "severity",
    "district",
    "period_start",
    "kpi",
    "status",
    "opened_at",
    "closed_at",
    "last_seen_at",
    "figures",
    "page",
)


# The columns' types, for writing changed rows as one frame: one statement where a row at a
# time (executemany) cost 3 ms each, 0.7 s a refresh for the ~250 alerts seen again.
def _column_type(name: str) -> pl.DataType:
    if name == "period_start":
        return pl.Date()
    return pl.Datetime("us") if name.endswith("_at") else pl.String()


_FRAME_SCHEMA = {name: _column_type(name) for name in COLUMNS}


class Written(NamedTuple):
    """What one `write_alerts` did: keys opened (or reopened), kept open, closed; how many
    alerts are open afterwards, and the table's rows."""

    opened: int
    kept: int
    closed: int
    open: int
    rows: int


def next_state(
    existing: list[dict], holding: list[dict], now: dt.datetime, settled: list[dict] = ()
) -> list[dict]:
    """Every row of the table after an evaluation at ``now`` (the rules in the module
    docstring). ``settled`` rows are written as given (a failed refresh's alert, opened and
    closed by warehouse.alerts.failures)."""
    rows = {r["alert_key"]: dict(r) for r in existing}
    seen = {h["alert_key"] for h in holding}
    for row in rows.values():
        if row["status"] == "open" and row["alert_key"] not in seen:
            row.update(status="closed", closed_at=now)
    for alert in holding:
        row = rows.get(alert["alert_key"])
        if row is None or row["status"] == "closed":
            row = {"opened_at": now}
            rows[alert["alert_key"]] = row
        row.update(alert, status="open", closed_at=None, last_seen_at=now)
    for row in settled:
        rows[row["alert_key"]] = dict(row)
    return [{c: rows[k].get(c) for c in COLUMNS} for k in sorted(rows)]


def read_table(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Every row of ``alerts`` (created empty when missing), ordered by key."""
    con.execute(ALERTS_DDL)
    cursor = con.execute(f"select {', '.join(COLUMNS)} from alerts order by alert_key")
    return [dict(zip(COLUMNS, row, strict=True)) for row in cursor.fetchall()]


def write_alerts(
    con: duckdb.DuckDBPyConnection,
    holding: list[dict],
    now: dt.datetime,
    settled: list[dict] = (),
) -> Written:
    """Open, keep and close alerts so that the table says which of ``holding`` (the alerts
    that hold now: warehouse.alerts.evaluate) are open since when; one transaction, only
    the rows that change are written."""
    keys = [h["alert_key"] for h in holding]
    if len(set(keys)) != len(keys):
        raise ValueError("two alerts share one alert_key")
    con.begin()
    try:
        before = {r["alert_key"]: r for r in read_table(con)}
        after = next_state(list(before.values()), holding, now, settled)
        changed = [r for r in after if before.get(r["alert_key"]) != r]
        if changed:
            rows = [[r[c] for c in COLUMNS] for r in changed]
            frame = pl.DataFrame(rows, schema=_FRAME_SCHEMA, orient="row")
            names = ", ".join(COLUMNS)
            con.register("_changed_alerts", frame)
            try:
                con.execute(
                    f"insert or replace into alerts ({names}) select {names} from _changed_alerts"
                )
            finally:
                con.unregister("_changed_alerts")
        con.commit()
    except Exception:
        con.rollback()
        raise
    was_open = {k for k, r in before.items() if r["status"] == "open"}
    now_open = {r["alert_key"] for r in after if r["status"] == "open"}
    return Written(
        opened=len(now_open - was_open),
        kept=len(now_open & was_open),
        closed=len(was_open - now_open),
        open=len(now_open),
        rows=len(after),
    )
