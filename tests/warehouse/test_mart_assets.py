"""The mart assets: one visible asset per intermediate and mart table, downstream of every
staging asset, built by the same build_steps the tests' build_marts runs."""

from __future__ import annotations

import dagster as dg
import duckdb

from pipelines.defs.marts import kpi_marts, mart_assets
from pipelines.defs.resources import WarehouseResource
from tests.warehouse.conftest import ts
from warehouse.build import INTERMEDIATE_MODELS, MART_MODELS, MODELS, STATISTICS_TABLES
from warehouse.sources import SOURCE_NAMES


def _add_one_call(mini) -> None:
    mini.add(
        "helpline_calls",
        district="Jhajjar",
        call_received_at=ts("2020-04-01 10:00"),
        category="ration",
        status="resolved",
    )
    mini.con.close()
    mini.con = None


def _resource(mini, tmp_path) -> WarehouseResource:
    return WarehouseResource(path=str(mini.path), exports=str(tmp_path / "exports"))


def test_one_asset_per_model_with_staging_upstream():
    assert mart_assets == [kpi_marts]
    assert {key.path[-1] for key in kpi_marts.keys} == set(MODELS) | set(STATISTICS_TABLES)
    deps = {key.path[-1]: {d.path[-1] for d in ds} for key, ds in kpi_marts.asset_deps.items()}
    upstream = set().union(*deps.values())
    assert {f"stg_{name}" for name in SOURCE_NAMES} <= upstream
    # Lineage runs stg -> int -> kpi: the service marts hang off the scored transactions.
    assert deps["int_service_transactions_scored"] == {"stg_service_transactions"}
    assert deps["kpi_service_daily"] == {"int_service_transactions_scored"}
    assert deps["kpi_relief_daily"] == {
        "int_relief_beneficiaries_paid",
        "int_relief_payments_disbursed",
    }


def test_materialize_reports_row_counts(mini, tmp_path):
    _add_one_call(mini)
    resource = _resource(mini, tmp_path)
    result = dg.materialize([kpi_marts], resources={"warehouse": resource})
    assert result.success
    counts = {
        m.asset_key.path[-1]: m.metadata["dagster/row_count"].value
        for m in result.asset_materializations_for_node("kpi_marts")
    }
    assert set(counts) == set(INTERMEDIATE_MODELS) | set(MART_MODELS) | set(STATISTICS_TABLES)
    assert counts["int_helpline_calls_flags"] == 1
    assert counts["kpi_helpline_daily"] == 1
    assert counts["kpi_values"] > 0
    # A second build over existing tables yields every asset again, in dependency order.
    again = dg.materialize([kpi_marts], resources={"warehouse": resource})
    assert again.success


def test_marts_asset_fails_on_a_count_kpi_weighted(mini, tmp_path):
    # The production step runs the weights checks the tests' build_marts runs: a count KPI
    # (calls_received) cannot be scaled 0-100 across districts (and the KPI catalogue gives it
    # no direction), so the step fails, naming the file and the KPI, before any scorecard is
    # written.
    _add_one_call(mini)
    bad = tmp_path / "bad_weights.yml"
    bad.write_text("kpis:\n  calls_received: {weight: 1, direction: higher}\n")
    result = dg.materialize(
        [kpi_marts],
        resources={"warehouse": _resource(mini, tmp_path)},
        run_config={"ops": {"kpi_marts": {"config": {"weights": str(bad)}}}},
        raise_on_error=False,
    )
    assert not result.success
    failure = result.failure_data_for_node("kpi_marts")
    assert "bad_weights.yml: calls_received" in str(failure.error)
    with duckdb.connect(str(mini.path), read_only=True) as con:
        names = con.execute("select table_name from information_schema.tables").fetchall()
    assert "kpi_scorecard" not in {name for (name,) in names}
