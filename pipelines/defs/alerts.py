"""The alerts asset: the rules of alerts.yml evaluated on the marts a refresh has just built.

It runs after the marts and before the published snapshot (which depends on it), so the
``alerts`` table published with a snapshot is that snapshot's data's alerts; a refresh whose
data checks fail never gets here and readers keep the last snapshot and its alerts. The
work is warehouse.alerts.update.update_alerts: evaluate every rule, open, keep and close
alerts by key, and close the alert of the refreshes that failed since the last publication.
"""

import datetime as dt
from pathlib import Path

import dagster as dg

from pipelines.defs.resources import WarehouseResource
from pipelines.progress import step
from warehouse.alerts.rules import ALERTS_FILE, load_rules
from warehouse.alerts.update import update_alerts

# The marts the rules read (warehouse/alerts/evaluate.py).
ALERT_INPUTS = (
    "kpi_values",
    "kpi_period_status",
    "kpi_target_attainment",
    "kpi_scorecard",
    "kpi_scorecard_rank_ranges",
    "kpi_data_quality",
    "kpi_source_freshness",
    "kpi_catalog",
)


class AlertsConfig(dg.Config):
    """The rules file; empty means the reviewed warehouse/reference/alerts.yml."""

    rules: str = ""


@dg.asset(
    name="alerts",
    group_name="publish",
    deps=[dg.AssetKey(name) for name in ALERT_INPUTS],
    description="Alerts of the reviewed rules (warehouse/reference/alerts.yml) on this "
    "refresh's marts: opened once per key, kept open while they hold, closed when they clear.",
    kinds={"duckdb", "python"},
)
def alerts(
    context: dg.AssetExecutionContext, config: AlertsConfig, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    rules = load_rules(Path(config.rules) if config.rules else ALERTS_FILE)
    with warehouse.connect() as con:
        written = update_alerts(con, warehouse.warehouse_path, rules, dt.datetime.now())
    step(
        context,
        f"alerts: {written.open} open ({written.opened} opened, {written.kept} still open), "
        f"{written.closed} closed, from {len(rules)} rule(s)",
    )
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": written.rows,
            "open": written.open,
            "opened": written.opened,
            "kept_open": written.kept,
            "closed": written.closed,
            "rules": len(rules),
        }
    )
