"""The demo warehouse reproduces the published Jhajjar figures of DOMAIN.md through `kpis`."""

from __future__ import annotations

import datetime as dt

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
