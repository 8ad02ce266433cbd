"""raw_<source> assets: one factory over the source contracts (pipelines/sources.py)."""

import dagster as dg

from expectations.gx_import import import_great_expectations_in_background
from pipelines.defs.resources import PiiKeyResource, WarehouseResource
from pipelines.load.raw import load_raw
from pipelines.progress import reporter, step
from warehouse.schema import create_load_tables
from warehouse.sources import SOURCES, Source


def raw_asset(source: Source) -> dg.AssetsDefinition:
    @dg.asset(
        name=f"raw_{source.name}",
        group_name="raw",
        description=f"{source.title}: every row of every export file as read, personal fields hashed.",
        kinds={"duckdb", "polars"},
    )
    def _raw(
        context: dg.AssetExecutionContext, warehouse: WarehouseResource, pii: PiiKeyResource
    ) -> dg.MaterializeResult:
        key = pii.hmac_key()
        import_great_expectations_in_background()  # for the checks after staging
        with warehouse.connect() as con:
            create_load_tables(con)
            summary = load_raw(
                con, source, warehouse.exports_path, key, context.run_id, report=reporter(context)
            )
            total = con.execute(f"select count(*) from raw_{source.name}").fetchone()[0]
        step(
            context,
            f"raw_{source.name}: {summary.files_read} file(s) read, {summary.rows_read:,} rows"
            + (f", {summary.files_rejected} rejected" if summary.files_rejected else ""),
        )
        return dg.MaterializeResult(
            metadata={
                "files_read": summary.files_read,
                "files_rejected": summary.files_rejected,
                "rows_read": summary.rows_read,
                "rows_in_table": total,
                "rejections": dg.MetadataValue.md(
                    "\n".join(f"- {r}" for r in summary.rejections) or "none"
                ),
            }
        )

    return _raw


raw_assets = [raw_asset(source) for source in SOURCES.values()]
