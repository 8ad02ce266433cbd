"""Build the KPI marts: the SQL models of warehouse/models/, in dependency order.

Each model is one file holding one `select` (the file name is the table name). The
intermediate models (models/intermediate/int_*.sql) hold the per-record flags and durations,
each business rule written once; the marts (models/marts/kpi_*.sql) only count and sum
them, and the case lists (models/marts/case_*.sql) list the records they flag.
`build_steps` first loads the reference tables the SQL reads
(warehouse/reference_tables.py), then replaces each model in its own transaction, so a
failing model leaves the previous version of its table in place, and reports every table as
it is built; two models are built at a time where neither reads the other
(warehouse/build_schedule.py). `build_marts` (the tests, `jansewa refresh`) and the Dagster
marts asset both run it, so production and tests take one code path. Values reach SQL as
parameters, never by string building.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import duckdb

from warehouse.build_schedule import build_in_dependency_order, prerequisites
from warehouse.erlang import register_sql_functions
from warehouse.mart_changes import finish_build
from warehouse.model_files import (  # noqa: F401  (re-exported: the build's public names)
    INTERMEDIATE_DIR,
    INTERMEDIATE_MODELS,
    MART_MODELS,
    MARTS_DIR,
    MODELS,
    MODELS_DIR,
    READER_VIEWS,
    model_sql,
)
from warehouse.model_graph import reference_read
from warehouse.partitioned_build import PARTITIONED, PERIOD_PARTITIONED, PartitionPlan
from warehouse.reference_tables import (
    KPI_TARGETS,
    SCORECARD_WEIGHTS,
    load_reference_tables,
)
from warehouse.snapshot import is_reader_table
from warehouse.snapshot_changes import note_change
from warehouse.sql_macros import register_macros

# Views, not tables. Measured on the demo warehouse (12k counter transactions, 47k passes,
# 294k rows in all; median of three rebuilds on 2 cores): tables cost 1.2 s to write and
# the marts then took 4.9 s, 6.5 s in all; as views the intermediates cost 0.2 s (their row
# count) and the marts, which recompute the flags they read, 5.3 s, 5.8 s in all, and the
# warehouse (so the snapshot copied to readers) is 6 MB smaller. Switching to "table" needs
# no migration: build_model drops the other kind first.
INTERMEDIATE_MATERIALIZATION = "view"
# Intermediates kept as tables all the same: what a partitioned rebuild keeps and adds to
# (warehouse/partitioned_build.py). int_record_durations spares kpi_medians deriving every
# record's duration again each build; int_staged_days spares the freshness and data-quality
# marts a scan of every staged record. int_relief_beneficiaries_paid, built whole, spares its
# three readers (relief's daily facts, its case list and its median days to first payment)
# joining every beneficiary to every payment again.
STORED_INTERMEDIATES = frozenset(
    {"int_record_durations", "int_staged_days", "int_relief_beneficiaries_paid"}
)


def _check_weights_are_scorable(con: duckdb.DuckDBPyConnection, weights: Path) -> None:
    """Every weighted KPI must be a ratio KPI of the catalogue (not a count or a median)."""
    bad = con.execute(
        "select kpi from ref_scorecard_weights where kpi not in "
        "(select kpi from kpi_catalog where kind in ('rate', 'score', 'mean')) order by kpi"
    ).fetchall()
    if bad:
        names = ", ".join(row[0] for row in bad)
        raise ValueError(f"{weights.name}: not a rate KPI of kpi_catalog: {names}")


# The statistics SQL does not do well, in Python, run right after the model they read
# (warehouse/rank_ranges.py, warehouse/uncertainty.py, warehouse/sensitivity.py):
#   kpi_scorecard -> kpi_scorecard_rank_ranges (bootstrap), kpi_scorecard_sensitivity and
#                    kpi_scorecard_kendall (three weightings)
#   kpi_eoffice_offices -> its electronic share's ci_low / ci_high (Wilson intervals)
STATISTICS: dict[str, tuple[str, ...]] = {
    "kpi_scorecard": (
        "warehouse.rank_ranges:build_rank_ranges",
        "warehouse.sensitivity:build_sensitivity",
    ),
    "kpi_eoffice_offices": ("warehouse.uncertainty:add_eoffice_office_intervals",),
}
STATISTICS_TABLES = (
    "kpi_scorecard_rank_ranges",
    "kpi_scorecard_sensitivity",
    "kpi_scorecard_kendall",
)
# The model after which each statistics table is written (Wilson intervals fill columns of
# kpi_eoffice_offices itself and write no table of their own; kpi_values, a view, works out
# its own).
STATISTICS_TABLES_AFTER: dict[str, tuple[str, ...]] = {"kpi_scorecard": STATISTICS_TABLES}


def _statistics_after(model: str) -> list:
    import importlib

    runs = []
    for target in STATISTICS.get(model, ()):
        module, function = target.split(":")
        runs.append(getattr(importlib.import_module(module), function))
    return runs


def _materialization(name: str) -> tuple[str, str]:
    """(kind to create, kind to drop first) of a model: intermediates may be views."""
    if name in READER_VIEWS:
        kind = "view"
    elif name in INTERMEDIATE_MODELS and name not in STORED_INTERMEDIATES:
        kind = INTERMEDIATE_MATERIALIZATION
    else:
        kind = "table"
    return kind, ("table" if kind == "view" else "view")


def _existing_kind(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    row = con.execute(
        "select table_type from information_schema.tables "
        "where table_schema = current_schema() and table_name = ?",
        [name],
    ).fetchone()
    if row is None:
        return None
    return "view" if row[0] == "VIEW" else "table"


def build_model(con: duckdb.DuckDBPyConnection, name: str) -> int:
    """Create or replace one model in its own transaction; returns its row count.

    Then runs the statistics that depend on that model (STATISTICS), each writing its own
    tables in its own transaction. A model that changed kind (an intermediate switched
    between table and view) has its old object dropped in the same transaction.
    """
    sql = model_sql(name)  # also validates the name, which is then safe as an identifier
    register_sql_functions(con)  # a caller may build one model on a connection of its own
    register_macros(con)
    kind, other = _materialization(name)
    con.begin()
    try:
        if _existing_kind(con, name) == other:
            con.execute(f"drop {other} {name}")
        con.execute(f"create or replace {kind} {name} as\n{sql}")
        rows = con.execute(f"select count(*) from {name}").fetchone()[0]
        con.commit()
    except Exception:
        con.rollback()
        raise
    for run in _statistics_after(name):
        run(con)
    return int(rows)


def _note_whole_tables(con: duckdb.DuckDBPyConnection, plan: PartitionPlan) -> None:
    """Before the build: note every reader table it writes whole (the marts not partitioned,
    or all of them in a full build, and the statistics tables) as one the reader snapshot
    must take again (warehouse/snapshot_changes.py), in one transaction: on the state-year
    warehouse these notes took 0.05 s, where a note and its commit before each model took
    0.3 s in all (the two worker connections taking turns). A build that fails after the
    notes leaves notes of tables it did not rewrite: they cost the next publication a copy
    of those tables, nothing more. Views hold no rows, and pipeline-only tables (int_*) no
    reader sees."""
    tables = [
        table
        for name in MODELS
        if name not in READER_VIEWS and is_reader_table(name)
        if plan.full or name not in PARTITIONED
        for table in (name, *STATISTICS_TABLES_AFTER.get(name, ()))
    ]
    con.begin()
    try:
        for table in tables:
            note_change(con, table, None)
        con.commit()
    except Exception:
        con.rollback()
        raise


def _note_partitions(con: duckdb.DuckDBPyConnection, plan: PartitionPlan, name: str) -> None:
    """Before a partitioned mart is rebuilt: note its first rebuilt day, if any (it changes
    from that day on, or not at all); known only once the marts it reads are built."""
    if plan.full or name not in PARTITIONED or not is_reader_table(name):
        return
    first = plan.rebuild_from(name, con)
    if first is not None:
        with plan.lock:
            note_change(con, name, first)


class Built(NamedTuple):
    """One table `build_steps` has just built: its name, row count and build seconds.

    ``seconds`` is None for the statistics tables, whose time is counted in the model they
    follow (they are written by the statistics run right after it). ``rebuilt`` says what
    a partitioned mart rebuilt ("from 2020-05-28", "unchanged"); None when built whole.
    """

    table: str
    rows: int
    seconds: float | None
    rebuilt: str | None = None


def build_steps(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date | None = None,
    weights: Path = SCORECARD_WEIGHTS,
    targets: Path = KPI_TARGETS,
    incremental: bool = False,
) -> Iterator[Built]:
    """Load the reference tables, then build every model, yielding each table as it is built.

    Models are built two at a time, each once the models it reads are built
    (warehouse/build_schedule.py), so tables come in the order they finish, which a build
    one model at a time would give as MODELS order.

    The one build path: `build_marts` drains it, the Dagster marts asset reports each
    table as it comes. ``as_of`` fixes the date against which pending records are aged
    (grievances, service applications, and for the case lists passes, appointment
    requests, relief beneficiaries and e-Office files); by default each source's latest
    event day. ``weights`` is the
    scorecard weights file and ``targets`` the KPI targets file (the reviewed ones by
    default). Right after kpi_catalog the weights are checked against it (a count or median
    KPI weighted raises ValueError before any scorecard is built); the statistics
    (STATISTICS) run right after the model they read, and their tables are yielded after it.
    ``incremental`` lets the daily and monthly facts, the long case lists and the medians
    rebuild only the partitions that staging changed since the last complete build
    (warehouse/partitioned_build.py), where that build allows it; every other model is
    built whole either way.
    """
    load_reference_tables(con, as_of, weights, targets)
    plan = PartitionPlan(con, incremental)
    _note_whole_tables(con, plan)
    # The weights are checked right after kpi_catalog: every model weighing KPIs waits for it.
    weighing = {m: "kpi_catalog" for m in MODELS if "ref_scorecard_weights" in reference_read(m)}
    needs = prerequisites(MODELS, STATISTICS_TABLES_AFTER, weighing)

    def build(worker: duckdb.DuckDBPyConnection, name: str) -> Iterator[Built]:
        register_sql_functions(worker)  # operators_needed_80_20 (Erlang C), read by the marts
        register_macros(worker)  # shown_text, read by the case lists
        _note_partitions(worker, plan, name)
        started = time.perf_counter()
        rebuilt = None
        if not plan.full and name in PARTITIONED:
            rows, rebuilt = plan.rebuild(name, worker)
        elif not plan.full and name in PERIOD_PARTITIONED:
            rows, rebuilt = plan.rebuild_periods(name, worker)
        elif plan.reads_whole(name, worker):
            with plan.compared(name, worker):
                rows = build_model(worker, name)
        else:
            rows = build_model(worker, name)
        yield Built(name, rows, round(time.perf_counter() - started, 3), rebuilt)
        if name == "kpi_catalog":
            _check_weights_are_scorable(worker, weights)
        for table in STATISTICS_TABLES_AFTER.get(name, ()):
            count = worker.execute(f"select count(*) from {table}").fetchone()[0]
            yield Built(table, int(count), None)

    yield from build_in_dependency_order(con, MODELS, needs, build)
    finish_build(con, plan.state)


def build_marts(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date | None = None,
    weights: Path = SCORECARD_WEIGHTS,
    targets: Path = KPI_TARGETS,
) -> dict[str, int]:
    """Build every intermediate and mart (`build_steps`); returns {table: row count}.

    The statistics tables (the bootstrap rank ranges, the weighting sensitivity) and the
    Wilson intervals of kpi_eoffice_offices are included.
    """
    return {built.table: built.rows for built in build_steps(con, as_of, weights, targets)}
