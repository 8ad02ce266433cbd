"""Asset checks on the stg_<source> assets: one GX suite per source, one check per expectation.

Thin on purpose: the suites live in ``expectations/suites/``, the runner in
``expectations/runner.py``. A failed blocking expectation fails its step, so the published
snapshot downstream does not run; warnings are reported and recorded only. Every result is
appended to ``dq_results`` under the Dagster run id (``context.run.run_id``).
"""

import json
from collections.abc import Iterator

import dagster as dg

from expectations.catalog import CheckSpec, check_specs
from pipelines.defs.resources import WarehouseResource
from warehouse.sources import SOURCES

# Data Docs are built beside the warehouse into a pending folder; the publish step swaps it
# in as `data_docs/` with the snapshot, so the docs readers see always describe the data
# they see (a blocked run leaves the last published docs in place).
DATA_DOCS_PENDING = "data_docs.pending"


def _severity(spec: CheckSpec) -> dg.AssetCheckSeverity:
    return dg.AssetCheckSeverity.ERROR if spec.blocking else dg.AssetCheckSeverity.WARN


def validation_check(source: str, data_docs: bool = True) -> dg.AssetChecksDefinition:
    """The checks of one source: its suite run once, one result per expectation."""
    asset_key = dg.AssetKey(f"stg_{source}")
    specs = check_specs(source)
    by_name = {s.name: s for s in specs}

    @dg.multi_asset_check(
        name=f"validate_stg_{source}",
        specs=[
            dg.AssetCheckSpec(
                name=s.name,
                asset=asset_key,
                blocking=s.blocking,
                description=f"[{s.severity}] {s.why}",
                metadata={"expectation_type": s.type, "severity": s.severity},
            )
            for s in specs
        ],
        description=f"Great Expectations suite expectations/suites/{source}.json",
    )
    def _validate(
        context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource
    ) -> Iterator[dg.AssetCheckResult]:
        from expectations.dq_results import write_dq_results
        from expectations.runner import validate_source

        run_id = context.run.run_id
        with warehouse.connect() as con:
            results = reusable_results(con, source, run_id, set(by_name))
        if results is None:
            docs = warehouse.warehouse_path.parent / DATA_DOCS_PENDING if data_docs else None
            results = validate_source(warehouse.warehouse_path, source, data_docs_dir=docs)
        else:
            context.log.info(f"stg_{source} unchanged in this run: last results carried over")
        with warehouse.connect() as con:
            write_dq_results(con, run_id, results)
        for r in results:
            yield dg.AssetCheckResult(
                asset_key=asset_key,
                check_name=r.expectation,
                passed=r.success,
                severity=_severity(by_name[r.expectation]),
                metadata={
                    "unexpected_count": r.unexpected_count,
                    "observed_value": r.observed_value,
                    "examples": r.examples,
                    "severity": r.severity,
                },
            )

    return _validate


def reusable_results(con, source: str, run_id: str, names: set[str]) -> list | None:
    """The last recorded results of a source whose staging table this run did not change.

    A run that staged, unstaged or rejected no file of the source leaves stg_<source> as the
    last validation saw it, so its results stand: re-running GX over the whole table would
    make every incremental refresh pay for data it did not touch. None (validate again) when
    this run changed the table, when nothing was recorded yet, or when the suite's checks
    differ from those recorded.
    """
    from expectations.runner import ExpectationResult

    tables = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
    if not {"load_audit", "dq_results"} <= tables:
        return None
    changed = con.execute(
        "select count(*) from load_audit where run_id = ? and source = ?", [run_id, source]
    ).fetchone()[0]
    if changed:
        return None
    rows = con.execute(
        """
        select expectation, severity, success, unexpected_count, observed_value, examples
        from dq_results
        where source = ? and run_id = (
          select run_id from dq_results where source = ? and run_id <> ?
          order by validated_at desc limit 1
        )
        """,
        [source, source, run_id],
    ).fetchall()
    if {r[0] for r in rows} != names or len(rows) != len(names):
        return None
    return [
        ExpectationResult(
            source=source,
            expectation=name,
            expectation_type="carried over",
            column=None,
            severity=severity,
            success=success,
            unexpected_count=unexpected,
            observed_value=observed,
            examples=json.loads(examples) if examples else [],
        )
        for name, severity, success, unexpected, observed, examples in rows
    ]


def build_validation_checks(data_docs: bool = True) -> list[dg.AssetChecksDefinition]:
    """One multi-asset check per source, on asset key ``stg_<source>``.

    ``data_docs`` also writes GX Data Docs to ``<warehouse dir>/data_docs.pending/<source>/``,
    published as ``data_docs/`` together with the snapshot.
    """
    return [validation_check(source, data_docs) for source in SOURCES]
