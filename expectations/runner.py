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
location does) stays cheap.
"""

from __future__ import annotations

import copy
import dataclasses
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from expectations.catalog import check_specs, load_suite_dict
from expectations.data_docs import build_docs_for, write_docs_index
from expectations.failures import FailureCount, count_failures
from expectations.gx_session import GxSession
from expectations.warehouse_connection import connect
from warehouse.sources import SOURCES, Source

N_EXAMPLES = 5
# One GX run at a time in a process. GX's contexts, data sources and validators are not
# made to be used from two threads at once (``get_context`` also sets a process-wide current
# project), while the validation step works on two sources at a time
# (expectations/concurrent_validation.py): what those overlap is their DuckDB work.
_ONE_GX_RUN = threading.Lock()


@dataclass(frozen=True)
class ExpectationResult:
    """The outcome of one expectation on one staging table."""

    source: str
    expectation: str  # the readable check name (meta.check), e.g. "district_in_set"
    expectation_type: str
    column: str | None
    severity: str  # "blocking" | "warning"
    success: bool
    unexpected_count: int | None
    observed_value: str
    examples: list[str] = field(default_factory=list)
    # where the breaking rows are, per district and month (failed checks only; dq_failures)
    failures: list[FailureCount] = field(default_factory=list)

    @property
    def blocking_failure(self) -> bool:
        return not self.success and self.severity == "blocking"


def _table(source: Source) -> str:
    return f"stg_{source.name}"


def _is_personal(source: Source, column: str | None) -> bool:
    return column is not None and column in {c.name for c in source.personal}


def _fmt(value: Any) -> str:
    return "null" if value is None else str(value)


def row_text(source: Source, row: dict[str, Any]) -> str:
    """'call_id=C1 district=Ambala file=a.csv:12' with personal columns left out."""
    parts = []
    for key, value in row.items():
        if _is_personal(source, key):
            continue
        if key == "_file":
            parts.append(f"file={_fmt(value)}:{_fmt(row.get('_line'))}")
        elif key != "_line":
            parts.append(f"{key}={_fmt(value)}")
    return " ".join(parts)


def _query_examples(engine: Any, source: Source, sql: str) -> list[str]:
    """The first few rows of a rule-breaking query, read while the connection is open."""
    import sqlalchemy as sa

    with engine.connect() as con:
        rows = con.execute(sa.text(f"select * from ({sql}) as bad limit {N_EXAMPLES}")).mappings()
        return [row_text(source, dict(r)) for r in rows.fetchall()]


def _examples(engine: Any, source: Source, kwargs: dict[str, Any], result: dict) -> list[str]:
    column = kwargs.get("column")
    if "unexpected_rows_query" in kwargs:
        sql = kwargs["unexpected_rows_query"].replace("{batch}", _table(source))
        return _query_examples(engine, source, sql)
    if column is not None and "partial_unexpected_list" in result:
        values = result.get("partial_unexpected_list") or []
        if _is_personal(source, column) or all(v is None for v in values):
            # Nothing to show by value (nulls, or hashes never sampled): show which rows.
            key = source.column(source.key)
            ids = "" if key.kind == "pii" else f"{key.name}, "
            sql = f"select {ids}district, _file, _line from {_table(source)} where {column} is null"
            return _query_examples(engine, source, sql) if None in values else []
        return list(dict.fromkeys(_fmt(v) for v in values))[:N_EXAMPLES]
    return []


def _exception_message(info: Any) -> str | None:
    """GX reports errors either flat or keyed by metric: the first message, or None."""
    if not isinstance(info, dict):
        return None
    candidates = [info, *(v for v in info.values() if isinstance(v, dict))]
    for item in candidates:
        if item.get("raised_exception"):
            text = str(item.get("exception_message") or "error").strip()
            return (text.splitlines() or ["error"])[0][:300]
    return None


def _to_result(
    engine: Any, source: Source, spec_by_name: dict, gx_result: Any, verdict_only: bool = False
) -> ExpectationResult:
    config = gx_result.expectation_config
    name = config.meta["check"]
    spec = spec_by_name[name]
    result = gx_result.result or {}
    message = _exception_message(gx_result.exception_info)
    if message is not None:
        return ExpectationResult(
            source.name,
            name,
            spec.type,
            spec.column,
            spec.severity,
            False,
            None,
            f"error: {message}",
        )
    if verdict_only:  # GX counted nothing beyond the verdict (result_format BOOLEAN_ONLY)
        success = bool(gx_result.success)
        verdict = "passed" if success else "failed"
        return ExpectationResult(
            source.name, name, spec.type, spec.column, spec.severity, success, None, verdict
        )
    if "unexpected_rows_query" in config.kwargs:
        count = int(result.get("observed_value") or 0)
        observed = f"{count} rows"
    else:
        count = int(result.get("unexpected_count") or 0)
        total = result.get("element_count")
        observed = f"{count} of {total} rows unexpected"
    examples = [] if gx_result.success else _examples(engine, source, config.kwargs, result)
    return ExpectationResult(
        source.name,
        name,
        spec.type,
        spec.column,
        spec.severity,
        bool(gx_result.success),
        count,
        observed,
        examples,
    )


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
            asset = datasource.add_table_asset(name=name, table_name=_table(source))
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
            [_to_result(engine, source, specs, r, batch.verdict_only) for r in run.results]
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
