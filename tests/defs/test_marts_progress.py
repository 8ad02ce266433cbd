"""The marts step tells the terminal and Dagster's log how far its build has got, as it goes
(pipelines.progress.BuildMeter), not only once all 56 tables are built."""

from __future__ import annotations

import re
import shutil

import dagster as dg

import pipelines.progress
from pipelines.defs.marts import MART_SPECS, kpi_marts
from pipelines.defs.resources import WarehouseResource

RUNNING = re.compile(
    r"kpi marts: (\d+) of (\d+) tables built after \d+ s, (\d+) left; slowest so far: .+"
)
SLOWEST = r"\w+ \d+\.\d s, \w+ \d+\.\d s, \w+ \d+\.\d s"


def test_the_marts_step_says_what_is_built_and_left_as_it_goes(
    demo_warehouse, tmp_path, monkeypatch, shown_progress
):
    monkeypatch.setattr(pipelines.progress, "BUILD_LINE_SECONDS", 0.0)  # a line every table
    path = tmp_path / "jansewa.duckdb"
    shutil.copy(demo_warehouse.warehouse, path)
    instance = dg.DagsterInstance.ephemeral()
    resource = WarehouseResource(path=str(path), exports=str(demo_warehouse.exports))
    result = dg.materialize([kpi_marts], resources={"warehouse": resource}, instance=instance)
    assert result.success
    total = len(MART_SPECS)
    running = [line for line in shown_progress if RUNNING.fullmatch(line)]
    found = [tuple(map(int, RUNNING.fullmatch(line).groups())) for line in running]
    assert found == [(built, total, total - built) for built in range(1, total)]
    closing = shown_progress[-1]
    assert re.fullmatch(
        rf"kpi marts: {total} tables built in \d+\.\d s( \(\d+ rebuilt in part\))?; "
        rf"slowest: {SLOWEST}",
        closing,
    )
    # Dagster's log holds the same lines, those that came within a second sharing an event
    messages = [
        entry.user_message
        for entry in instance.all_logs(result.run_id)
        if entry.dagster_event is None and entry.user_message.startswith("kpi marts:")
    ]
    assert [line for message in messages for line in message.split("\n")] == [*running, closing]
    assert len(messages) < len(running)
