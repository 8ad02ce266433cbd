"""Run the reviewed GX suites against the DuckDB warehouse, inside DuckDB.

One ephemeral GX context per call (or per step, expectations/gx_session.py), one SQL data
source on ``duckdb:///<warehouse>``, one table or query asset per batch. Every expectation is
computed by SQL in DuckDB (no table is read into pandas). Results come back as
:class:`ExpectationResult` rows, ready for ``dq_results`` and for Dagster; they never carry
personal data: columns of kind "pii" are never sampled, and examples of rule-breaking rows
name ids, districts, files and lines.

Every connection is released before a call returns (both SQLAlchemy engines disposed), because
the pipeline copies the DuckDB file right after validation and DuckDB admits one writer
process. Great Expectations is imported lazily, so importing this module (as the Dagster code
location does) stays cheap. The result rows are expectation_results.py's, their examples
failure_examples.py's.
"""

from __future__ import annotations

import copy
import dataclasses
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from expectations.catalog import check_specs, load_suite_dict
from expectations.data_docs import build_docs_for, write_docs_index
from expectations.expectation_results import ExpectationResult, to_result
from expectations.failure_examples import N_EXAMPLES, staging_table
from expectations.failures import count_failures
from expectations.gx_session import GxSession
from expectations.warehouse_connection import connect
from warehouse.sources import SOURCES

# One GX run at a time in a process. GX's contexts, data sources and validators are not
# made to be used from two threads at once (``get_context`` also sets a process-wide current
# project), while the validation step works on two sources at a time
# (expectations/concurrent_validation.py): what those overlap is their DuckDB work.
_ONE_GX_RUN = threading.Lock()


@dataclass(frozen=True)
class Batch:
    """What one suite run looks at: a source's whole staging table, or the rows a query picks.

    ``checks`` limits the run to some of the suite's expectations (None: all of them);
    ``query`` is a ``select`` over the warehouse (None: the whole stg_ table), named ``label``.
    ``verdict_only``: only whether each expectation passed is wanted (the incremental run's
    changed rows, whose counts and examples are taken from the whole table when a check
    fails): GX then counts nothing more (BOOLEAN_ONLY), and the results carry no count,
    example or failure places. A day's ten suites ran in 1.0 s this way, 1.4-1.6 s with SUMMARY.
    """

    source: str
    checks: frozenset[str] | None = None
    query: str | None = None
    label: str = "whole_table"
    verdict_only: bool = False


def validate_sources(
    warehouse: str | Path,
    sources: Iterable[str] | None = None,
    data_docs_dir: str | Path | None = None,
) -> dict[str, list[ExpectationResult]]:
    """Run the suites of ``sources`` (default: all of them) on the warehouse's stg_ tables.

    ``data_docs_dir``, when given, receives GX Data Docs: one site per source in
    ``<dir>/<source>/`` and an ``index.html`` linking them. Raises when a staging table is
    missing or the warehouse cannot be opened; an expectation that errors is reported as a
    failed result with ``observed_value`` "error: …". Releases every connection before returning.
    """
    names: Sequence[str] = list(sources) if sources is not None else list(SOURCES)
    results = validate_batches(warehouse, [Batch(name) for name in names], data_docs_dir)
    return dict(zip(names, results, strict=True))


def validate_batches(
    warehouse: str | Path,
    batches: Sequence[Batch],
    data_docs_dir: str | Path | None = None,
    session: GxSession | None = None,
) -> list[list[ExpectationResult]]:
    """Run each batch's part of its source's suite in one GX context; results per batch.

    Failed whole-table results carry where their rows are (dq_failures); results of a query
    batch describe only its rows, so they carry none. Data Docs (see validate_sources) show
    each source's first batch. ``session``: the GX context to run in, left open for the
    caller's next batches (expectations/gx_session.py); by default one of this call's own,
    released before it returns. Calls from several threads run one after another.
    """
    path = Path(warehouse).resolve()
    if data_docs_dir is not None:  # GX's docs store refuses a relative directory
        data_docs_dir = Path(data_docs_dir).resolve()
    if not path.exists():
        raise FileNotFoundError(f"no warehouse at {path}")
    own = session is None
    with _ONE_GX_RUN:
        session = GxSession(path) if session is None else session
        try:
            return _run_batches(session, batches, data_docs_dir)
        finally:
            if own:
                session.close()


def _run_batches(
    session: GxSession, batches: Sequence[Batch], data_docs_dir: Path | None
) -> list[list[ExpectationResult]]:
    # the session's context first: it imports GX with its unused modules deferred
    context, datasource, path = session.context, session.datasource, session.path
    from great_expectations import ValidationDefinition
    from great_expectations.core import ExpectationSuite

    from expectations import gx_duckdb_fix

    gx_duckdb_fix.apply()
    results: list[list[ExpectationResult]] = []
    suites: list[dict] = []
    engine = datasource.get_engine()
    for batch in batches:
        source = SOURCES[batch.source]
        name = session.asset_name(batch.source, batch.label)
        if batch.query is None:
            asset = datasource.add_table_asset(name=name, table_name=staging_table(source))
        else:
            asset = datasource.add_query_asset(name=name, query=batch.query)
        definition = asset.add_batch_definition_whole_table(batch.label)
        suite_dict = load_suite_dict(batch.source)  # GX may change what it is given: a copy
        if batch.checks is not None:
            suite_dict["expectations"] = [
                e for e in suite_dict["expectations"] if e["meta"]["check"] in batch.checks
            ]
        suite_dict["name"] = name
        suites.append(suite_dict)
        suite = ExpectationSuite(**copy.deepcopy(suite_dict))
        result_format = {
            "result_format": "BOOLEAN_ONLY" if batch.verdict_only else "SUMMARY",
            "partial_unexpected_count": N_EXAMPLES,
        }
        if data_docs_dir is None:  # no docs to build: nothing need go into GX's stores
            run = definition.get_batch().validate(suite, result_format=result_format)
        else:
            validation = context.validation_definitions.add(
                ValidationDefinition(name=name, data=definition, suite=context.suites.add(suite))
            )
            run = validation.run(result_format=result_format)
        specs = {s.name: s for s in check_specs(batch.source)}
        results.append(
            [to_result(engine, source, specs, r, batch.verdict_only) for r in run.results]
        )
    if data_docs_dir is not None:
        for name in dict.fromkeys(b.source for b in batches):
            build_docs_for(context, name, Path(data_docs_dir) / name)
        write_docs_index(Path(data_docs_dir))
    return [
        _with_failures(path, batch.source, rows, suite)
        if batch.query is None and not batch.verdict_only
        else rows
        for batch, rows, suite in zip(batches, results, suites, strict=True)
    ]


def _with_failures(
    path: Path, source: str, results: list[ExpectationResult], suite: dict
) -> list[ExpectationResult]:
    """Each failed result with its rows counted per district and month (expectations.failures).

    Runs on a plain DuckDB connection once GX has released its engines, and closes it.
    """
    if all(r.success for r in results):
        return results
    by_check = {e["meta"]["check"]: e for e in suite["expectations"]}
    con = connect(path)
    try:
        return [
            r
            if r.success
            else dataclasses.replace(
                r,
                failures=count_failures(
                    con, SOURCES[source], by_check[r.expectation], r.unexpected_count
                ),
            )
            for r in results
        ]
    finally:
        con.close()


def validate_source(
    warehouse: str | Path, source: str, data_docs_dir: str | Path | None = None
) -> list[ExpectationResult]:
    """Run one source's suite; see :func:`validate_sources`."""
    return validate_sources(warehouse, [source], data_docs_dir)[source]
