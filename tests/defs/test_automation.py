"""The sensor starts a refresh when export files are added or changed, and only then."""

from __future__ import annotations

import os

import dagster as dg

from pipelines.defs.automation import daily_refresh, new_exports
from pipelines.defs.resources import WarehouseResource


def _tick(warehouse: WarehouseResource, cursor: str | None):
    # The warehouse resource is a context manager (a run holds the refresh lock through it).
    with dg.build_sensor_context(cursor=cursor, resources={"warehouse": warehouse}) as context:
        result = new_exports(context)
    return result, context.cursor


def test_sensor_fires_on_new_and_changed_files_only(tmp_path):
    exports = tmp_path / "exports"
    (exports / "grievances").mkdir(parents=True)
    wh = WarehouseResource(path=str(tmp_path / "wh.duckdb"), exports=str(exports))

    result, cursor = _tick(wh, None)
    assert isinstance(result, dg.SkipReason)  # nothing there yet

    f = exports / "grievances/g1.csv"
    f.write_text("Grievance No\n")
    os.utime(f, (1_590_000_000, 1_590_000_000))
    result, cursor = _tick(wh, cursor)
    assert isinstance(result, dg.RunRequest)
    first_key = result.run_key

    result, cursor = _tick(wh, cursor)
    assert isinstance(result, dg.SkipReason)  # unchanged

    f.write_text("Grievance No\nG1\n")
    os.utime(f, (1_590_000_100, 1_590_000_100))
    result, cursor = _tick(wh, cursor)
    assert isinstance(result, dg.RunRequest) and result.run_key != first_key
    assert result.tags["jansewa/changed_files"] == "1"

    (exports / "grievances/.partial.csv").write_text("half written")  # hidden files are ignored
    result, cursor = _tick(wh, cursor)
    assert isinstance(result, dg.SkipReason)


def test_daily_refresh_runs_at_six_india_time():
    assert daily_refresh.cron_schedule == "0 6 * * *"
    assert daily_refresh.execution_timezone == "Asia/Kolkata"
    assert daily_refresh.job_name == "refresh"
