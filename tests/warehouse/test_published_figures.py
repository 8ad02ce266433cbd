"""The demo warehouse reproduces the published Jhajjar figures of DOMAIN.md through `kpis`."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from warehouse.kpis import query_kpis

pytestmark = pytest.mark.slow  # uses the session's demo warehouse (generate + refresh)


def test_jhajjar_to_28_may_2020(demo_warehouse):
    frame = query_kpis(demo_warehouse.warehouse, date_to=dt.date(2020, 5, 28), district="Jhajjar")
    got = {row["kpi"]: row for row in frame.iter_rows(named=True)}
    assert got["calls_received"]["value"] == 5195
    shares = {
        "food_not_received": 3888,
        "covid_prevention": 64,
        "ration": 75,
        "law_and_order": 90,
        "other_essentials": 1078,
    }
    for category, calls in shares.items():
        assert got[f"call_category_share.{category}"]["numerator"] == calls
    assert (got["pass_applications"]["value"], got["pass_issued"]["value"]) == (28629, 8304)
    assert round(got["pass_approval_rate"]["value"] * 100, 1) == 29.0
    assert (got["relief_eligible"]["value"], got["relief_paid"]["value"]) == (5120, 3164)
    assert round(got["relief_disbursal_coverage"]["value"] * 100, 1) == 61.8


def test_control_room_rosters_to_28_may_2020(demo_warehouse):
    """Jhajjar: 8 computer operators per shift, by roster (three 8-hour shifts: 8 on duty at
    every hour); Gurugram: 40 operators, 24x7 -- from the first shift of the exports (23
    March, 06:00) to the end of 28 May, hour by hour, as the control-room mart counts them."""
    first, last = dt.datetime(2020, 3, 23, 6), dt.datetime(2020, 5, 28, 23)
    hours = int((last - first).total_seconds() // 3600) + 1
    with duckdb.connect(str(demo_warehouse.warehouse), read_only=True) as con:
        rows = con.execute(
            "select district, count(*), min(rostered_operator_hours), "
            "max(rostered_operator_hours) from kpi_control_room_hourly "
            "where district in ('Jhajjar', 'Gurugram') and hour between ? and ? "
            "and rostered_operator_hours > 0 group by district order by district",
            [first, last],
        ).fetchall()
    assert rows == [("Gurugram", hours, 40, 40), ("Jhajjar", hours, 8, 8)]
