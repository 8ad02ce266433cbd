"""The reader snapshot: the last asset, run only when every blocking check has passed.

Blocking asset checks on the staging assets fail their step, so this asset never runs on
data that failed validation and readers keep the last good snapshot.
"""

import datetime as dt
import subprocess
from importlib import metadata
from pathlib import Path

import dagster as dg

from pipelines.current_snapshot import code_digest
from pipelines.defs.resources import WarehouseResource
from pipelines.exports_folder import NothingToLoadError, check_exports_folder
from pipelines.progress import step
from pipelines.publication import link_data_docs, prepare_data_docs, publish
from warehouse.compaction import count_published_run
from warehouse.scorecard import record_published_scorecard
from warehouse.snapshot_changes import record_publication


def code_version() -> str:
    """Package version plus the git commit when running from a checkout."""
    version = metadata.version("jansewa")
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=Path(__file__).resolve().parent,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return f"{version}+{commit}" if commit else version


PUBLICATIONS_DDL = """
create table if not exists publications (
  snapshot_id varchar primary key,
  run_id varchar,
  code_version varchar,
  published_at timestamp,
  data_docs varchar,      -- the Data Docs folder published with this snapshot, if any
  inputs_digest varchar   -- pipelines.current_snapshot.code_digest() of the publishing code
)
"""
PUBLICATIONS_NEW_COLUMNS = [
    "alter table publications add column if not exists data_docs varchar",
    "alter table publications add column if not exists inputs_digest varchar",
]


def publish_asset(upstream: list[dg.AssetKey]) -> dg.AssetsDefinition:
    @dg.asset(
        name="published_snapshot",
        group_name="publish",
        deps=upstream,
        description="The reader snapshot (marts, reference tables, check results, scorecard "
        "history; no raw or staging row) for the dashboard, notebooks and `jansewa kpis`, "
        "swapped in atomically.",
        kinds={"duckdb"},
    )
    def _publish(
        context: dg.AssetExecutionContext, warehouse: WarehouseResource
    ) -> dg.MaterializeResult:
        try:  # a scheduled run over an empty or misfiled folder must not publish "no data"
            check_exports_folder(warehouse.exports_path)
        except NothingToLoadError as exc:
            raise dg.Failure(description=str(exc)) from None
        snapshot_id = context.run_id
        version = code_version()
        docs = prepare_data_docs(warehouse.warehouse_path)
        with warehouse.connect() as con:
            con.execute(PUBLICATIONS_DDL)
            for statement in PUBLICATIONS_NEW_COLUMNS:
                con.execute(statement)
            recorded = record_published_scorecard(con, snapshot_id, version)
            con.execute(
                "insert into publications (snapshot_id, run_id, code_version, published_at, "
                "data_docs, inputs_digest) values (?, ?, ?, ?, ?, ?)",
                [
                    snapshot_id,
                    context.run_id,
                    version,
                    dt.datetime.now().replace(microsecond=0),
                    docs,
                    code_digest(),
                ],
            )
            con.execute("checkpoint")
        warehouse.release_warehouse()  # the snapshot is copied from a closed file
        published = publish(warehouse.warehouse_path, incremental=True)
        with warehouse.connect() as con:
            record_publication(
                con, published.version, published.whole_bytes, published.growth_bytes
            )
            compacted = count_published_run(con)
        target = published.path
        link_data_docs(warehouse.warehouse_path, docs)
        how = (
            "written whole"
            if published.updated is None
            else f"updated: {len(published.updated)} table(s) copied"
        )
        step(context, f"published {target} ({target.stat().st_size / 2**20:,.1f} MiB, {how})")
        return dg.MaterializeResult(
            metadata={
                "snapshot": str(target),
                "snapshot_id": snapshot_id,
                "code_version": version,
                "scorecard_rows_recorded": recorded,
                "written": how,
                "row_groups_compacted": compacted,
            }
        )

    return _publish
