"""Validate a step's sources two at a time, handing back each outcome in the sources' order.

A source's validation is part DuckDB (its staged files and inputs key, the batch of changed
rows, the volume rule's counts, recording the results and state) and part GX, whose work
is Python. One source at a time, the two alternated on one core. Two at a time, one
source's DuckDB work runs while the other's GX run holds Python; GX runs themselves still
go one at a time (expectations/runner.py), since GX is not made to be used from two
threads at once. Sources share no rows: each writes its own rows of ``dq_results``,
``dq_failures`` and the validation state. Those tables are made before the sources start:
DuckDB refuses two transactions that create one table at once ("Catalog write-write
conflict"), even both ``if not exists``, as on a new warehouse's first run.

The caller reads the outcomes in the order it gave the sources, as soon as each is ready, so
its log and its check results read as they did with one source at a time.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from expectations import validation as one_source
from expectations.gx_session import GxSession
from expectations.validation import Validation
from expectations.validation_state import create_state_tables
from expectations.warehouse_connection import connect
from warehouse.schema import create_dq_results

WORKERS = 2  # the machine's two cores: one in DuckDB, one in GX's Python


@dataclass(frozen=True)
class SourceOutcome:
    """One source's validation, or the error that stopped it (with its trace), and the
    seconds it took."""

    source: str
    validation: Validation | None
    error: BaseException | None = None
    trace: str = ""
    seconds: float = 0.0


def _validate(
    warehouse: Path,
    source: str,
    run_id: str,
    data_docs_dir: Path | None,
    session: GxSession | None,
) -> SourceOutcome:
    started = time.perf_counter()
    try:
        # looked up when called, so that a wrapper put in its place (timing, tests) is used
        validation = one_source.validate_or_carry_over(
            warehouse, source, run_id, data_docs_dir=data_docs_dir, session=session
        )
    except Exception as exc:  # the caller reports it; the other sources are still validated
        seconds = time.perf_counter() - started
        return SourceOutcome(source, None, exc, traceback.format_exc(), seconds)
    return SourceOutcome(source, validation, seconds=time.perf_counter() - started)


def validate_each(
    warehouse: str | Path,
    sources: Sequence[str],
    run_id: str,
    data_docs_dir: str | Path | None = None,
    session: GxSession | None = None,
) -> Iterator[SourceOutcome]:
    """``validate_or_carry_over`` for each source, WORKERS at a time; outcomes in order.

    A source that raises does not stop the others: its outcome carries the error. Closing
    the iterator early cancels the sources not yet started and waits for those running.
    """
    path = Path(warehouse)
    docs = Path(data_docs_dir) if data_docs_dir is not None else None
    con = connect(path)
    try:  # before any source, so that no two transactions make one table (module docstring)
        create_dq_results(con)
        create_state_tables(con)
    finally:
        con.close()
    pool = ThreadPoolExecutor(WORKERS, thread_name_prefix="validate")
    try:
        futures: list[Future[SourceOutcome]] = [
            pool.submit(_validate, path, source, run_id, docs, session) for source in sources
        ]
        for future in futures:
            yield future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
