"""Raw, staging and validation are one step each for every source: a source that fails does
not stop the others, the step fails naming it, and a run may select some sources only."""

from __future__ import annotations

import re

import dagster as dg
import duckdb

import expectations.validation
import pipelines.defs.raw
from pipelines.defs.checks import build_validation_checks
from pipelines.defs.raw import raw_sources
from pipelines.defs.resources import PiiKeyResource, WarehouseResource
from pipelines.refresh import _blocked_by_checks, _root_message
from tests.expectations.conftest import fill_clean
from warehouse.schema import create_load_tables


def _step_failures(result) -> list[tuple[str, object]]:
    return [
        (event.step_key, event.event_specific_data.error)
        for event in result.all_events
        if event.event_type_value == "STEP_FAILURE"
    ]


def _materialised(result) -> set[str]:
    return {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}


def test_a_failing_source_leaves_the_others_loaded_and_fails_the_raw_step(
    demo_exports, tmp_path, monkeypatch
):
    real_load_raw = pipelines.defs.raw.load_raw

    def load_raw(con, source, *args, **kwargs):
        if source.name == "grievances":
            raise RuntimeError("disk on fire\nsecond line of the error")
        return real_load_raw(con, source, *args, **kwargs)

    monkeypatch.setattr(pipelines.defs.raw, "load_raw", load_raw)
    path = tmp_path / "jansewa.duckdb"
    result = dg.materialize(
        [raw_sources],
        selection=["raw_grievances", "raw_helpline_calls", "raw_appointments"],
        resources={
            "warehouse": WarehouseResource(path=str(path), exports=str(demo_exports)),
            "pii": PiiKeyResource(key="test-suite-key"),
        },
        raise_on_error=False,
    )
    assert not result.success
    # the sources after the failed one were still read, each on a fresh connection
    assert _materialised(result) == {"raw_helpline_calls", "raw_appointments"}
    ((step, error),) = _step_failures(result)
    assert step == "raw_sources"
    assert _root_message(error) == "raw_grievances: disk on fire"
    assert not _blocked_by_checks(error)
    with duckdb.connect(str(path), read_only=True) as con:
        files = dict(
            con.execute(
                "select source, count(*) from ingest_manifest where status = 'read' group by 1"
            ).fetchall()
        )
    exported = {
        s: len(list((demo_exports / s).iterdir())) for s in ("helpline_calls", "appointments")
    }
    assert files == exported  # only the selected sources, every one of their files


def _stand_in_staging():
    @dg.multi_asset(
        specs=[dg.AssetSpec("stg_helpline_calls"), dg.AssetSpec("stg_grievances")],
    )
    def staged(warehouse: WarehouseResource):
        with warehouse.connect() as con:
            create_load_tables(con)
            fill_clean(con, "helpline_calls")
            con.execute(  # an unknown district breaks a blocking check
                "update stg_helpline_calls_versions set district = 'Gurgaon' "
                "where call_id = (select min(call_id) from stg_helpline_calls)"
            )
        yield dg.MaterializeResult(asset_key="stg_helpline_calls")
        yield dg.MaterializeResult(asset_key="stg_grievances")

    return staged


def test_a_source_that_cannot_be_validated_does_not_hide_the_others_results(
    tmp_path, monkeypatch, shown_progress
):
    real_validate = expectations.validation.validate_or_carry_over

    def validate(warehouse, source, *args, **kwargs):
        if source == "grievances":
            raise OSError("suite file unreadable")
        return real_validate(warehouse, source, *args, **kwargs)

    monkeypatch.setattr(expectations.validation, "validate_or_carry_over", validate)
    path = tmp_path / "jansewa.duckdb"
    result = dg.materialize(
        [
            _stand_in_staging(),
            *build_validation_checks(data_docs=False, sources=["grievances", "helpline_calls"]),
        ],
        resources={"warehouse": WarehouseResource(path=str(path), exports=str(tmp_path))},
        raise_on_error=False,
    )
    evaluations = {
        (e.asset_key.to_user_string(), e.check_name): e.passed
        for e in result.get_asset_check_evaluations()
    }
    # helpline's suite ran after grievances failed, and its blocking failure is reported
    assert evaluations == {
        ("stg_helpline_calls", "blocking_expectations"): False,
        ("stg_helpline_calls", "warning_expectations"): True,
    }
    ((step, error),) = _step_failures(result)
    assert step == "validate_stg_sources"
    assert _root_message(error) == "stg_grievances: suite file unreadable"
    # not a step stopped by its checks: `jansewa refresh` must report the error itself
    assert not _blocked_by_checks(error)
    # the terminal was told of each source as it finished, and of what was left
    progress_lines = [line for line in shown_progress if line.startswith("validate ")]
    assert len(progress_lines) == 2
    assert re.fullmatch(
        r"validate stg_grievances: not validated \(suite file unreadable\); "
        r"1 of 2 sources done after \d+ s, 1 left",
        progress_lines[0],
    )
    assert re.fullmatch(
        r"validate stg_helpline_calls: (\d+) of (\d+) checks failed, 1 of them blocking "
        r"\(whole table; \d+\.\d s\); 2 of 2 sources done after \d+ s",
        progress_lines[1],
    )


def test_a_step_stopped_by_blocking_checks_is_told_apart(tmp_path):
    path = tmp_path / "jansewa.duckdb"
    result = dg.materialize(
        [
            _stand_in_staging(),
            *build_validation_checks(data_docs=False, sources=["helpline_calls"]),
        ],
        resources={"warehouse": WarehouseResource(path=str(path), exports=str(tmp_path))},
        raise_on_error=False,
    )
    ((step, error),) = _step_failures(result)
    assert step == "validate_stg_sources"
    # `jansewa refresh` reports such a failure check by check, not as a step error too
    assert _blocked_by_checks(error)
