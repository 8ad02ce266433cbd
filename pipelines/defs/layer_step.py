"""One Dagster step for a whole layer (raw, staging): every selected source, two at a time.

A day of exports is about ten small files, one per source. As one step per source, a day's
raw and staging were twenty steps, each opening the warehouse (about 20 ms for its catalogue)
and checkpointing it on close, and each costing Dagster its events: measured on the
state-year warehouse, the same day's raw and staging took 0.8 s less with one connection per
layer than with one per source, before Dagster's own saving. The sources still are
assets of their own: each gets its materialisation as soon as it is done.

Two sources are worked on at once (WORKERS, the machine's two cores), each on a cursor of
the layer's connection, heaviest first. One source at a time kept 1.45-1.5 of the two cores
busy: small files, Excel sheets and each file's bookkeeping leave a core idle that Polars and
DuckDB fill inside a big file. In a full refresh of the state-year exports, raw took 43.7 s
against 51.9 s and staging 49.6 s against 57.4 s, every table the same but for load times
and run ids; the process peaked at 1,682 MiB against 1,441 (in raw: two big files at once).
Sources share no rows: each writes its own tables, and its own rows of the shared ones
(manifest, audit, quarantine, raw_files, mart_changes), which ``setup`` creates first.

Only the step's own thread speaks to Dagster: the workers hand their progress lines and
results over a queue, and the step logs them (several lines to one of Dagster's events:
pipelines.progress.StepLog) and yields each source's materialisation as it finishes;
after each source it also logs what is left of the step (sources done, in progress,
waiting, and the seconds left, estimated from the work done so far, file by file:
pipelines.progress.layer_time_left), since two sources' lines interleave. A source whose
work raises does not stop the others: its cursor is closed (whatever the failure left of
its transaction goes with it), and the step fails at the end with one line naming every
failed source (the traces are in the run's log), so nothing downstream of the layer runs on
a half-loaded warehouse. A step stopped midway (run terminated, Ctrl-C) interrupts the
workers' queries, and each stops at its next progress line.
"""

from __future__ import annotations

import queue
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import dagster as dg
import duckdb

from pipelines.defs.resources import WarehouseResource
from pipelines.progress import SourceReport, StepLog, layer_time_left
from warehouse.sources import SOURCES, Source

# work(cursor, source, log): the source's materialisation; ``log`` takes its progress lines
# (a pipelines.progress.SourceReport, whose ``advance`` a FileMeter tells of each file done)
SourceWork = Callable[
    [duckdb.DuckDBPyConnection, Source, Callable[[str], None]], dg.MaterializeResult
]
WORKERS = 2


class LayerFailed(Exception):
    """Some sources of a layer failed; ``str()`` names each one and why, on one line."""


class LayerStopped(Exception):
    """Raised in a worker at its next progress line once the step is being stopped."""


def error_line(exc: BaseException) -> str:
    """The first line of an error's message (its type's name when it has none)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def failure_line(name: str, exc: BaseException) -> str:
    """``name: <the first line of the error>``: what a failed source adds to LayerFailed."""
    return f"{name}: {error_line(exc)}"


def source_specs(
    prefix: str, group_name: str, describe: Callable[[Source], str], upstream: str | None = None
) -> list[dg.AssetSpec]:
    """One asset per source, ``<prefix>_<source>``, each depending on ``<upstream>_<source>``;
    skippable, since a source that fails is not materialised while the others are."""
    return [
        dg.AssetSpec(
            f"{prefix}_{source.name}",
            group_name=group_name,
            deps=[dg.AssetKey(f"{upstream}_{source.name}")] if upstream else None,
            description=describe(source),
            kinds={"duckdb", "polars"},
            skippable=True,
        )
        for source in SOURCES.values()
    ]


def selected_sources(context: dg.AssetExecutionContext, prefix: str) -> list[Source]:
    """The sources whose ``<prefix>_<source>`` asset the run selected, in contract order."""
    keys = {key.to_user_string() for key in context.selected_asset_keys}
    return [source for source in SOURCES.values() if f"{prefix}_{source.name}" in keys]


def materialize_each_source(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    prefix: str,
    work: SourceWork,
    setup: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
    weigh: Callable[[duckdb.DuckDBPyConnection, Source], int] | None = None,
) -> Iterator[dg.MaterializeResult]:
    """Run ``work`` for every selected source, WORKERS at a time, yielding each source's
    materialisation as it finishes. ``setup`` runs first, once, on the layer's connection;
    ``weigh`` (its work to come, in any unit) orders the sources heaviest first."""
    sources = selected_sources(context, prefix)
    if not sources:
        return
    with warehouse.connect() as con:
        if setup is not None:
            setup(con)
        weights = None
        if weigh is not None:
            weights = {source.name: weigh(con, source) for source in sources}
            sources.sort(key=lambda source: -weights[source.name])
        failures = yield from _run_sources(context, con, prefix, sources, work, weights)
    if failures:
        raise LayerFailed("; ".join(failures))


def _run_sources(
    context: dg.AssetExecutionContext,
    con: duckdb.DuckDBPyConnection,
    prefix: str,
    sources: list[Source],
    work: SourceWork,
    weights: dict[str, int] | None = None,
) -> Iterator[dg.MaterializeResult]:
    """The workers' results as they come (see the module docstring); returns the failures.
    ``weights`` (each source's work to come) let the step's lines estimate the time left."""
    events: queue.Queue = queue.Queue()
    stopping = threading.Event()
    cursors: dict[str, duckdb.DuckDBPyConnection] = {}
    lock = threading.Lock()

    def log(line: str) -> None:
        if stopping.is_set():
            raise LayerStopped("the step is being stopped")
        events.put(("log", line))

    def advance(name: str, units: int) -> None:
        events.put(("advance", name, units))

    def run(source: Source) -> None:
        try:
            if stopping.is_set():
                raise LayerStopped("the step is being stopped")
            with lock:
                cursor = cursors[source.name] = con.cursor()
            events.put(("start", source))
            report = SourceReport(log, lambda units: advance(source.name, units))
            try:
                events.put(("done", source, work(cursor, source, report)))
            finally:
                with lock:
                    cursors.pop(source.name).close()
        except BaseException as exc:  # reported by the step's thread, with its trace
            events.put(("failed", source, exc, traceback.format_exc()))

    failures: list[str] = []
    lines = StepLog(context)
    finished, started = 0, time.monotonic()
    running: dict[str, float] = {}  # started (and when), as the queue has told this thread
    done: dict[str, tuple[int, float]] = {}  # a running source's work done in files, and when
    took: dict[str, float] = {}  # seconds each finished source took
    ended: set[str] = set()  # finished or failed
    pool = ThreadPoolExecutor(WORKERS, thread_name_prefix=f"{prefix}-layer")
    try:
        for source in sources:
            pool.submit(run, source)
        for _ in sources:
            kind, *rest = lines.next_from(events)
            while kind in ("log", "start", "advance"):
                if kind == "log":
                    lines.say(rest[0])
                elif kind == "advance":
                    units = done.get(rest[0], (0, 0.0))[0] + rest[1]
                    done[rest[0]] = (units, time.monotonic())
                else:
                    running[rest[0].name] = time.monotonic()
                kind, *rest = lines.next_from(events)
            source = rest[0]
            finished += 1
            if source.name in running:  # not when it failed before it started
                took[source.name] = time.monotonic() - running.pop(source.name)
            if kind == "done":
                yield rest[1]
            else:
                exc, trace = rest[1], rest[2]
                lines.flush()
                context.log.error(f"{prefix}_{source.name} failed:\n{trace}")
                failures.append(failure_line(f"{prefix}_{source.name}", exc))
            ended.add(source.name)
            left = _time_left(sources, weights, ended, running, done, took)
            lines.say(_layer_progress(prefix, finished, len(sources), list(running), started, left))
    finally:
        lines.flush()
        stopping.set()
        with lock:
            for cursor in cursors.values():
                cursor.interrupt()
        pool.shutdown(wait=True, cancel_futures=True)
    return failures


def _time_left(
    sources: list[Source],
    weights: dict[str, int] | None,
    ended: set[str],
    running: dict[str, float],
    done: dict[str, tuple[int, float]],
    took: dict[str, float],
) -> float | None:
    """The step's seconds left (pipelines.progress.layer_time_left), None without weights."""
    if weights is None:
        return None
    now = time.monotonic()
    ran = {}
    for name, since in running.items():
        units, at = done.get(name, (0, since))
        ran[name] = (now - since, units, at - since)
    waiting = [s.name for s in sources if s.name not in ended and s.name not in ran]
    return layer_time_left(weights, took, ran, waiting, WORKERS)


def _layer_progress(
    prefix: str,
    finished: int,
    total: int,
    running: list[str],
    started: float,
    left: float | None = None,
) -> str:
    """The step's own line after each source: 'raw: 3 of 10 sources done after 12 s; in
    progress: service_transactions, helpline_calls; 5 waiting; about 20 s left' -- with two
    sources at once, each source's lines tell its own files, and this one what is left of
    the step (``left``: seconds, estimated by pipelines.progress.layer_time_left; said once
    it is a second or more)."""
    line = f"{prefix}: {finished} of {total} sources done after {time.monotonic() - started:.0f} s"
    if running:
        line += f"; in progress: {', '.join(running)}"
    waiting = total - finished - len(running)
    if waiting > 0:
        line += f"; {waiting} waiting"
    if left is not None and left >= 1 and finished < total:
        line += f"; about {left:.0f} s left"
    return line
