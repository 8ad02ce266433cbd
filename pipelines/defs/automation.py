"""When a refresh runs: daily at 06:00 IST, and whenever export files are added or changed.

Every refresh run carries the tag `jansewa/warehouse`; the instance's run queue
(deploy/dagster.yaml) lets one run with that tag go at a time, so a schedule tick and a
sensor request, or a manual launch, queue behind each other instead of failing each other.
"""

import hashlib
import json
import os

import dagster as dg

from pipelines.defs.resources import WarehouseResource
from pipelines.keys import MISSING_KEY_MESSAGE, configured_pii_key
from pipelines.load.manifest import discover
from warehouse.sources import SOURCES

refresh_job = dg.define_asset_job(
    name="refresh",
    selection=dg.AssetSelection.all(),
    description="Load new exports, validate, model KPIs and publish the snapshot.",
    # Each step in its own process costs ~2.7 s here; in-process costs ~0.1 s.
    executor_def=dg.in_process_executor,
    tags={"jansewa/warehouse": "refresh"},  # the run queue's concurrency key (limit 1)
)


def missing_key_reason() -> dg.SkipReason | None:
    """A run Dagster starts never uses the development key: without JANSEWA_PII_KEY in the
    daemon's environment, the tick is skipped with one line saying why."""
    return None if configured_pii_key() else dg.SkipReason(MISSING_KEY_MESSAGE)


@dg.schedule(
    name="daily_refresh",
    job=refresh_job,
    cron_schedule="0 6 * * *",
    execution_timezone="Asia/Kolkata",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Sweeps the exports folder every morning at 06:00 IST.",
)
def daily_refresh(context: dg.ScheduleEvaluationContext):
    return missing_key_reason() or dg.RunRequest(run_key=None, tags={"jansewa/trigger": "schedule"})


def exports_state(warehouse: WarehouseResource) -> dict[str, list]:
    """Every settled export file's (size, modified time): what the sensor compares run to
    run. Files still being copied in are not listed yet, so they trigger once complete."""
    return {
        f.relative: [f.size, f.modified_at.isoformat()]
        for source in SOURCES.values()
        for f in discover(warehouse.exports_path, source)
    }


@dg.sensor(
    name="new_exports",
    job=refresh_job,
    # JANSEWA_SENSOR_INTERVAL: seconds between looks at the folder (tests make it short)
    minimum_interval_seconds=int(os.environ.get("JANSEWA_SENSOR_INTERVAL", "60")),
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Starts a refresh when files in the exports folder are added or changed "
    "(once they have settled: see JANSEWA_SETTLE_SECONDS).",
)
def new_exports(context: dg.SensorEvaluationContext, warehouse: WarehouseResource):
    state = exports_state(warehouse)
    digest = hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()
    previous = json.loads(context.cursor) if context.cursor else {}
    if previous.get("digest") == digest:
        return dg.SkipReason(f"no change in {len(state)} export file(s)")
    if not state:
        return dg.SkipReason("the exports folder holds no files yet")
    skip = missing_key_reason()
    if skip is not None:  # the cursor stays: the files are picked up once the key is set
        return skip
    changed = sorted(p for p, v in state.items() if previous.get("files", {}).get(p) != v)
    context.update_cursor(json.dumps({"digest": digest, "files": state}))
    return dg.RunRequest(run_key=digest, tags={"jansewa/changed_files": str(len(changed))})
