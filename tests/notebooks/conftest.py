"""Fixtures for the notebook tests: a tiny hand-built snapshot for the helper API's unit tests.

The demo warehouse (tests/conftest.py: ``demo_warehouse``) is what the notebooks run against;
the unit tests of warehouse.explore use this small snapshot, whose numbers are known by heart.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from pipelines.publication import publish_snapshot

D = dt.date

# (district, day, kpi, numerator, denominator)
DAILY = [
    ("Jhajjar", D(2020, 4, 1), "calls_received", 10, None),
    ("Jhajjar", D(2020, 5, 1), "calls_received", 30, None),
    ("Jhajjar", D(2020, 4, 1), "call_category_share.food_not_received", 6, 10),
    ("Jhajjar", D(2020, 5, 1), "call_category_share.food_not_received", 20, 30),
    ("Jhajjar", D(2020, 4, 1), "call_category_share.ration", 4, 10),
    ("Jhajjar", D(2020, 5, 1), "call_category_share.ration", 10, 30),
    ("Jhajjar", D(2020, 4, 1), "rts_score", 80, 10),
    ("Jhajjar", D(2020, 4, 1), "grievance_pending_over_30d", 7, None),
    ("Gurugram", D(2020, 4, 1), "calls_received", 100, None),
    ("Gurugram", D(2020, 4, 1), "call_category_share.food_not_received", 70, 100),
    ("Gurugram", D(2020, 4, 1), "call_category_share.ration", 30, 100),
    ("Gurugram", D(2020, 4, 1), "rts_score", 90, 10),
    ("Gurugram", D(2020, 4, 1), "grievance_pending_over_30d", 3, None),
    ("Nuh", D(2020, 4, 1), "rts_score", 0, 0),
    ("Nuh", D(2020, 4, 1), "grievance_pending_over_30d", 12, None),
]


def _values() -> list[tuple]:
    """kpi_values rows (district, period_start, grain, kpi, numerator, denominator, value)."""
    rows = []
    with_state = DAILY + [
        ("Haryana", day, kpi, n, d)
        for (_, day, kpi, n, d) in DAILY  # the state row is the sum over districts
    ]
    groups: dict[tuple, list] = {}
    for district, day, kpi, n, d in with_state:
        for grain, start in (("month", day.replace(day=1)), ("total", D(2020, 4, 1))):
            key = (district, start, grain, kpi)
            acc = groups.setdefault(key, [0, None])
            acc[0] += n
            acc[1] = None if d is None else (acc[1] or 0) + d
    for (district, start, grain, kpi), (n, d) in groups.items():
        value = n if d is None else (n / d if d else None)
        rows.append((district, start, grain, kpi, float(n), None if d is None else float(d), value))
    return rows


@pytest.fixture(scope="session")
def tiny_warehouse(tmp_path_factory) -> Path:
    """A warehouse with a few marts, a staging table and the row-level quarantine, published
    (the snapshot then holds the marts only)."""
    warehouse = tmp_path_factory.mktemp("tiny") / "jansewa.duckdb"
    con = duckdb.connect(str(warehouse))
    try:
        con.execute(
            "create table kpi_daily (district varchar, day date, kpi varchar, "
            "numerator double, denominator double)"
        )
        con.executemany("insert into kpi_daily values (?, ?, ?, ?, ?)", DAILY)
        con.execute(
            "create table kpi_values (district varchar, period_start date, grain varchar, "
            "kpi varchar, numerator double, denominator double, value double)"
        )
        con.executemany("insert into kpi_values values (?, ?, ?, ?, ?, ?, ?)", _values())
        con.execute(
            "create table kpi_catalog (kpi varchar, label varchar, kind varchar, unit varchar, "
            "direction varchar, source varchar)"
        )
        con.executemany(
            "insert into kpi_catalog values (?, ?, ?, ?, ?, ?)",
            [
                ("calls_received", "Calls received", "count", "calls", None, "helpline_calls"),
                (
                    "call_category_share.food_not_received",
                    "Share: food",
                    "rate",
                    "share",
                    None,
                    "helpline_calls",
                ),
                (
                    "call_category_share.ration",
                    "Share: ration",
                    "rate",
                    "share",
                    None,
                    "helpline_calls",
                ),
                ("rts_score", "RTS score", "score", "points", "higher", "service_transactions"),
                (
                    "grievance_pending_over_30d",
                    "Pending > 30 d",
                    "count",
                    "grievances",
                    "lower",
                    "grievances",
                ),
            ],
        )
        con.execute(
            "create table kpi_source_freshness as select * from (values "
            "('helpline_calls', 'Jhajjar', 40::bigint, date '2020-04-01', date '2020-05-01', "
            "timestamp '2020-06-01 10:00', timestamp '2020-06-01 10:05'), "
            "('helpline_calls', 'Gurugram', 100::bigint, date '2020-04-01', date '2020-04-01', "
            "timestamp '2020-06-01 10:00', timestamp '2020-06-01 10:05')) "
            "as t(source, district, records, first_event_day, last_event_day, "
            "last_exported_at, last_loaded_at)"
        )
        con.execute(  # what the kpi_source_loads mart makes of the manifest below
            "create table kpi_source_loads as select 'helpline_calls' as source, "
            "1::bigint as files_loaded, 1::bigint as files_rejected"
        )
        con.execute(
            "create table ingest_manifest as select * from (values "
            "('helpline_calls', 'helpline_calls/a.csv', 'staged'), "
            "('helpline_calls', 'helpline_calls/b.csv', 'rejected')) as t(source, path, status)"
        )
        con.execute(
            "create table quarantine as select 'helpline_calls' as source, 'x.csv' as file, "
            "3 as line, 'unknown district' as reason, null::varchar as district"
        )
        con.execute(
            "create table stg_helpline_calls as select 'C1' as call_id, 'Jhajjar' as district"
        )
        con.execute("create table dq_results as select 'helpline_calls' as source, true as success")
        con.execute("checkpoint")
    finally:
        con.close()
    publish_snapshot(warehouse)
    return warehouse
