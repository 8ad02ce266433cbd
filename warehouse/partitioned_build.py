"""Rebuild only the partitions of the big marts that new or corrected records touch.

The daily and monthly facts (PARTITIONED) are cohorts: a row for a district and a day (or a
month) counts the records dated that day by their source's event time. So when staging
changes, only the rows from the earliest changed event day on can differ: those are deleted
and recomputed, in one transaction, from the staged records dated from that day on (every
staging table the model reads, directly or through an intermediate view, is shadowed for the
build by a temporary view of those records, so DuckDB prunes the rest by its zone maps). The
same holds for the two long case lists (by the day a record was opened), for
int_record_durations, the durations the medians are taken over, and for int_staged_days, the
staged records per day that the freshness and data-quality marts add up; kpi_medians then
recomputes its day, week and month rows from the period of int_record_durations' first
rebuilt day, and its totals, and kpi_values_stored, the long table's numbers, its rows from
the period of kpi_daily's or the durations' first rebuilt day (PERIOD_PARTITIONED). The
other marts (the scorecard, ...) read these small tables and are rebuilt whole.

Where partitions come from:
- staging notes, per source, the earliest event day among the records it added, changed or
  removed (warehouse/mart_changes.py, in staging's own transaction);
- two sources age pending records to their as-of date (ref_as_of): when it moves, the
  records whose flags change with it are found from the rule's own columns, and only the
  models that read those flags rebuild them (warehouse/as_of_aging.py);
- a mart rebuilt whole that a partitioned one reads (kpi_relief_daily, read by kpi_daily:
  relief payments re-date their beneficiaries' cohort) is compared with its previous
  version, and the earliest day that differs is noted like a staging change.

A partial rebuild is refused, and every mart built whole, when it is not asked for (tests,
`jansewa refresh --full`), before any complete build, or when the models, the reference
tables, this module or the Erlang C function the SQL calls (warehouse/erlang.py) changed
since the last complete build (warehouse/build_digest.py). The full
build is what the tests compare a partial one with, row for row.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from warehouse.as_of_aging import AS_OF_MOVES, ages_with_as_of
from warehouse.build_digest import state_digest
from warehouse.mart_changes import build_state, record_change, staging_changes
from warehouse.model_files import MART_MODELS, model_sql
from warehouse.model_graph import models_read, staging_read
from warehouse.partition_inputs import inputs_from

# Model -> its partition column: 'day' or 'opened_on' (a date), or 'month' (the month's
# first day).
PARTITIONED: dict[str, str] = {
    "kpi_helpline_daily": "day",
    "kpi_control_room_hourly": "day",
    "kpi_control_room_daily": "day",
    "kpi_passes_daily": "day",
    "kpi_migrants_daily": "day",
    "kpi_service_daily": "day",
    "kpi_grievances_daily": "day",
    "kpi_appointments_daily": "day",
    "kpi_eoffice_daily": "day",
    "kpi_daily": "day",
    "kpi_service_centres_monthly": "month",
    "kpi_service_wait_histogram": "month",
    "kpi_grievances_monthly": "month",
    # the durations behind kpi_medians, a pipeline-only table (see PERIOD_PARTITIONED)
    "int_record_durations": "day",
    # staged records per day, which the freshness and data-quality marts add up
    "int_staged_days": "day",
    # the two long case lists, by the day a record was opened (case_list ages them)
    "case_rts_overdue": "opened_on",
    "case_grievance_pending_30d": "opened_on",
}

# Marts keyed by (grain, period_start) that read partitioned tables: their day, week and
# month rows are recomputed from the period holding the first day those tables were rebuilt
# from, and the rows the condition picks at every build. kpi_medians: medians of a period
# need all of its records, which int_record_durations keeps; a total needs every record, and
# relief's days to first payment change with payments to beneficiaries of any day.
# kpi_values_stored: the roll-ups of kpi_daily and the medians by period, and every build
# the totals, relief's median and the composite (kpi_scorecard is built whole).
PERIOD_PARTITIONED: dict[str, tuple[tuple[str, ...], str]] = {
    "kpi_medians": (
        ("int_record_durations",),
        "grain = 'total' or kpi = 'relief_median_days_to_first_payment'",
    ),
    "kpi_values_stored": (
        ("kpi_daily", "int_record_durations"),
        "grain = 'total' or kpi in "
        "('relief_median_days_to_first_payment', 'composite_index', 'composite_rank')",
    ),
}
_PERIODS_FROM = """
    period_start >= case grain
        when 'day' then $first::date
        when 'week' then date_trunc('week', $first::date)::date
        when 'month' then date_trunc('month', $first::date)::date
    end
"""

# Models whose partition of a day also needs records dated earlier: a roster shift that
# starts the evening before puts operators into the day's first hours (a shift counts for 24
# hours at most, int_control_room_roster_hours), so the inputs reach back one more day than
# the partitions rebuilt (whose rows of that extra day are computed, then left out).
INPUT_LOOKBACK_DAYS: dict[str, int] = {"kpi_control_room_hourly": 1}

_EVERYTHING = dt.date(1, 1, 1)


def _as_of_dates(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    rows = con.execute("select source, as_of from ref_as_of").fetchall()
    return {f"as_of:{source}": "" if as_of is None else as_of.isoformat() for source, as_of in rows}


def _existing_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "select table_name from information_schema.tables where table_schema = 'main'"
    ).fetchall()
    return {row[0] for row in rows}


class PartitionPlan:
    """Which marts the build of one run rebuilds whole, and which from which day.

    Made after the reference tables are loaded; ``full`` says whether every mart is built
    whole (``reason`` says why), ``state`` is what the build stores when it completes.
    Models are built on several connections at once (warehouse/build_schedule.py): each
    method works on the connection it is given, and ``lock`` serialises the notes of what
    changed (the changes found, and the pipeline tables they are written to).
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, incremental: bool):
        self.lock = threading.RLock()
        self.state = {"digest": state_digest(con)} | _as_of_dates(con)
        previous = build_state(con)
        missing = (set(PARTITIONED) | set(PERIOD_PARTITIONED)) - _existing_tables(con)
        if not incremental:
            self.reason = "a full build was asked for"
        elif not previous:
            self.reason = "no complete build before"
        elif previous.get("digest") != self.state["digest"]:
            self.reason = "models or reference tables changed since the last build"
        elif missing:
            self.reason = f"{sorted(missing)[0]} is missing"
        else:
            self.reason = ""
        self.full = bool(self.reason)
        self._previous = previous
        self._changes: dict[str, dt.date] | None = None
        self._as_of_moves: dict[str, dt.date] | None = None
        self._rebuilt_from: dict[str, dt.date | None] = {}

    def changes(self, con: duckdb.DuckDBPyConnection) -> dict[str, dt.date]:
        """{table: earliest changed day}: staging's notes, and the marts built whole that
        were found changed (read once, on first use)."""
        with self.lock:
            if self._changes is None:
                self._changes = staging_changes(con)
            return self._changes

    def as_of_moves(self, con: duckdb.DuckDBPyConnection) -> dict[str, dt.date]:
        """{staging table: earliest event day whose aged flags the moved as-of date changes}
        (warehouse/as_of_aging.py), worked out once, on first use, when the intermediate
        views exist."""
        with self.lock:
            if self._as_of_moves is None:
                self._as_of_moves = {}
                for table, sql in AS_OF_MOVES.items():
                    moved = self._as_of_moved(con, table.removeprefix("stg_"), sql)
                    if moved is not None:
                        self._as_of_moves[table] = moved
            return self._as_of_moves

    def _as_of_moved(self, con: duckdb.DuckDBPyConnection, source: str, sql: str) -> dt.date | None:
        low, high = self._previous.get(f"as_of:{source}"), self.state.get(f"as_of:{source}")
        if low == high:
            return None
        if not low or not high:
            return _EVERYTHING
        low, high = sorted([low, high])
        return con.execute(sql, {"low": low, "high": high}).fetchone()[0]

    def rebuild_from(self, model: str, con: duckdb.DuckDBPyConnection) -> dt.date | None:
        """The first day of ``model`` to rebuild (None: nothing it reads changed). A moved
        as-of date counts only for a model that reads the flags it ages."""
        changes, read = self.changes(con), staging_read(model)
        days = [changes[t] for t in read if t in changes]
        days += [
            day
            for table, day in self.as_of_moves(con).items()
            if table in read and ages_with_as_of(model, table)
        ]
        for upstream in models_read(model) & set(MART_MODELS):
            if upstream in PARTITIONED:
                days.append(self._rebuilt_from.get(upstream))
            else:
                days.append(changes.get(upstream))
        days = [d for d in days if d is not None]
        if not days:
            return None
        first = min(days)
        return first.replace(day=1) if PARTITIONED[model] == "month" else first

    def rebuild(self, model: str, con: duckdb.DuckDBPyConnection) -> tuple[int, str]:
        """Delete and recompute ``model``'s partitions from its first changed day, in one
        transaction on ``con``; returns (rows in the table, what was rebuilt)."""
        first = self.rebuild_from(model, con)
        self._rebuilt_from[model] = first
        if first is not None:
            read_from = first - dt.timedelta(days=INPUT_LOOKBACK_DAYS.get(model, 0))
            with inputs_from(con, model, read_from):
                column = PARTITIONED[model]
                con.begin()
                try:
                    con.execute(f"delete from {model} where {column} >= ?", [first])
                    con.execute(
                        f"insert into {model} select * from ({model_sql(model)}) "
                        f"where {column} >= ?",
                        [first],
                    )
                    con.commit()
                except Exception:
                    con.rollback()
                    raise
        rows = con.execute(f"select count(*) from {model}").fetchone()[0]
        return int(rows), "unchanged" if first is None else f"from {first.isoformat()}"

    def rebuild_periods(self, model: str, con: duckdb.DuckDBPyConnection) -> tuple[int, str]:
        """Delete and recompute the rows of a PERIOD_PARTITIONED mart from the period of its
        input's first rebuilt day on, with the rows it recomputes every build, in one
        transaction on ``con``; returns (rows in the table, what was rebuilt)."""
        sources, always = PERIOD_PARTITIONED[model]
        days = [self._rebuilt_from.get(source) for source in sources]
        first = min((day for day in days if day is not None), default=None)
        # Inserted apart: under one `always or period` filter DuckDB computed every grain's
        # rows before filtering them. kpi_medians of a state-year day took 0.60-0.69 s so,
        # and 0.41-0.45 s as the two inserts (of which 0.35 s the totals' medians).
        inserts: list[tuple[str, dict]] = [(f"({always})", {})]
        if first is not None:
            inserts.append((f"({always}) is not true and {_PERIODS_FROM}", {"first": first}))
        con.begin()
        try:
            con.execute(
                f"delete from {model} where ({always}) or {_PERIODS_FROM}", {"first": first}
            )
            for where, params in inserts:
                con.execute(
                    f"insert into {model} select * from ({model_sql(model)}) where {where}",
                    params,
                )
            con.commit()
        except Exception:
            con.rollback()
            raise
        rows = con.execute(f"select count(*) from {model}").fetchone()[0]
        since = "totals" if first is None else f"totals, and periods from {first.isoformat()}"
        return int(rows), since

    def reads_whole(self, model: str, con: duckdb.DuckDBPyConnection) -> bool:
        """Whether a partitioned mart reads ``model`` (a mart built whole), whose changes
        must then be found by comparing it with its previous version. Intermediate views
        are not compared (they are whole-table views over staging, whose changes are noted
        already): comparing one would materialise every record twice."""
        return (
            not self.full
            and model in MART_MODELS
            and model not in PARTITIONED
            and model in _existing_tables(con)
            and any(model in models_read(p) for p in PARTITIONED)
        )

    @contextmanager
    def compared(self, model: str, con: duckdb.DuckDBPyConnection) -> Iterator[None]:
        """Around a whole rebuild of ``model`` on ``con``: note the earliest day it changed
        on."""
        con.execute(f"create or replace temp table _before_{model} as select * from {model}")
        try:
            yield
            diff = con.execute(
                f"""
                select min(day) from (
                    (select * from {model} except all select * from _before_{model})
                    union all
                    (select * from _before_{model} except all select * from {model})
                )
                """
            ).fetchone()[0]
            if diff is not None:
                changes = self.changes(con)
                with self.lock:
                    record_change(con, model, diff)
                    changes[model] = min(diff, changes.get(model, diff))
        finally:
            con.execute(f"drop table if exists _before_{model}")
