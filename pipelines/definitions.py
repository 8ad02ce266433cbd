"""The one Dagster code location: assets by layer, checks, the refresh job, schedule, sensor.

`dagster dev` loads `defs` (resources from JANSEWA_* variables); `jansewa refresh` builds the
same definitions with the paths it was given and runs the same job in-process.
"""

from __future__ import annotations

import dagster as dg

from pipelines.defs.alerts import alerts
from pipelines.defs.automation import daily_refresh, new_exports, refresh_job
from pipelines.defs.checks import build_validation_checks
from pipelines.defs.delivery import ReaderResource, alert_deliveries, digest_job, weekly_digest
from pipelines.defs.marts import mart_assets
from pipelines.defs.publish import publish_asset
from pipelines.defs.raw import raw_assets
from pipelines.defs.resources import (
    PiiKeyResource,
    WarehouseResource,
    pii_key_from_environment,
    warehouse_from_environment,
)
from pipelines.defs.sensors_notify import refresh_failed
from pipelines.defs.staging import staging_assets


def _keys(assets: list[dg.AssetsDefinition]) -> list[dg.AssetKey]:
    return [key for a in assets for key in a.keys]


def build_definitions(
    warehouse: WarehouseResource, pii: PiiKeyResource | None = None
) -> dg.Definitions:
    """The code location for one warehouse: what `dagster dev` shows and what refresh runs.

    ``pii`` defaults to the key from JANSEWA_PII_KEY (never the development key).
    """
    # alerts sit between the marts and the snapshot: readers get the alerts of their data
    publish = publish_asset(_keys(staging_assets) + _keys(mart_assets) + _keys([alerts]))
    return dg.Definitions(
        assets=[*raw_assets, *staging_assets, *mart_assets, alerts, publish, alert_deliveries],
        asset_checks=build_validation_checks(),
        jobs=[refresh_job, digest_job],
        schedules=[daily_refresh, weekly_digest],
        sensors=[new_exports, refresh_failed],
        resources={
            "warehouse": warehouse,
            "pii": pii or pii_key_from_environment(),
            "reader": ReaderResource(path=warehouse.path),  # the snapshot, no refresh lock
        },
    )


defs = build_definitions(warehouse_from_environment(), pii_key_from_environment())
