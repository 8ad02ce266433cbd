"""The Dagster checks: a failed blocking expectation stops what is downstream; a warning does not."""

from __future__ import annotations

import datetime as dt
import json

import dagster as dg
import duckdb
import pytest

from expectations.catalog import check_specs
from pipelines.defs.checks import build_validation_checks, check_name, failed_expectations
from pipelines.defs.resources import WarehouseResource
from tests.expectations.conftest import fill_clean
from warehouse.schema import create_load_tables
from warehouse.sources import SOURCES

HELPLINE = dg.AssetKey("stg_helpline_calls")


def test_one_check_per_severity_naming_its_expectations():
    (definition,) = build_validation_checks(data_docs=False)  # one step for every source
    for source in SOURCES:
        key = dg.AssetKey(f"stg_{source}")
        specs = {s.name: s for s in definition.check_specs if s.asset_key == key}
        assert {n: s.blocking for n, s in specs.items()} == {
            "blocking_expectations": True,
            "warning_expectations": False,
        }
        for spec in check_specs(source):  # every expectation is named by its check
            assert spec.name in specs[check_name(spec.severity)].description


def _failures(result) -> dict[str, tuple[dg.AssetCheckEvaluation, dict]]:
    """Each failed expectation of a run: its check's evaluation and what it reports of it."""
    return {
        rule["expectation"]: (e, rule)
        for e in result.get_asset_check_evaluations()
        for rule in e.metadata["failed_expectations"].value
    }


def _stand_in(source: str, breakage: str | None):
    @dg.asset(name=f"stg_{source}")
    def _stg(warehouse: WarehouseResource) -> None:
        with warehouse.connect() as con:
            create_load_tables(con)
            con.execute(f"delete from stg_{source}_versions")
            fill_clean(con, source)
            if breakage:
                con.execute(breakage)

    @dg.asset(name="published_snapshot", deps=[_stg])
    def _published() -> None:
        return None

    return _stg, _published


def _run(tmp_path, source: str, breakage: str | None):
    stg, published = _stand_in(source, breakage)
    checks = build_validation_checks(data_docs=False, sources=[source])
    path = tmp_path / "jansewa.duckdb"
    result = dg.materialize(
        [stg, published, *checks],
        resources={
            "warehouse": WarehouseResource(path=str(path), exports=str(tmp_path / "exports"))
        },
        raise_on_error=False,
    )
    materialised = {e.asset_key for e in result.get_asset_materialization_events()}
    return result, materialised, path


def _dq_rows(path, run_id):
    con = duckdb.connect(str(path))
    try:
        return con.execute(
            "select expectation, severity, success, unexpected_count, examples from dq_results where run_id = ?",
            [run_id],
        ).fetchall()
    finally:
        con.close()


def test_a_blocking_failure_fails_the_step_and_stops_downstream(tmp_path):
    result, materialised, path = _run(
        tmp_path,
        "helpline_calls",
        "update stg_helpline_calls_versions set district = 'Gurgaon' where call_id = (select min(call_id) from stg_helpline_calls)",
    )
    assert not result.success
    assert HELPLINE in materialised
    assert dg.AssetKey("published_snapshot") not in materialised
    evaluations = {e.check_name: e for e in result.get_asset_check_evaluations()}
    assert {n for n, e in evaluations.items() if not e.passed} == {"blocking_expectations"}
    failures = _failures(result)
    assert set(failures) == {"district_in_set"}
    check, bad = failures["district_in_set"]
    assert check.severity == dg.AssetCheckSeverity.ERROR
    assert bad["unexpected_count"] == 1
    assert bad["examples"] == ["Gurgaon"]
    assert failed_expectations(check) == [("district_in_set", 1)]  # what refresh and notices read
    blocking = sum(s.blocking for s in check_specs("helpline_calls"))
    assert check.metadata["expectations"].value == blocking
    assert check.metadata["failed"].value == 1
    assert "| district_in_set | **no** | 1 | Gurgaon |" in check.metadata["results"].value
    rows = _dq_rows(path, result.run_id)
    assert len(rows) == len(check_specs("helpline_calls"))
    assert [r[0] for r in rows if not r[2]] == ["district_in_set"]


def test_a_warning_lets_downstream_run(tmp_path):
    result, materialised, path = _run(
        tmp_path,
        "helpline_calls",
        "delete from stg_helpline_calls_versions where district = 'Ambala' and cast(call_received_at as date) = date '2020-04-20'",
    )
    assert result.success
    assert dg.AssetKey("published_snapshot") in materialised
    failed = [e for e in result.get_asset_check_evaluations() if not e.passed]
    assert [(e.check_name, e.severity) for e in failed] == [
        ("warning_expectations", dg.AssetCheckSeverity.WARN)
    ]
    assert [name for name, _rows in failed_expectations(failed[0])] == [
        "daily_volume_vs_7day_median"
    ]
    assert ("daily_volume_vs_7day_median", "warning", False) in {
        r[:3] for r in _dq_rows(path, result.run_id)
    }


def test_check_metadata_holds_no_personal_data(tmp_path):
    breakage = (
        "update stg_relief_beneficiaries_versions set beneficiary_id = (select min(beneficiary_id) from stg_relief_beneficiaries) "
        "where beneficiary_id = (select max(beneficiary_id) from stg_relief_beneficiaries)"
    )
    result, materialised, path = _run(tmp_path, "relief_beneficiaries", breakage)
    assert not result.success and dg.AssetKey("published_snapshot") not in materialised
    con = duckdb.connect(str(path))
    try:
        hashes = {
            r[0]
            for r in con.execute("select beneficiary_id from stg_relief_beneficiaries").fetchall()
        }
    finally:
        con.close()
    text = json.dumps(
        [
            {k: str(v.value) for k, v in e.metadata.items()}
            for e in result.get_asset_check_evaluations()
        ]
    ) + json.dumps([list(map(str, r)) for r in _dq_rows(path, result.run_id)])
    assert not any(h in text for h in hashes)
    assert set(_failures(result)) == {"beneficiary_id_unique"}


@pytest.mark.parametrize("source", ["helpline_calls"])
def test_checks_write_data_docs_beside_the_warehouse_for_the_publish_step(tmp_path, source):
    stg, published = _stand_in(source, None)
    checks = build_validation_checks(sources=[source])
    path = tmp_path / "wh" / "jansewa.duckdb"
    result = dg.materialize(
        [stg, published, *checks],
        resources={"warehouse": WarehouseResource(path=str(path), exports=str(tmp_path))},
    )
    assert result.success
    # pending until the snapshot is published: readers never see docs of unpublished data
    assert (path.parent / "data_docs.pending" / source / "index.html").exists()
    assert not (path.parent / "data_docs").exists()


def test_a_second_run_over_the_same_staged_data_carries_the_results_over(tmp_path):
    breakage = (
        "update stg_helpline_calls_versions set status = 'pending' where call_id = 'CAL-0000001'"
    )
    first, _, path = _run(tmp_path, "helpline_calls", breakage)
    second, _, _ = _run(tmp_path, "helpline_calls", breakage)  # same rows staged again
    for result, carried in ((first, False), (second, True)):
        evaluations = result.get_asset_check_evaluations()
        assert {e.metadata["carried_over"].value for e in evaluations} == {carried}
        check, rule = _failures(result)["status_in_set"]
        assert not check.passed and check.check_name == "blocking_expectations"  # still blocks
        assert rule["districts"] == ["Ambala"]
    con = duckdb.connect(str(path))
    try:
        failures = con.execute(
            "select run_id, expectation, district, period_start, rows from dq_failures order by all"
        ).fetchall()
    finally:
        con.close()
    assert sorted(failures) == sorted(
        (run, "status_in_set", "Ambala", dt.date(2020, 4, 1), 1)
        for run in (first.run_id, second.run_id)
    )
