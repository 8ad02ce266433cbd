"""raw_<source> assets: every source's new exports read in one step, one asset per source.

One step for the layer, not one per source (why: pipelines/defs/layer_step.py). Each source
is still its own asset, with its own materialisation and row counts, and a run may select
any of them.
"""

import dagster as dg
import duckdb

from expectations.gx_import import import_great_expectations_in_background
from pipelines.defs.layer_step import materialize_each_source, source_specs
from pipelines.defs.resources import PiiKeyResource, WarehouseResource
from pipelines.load.manifest import changed_bytes
from pipelines.load.raw import load_raw
from pipelines.progress import step
from warehouse.raw_files import move_raw_tables_to_files, raw_root, raw_rows_loaded
from warehouse.schema import create_load_tables
from warehouse.sources import Source


@dg.multi_asset(
    name="raw_sources",
    specs=source_specs(
        "raw",
        "raw",
        lambda source: (
            f"{source.title}: every row of every export file as read, personal fields hashed."
        ),
    ),
    can_subset=True,
)
def raw_sources(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, pii: PiiKeyResource
):
    """Read every selected source's new or changed export files into its raw table."""
    key = pii.hmac_key()
    import_great_expectations_in_background()  # for the checks after staging

    def read_source(con: duckdb.DuckDBPyConnection, source: Source, log) -> dg.MaterializeResult:
        summary = load_raw(con, source, warehouse.exports_path, key, context.run_id, report=log)
        total = raw_rows_loaded(con, source)
        log(
            f"raw_{source.name}: {summary.files_read} file(s) read, {summary.rows_read:,} rows"
            + (f", {summary.files_rejected} rejected" if summary.files_rejected else "")
        )
        return dg.MaterializeResult(
            asset_key=f"raw_{source.name}",
            metadata={
                "files_read": summary.files_read,
                "files_rejected": summary.files_rejected,
                "rows_read": summary.rows_read,
                "rows_in_table": total,
                "rejections": dg.MetadataValue.md(
                    "\n".join(f"- {r}" for r in summary.rejections) or "none"
                ),
            },
        )

    def prepare(con: duckdb.DuckDBPyConnection) -> None:
        """The load tables, and an older warehouse's raw tables moved to Parquet folders;
        the raw folder's place settled before the sources are read side by side."""
        create_load_tables(con)
        for table in move_raw_tables_to_files(con):
            step(context, f"{table}: its rows moved to Parquet files beside the warehouse")
        raw_root(con)

    def weigh(con: duckdb.DuckDBPyConnection, source: Source) -> int:
        return changed_bytes(con, warehouse.exports_path, source)

    yield from materialize_each_source(
        context, warehouse, "raw", read_source, setup=prepare, weigh=weigh
    )


raw_assets = [raw_sources]
