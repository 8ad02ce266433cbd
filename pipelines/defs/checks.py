"""Asset checks on the stg_<source> assets: one GX suite per source, one check per expectation.

Thin on purpose: the suites live in ``expectations/suites/``, the runner in
``expectations/runner.py``, the carry-over in ``expectations/validation.py`` (a source's last
results stand when the suite, reference files, code and staged data they were computed from
are unchanged), the validation of what changed in ``expectations/incremental.py``. A failed
blocking expectation fails its step, so the published snapshot downstream does not run;
warnings are reported and recorded only. Every result is appended to ``dq_results`` (and
where its rows are to ``dq_failures``) under the Dagster run id (``context.run.run_id``).
"""

from collections.abc import Iterator

import dagster as dg

from expectations.catalog import CheckSpec, check_specs
from pipelines.defs.resources import WarehouseResource
from warehouse.sources import SOURCES

# Data Docs are built beside the warehouse into a pending folder; the publish step swaps it
# in as `data_docs/` with the snapshot, so the docs readers see always describe the data
# they see (a blocked run leaves the last published docs in place).
DATA_DOCS_PENDING = "data_docs.pending"


_MODE_TEXT = {
    "carried over": "suite, reference files, code and staged data unchanged since the last "
    "validation: its results carried over",
    "incremental": "validated the rows staged since the last validation; results are the "
    "whole table's",
    "whole table": "validated the whole table",
}


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
        from expectations.validation import validate_or_carry_over

        docs = warehouse.warehouse_path.parent / DATA_DOCS_PENDING if data_docs else None
        outcome = validate_or_carry_over(
            warehouse.warehouse_path, source, context.run.run_id, data_docs_dir=docs
        )
        context.log.info(f"stg_{source}: {_MODE_TEXT[outcome.mode]}")
        for r in outcome.results:
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
                    "carried_over": outcome.carried_over,
                    "validated": outcome.mode,
                    "districts": sorted({f.district for f in r.failures if f.district}),
                },
            )

    return _validate


def build_validation_checks(data_docs: bool = True) -> list[dg.AssetChecksDefinition]:
    """One multi-asset check per source, on asset key ``stg_<source>``.

    ``data_docs`` also writes GX Data Docs to ``<warehouse dir>/data_docs.pending/<source>/``,
    published as ``data_docs/`` together with the snapshot.
    """
    return [validation_check(source, data_docs) for source in SOURCES]
