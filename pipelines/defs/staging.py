"""stg_<source> assets: parsed, typed, one row per record, quarantine beside them.

One step for the layer, not one per source (why: pipelines/defs/layer_step.py); each source
is still its own asset.
"""

import dagster as dg
import duckdb

from pipelines.defs.layer_step import materialize_each_source, source_specs
from pipelines.defs.resources import WarehouseResource
from pipelines.load.stage import rows_to_stage, stage_source
from warehouse.mart_changes import create_mart_change_tables
from warehouse.sources import Source


@dg.multi_asset(
    name="stg_sources",
    specs=source_specs(
        "stg",
        "staging",
        lambda source: (
            f"{source.title}: typed, canonical labels and districts, newest export wins."
        ),
        upstream="raw",
    ),
    can_subset=True,
)
def stg_sources(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """Stage every selected source's newly read files."""

    def stage(con: duckdb.DuckDBPyConnection, source: Source, log) -> dg.MaterializeResult:
        summary = stage_source(con, source, context.run_id, report=log)
        log(
            f"stg_{source.name}: {len(summary.files)} file(s) staged, "
            f"{summary.accepted:,} accepted, {summary.duplicates:,} duplicates, "
            f"{summary.quarantined:,} quarantined; {summary.staged_rows:,} records",
        )
        return dg.MaterializeResult(
            asset_key=f"stg_{source.name}",
            metadata={
                "files_staged": len(summary.files),
                "rows_accepted": summary.accepted,
                "rows_duplicate": summary.duplicates,
                "rows_quarantined": summary.quarantined,
                "records": summary.staged_rows,
            },
        )

    yield from materialize_each_source(
        context, warehouse, "stg", stage, setup=create_mart_change_tables, weigh=rows_to_stage
    )


staging_assets = [stg_sources]
