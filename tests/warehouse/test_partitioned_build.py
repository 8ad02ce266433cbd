"""Rebuilding only the changed partitions of the daily and monthly facts ends where a full
build does, row for row, in every kpi_ table and every case list (case_*, built whole).

Each test copies the demo warehouse (refreshed by the real pipeline, so its last build is
recorded), changes staging the way the load path does -- versions of a new file added, a file
taken out, then `refresh_staged_records`, which notes what changed -- and builds the marts
incrementally. A copy of the same warehouse, taken before that build, is built whole; every
kpi_ and case_ table of the two must be equal.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines.load.staged_records import refresh_staged_records
from tests.warehouse.conftest import reviewed_weights_with
from warehouse.build import build_marts, build_steps
from warehouse.partitioned_build import PARTITIONED
from warehouse.schema import versioned_columns, versions_table
from warehouse.sources import SOURCES

pytestmark = pytest.mark.slow(seconds=90)

LATER = dt.datetime(2021, 1, 1)  # an export time after every demo export: these versions win


@pytest.fixture()
def warehouse(demo_warehouse, tmp_path) -> Path:
    path = tmp_path / "jansewa.duckdb"
    shutil.copy(demo_warehouse.warehouse, path)
    return path


def stage_file(con, source: str, file: str, select: str, params: list | None = None) -> None:
    """Add ``select``'s rows (stg_<source> columns, from ``stg``) as the versions of a new
    export ``file``, then re-derive staging as the load path does."""
    spec = SOURCES[source]
    columns = [name for name, _ in versioned_columns(spec) if not name.startswith("_")]
    con.begin()
    con.execute(
        f"""
        insert into {versions_table(spec)} by name
        select {", ".join(columns)}, ? as _file, _line, 'h-' || ? as _file_hash,
          ?::timestamp as _exported_at, _loaded_at
        from ({select}) as stg
        """,
        [file, file, LATER, *(params or [])],
    )
    refresh_staged_records(con, spec, [file])
    con.commit()


def take_out_file(con, source: str, file: str) -> None:
    spec = SOURCES[source]
    con.begin()
    refresh_staged_records(con, spec, [file], staged=False)  # its versions go
    con.commit()


def next_day(source: str) -> str:
    """The rows of the source's last event day, a day (a week) later, with keys of their own."""
    spec = SOURCES[source]
    days = 7 if spec.event_time == "week_starting" else 1
    shifted = []
    for name, _type in versioned_columns(spec):
        if name.startswith("_"):
            continue
        kind = spec.column(name).kind
        if name == spec.key:
            shifted.append(f"'next-' || {name} as {name}")
        elif kind in ("timestamp", "date"):
            shifted.append(f"{name} + interval {days} day as {name}")
        else:
            shifted.append(name)
    event = spec.event_time
    return (
        f"select {', '.join(shifted)}, _line, _loaded_at from stg_{source} "
        f"where {event}::date = (select max({event})::date from stg_{source})"
    )


def kpi_tables(path: Path) -> dict[str, list]:
    with duckdb.connect(str(path)) as con:
        names = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables "
                "where table_name like 'kpi\\_%' escape '\\' "
                "or table_name like 'case\\_%' escape '\\' "
                "or (table_name like 'int\\_%' escape '\\' and table_type = 'BASE TABLE') "
                "order by 1"
            ).fetchall()
        ]
        return {n: con.execute(f"select * from {n} order by all").fetchall() for n in names}


def build_incrementally_and_compare(path: Path, **options) -> dict[str, str | None]:
    """Build ``path`` incrementally and a copy of it whole; the kpi_ and case_ tables must
    agree.
    Returns what each mart rebuilt."""
    whole = path.with_name("whole.duckdb")
    shutil.copy(path, whole)
    with duckdb.connect(str(path)) as con:
        rebuilt = {b.table: b.rebuilt for b in build_steps(con, incremental=True, **options)}
    with duckdb.connect(str(whole)) as con:
        build_marts(con, **options)
    incremental, full = kpi_tables(path), kpi_tables(whole)
    assert incremental.keys() == full.keys()
    assert {"case_list", "case_summary"} <= full.keys()
    for table in full:
        assert incremental[table] == full[table], f"{table} differs from a full build"
    whole.unlink()
    return rebuilt


def test_nothing_changed_rebuilds_no_partition(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        rebuilt = {b.table: b.rebuilt for b in build_steps(con, incremental=True)}
    assert {rebuilt[m] for m in PARTITIONED} == {"unchanged"}
    assert rebuilt["kpi_medians"] == "totals"  # and relief's, which payments of any day move
    assert rebuilt["kpi_values_stored"] == "totals"  # those, and the composite's rows


def test_a_new_day_rebuilds_from_that_day_on(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        last = con.execute("select max(call_received_at)::date from stg_helpline_calls").fetchone()
        for source in SOURCES:
            stage_file(con, source, f"{source}/next_day.csv", next_day(source))
    rebuilt = build_incrementally_and_compare(warehouse)
    new_day = last[0] + dt.timedelta(days=1)
    assert rebuilt["kpi_helpline_daily"] == f"from {new_day.isoformat()}"
    # the roster's new day too (its inputs reach back a day for the shift across midnight)
    assert rebuilt["kpi_control_room_hourly"] == f"from {new_day.isoformat()}"
    assert rebuilt["kpi_control_room_daily"] == f"from {new_day.isoformat()}"
    assert rebuilt["kpi_service_centres_monthly"].startswith("from ")
    # the medians' durations by day, the medians by the periods holding that day
    assert rebuilt["int_record_durations"].startswith("from ")
    first = rebuilt["int_record_durations"].removeprefix("from ")
    assert rebuilt["kpi_medians"] == f"totals, and periods from {first}"
    # the long table from the earlier of the daily facts' and the durations' first day
    daily = rebuilt["kpi_daily"].removeprefix("from ")
    assert rebuilt["kpi_values_stored"] == f"totals, and periods from {min(first, daily)}"
    assert rebuilt["kpi_scorecard"] is None  # built whole


def test_corrections_late_payments_and_a_file_taken_out(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        # an old pending grievance disposed in a later export
        stage_file(
            con,
            "grievances",
            "grievances/corrections.csv",
            "select * replace ('disposed' as status, received_on + interval 3 day as disposed_on)"
            " from stg_grievances where status = 'pending' order by received_on limit 5",
        )
        # a late payment to the earliest registered beneficiary: its cohort day changes
        stage_file(
            con,
            "relief_payments",
            "relief_payments/late.csv",
            "select * replace ('late-' || payment_id as payment_id) from stg_relief_payments "
            "where beneficiary_id = (select beneficiary_id from stg_relief_beneficiaries "
            "order by registered_on limit 1) limit 1",
        )
        first_calls = con.execute(
            "select _file from stg_helpline_calls_versions order by _file limit 1"
        ).fetchone()[0]
        take_out_file(con, "helpline_calls", first_calls)
    rebuilt = build_incrementally_and_compare(warehouse)
    assert rebuilt["kpi_grievances_daily"].startswith("from ")
    assert rebuilt["kpi_daily"].startswith("from ")


def test_a_moved_as_of_date_rebuilds_what_it_ages(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        build_marts(con)  # record the data's own as-of dates
        last = con.execute("select max(received_on)::date from stg_grievances").fetchone()[0]
    rebuilt = build_incrementally_and_compare(warehouse, as_of=last + dt.timedelta(days=40))
    assert rebuilt["kpi_helpline_daily"] == "unchanged"
    # what reads the flags the date ages: pending over 30 days, overdue at the counter
    for aged in ("kpi_grievances_daily", "case_grievance_pending_30d", "kpi_service_daily"):
        assert rebuilt[aged].startswith("from "), aged
    assert rebuilt["case_rts_overdue"].startswith("from ")
    # what reads the same sources but none of those flags keeps every partition
    for kept in ("int_record_durations", "int_staged_days", "kpi_service_wait_histogram"):
        assert rebuilt[kept] == "unchanged", kept
    assert rebuilt["kpi_medians"] == "totals"


def test_a_changed_weighting_builds_every_mart_whole(warehouse, tmp_path):
    weights = reviewed_weights_with(tmp_path / "weights.yml", min_cases=1)
    with duckdb.connect(str(warehouse)) as con:
        rebuilt = {b.table: b.rebuilt for b in build_steps(con, incremental=True, weights=weights)}
    assert {rebuilt[m] for m in PARTITIONED} == {None}


def test_a_build_that_fails_part_way_is_redone_by_the_next(warehouse, monkeypatch):
    import warehouse.build as build

    with duckdb.connect(str(warehouse)) as con:
        stage_file(
            con, "service_transactions", "service/next.csv", next_day("service_transactions")
        )
        real = build.build_model

        def failing(con, name):
            if name == "kpi_scorecard":
                raise RuntimeError("disk full")
            return real(con, name)

        monkeypatch.setattr(build, "build_model", failing)
        with pytest.raises(RuntimeError):
            list(build_steps(con, incremental=True))
        monkeypatch.setattr(build, "build_model", real)
    rebuilt = build_incrementally_and_compare(warehouse)
    assert rebuilt["kpi_service_daily"].startswith("from ")
