"""The mart assets: one visible asset per mart table, downstream of every staging asset."""

from __future__ import annotations

import dagster as dg

from pipelines.defs.marts import kpi_marts, mart_assets
from pipelines.defs.resources import WarehouseResource
from tests.warehouse.conftest import ts
from warehouse.build import MART_MODELS, STATISTICS_TABLES
from warehouse.sources import SOURCE_NAMES


def test_one_asset_per_mart_table_with_staging_upstream():
    assert mart_assets == [kpi_marts]
    assert {key.path[-1] for key in kpi_marts.keys} == set(MART_MODELS) | set(STATISTICS_TABLES)
    upstream = {dep.path[-1] for deps in kpi_marts.asset_deps.values() for dep in deps}
    assert {f"stg_{name}" for name in SOURCE_NAMES} <= upstream


def test_materialize_reports_row_counts(mini, tmp_path):
    mini.add(
        "helpline_calls",
        district="Jhajjar",
        call_received_at=ts("2020-04-01 10:00"),
        category="ration",
        status="resolved",
    )
    mini.con.close()
    mini.con = None
    resource = WarehouseResource(path=str(mini.path), exports=str(tmp_path / "exports"))
    result = dg.materialize([kpi_marts], resources={"warehouse": resource})
    assert result.success
    counts = {
        m.asset_key.path[-1]: m.metadata["dagster/row_count"].value
        for m in result.asset_materializations_for_node("kpi_marts")
    }
    assert set(counts) == set(MART_MODELS) | set(STATISTICS_TABLES)
    assert counts["kpi_helpline_daily"] == 1
    assert counts["kpi_values"] > 0
    # A second build over existing tables yields every asset again, in dependency order.
    again = dg.materialize([kpi_marts], resources={"warehouse": resource})
    assert again.success
