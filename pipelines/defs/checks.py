"""Asset checks on the stg_<source> assets: one GX suite per source, run once, reported as
one check per severity: ``blocking_expectations`` (a failure stops publication) and
``warning_expectations`` (reported and recorded only).

Each check's metadata names every expectation behind it -- a table of all of them with their
unexpected rows and examples, and the failed ones as JSON, which `jansewa refresh` and the
failure notices read through ``failed_expectations`` below. The history
of each expectation is in ``dq_results`` (and its rows in ``dq_failures``) under the Dagster
run id, which the dashboard's data-quality page shows.

Why not one check per expectation: each Dagster check writes three events to the run's event
log (planned, evaluated, output), and the 174 expectations were 522 of a day's 888 events.
An event costs about 1.6 ms in memory, but 7-10 ms in the SQLite storage the service runs
with and 14-17 ms in PostgreSQL (measured here), so the per-expectation checks cost the
service's daily refresh 4-8 s of bookkeeping, more than validating the day's rows took.

While the step runs, each source's line goes to the progress stream (`jansewa refresh`'s
terminal) as it finishes: its checks passed or failed, over which rows, in how long, and
the sources done and left; the same lines go to Dagster's log, those within a second of
each other as one event (pipelines.progress.StepLog).

Thin on purpose: the suites live in ``expectations/suites/``, the runner in
``expectations/runner.py``, the carry-over in ``expectations/validation.py`` (a source's last
results stand when the suite, reference files, code and staged data they were computed from
are unchanged), the validation of what changed in ``expectations/incremental.py``.
"""

import time
from collections.abc import Iterator

import dagster as dg

from expectations.catalog import SEVERITIES, check_specs
from pipelines.defs.layer_step import LayerFailed, error_line, failure_line
from pipelines.defs.resources import WarehouseResource
from pipelines.progress import StepLog
from warehouse.sources import SOURCES

# Data Docs are built beside the warehouse into a pending folder; the publish step swaps it
# in as `data_docs/` with the snapshot, so the docs readers see always describe the data
# they see (a blocked run leaves the last published docs in place).
DATA_DOCS_PENDING = "data_docs.pending"
# The one step that validates every source's staging table.
VALIDATION_STEP = "validate_stg_sources"


# How each source's results were reached, in its progress line.
_MODE_TEXT = {
    "carried over": "nothing it reads changed: results carried over",
    "incremental": "rows staged since the last validation",
    "whole table": "whole table",
}
_SEVERITY = {"blocking": dg.AssetCheckSeverity.ERROR, "warning": dg.AssetCheckSeverity.WARN}


def check_name(severity: str) -> str:
    """The check that reports a suite's expectations of one severity."""
    return f"{severity}_expectations"


def _md_cell(value) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _results_table(results) -> str:
    """Every expectation of the check, failed first: a Markdown table for Dagster's UI."""
    lines = ["| expectation | passed | unexpected rows | examples |", "|---|---|---|---|"]
    for r in sorted(results, key=lambda r: (r.success, r.expectation)):
        examples = ", ".join(map(str, r.examples[:5]))
        unexpected = "" if r.unexpected_count is None else r.unexpected_count
        lines.append(
            f"| {_md_cell(r.expectation)} | {'yes' if r.success else '**no**'} | "
            f"{unexpected} | {_md_cell(examples)} |"
        )
    return "\n".join(lines)


def _failed(results) -> list[dict]:
    return [
        {
            "expectation": r.expectation,
            "unexpected_count": r.unexpected_count,
            "observed_value": r.observed_value,
            "examples": list(r.examples),
            "districts": sorted({f.district for f in r.failures if f.district}),
        }
        for r in results
        if not r.success
    ]


def failed_expectations(evaluation) -> list[tuple[str, int | None]]:
    """(expectation, unexpected rows) of each failed expectation a check evaluation reports
    (rows None when the rule counts none); [] when it passed."""
    entry = evaluation.metadata.get("failed_expectations")
    value = getattr(entry, "value", entry)
    out = []
    for rule in value if isinstance(value, list) else []:
        rows = rule.get("unexpected_count")
        out.append((rule["expectation"], int(rows) if isinstance(rows, int | float) else None))
    return out


def _check_specs(source: str) -> list[dg.AssetCheckSpec]:
    """One check per severity the source's suite has, each naming its expectations."""
    specs = check_specs(source)
    return [
        dg.AssetCheckSpec(
            name=check_name(severity),
            asset=dg.AssetKey(f"stg_{source}"),
            blocking=severity == "blocking",
            description=f"[{severity}] the {severity} expectations of "
            f"expectations/suites/{source}.json: "
            + "; ".join(s.name for s in specs if s.severity == severity),
            metadata={"severity": severity},
        )
        for severity in SEVERITIES
        if any(spec.severity == severity for spec in specs)
    ]


def progress_line(outcome, done: int, total: int, elapsed: float) -> str:
    """The progress stream's line for one source's validation: its checks passed or failed,
    how, in how long, and what is left of the step (``done`` of ``total`` sources after
    ``elapsed`` seconds)."""
    if outcome.validation is None:
        what = f"not validated ({error_line(outcome.error)})"
    else:
        results = outcome.validation.results
        failed = [r for r in results if not r.success]
        blocking = sum(r.severity == "blocking" for r in failed)
        what = f"{len(results)} checks passed"
        if failed:
            what = f"{len(failed)} of {len(results)} checks failed, " + (
                f"{blocking} of them blocking" if blocking else "none blocking"
            )
        what += f" ({_MODE_TEXT[outcome.validation.mode]}; {outcome.seconds:.1f} s)"
    left = f", {total - done} left" if done < total else ""
    return (
        f"validate stg_{outcome.source}: {what}; "
        f"{done} of {total} sources done after {elapsed:.0f} s{left}"
    )


def _check_results(source: str, outcome) -> Iterator[dg.AssetCheckResult]:
    """The source's results, one per severity, as the check specs above name them."""
    for spec in _check_specs(source):
        severity = spec.metadata["severity"]
        results = [r for r in outcome.results if r.severity == severity]
        failed = _failed(results)
        yield dg.AssetCheckResult(
            asset_key=spec.asset_key,
            check_name=spec.name,
            passed=not failed,
            severity=_SEVERITY[severity],
            metadata={
                "expectations": len(results),
                "failed": len(failed),
                "failed_expectations": dg.MetadataValue.json(failed),
                "results": dg.MetadataValue.md(_results_table(results)),
                "severity": severity,
                "carried_over": outcome.carried_over,
                "validated": outcome.mode,
            },
        )


def validation_check(
    sources: list[str], data_docs: bool = True, name: str = VALIDATION_STEP
) -> dg.AssetChecksDefinition:
    """The checks of ``sources`` in one step: each source's suite run once, one result per
    severity it has.

    The sources' runs over their changed rows share one GX context (expectations/gx_session.py).
    Two sources are validated at a time (expectations/concurrent_validation.py).
    One step, not one per source, for the reason the raw and staging layers are one step
    each (pipelines/defs/layer_step.py); the warehouse is held open across the sources, so
    the validation's connections, GX's included, join it instead of opening the file. A
    source whose validation raises does not stop the others; the step then fails, naming it.
    """

    @dg.multi_asset_check(
        name=name,
        specs=[spec for source in sources for spec in _check_specs(source)],
        can_subset=True,
        description="Great Expectations suites expectations/suites/<source>.json",
    )
    def _validate(
        context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource
    ) -> Iterator[dg.AssetCheckResult]:
        from expectations.concurrent_validation import validate_each
        from expectations.gx_session import gx_session
        from expectations.warehouse_connection import held_open

        docs = warehouse.warehouse_path.parent / DATA_DOCS_PENDING if data_docs else None
        selected = {key.asset_key.to_user_string() for key in context.selected_asset_check_keys}
        chosen = [s for s in sources if f"stg_{s}" in selected]
        failures = []
        path = warehouse.warehouse_path
        lines, started = StepLog(context), time.monotonic()
        try:
            with held_open(path), gx_session(path) as session:
                outcomes = validate_each(path, chosen, context.run.run_id, docs, session)
                for done, outcome in enumerate(outcomes, start=1):
                    source = outcome.source
                    lines.say(progress_line(outcome, done, len(chosen), time.monotonic() - started))
                    if outcome.validation is None:  # the others are still validated; fails below
                        lines.flush()
                        context.log.error(f"stg_{source} not validated:\n{outcome.trace}")
                        failures.append(failure_line(f"stg_{source}", outcome.error))
                        continue
                    yield from _check_results(source, outcome.validation)
        finally:
            lines.flush()
        if failures:
            raise LayerFailed("; ".join(failures))

    return _validate


def build_validation_checks(
    data_docs: bool = True, sources: list[str] | None = None
) -> list[dg.AssetChecksDefinition]:
    """The checks of every source (or of ``sources``), on asset keys ``stg_<source>``.

    ``data_docs`` also writes GX Data Docs to ``<warehouse dir>/data_docs.pending/<source>/``,
    published as ``data_docs/`` together with the snapshot.
    """
    return [validation_check(list(sources or SOURCES), data_docs)]
