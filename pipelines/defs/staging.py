"""stg_<source> assets: parsed, typed, one row per record, quarantine beside them."""

import dagster as dg

from pipelines.defs.resources import WarehouseResource
from pipelines.load.stage import stage_source
from pipelines.progress import reporter, step
from warehouse.sources import SOURCES, Source


def staging_asset(source: Source) -> dg.AssetsDefinition:
    @dg.asset(
        name=f"stg_{source.name}",
        group_name="staging",
        deps=[dg.AssetKey(f"raw_{source.name}")],
        description=f"{source.title}: typed, canonical labels and districts, newest export wins.",
        kinds={"duckdb", "polars"},
    )
    def _stg(
        context: dg.AssetExecutionContext, warehouse: WarehouseResource
    ) -> dg.MaterializeResult:
        with warehouse.connect() as con:
            summary = stage_source(con, source, context.run_id, report=reporter(context))
        step(
            context,
            f"stg_{source.name}: {len(summary.files)} file(s) staged, {summary.accepted:,} accepted, "
            f"{summary.duplicates:,} duplicates, {summary.quarantined:,} quarantined; "
            f"{summary.staged_rows:,} records",
        )
        return dg.MaterializeResult(
            metadata={
                "files_staged": len(summary.files),
                "rows_accepted": summary.accepted,
                "rows_duplicate": summary.duplicates,
                "rows_quarantined": summary.quarantined,
                "records": summary.staged_rows,
            }
        )

    return _stg


staging_assets = [staging_asset(source) for source in SOURCES.values()]
