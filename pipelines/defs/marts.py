"""int_*, kpi_* and case_* assets: one Dagster step that runs warehouse.build.build_steps.

One `multi_asset` with an AssetSpec per intermediate and mart table (the key is the table
name), so every table is visible with its own row count while the build stays one step (a
step costs ~0.1 s in-process and ~2.7 s in a subprocess). The step runs the very code the
tests run (`build_steps`, which `build_marts` drains): the weights check and the statistics
included. Lineage between specs is read from the SQL: a spec depends on the stg_, int_,
kpi_ and case_ tables its model's SQL (comments aside) names. While the build runs, the step
says every few seconds how many tables are built and left, and at the end how long it took
and which tables were slowest (pipelines.progress.BuildMeter).
"""

from pathlib import Path

import dagster as dg
from dagster import AssetExecutionContext

from pipelines.defs.resources import WarehouseResource
from pipelines.progress import BuildMeter, StepLog, step
from warehouse.build import (
    INTERMEDIATE_MODELS,
    KPI_TARGETS,
    MODELS,
    SCORECARD_WEIGHTS,
    STATISTICS_TABLES,
    STATISTICS_TABLES_AFTER,
    build_steps,
    model_sql,
)
from warehouse.model_graph import tables_read
from warehouse.sources import SOURCE_NAMES

STAGING_KEYS = [dg.AssetKey(f"stg_{name}") for name in SOURCE_NAMES]


def _deps(model: str) -> list[dg.AssetKey]:
    """The staging and mart tables a model's SQL names; every staging table if it names none."""
    known = {key.path[-1] for key in STAGING_KEYS} | set(MODELS)
    names = sorted(tables_read(model) & known)
    return [dg.AssetKey(n) for n in names] or list(STAGING_KEYS)


def _description(model: str) -> str:
    """The model's header comment (its grain and key)."""
    lines = []
    for line in model_sql(model).splitlines():
        if not line.startswith("--"):
            break
        lines.append(line.removeprefix("--").strip())
    return " ".join(lines)


MART_SPECS = [
    dg.AssetSpec(
        key=dg.AssetKey(model),
        deps=_deps(model),
        group_name="intermediate" if model in INTERMEDIATE_MODELS else "marts",
        description=_description(model),
        kinds={"duckdb", "sql"},
    )
    for model in MODELS
] + [
    # Built in Python (Wilson intervals, bootstrap rank ranges, weighting sensitivity) right
    # after the scorecard model they read; see warehouse.build.STATISTICS.
    dg.AssetSpec(
        key=dg.AssetKey(table),
        deps=[dg.AssetKey(m) for m, tables in STATISTICS_TABLES_AFTER.items() if table in tables]
        + [dg.AssetKey("kpi_daily")],
        group_name="marts",
        description=f"{table}: scorecard statistics computed in Python after kpi_scorecard.",
        kinds={"duckdb", "python"},
    )
    for table in STATISTICS_TABLES
]


class MartsConfig(dg.Config):
    """The reviewed reference files the build reads; a run may point at others (a trial
    weighting, or a test's bad file). Empty means the reviewed file in warehouse/reference/."""

    weights: str = ""
    targets: str = ""
    # Build every mart whole (`jansewa refresh --full`) rather than only the partitions of
    # the daily and monthly facts that staging changed (warehouse/partitioned_build.py).
    full: bool = False


@dg.multi_asset(name="kpi_marts", specs=MART_SPECS)
def kpi_marts(context: AssetExecutionContext, config: MartsConfig, warehouse: WarehouseResource):
    """Reference tables, then each intermediate and mart in dependency order (build_steps)."""
    weights = Path(config.weights) if config.weights else SCORECARD_WEIGHTS
    targets = Path(config.targets) if config.targets else KPI_TARGETS
    lines = StepLog(context)
    meter = BuildMeter(lines.say, "kpi marts", len(MART_SPECS))
    try:
        with warehouse.connect() as con:
            steps = build_steps(con, weights=weights, targets=targets, incremental=not config.full)
            for built in steps:
                metadata = {"dagster/row_count": built.rows}
                if built.seconds is not None:
                    metadata["build_seconds"] = built.seconds
                if built.rebuilt is not None:
                    metadata["partitions_rebuilt"] = built.rebuilt
                yield dg.MaterializeResult(asset_key=dg.AssetKey(built.table), metadata=metadata)
                meter.done(built.table, built.seconds, built.rebuilt)
    finally:
        lines.flush()
    step(context, meter.finish())


mart_assets = [kpi_marts]
