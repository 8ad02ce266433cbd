"""The alerts asset in the code location: after the marts, before the snapshot; the lifecycle
through the real refresh (`run_refresh` on small exports), a failed refresh as an alert, the
failure sensor's record, a rule threshold changed through the asset's config, and no
personal value in the demo warehouse's alerts."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.definitions import build_definitions
from pipelines.defs.alerts import alerts
from pipelines.defs.resources import WarehouseResource
from pipelines.defs.sensors_notify import refresh_failed
from pipelines.refresh import run_refresh
from tests.reliability.personal import collect_personal_values
from warehouse.alerts.failures import refresh_failures
from warehouse.alerts.lifecycle import COLUMNS
from warehouse.alerts.published import read_alerts
from warehouse.reference_files import SCORECARD_WEIGHTS
from warehouse.snapshot import connect_snapshot, snapshot_path

STALE = "stale_source_7_days|Haryana||grievances"
FAILED = "refresh_failed|Haryana||"


def test_alerts_sit_between_the_marts_and_the_published_snapshot(tmp_path):
    defs = build_definitions(WarehouseResource(path=str(tmp_path / "w.duckdb"), exports="."))
    graph = defs.resolve_asset_graph()
    key = dg.AssetKey("alerts")
    assert key in graph.get(dg.AssetKey("published_snapshot")).parent_keys
    parents = {k.to_user_string() for k in graph.get(key).parent_keys}
    assert {"kpi_target_attainment", "kpi_scorecard_rank_ranges", "kpi_data_quality"} <= parents
    assert key in defs.resolve_job_def("refresh").asset_layer.asset_graph.get_all_asset_keys()


def _csv(path: Path, header: str, rows: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")


GRIEVANCE_HEADER = "Grievance No,Channel,District,Department,Received On,Status"


def _grievances(path: Path, days: range) -> None:
    rows = [f"G{d},CM Window,Jhajjar,Revenue,2020-05-{d:02d},Pending" for d in days]
    _csv(path, GRIEVANCE_HEADER, rows)


def _published_alerts(warehouse: Path) -> dict[str, dict]:
    with connect_snapshot(warehouse) as con:
        rows = con.execute(f"select {', '.join(COLUMNS)} from alerts").fetchall()
    return {r[0]: dict(zip(COLUMNS, r, strict=True)) for r in rows}


@pytest.mark.slow(seconds=60)
def test_the_refresh_opens_keeps_and_closes_alerts(tmp_path, monkeypatch):
    """Calls to 31 May, grievances only to 10 May: the grievances are 21 days behind, a
    stale source. A refresh opens the alert; a failed refresh leaves it as published and
    is itself an open alert; the next refresh keeps the stale alert (same key, same
    opened_at) and closes the failure's; a late export of the grievances closes it."""
    monkeypatch.delenv("DAGSTER_HOME", raising=False)  # the failure log beside the warehouse
    exports, warehouse = tmp_path / "exports", tmp_path / "wh" / "jansewa.duckdb"
    calls = [f"C{d},Jhajjar,2020-05-{d:02d} 10:00,Ration,Open" for d in range(1, 32)]
    _csv(
        exports / "helpline_calls" / "calls.csv",
        "Call ID,District,Call Received At,Category,Status",
        calls,
    )
    _grievances(exports / "grievances" / "early.csv", range(1, 11))

    first = run_refresh(exports=exports, warehouse=warehouse)
    assert first.ok, first.describe()
    opened = _published_alerts(warehouse)[STALE]
    assert opened["status"] == "open" and opened["closed_at"] is None
    assert json.loads(opened["figures"])["days_behind"] == 21
    assert FAILED not in _published_alerts(warehouse)

    bad = tmp_path / "weights.yml"  # a count weighted as a rate: the marts step refuses it
    bad.write_text(
        SCORECARD_WEIGHTS.read_text(encoding="utf-8").replace(
            "kpis:\n", "kpis:\n  calls_received:\n    weight: 1\n    direction: higher\n", 1
        ),
        encoding="utf-8",
    )
    before = snapshot_path(warehouse).read_bytes()
    failed = run_refresh(exports=exports, warehouse=warehouse, weights=bad)
    assert not failed.ok
    assert snapshot_path(warehouse).read_bytes() == before  # readers keep the last snapshot
    (failure,) = refresh_failures(warehouse)
    assert failure.run_id == failed.run_id
    assert (tmp_path / "wh" / "dagster" / "notifications.sqlite").exists()
    shown = {r["alert_key"]: r for r in read_alerts(warehouse).to_dicts()}
    assert shown[FAILED]["status"] == "open" and shown[FAILED]["opened_at"] == failure.failed_at
    assert shown[FAILED]["severity"] == "critical" and shown[FAILED]["district"] == "Haryana"
    assert shown[STALE]["status"] == "open"

    again = run_refresh(exports=exports, warehouse=warehouse, full=True)
    assert again.ok, again.describe()
    published = _published_alerts(warehouse)
    kept = published[STALE]
    assert (kept["status"], kept["opened_at"]) == ("open", opened["opened_at"])
    assert kept["last_seen_at"] >= opened["last_seen_at"]
    recovered = published[FAILED]
    assert recovered["status"] == "closed"
    assert recovered["opened_at"] == failure.failed_at <= recovered["closed_at"]
    assert json.loads(recovered["figures"])["last_run_id"] == failed.run_id
    assert {r["alert_key"]: r["status"] for r in read_alerts(warehouse).to_dicts()}[FAILED] == (
        "closed"
    )

    _grievances(exports / "grievances" / "late.csv", range(11, 32))  # the missing weeks
    late = run_refresh(exports=exports, warehouse=warehouse)
    assert late.ok and late.published, late.describe()
    closed = _published_alerts(warehouse)[STALE]
    assert (closed["status"], closed["opened_at"]) == ("closed", opened["opened_at"])
    assert closed["closed_at"] >= kept["last_seen_at"]


def test_the_failure_sensor_records_failed_refreshes_only(tmp_path, monkeypatch):
    warehouse = tmp_path / "jansewa.duckdb"
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster"))
    monkeypatch.setenv("JANSEWA_WAREHOUSE", str(warehouse))
    (tmp_path / "dagster").mkdir()

    @dg.asset(name="stg_helpline_calls")
    def broken() -> None:
        raise RuntimeError("disk full")

    jobs = [dg.define_asset_job(name, selection=[broken]) for name in ("refresh", "digest")]
    defs = dg.Definitions(assets=[broken], jobs=jobs)
    with dg.instance_for_test(temp_dir=str(tmp_path / "dagster")) as instance:
        for name in ("refresh", "digest"):
            result = defs.resolve_job_def(name).execute_in_process(
                instance=instance, raise_on_error=False
            )
            assert not result.success
            run = instance.get_run_by_id(result.run_id)
            (event,) = [
                r.dagster_event
                for r in instance.all_logs(result.run_id, of_type=dg.DagsterEventType.RUN_FAILURE)
            ]
            context = dg.build_run_status_sensor_context(
                sensor_name=refresh_failed.name,
                dagster_event=event,
                dagster_instance=instance,
                dagster_run=run,
            ).for_run_failure()
            refresh_failed(context)
            if name == "refresh":
                refresh_run, ended = run.run_id, instance.get_run_record_by_id(run.run_id).end_time
    (failure,) = refresh_failures(warehouse)  # the digest's failure is told, not recorded
    assert failure.run_id == refresh_run
    assert failure.failed_at == dt.datetime.fromtimestamp(ended).replace(microsecond=0)


@pytest.fixture
def demo_copy(demo_warehouse, tmp_path) -> Path:
    path = tmp_path / "wh" / "jansewa.duckdb"
    path.parent.mkdir()
    shutil.copyfile(demo_warehouse.warehouse, path)
    return path


def _materialize(warehouse: Path, rules: Path):
    return dg.materialize(
        [alerts],
        resources={"warehouse": WarehouseResource(path=str(warehouse), exports=".")},
        run_config={"ops": {"alerts": {"config": {"rules": str(rules)}}}},
    )


def test_a_changed_threshold_closes_alerts_and_a_rerun_changes_nothing(demo_copy, tmp_path):
    rules = tmp_path / "alerts.yml"
    rules.write_text(
        "rules:\n  - {id: overdue, kind: overdue_growth, severity: warning, "
        "growth_pct: 25, min_count: 20}\n",
        encoding="utf-8",
    )

    def table() -> list[tuple]:
        with duckdb.connect(str(demo_copy), read_only=True) as con:
            return con.execute(
                "select * exclude (last_seen_at) from alerts where rule = 'overdue' order by all"
            ).fetchall()

    with duckdb.connect(str(demo_copy), read_only=True) as con:
        (reviewed,) = con.execute("select count(*) from alerts where status = 'open'").fetchone()
    first = _materialize(demo_copy, rules).asset_materializations_for_node("alerts")[0]
    opened = first.metadata["opened"].value
    # the reviewed rules' alerts close: their rules are not in this file
    assert opened > 0 and first.metadata["closed"].value == reviewed > 0
    before = table()
    second = _materialize(demo_copy, rules).asset_materializations_for_node("alerts")[0]
    assert (second.metadata["opened"].value, second.metadata["kept_open"].value) == (0, opened)
    assert table() == before  # same keys, same opened_at, same figures

    rules.write_text(rules.read_text().replace("min_count: 20", "min_count: 100000"))
    third = _materialize(demo_copy, rules).asset_materializations_for_node("alerts")[0]
    assert (third.metadata["closed"].value, third.metadata["open"].value) == (opened, 0)
    assert {row[COLUMNS.index("status")] for row in table()} == {"closed"}


def test_the_published_alerts_hold_district_figures_and_no_personal_value(demo_warehouse):
    snapshot = snapshot_path(demo_warehouse.warehouse)
    with duckdb.connect(str(snapshot), read_only=True) as con:
        columns = con.execute(
            "select column_name, data_type from duckdb_columns() where table_name = 'alerts' "
            "order by column_index"
        ).fetchall()
        rows = con.execute("select * from alerts").fetchall()
    assert [c for c, _ in columns] == list(COLUMNS)
    assert dict(columns)["period_start"] == "DATE" and dict(columns)["opened_at"] == "TIMESTAMP"
    assert rows, "the demo data breaks some rules"
    statuses = {r[COLUMNS.index("status")] for r in rows}
    assert statuses <= {"open", "closed"}
    for row in rows:
        assert isinstance(json.loads(row[COLUMNS.index("figures")]), dict)
        assert row[COLUMNS.index("page")].startswith("/")
    personal = collect_personal_values(demo_warehouse.exports)
    texts = [str(value) for row in rows for value in row if value is not None]
    assert personal.find_all(texts) == set()
