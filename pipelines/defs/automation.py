"""When a refresh runs: daily at 06:00 IST, and whenever export files are added or changed."""

import hashlib
import json

import dagster as dg

from pipelines.defs.resources import WarehouseResource
from pipelines.load.manifest import discover
from warehouse.sources import SOURCES

refresh_job = dg.define_asset_job(
    name="refresh",
    selection=dg.AssetSelection.all(),
    description="Load new exports, validate, model KPIs and publish the snapshot.",
    # Each step in its own process costs ~2.7 s here; in-process costs ~0.1 s.
    executor_def=dg.in_process_executor,
)

daily_refresh = dg.ScheduleDefinition(
    name="daily_refresh",
    job=refresh_job,
    cron_schedule="0 6 * * *",
    execution_timezone="Asia/Kolkata",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)


def exports_state(warehouse: WarehouseResource) -> dict[str, list]:
    """Every export file's (size, modified time): what the sensor compares run to run."""
    return {
        f.relative: [f.size, f.modified_at.isoformat()]
        for source in SOURCES.values()
        for f in discover(warehouse.exports_path, source)
    }


@dg.sensor(
    name="new_exports",
    job=refresh_job,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Starts a refresh when files in the exports folder are added or changed.",
)
def new_exports(context: dg.SensorEvaluationContext, warehouse: WarehouseResource):
    state = exports_state(warehouse)
    digest = hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()
    previous = json.loads(context.cursor) if context.cursor else {}
    if previous.get("digest") == digest:
        return dg.SkipReason(f"no change in {len(state)} export file(s)")
    changed = sorted(p for p, v in state.items() if previous.get("files", {}).get(p) != v)
    context.update_cursor(json.dumps({"digest": digest, "files": state}))
    if not state:
        return dg.SkipReason("the exports folder holds no files yet")
    return dg.RunRequest(run_key=digest, tags={"jansewa/changed_files": str(len(changed))})
