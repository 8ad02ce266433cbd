"""kpi_* mart assets: one Dagster step that runs warehouse.build.build_marts.

One `multi_asset` with an AssetSpec per mart table (the key is the table name), so every mart
is visible with its own row count while the build stays one step (a step costs ~0.1 s
in-process and ~2.7 s in a subprocess). Lineage between specs is read from the SQL: a spec
depends on the stg_ and kpi_ tables its model's SQL (comments aside) names.
"""

import re
import time

import dagster as dg
from dagster import AssetExecutionContext

from pipelines.defs.resources import WarehouseResource
from pipelines.progress import step
from warehouse.build import (
    MART_MODELS,
    STATISTICS_TABLES,
    build_model,
    load_reference_tables,
    model_sql,
)
from warehouse.sources import SOURCE_NAMES

STATISTICS_AFTER = "kpi_scorecard"  # warehouse.build.STATISTICS: rank ranges, sensitivity
STAGING_KEYS = [dg.AssetKey(f"stg_{name}") for name in SOURCE_NAMES]
_TABLE_NAME = re.compile(r"\b(?:stg|kpi)_[a-z0-9_]+\b")
_COMMENT = re.compile(r"--[^\n]*")


def _deps(model: str) -> list[dg.AssetKey]:
    """The staging and mart tables a model's SQL names; every staging table if it names none."""
    known = {key.path[-1] for key in STAGING_KEYS} | set(MART_MODELS)
    code = _COMMENT.sub("", model_sql(model))
    names = sorted(set(_TABLE_NAME.findall(code)) & known - {model})
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
        group_name="marts",
        description=_description(model),
        kinds={"duckdb", "sql"},
    )
    for model in MART_MODELS
] + [
    # Built in Python (Wilson intervals, bootstrap rank ranges, weighting sensitivity) right
    # after the scorecard model they read; see warehouse.build.STATISTICS.
    dg.AssetSpec(
        key=dg.AssetKey(table),
        deps=[dg.AssetKey(STATISTICS_AFTER), dg.AssetKey("kpi_daily")],
        group_name="marts",
        description=f"{table}: scorecard statistics computed in Python after kpi_scorecard.",
        kinds={"duckdb", "python"},
    )
    for table in STATISTICS_TABLES
]


@dg.multi_asset(name="kpi_marts", specs=MART_SPECS)
def kpi_marts(context: AssetExecutionContext, warehouse: WarehouseResource):
    """Reference tables, then each mart table in dependency order, one transaction each."""
    with warehouse.connect() as con:
        load_reference_tables(con)
        for model in MART_MODELS:
            started = time.perf_counter()
            rows = build_model(con, model)
            seconds = round(time.perf_counter() - started, 3)
            yield dg.MaterializeResult(
                asset_key=dg.AssetKey(model),
                metadata={"dagster/row_count": rows, "build_seconds": seconds},
            )
            # The statistics are computed by build_model right after the scorecard model.
            for table in STATISTICS_TABLES if model == STATISTICS_AFTER else ():
                count = con.execute(f"select count(*) from {table}").fetchone()[0]
                yield dg.MaterializeResult(
                    asset_key=dg.AssetKey(table), metadata={"dagster/row_count": count}
                )
    step(context, f"kpi marts: {len(MART_SPECS)} tables built")


mart_assets = [kpi_marts]
